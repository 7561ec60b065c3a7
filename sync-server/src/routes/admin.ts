import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  displayNameSchema,
  emailSchema,
  idSchema,
  scopeKindSchema,
  scopeNameSchema,
} from '../accounts/account-fields';
import {
  addMembership,
  createScope,
  createUser,
  listDevices,
  listScopes,
  listUsers,
  revokeDevice,
  setPassword,
} from '../accounts/accounts-repository';
import { passwordSchema } from '../accounts/passwords';
import { ADMIN_ROLE, roleSchema } from '../accounts/permissions';
import { audited } from '../accounts/audited';
import { reassignRequestSchema, reassignResponseSchema } from '../../../schemas/admin/reassign';
import { reassignLeaverWork } from '../records/reassign';
import { authOf } from '../plugins/app/auth';
import {
  deviceSummarySchema,
  errorSchema,
  scopeSchema,
  userSummarySchema,
} from './account-schemas';

const errors = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
};
const security = [{ bearer: [] }];
const tags = ['admin'];

/**
 * People, scopes and devices, under /api/admin, for administrators only. Each route is a thin
 * shell over accounts-repository, which the admin command uses too: one implementation per rule.
 */
const who = (request: FastifyRequest) => {
  const a = authOf(request);
  return { userId: a.userId, deviceId: a.deviceId };
};

export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  // Encapsulated: this hook guards only the routes registered in this plugin.
  app.addHook('onRequest', app.requireRole(ADMIN_ROLE));
  const db = () => app.storage.db;

  app.get(
    '/api/admin/scopes',
    {
      schema: {
        tags,
        security,
        summary: 'Every service and practice group',
        response: { 200: z.object({ scopes: z.array(scopeSchema) }), ...errors },
      },
    },
    async () => ({ scopes: await listScopes(db()) }),
  );

  app.post(
    '/api/admin/scopes',
    {
      schema: {
        tags,
        security,
        summary: 'Add a service, or a practice group under a service',
        body: z.strictObject({
          name: scopeNameSchema,
          kind: scopeKindSchema,
          parentId: idSchema.nullable().optional(),
        }),
        response: { 201: z.object({ scope: scopeSchema }), ...errors },
      },
    },
    async (request, reply) => {
      const scope = await audited(
        db(),
        who(request),
        (tx) => createScope(tx, request.body),
        (s) => ({
          action: 'admin:add-scope',
          recordId: s.id,
          content: s,
        }),
      );
      return reply.code(201).send({ scope });
    },
  );

  app.get(
    '/api/admin/users',
    {
      schema: {
        tags,
        security,
        summary: 'Every account, with its role and memberships',
        response: { 200: z.object({ users: z.array(userSummarySchema) }), ...errors },
      },
    },
    async () => ({ users: await listUsers(db()) }),
  );

  app.post(
    '/api/admin/users',
    {
      schema: {
        tags,
        security,
        summary: 'Add an account',
        description:
          'Leave out the password for someone who signs in only through single sign-on (matched by email).',
        body: z.strictObject({
          email: emailSchema,
          displayName: displayNameSchema.optional(),
          role: roleSchema,
          password: passwordSchema.optional(),
          scopeIds: z.array(idSchema).max(200).optional(),
        }),
        response: { 201: z.object({ user: userSummarySchema }), ...errors },
      },
    },
    async (request, reply) => {
      const user = await audited(
        db(),
        who(request),
        (tx) => createUser(tx, request.body),
        (u) => ({
          action: 'admin:add-user',
          recordId: u.id,
          content: { role: u.role, scopes: request.body.scopeIds ?? [] },
        }),
      );
      return reply.code(201).send({ user });
    },
  );

  const userParams = z.strictObject({ userId: idSchema });

  app.post(
    '/api/admin/users/:userId/memberships',
    {
      schema: {
        tags,
        security,
        summary: 'Add an account to a service or practice group',
        params: userParams,
        body: z.strictObject({ scopeId: idSchema }),
        response: {
          200: z.object({ added: z.boolean(), user: userSummarySchema }),
          ...errors,
        },
      },
    },
    async (request) =>
      audited(
        db(),
        who(request),
        (tx) => addMembership(tx, request.params.userId, request.body.scopeId),
        () => ({
          action: 'admin:add-membership',
          recordId: request.params.userId,
          content: { scopeId: request.body.scopeId },
        }),
      ),
  );

  app.post(
    '/api/admin/users/:userId/password',
    {
      schema: {
        tags,
        security,
        summary: 'Set a new password; clears a lock-out and signs the account out everywhere',
        params: userParams,
        body: z.strictObject({ password: passwordSchema }),
        response: { 200: z.object({ sessionsRevoked: z.number().int() }), ...errors },
      },
    },
    async (request) =>
      audited(
        db(),
        who(request),
        (tx) => setPassword(tx, request.params.userId, request.body.password),
        () => ({
          action: 'admin:reset-password',
          recordId: request.params.userId,
          content: {},
        }),
      ),
  );

  app.post(
    '/api/admin/users/:userId/reassign',
    {
      schema: {
        tags,
        security,
        summary: 'Move a leaver’s draft observations and assigned actions to another person',
        description:
          'Submitted observations stay the leaver’s. The new person receives the work at their next sync; the leaver’s devices remove the drafts. Audited per record.',
        params: userParams,
        body: reassignRequestSchema,
        response: { 200: reassignResponseSchema, ...errors },
      },
    },
    async (request) =>
      reassignLeaverWork(db(), request.params.userId, request.body.toUserId, who(request)),
  );

  app.get(
    '/api/admin/devices',
    {
      schema: {
        tags,
        security,
        summary: 'Device registrations, with last contact and unsent changes last reported',
        querystring: z.strictObject({ userId: idSchema.optional() }),
        response: { 200: z.object({ devices: z.array(deviceSummarySchema) }), ...errors },
      },
    },
    async (request) => ({ devices: await listDevices(db(), request.query) }),
  );

  app.post(
    '/api/admin/devices/:deviceId/revoke',
    {
      schema: {
        tags,
        security,
        summary: 'Revoke a lost device: its sessions end now and its unsent changes are given up',
        params: z.strictObject({ deviceId: idSchema }),
        response: {
          200: z.object({
            device: deviceSummarySchema,
            sessionsRevoked: z.number().int(),
            alreadyRevoked: z.boolean(),
          }),
          ...errors,
        },
      },
    },
    async (request) =>
      audited(
        db(),
        who(request),
        (tx) => revokeDevice(tx, request.params.deviceId, authOf(request).userId, new Date()),
        (r) => ({
          action: 'admin:revoke-device',
          recordId: request.params.deviceId,
          content: r,
        }),
      ),
  );
};

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
  changeAccount,
  createScope,
  createUser,
  listDevices,
  listScopes,
  listUsers,
  removeMembership,
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

  app.delete(
    '/api/admin/users/:userId/memberships/:scopeId',
    {
      schema: {
        tags,
        security,
        summary: 'Take an account out of a service or practice group',
        description:
          'Their devices drop that team’s records at their next sync. Removing a membership that is not there changes nothing.',
        params: z.strictObject({ userId: idSchema, scopeId: idSchema }),
        response: {
          200: z.object({ removed: z.boolean(), user: userSummarySchema }),
          ...errors,
        },
      },
    },
    async (request) =>
      audited(
        db(),
        who(request),
        (tx) => removeMembership(tx, request.params.userId, request.params.scopeId),
        (r) => ({
          action: 'admin:remove-membership',
          recordId: request.params.userId,
          content: { scopeId: request.params.scopeId, removed: r.removed },
        }),
      ),
  );

  app.patch(
    '/api/admin/users/:userId',
    {
      schema: {
        tags,
        security,
        summary: 'Change an account’s role, or disable it (a leaver) or enable it again',
        description:
          'Takes effect from the next request. Disabling ends every session; the devices keep their unsent work. The last active administrator cannot be demoted or disabled.',
        params: userParams,
        body: z
          .strictObject({
            role: roleSchema.optional(),
            status: z.enum(['active', 'disabled']).optional(),
          })
          .refine((b) => b.role !== undefined || b.status !== undefined, {
            message: 'give a role, a status or both',
          }),
        response: {
          200: z.object({ user: userSummarySchema, sessionsRevoked: z.number().int() }),
          ...errors,
        },
      },
    },
    async (request) =>
      audited(
        db(),
        who(request),
        (tx) => changeAccount(tx, request.params.userId, request.body),
        (r) => ({
          action: 'admin:change-account',
          recordId: request.params.userId,
          content: { ...request.body, sessionsRevoked: r.sessionsRevoked },
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

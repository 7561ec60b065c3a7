import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  publishTemplateRequestSchema,
  publishedTemplateSchema,
  templatesResponseSchema,
} from '../../../schemas/admin/templates';
import { audited } from '../accounts/audited';
import { ADMIN_ROLE } from '../accounts/permissions';
import { authOf } from '../plugins/app/auth';
import {
  publishTemplate,
  publishedTemplates,
  templatesVersion,
} from '../templates/local-templates';
import { errorSchema } from './account-schemas';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 409: errorSchema };
const security = [{ bearer: [] }];

/** Local checklists: published by administrators, fetched by every tablet. */
export const templateRoutes: FastifyPluginAsyncZod = async (app) => {
  const list = async () => {
    const published = await publishedTemplates(app.storage.db);
    return { templates: published, version: templatesVersion(published) };
  };

  app.get(
    '/api/templates',
    {
      onRequest: app.requireAuth,
      schema: {
        tags: ['templates'],
        security,
        summary: 'Every published local template version (the built-in ones ship with the app)',
        description: 'Send the last ETag in If-None-Match: 304 while nothing was published.',
        response: { 200: templatesResponseSchema, 304: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const view = await list();
      reply.header('etag', `"${view.version}"`).header('cache-control', 'private, no-cache');
      const inm = request.headers['if-none-match'];
      if (
        inm &&
        inm
          .split(',')
          .map((t) => t.trim().replace(/^W\//, ''))
          .includes(`"${view.version}"`)
      ) {
        return reply.code(304).send(null);
      }
      return view;
    },
  );

  app.get(
    '/api/admin/templates',
    {
      onRequest: app.requireRole(ADMIN_ROLE),
      schema: {
        tags: ['admin', 'templates'],
        security,
        summary: 'Published local templates, with what each was based on and who published it',
        response: { 200: templatesResponseSchema, ...errors },
      },
    },
    async () => list(),
  );

  app.post(
    '/api/admin/templates',
    {
      onRequest: app.requireRole(ADMIN_ROLE),
      schema: {
        tags: ['admin', 'templates'],
        security,
        summary: 'Publish a local template: the next version of its id (never edited in place)',
        description:
          'Copy a built-in template (schemas/templates/), give it an id of its own, adapt it, and send it whole. The server sets its version.',
        body: publishTemplateRequestSchema,
        response: { 201: publishedTemplateSchema, ...errors },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const published = await audited(
        app.storage.db,
        { userId: auth.userId, deviceId: auth.deviceId },
        (tx) => publishTemplate(tx, request.body, auth.userId),
        (p) => ({
          action: 'admin:publish-template',
          recordId: `${p.template.id}@${p.template.version}`,
          content: { id: p.template.id, version: p.template.version, basedOn: p.basedOn },
        }),
      );
      return reply.code(201).send(published);
    },
  );
};

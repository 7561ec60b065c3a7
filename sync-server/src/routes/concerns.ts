import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../schemas/entities/common';
import { safetyConcernSchema } from '../../../schemas/entities/safety-concern';
import { concernViewSchema, raiseConcernRequestSchema } from '../../../schemas/sync/concerns';
import type { Actor } from '../sync/actor';
import { acknowledgeConcern, getConcern, listConcerns, raiseConcern } from '../sync/concerns';
import { checkVersions } from './sync';

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
const errors = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
  426: errorSchema,
};

export type ConcernRoutesOptions = { actorOf: (request: FastifyRequest) => Actor };

/** Immediate safety concerns: raised ahead of everything else, acknowledged by oversight. */
export const concernRoutes: FastifyPluginAsyncZod<ConcernRoutesOptions> = async (app, opts) => {
  app.addHook('onRequest', app.requireAuth);
  app.post(
    '/api/concerns',
    {
      schema: {
        tags: ['concerns'],
        summary: 'Raise an immediate safety concern (idempotent by its id)',
        security: [{ bearer: [] }],
        body: raiseConcernRequestSchema,
        response: { 200: concernViewSchema, 201: concernViewSchema, ...errors },
      },
    },
    async (request, reply) => {
      checkVersions(request.body);
      const view = await raiseConcern(
        app.storage.db,
        opts.actorOf(request),
        request.body,
        app.notifications.channels,
      );
      if (view.created) app.notifications.wake();
      return reply.code(view.created ? 201 : 200).send(view);
    },
  );
  app.post(
    '/api/concerns/:concernId/acknowledge',
    {
      schema: {
        tags: ['concerns'],
        summary:
          'Acknowledge a safety concern (director, QA leads and heads of service of its team); only a director’s settles it and stops the reminders',
        security: [{ bearer: [] }],
        params: z.strictObject({ concernId: idSchema }),
        response: { 200: concernViewSchema, ...errors },
      },
    },
    async (request) =>
      acknowledgeConcern(app.storage.db, opts.actorOf(request), request.params.concernId),
  );
  app.get(
    '/api/concerns/:concernId',
    {
      schema: {
        tags: ['concerns'],
        summary:
          'One safety concern, with how the director is being told (the raiser, and whoever may acknowledge it)',
        security: [{ bearer: [] }],
        params: z.strictObject({ concernId: idSchema }),
        response: { 200: concernViewSchema, ...errors },
      },
    },
    async (request) => getConcern(app.storage.db, opts.actorOf(request), request.params.concernId),
  );
  app.get(
    '/api/concerns',
    {
      schema: {
        tags: ['concerns'],
        summary: 'Safety concerns: your own, and every one in the teams you oversee',
        security: [{ bearer: [] }],
        response: {
          200: z.object({
            concerns: z.array(z.object({ concern: safetyConcernSchema, scopeId: idSchema })),
          }),
          ...errors,
        },
      },
    },
    async (request) => ({ concerns: await listConcerns(app.storage.db, opts.actorOf(request)) }),
  );
};

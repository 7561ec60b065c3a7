import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  MIN_PROTOCOL_VERSION,
  MIN_SCHEMA_VERSION,
  PROTOCOL_VERSION,
  SCHEMA_VERSION,
} from '../../../schemas/sync/protocol-version';
import { MAX_PUSH_BYTES, pushRequestSchema, pushResponseSchema } from '../../../schemas/sync/push';
import { pullRequestSchema, pullResponseSchema } from '../../../schemas/sync/pull';
import { AppError } from '../errors';
import type { Actor } from '../sync/actor';
import { pull } from '../sync/pull';
import { push } from '../sync/push';

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/** An app older than the server supports is told to update, before anything else is read. */
export function checkVersions(v: { protocolVersion: number; schemaVersion: number }): void {
  if (v.protocolVersion < MIN_PROTOCOL_VERSION || v.schemaVersion < MIN_SCHEMA_VERSION) {
    throw new AppError(
      426,
      'CLIENT_TOO_OLD',
      'This app is out of date. Reload it to get the latest version; your unsent work is kept.',
      { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION },
    );
  }
  if (v.protocolVersion > PROTOCOL_VERSION || v.schemaVersion > SCHEMA_VERSION) {
    throw new AppError(
      400,
      'CLIENT_TOO_NEW',
      'This app is newer than the server. Try again after the server has been updated.',
    );
  }
}

export type SyncRoutesOptions = { actorOf: (request: FastifyRequest) => Actor };

// Push results and pull pages are built field by field from typed rows (push.ts, pull.ts), and a
// page holds up to 500 records: checking each against the response schema again on the way out
// cost more than building it. The schemas still describe the responses in the OpenAPI document.
const plainJson = () => (data: unknown) => JSON.stringify(data);

/** Push and pull under /api/sync. The body limit is the protocol's, not Fastify's default. */
export const syncRoutes: FastifyPluginAsyncZod<SyncRoutesOptions> = async (app, opts) => {
  // Authentication comes before body validation, so an anonymous caller learns nothing.
  app.addHook('onRequest', app.requireAuth);
  app.post(
    '/api/sync/push',
    {
      bodyLimit: MAX_PUSH_BYTES,
      serializerCompiler: plainJson,
      schema: {
        tags: ['sync'],
        summary: 'Send this device’s changes; each is applied exactly once',
        security: [{ bearer: [] }],
        body: pushRequestSchema,
        response: {
          200: pushResponseSchema,
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          409: errorSchema,
          426: errorSchema,
        },
      },
    },
    async (request) => {
      checkVersions(request.body);
      return push(app.storage.db, opts.actorOf(request), request.body);
    },
  );
  app.post(
    '/api/sync/pull',
    {
      serializerCompiler: plainJson,
      schema: {
        tags: ['sync'],
        summary: 'Take the next page of changes this user may see',
        security: [{ bearer: [] }],
        body: pullRequestSchema,
        response: {
          200: pullResponseSchema,
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          426: errorSchema,
        },
      },
    },
    async (request) => {
      checkVersions(request.body);
      return pull(app.storage.db, opts.actorOf(request), request.body);
    },
  );
};

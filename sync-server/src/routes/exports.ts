import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exportQuerySchema, exportTypeSchema } from '../../../schemas/reports/exports';
import { exportCsv } from '../reports/exports';
import type { Actor } from '../sync/actor';
import { errors } from './reports';

export type ExportRoutesOptions = { actorOf: (request: FastifyRequest) => Actor };

/** CSV exports for oversight, each one recorded in the audit trail. */
export const exportRoutes: FastifyPluginAsyncZod<ExportRoutesOptions> = async (app, opts) => {
  app.addHook('onRequest', app.requireAuth);
  app.get(
    '/api/exports/:type',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Download observations, improvement actions or safety concerns as CSV (columns: README, "Exports")',
        description:
          'UTF-8 with a byte order mark, CRLF line ends, RFC 4180 quoting. Text starting with = + - @, a tab or a carriage return is prefixed with an apostrophe. Observations, actions and concerns: QA leads, heads of service and directors, for the teams they oversee. Every export is audited.',
        security: [{ bearer: [] }],
        params: z.strictObject({ type: exportTypeSchema }),
        querystring: exportQuerySchema,
        produces: ['text/csv'],
        response: { 200: z.string().describe('text/csv; charset=utf-8'), ...errors },
      },
    },
    async (request, reply) => {
      const csv = await exportCsv(
        app.storage.db,
        opts.actorOf(request),
        request.params.type,
        request.query,
      );
      return (
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${csv.filename}"`)
          .header('cache-control', 'no-store')
          .header('x-export-rows', String(csv.rows))
          // A stream is sent as it is read; Fastify's serializer never runs on it.
          .send(csv.body as unknown as string)
      );
    },
  );
};

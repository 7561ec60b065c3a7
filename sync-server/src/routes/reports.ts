import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { concernLogQuerySchema, concernLogSchema } from '../../../schemas/reports/concern-log';
import {
  quarterlyReportQuerySchema,
  quarterlyReportSchema,
} from '../../../schemas/reports/quarterly-report';
import { concernLog } from '../reports/concern-log';
import { quarterlyReport } from '../reports/quarterly';
import type { Actor } from '../sync/actor';

export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };

export type ReportRoutesOptions = { actorOf: (request: FastifyRequest) => Actor };

/** Oversight: the quarterly report and the safety concern log, for the scopes the caller oversees. */
export const reportRoutes: FastifyPluginAsyncZod<ReportRoutesOptions> = async (app, opts) => {
  app.addHook('onRequest', app.requireAuth);
  app.get(
    '/api/reports/quarterly',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Quarterly report for the Performance and Quality meeting (QA leads, heads of service, director)',
        description:
          'Figures by financial quarter, service, practice group and observation kind; the trend across the quarters; and the total. Quarters are written like 2026-27-Q1 (April to June 2026). Computed in the database on every request.',
        security: [{ bearer: [] }],
        querystring: quarterlyReportQuerySchema,
        response: { 200: quarterlyReportSchema, ...errors },
      },
    },
    async (request) => quarterlyReport(app.storage.db, opts.actorOf(request), request.query),
  );
  app.get(
    '/api/reports/concerns',
    {
      schema: {
        tags: ['reports', 'concerns'],
        summary:
          'Safety concern log with acknowledgement deadlines and notification delivery (director, QA leads)',
        security: [{ bearer: [] }],
        querystring: concernLogQuerySchema,
        response: { 200: concernLogSchema, ...errors },
      },
    },
    async (request) => {
      const { email, webhook } = app.notifications.channels;
      const log = await concernLog(app.storage.db, opts.actorOf(request), request.query);
      // The reminder rounds go only on these channels (notifications/reminders.ts).
      return { ...log, reminders: email || webhook };
    },
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, ErrorCode } from '../errors';

const statusSchema = z.object({ status: z.literal('ok') });

/** Liveness and readiness for load balancers and monitoring; never rate limited. */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/healthz',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['health'],
        summary: 'The process is alive',
        response: { 200: statusSchema },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['health'],
        summary: 'The database answers',
        response: { 200: statusSchema },
      },
    },
    async () => {
      try {
        await app.storage.ping();
      } catch {
        throw new AppError(503, ErrorCode.NOT_READY, 'The database is not reachable.');
      }
      return { status: 'ok' as const };
    },
  );
};

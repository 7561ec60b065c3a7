import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { displayNameSchema, emailSchema } from '../accounts/account-fields';
import { passwordSchema } from '../accounts/passwords';
import { completeSetup, setupAvailable } from '../accounts/setup-codes';
import { errorSchema, userSummarySchema } from './account-schemas';

export type SetupRoutesOptions = { attemptsPerMinute: number };

/** First-run setup: the first admin, created with the code the server printed at start-up. */
export const setupRoutes: FastifyPluginAsyncZod<SetupRoutesOptions> = async (app, opts) => {
  app.get(
    '/api/setup',
    {
      schema: {
        tags: ['setup'],
        summary: 'Whether first-run setup is open (no admin exists yet)',
        response: { 200: z.object({ available: z.boolean() }) },
      },
    },
    async () => ({ available: await setupAvailable(app.storage.db) }),
  );

  app.post(
    '/api/setup',
    {
      config: { rateLimit: { max: opts.attemptsPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['setup'],
        summary: 'Create the first admin with the one-time setup code',
        body: z.strictObject({
          code: z.string().trim().min(1, 'must not be empty').max(40),
          email: emailSchema,
          displayName: displayNameSchema,
          password: passwordSchema,
        }),
        response: {
          201: z.object({ user: userSummarySchema }),
          400: errorSchema,
          403: errorSchema,
          409: errorSchema,
          429: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const user = await completeSetup(app.storage.db, request.body);
      return reply.code(201).send({ user });
    },
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { emailSchema, idSchema } from '../accounts/account-fields';
import { revokeSession } from '../accounts/accounts-repository';
import { MAX_PASSWORD_LENGTH } from '../accounts/passwords';
import { signIn } from '../accounts/sign-in';
import { AppError, ErrorCode } from '../errors';
import { authOf } from '../plugins/app/auth';
import { accountSchema, errorSchema } from './account-schemas';

export type AuthRoutesOptions = {
  sessionTtlHours: number;
  /** Sign-in attempts per minute from one address (the lock-out counts per account). */
  signInPerMinute: number;
};

const signInBodySchema = z.strictObject({
  email: emailSchema,
  // Not the rules for a new password: whatever was set is checked against its hash.
  password: z
    .string()
    .min(1, 'must not be empty')
    .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`)
    // No password can be only spaces (passwordSchema), so such a sign-in is malformed, refused
    // before it counts as a wrong attempt against the account.
    .refine((s) => s.trim().length > 0, 'must not be blank'),
  deviceId: idSchema.optional(),
  deviceName: z.string().trim().max(100, 'must be at most 100 characters').optional(),
});

const sessionSchema = z.object({
  expiresAt: z.string(),
  deviceId: z.string(),
  user: accountSchema,
});

/** Sign-in, sign-out and the signed-in user, under /api/auth. */
export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, opts) => {
  app.post(
    '/api/auth/sign-in',
    {
      config: { rateLimit: { max: opts.signInPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in on this device; returns a bearer token',
        description:
          'Pass the deviceId from an earlier sign-in of the same person on this tablet to keep its registration.',
        body: signInBodySchema,
        response: {
          200: sessionSchema.extend({ token: z.string(), deviceKey: z.string() }),
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          423: errorSchema,
          429: errorSchema,
        },
      },
    },
    async (request, reply) => {
      try {
        return await signIn(app.storage.db, request.body, {
          sessionTtlHours: opts.sessionTtlHours,
        });
      } catch (err) {
        if (err instanceof AppError && err.code === ErrorCode.ACCOUNT_LOCKED) {
          const { retryAfterSeconds } = err.details as { retryAfterSeconds: number };
          reply.header('retry-after', String(retryAfterSeconds));
        }
        throw err;
      }
    },
  );

  app.post(
    '/api/auth/sign-out',
    {
      onRequest: app.requireAuth,
      schema: {
        tags: ['auth'],
        summary: 'End this session (the device stays registered)',
        security: [{ bearer: [] }],
        response: { 200: z.object({ signedOut: z.literal(true) }), 401: errorSchema },
      },
    },
    async (request) => {
      await revokeSession(app.storage.db, authOf(request).sessionId);
      return { signedOut: true as const };
    },
  );

  app.get(
    '/api/auth/me',
    {
      onRequest: app.requireAuth,
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user, their scopes and this session',
        security: [{ bearer: [] }],
        response: { 200: sessionSchema, 401: errorSchema },
      },
    },
    async (request) => {
      const auth = authOf(request);
      return {
        expiresAt: auth.expiresAt,
        deviceId: auth.deviceId,
        user: { ...auth.user, scopes: auth.scopes },
      };
    },
  );
};

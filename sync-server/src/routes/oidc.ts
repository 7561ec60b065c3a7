import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  oidcExchangeRequestSchema,
  oidcStartQuerySchema,
  oidcStatusSchema,
} from '../../../schemas/admin/sso';
import type { OidcConfig } from '../config';
import { AppError } from '../errors';
import { providerClient } from '../sso/provider';
import { secretBox } from '../sso/secret-box';
import {
  SsoFailure,
  completeLogin,
  exchangeHandover,
  revalidateSession,
  startLogin,
} from '../sso/sso-service';
import type { SsoDeps } from '../sso/sso-service';
import { accountSchema, errorSchema } from './account-schemas';

export type OidcRoutesOptions = {
  oidc: OidcConfig | null;
  sessionTtlHours: number;
  /** Sign-in attempts per minute from one address. */
  signInPerMinute: number;
};

const notConfigured = () =>
  new AppError(
    404,
    'SSO_NOT_CONFIGURED',
    'Single sign-on is not set up on this server. Sign in with your email address and password.',
  );

/**
 * Single sign-on over OpenID Connect, under /api/auth/oidc. The browser is sent to the provider
 * and back; the app then exchanges a one-time code (from the URL fragment) for a session token,
 * so no token ever appears in a URL, a log or a browser history.
 */
export const oidcRoutes: FastifyPluginAsyncZod<OidcRoutesOptions> = async (app, opts) => {
  const rateLimit = { max: opts.signInPerMinute, timeWindow: '1 minute' };
  const deps: SsoDeps | null = opts.oidc
    ? {
        db: app.storage.db,
        provider: providerClient(opts.oidc),
        box: secretBox(opts.oidc.clientSecret),
        config: opts.oidc,
      }
    : null;
  if (deps) {
    app.sessionChecks.push(async (auth, now) => {
      await revalidateSession({ ...deps, db: app.storage.db }, auth, now);
    });
  }

  app.get(
    '/api/auth/oidc',
    {
      schema: {
        tags: ['auth'],
        summary: 'Whether single sign-on is offered (the app shows its button when it is)',
        response: { 200: oidcStatusSchema },
      },
    },
    async () => ({ enabled: deps !== null }),
  );

  app.get(
    '/api/auth/oidc/start',
    {
      config: { rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Start single sign-on: redirects the browser to the provider',
        description:
          'Open in the browser (not fetch). codeChallenge is base64url(sha256(verifier)) of a random verifier the app keeps for the exchange.',
        querystring: oidcStartQuerySchema,
        response: { 302: z.null(), 400: errorSchema, 404: errorSchema, 502: errorSchema },
      },
    },
    async (request, reply) => {
      if (!deps) throw notConfigured();
      let url: URL;
      try {
        url = await startLogin(deps, request.query);
      } catch (err) {
        request.log.warn({ err }, 'single sign-on provider unreachable');
        throw new AppError(
          502,
          'SSO_PROVIDER_UNREACHABLE',
          'Your organisation’s sign-in service cannot be reached. Try again, or sign in with your password.',
        );
      }
      return reply.header('cache-control', 'no-store').redirect(url.href, 302);
    },
  );

  app.get(
    '/api/auth/oidc/callback',
    {
      config: { rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Where the provider sends the browser back; redirects into the app',
        description:
          'Success: 302 to /#/signed-in?code=<one-time code>. Failure: 302 to /#/sign-in-failed?reason=<code>.',
        querystring: z.record(z.string().max(64), z.string().max(4096)),
        response: { 302: z.null(), 400: errorSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      if (!deps) throw notConfigured();
      reply.header('cache-control', 'no-store');
      try {
        const code = await completeLogin(deps, request.query);
        return reply.redirect(`/#/signed-in?code=${encodeURIComponent(code)}`, 302);
      } catch (err) {
        if (!(err instanceof SsoFailure)) throw err;
        request.log.info({ reason: err.reason }, 'single sign-on refused');
        return reply.redirect(`/#/sign-in-failed?reason=${err.reason}`, 302);
      }
    },
  );

  app.post(
    '/api/auth/oidc/exchange',
    {
      config: { rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Exchange the one-time code for a session (same answer as sign-in)',
        body: oidcExchangeRequestSchema,
        response: {
          200: z.object({
            token: z.string(),
            expiresAt: z.string(),
            deviceId: z.string(),
            deviceKey: z.string(),
            user: accountSchema,
          }),
          400: errorSchema,
          403: errorSchema,
          404: errorSchema,
          429: errorSchema,
        },
      },
    },
    async (request) => {
      if (!deps) throw notConfigured();
      return exchangeHandover(deps, request.body, { sessionTtlHours: opts.sessionTtlHours });
    },
  );
};

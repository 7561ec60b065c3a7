// Single sign-on against a real OpenID Connect provider started here, on every engine: signing in
// hands the app a session through a one-time code (no token in any URL); people are matched to the
// accounts an admin made; someone the provider no longer knows can neither sign in nor keep
// syncing once their session is re-checked; and a provider that is down is tolerated for a while.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../schemas/sync/protocol-version';
import { resolveSession } from '../../sync-server/src/accounts/accounts-repository';
import { hashToken as hashOf } from '../../sync-server/src/accounts/tokens';
import { verifyAudit } from '../../sync-server/src/audit/verify';
import type { KyselyPlugin } from 'kysely';
import { providerClient } from '../../sync-server/src/sso/provider';
import { secretBox } from '../../sync-server/src/sso/secret-box';
import { revalidateSession, s256 } from '../../sync-server/src/sso/sso-service';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import { signInAtProvider, startProvider } from '../helpers/oidc-provider';
import type { TestProvider } from '../helpers/oidc-provider';
import { bearer, createAccount, useQuickPasswordHashing } from '../helpers/accounts';

useQuickPasswordHashing();

const REDIRECT = 'http://observations.test/api/auth/oidc/callback';
const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION };

test('without OIDC_* configured, single sign-on says so', async () => {
  const t = (await buildTestApp())!;
  try {
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/oidc' })).json()).toEqual({
      enabled: false,
    });
    const start = await t.app.inject({
      method: 'GET',
      url: `/api/auth/oidc/start?codeChallenge=${s256('x'.repeat(43))}`,
    });
    expect(start.statusCode).toBe(404);
    expect(start.json().error.code).toBe('SSO_NOT_CONFIGURED');
  } finally {
    await t.close();
  }
});

for (const engine of ENGINES) {
  const provider: TestProvider = await startProvider(REDIRECT);
  const t = await buildTestApp(engine, {
    oidc: {
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      redirectUri: REDIRECT,
      revalidateMinutes: 15,
      unreachableGraceHours: 24,
    },
  });
  describe.skipIf(t === null)(`single sign-on on ${engine.name}`, () => {
    let ctx: TestApp;
    beforeAll(() => {
      ctx = t!;
    });
    afterAll(async () => {
      await ctx?.close();
      await provider.close();
    });

    /** The whole browser round trip; returns where the app was sent and the verifier. */
    async function ssoRoundTrip(login: string, deviceName = 'SSO tablet') {
      const verifier = randomBytes(32).toString('base64url');
      const start = await ctx.app.inject({
        method: 'GET',
        url: `/api/auth/oidc/start?codeChallenge=${s256(verifier)}&deviceName=${encodeURIComponent(deviceName)}`,
      });
      expect(start.statusCode).toBe(302);
      const authUrl = String(start.headers.location);
      expect(authUrl.startsWith(`${provider.issuer}/`)).toBe(true);
      expect(new URL(authUrl).searchParams.get('code_challenge_method')).toBe('S256');
      const at = await signInAtProvider(authUrl, REDIRECT, login);
      if ('refused' in at) return { refused: true as const, verifier };
      const back = await ctx.app.inject({
        method: 'GET',
        url: `${at.callback.pathname}${at.callback.search}`,
      });
      expect(back.statusCode).toBe(302);
      return { refused: false as const, location: String(back.headers.location), verifier };
    }

    const exchange = (code: string, codeVerifier: string) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/auth/oidc/exchange',
        payload: { code, codeVerifier },
      });
    const pull = (session: { token: string; deviceId: string }) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/sync/pull',
        headers: bearer(session.token),
        payload: { ...versions, deviceId: session.deviceId, cursor: null },
      });
    /** Time passes: the session's last check at the provider was this many minutes ago. */
    const lastCheckedAgo = (sessionToken: string, minutes: number) =>
      ctx.storage.db
        .updateTable('sso_sessions')
        .set({ validated_at: new Date(Date.now() - minutes * 60_000).toISOString() })
        .where('session_id', 'in', (eb) =>
          eb.selectFrom('sessions').select('id').where('token_hash', '=', hashOf(sessionToken)),
        )
        .execute();

    async function signedIn(email: string, subject: string) {
      provider.accounts.set(subject, { email });
      const trip = await ssoRoundTrip(subject);
      expect(trip.refused).toBe(false);
      const location = trip.refused ? '' : trip.location;
      const code = new URLSearchParams(location.split('?')[1]).get('code')!;
      const res = await exchange(code, trip.verifier);
      expect(res.statusCode).toBe(200);
      return res.json<{ token: string; deviceId: string; user: { email: string; id: string } }>();
    }

    test('signing in at the provider gives a session like password sign-in, through a one-time code', async () => {
      expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/oidc' })).json()).toEqual({
        enabled: true,
      });
      const alice = await createAccount(ctx.storage, {
        role: 'observer',
        email: `alice-${engine.name}@example.org`,
      });
      provider.accounts.set('alice-subject', { email: alice.email.toUpperCase() });
      const trip = await ssoRoundTrip('alice-subject');
      expect(trip.refused).toBe(false);
      if (trip.refused) return;
      expect(trip.location).toMatch(/^\/#\/signed-in\?code=[A-Za-z0-9_-]{43}$/);
      const code = new URLSearchParams(trip.location.split('?')[1]).get('code')!;

      // Only the browser that started can use it: another verifier is refused, and so is a reuse.
      const wrong = await exchange(code, randomBytes(32).toString('base64url'));
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.code).toBe('SSO_CODE_INVALID');
      const trip2 = await ssoRoundTrip('alice-subject');
      if (trip2.refused) throw new Error('refused');
      const code2 = new URLSearchParams(trip2.location.split('?')[1]).get('code')!;
      const res = await exchange(code2, trip2.verifier);
      expect(res.statusCode).toBe(200);
      const session = res.json();
      expect(session).toMatchObject({
        token: expect.any(String),
        deviceId: expect.any(String),
        expiresAt: expect.any(String),
        user: { id: alice.id, email: alice.email, role: 'observer' },
      });
      expect(trip2.location).not.toContain(session.token);
      const again = await exchange(code2, trip2.verifier);
      expect(again.statusCode).toBe(400);
      expect(again.json().error.code).toBe('SSO_CODE_INVALID');

      const me = await ctx.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: bearer(session.token),
      });
      expect(me.statusCode).toBe(200);
      expect((await pull(session)).statusCode).toBe(200);

      const identity = await ctx.storage.db
        .selectFrom('user_identities')
        .selectAll()
        .where('user_id', '=', alice.id)
        .execute();
      expect(identity).toMatchObject([{ issuer: provider.issuer, subject: 'alice-subject' }]);
      // The refresh token is kept sealed, never as the provider issued it.
      const sso = await ctx.storage.db
        .selectFrom('sso_sessions')
        .selectAll()
        .where('user_id', '=', alice.id)
        .executeTakeFirstOrThrow();
      expect(sso.refresh_token).toMatch(/^v1\./);
      await expect(verifyAudit(ctx.storage)).resolves.toMatchObject({ ok: true });
    });

    test('a person the provider knows but who has no account here is refused, with a reason for the app', async () => {
      provider.accounts.set('bob-subject', { email: `bob-${engine.name}@example.org` });
      const before = await ctx.storage.db.selectFrom('sessions').select('id').execute();
      const trip = await ssoRoundTrip('bob-subject');
      expect(trip.refused).toBe(false);
      if (!trip.refused) expect(trip.location).toBe('/#/sign-in-failed?reason=SSO_NO_ACCOUNT');
      expect(await ctx.storage.db.selectFrom('sessions').select('id').execute()).toHaveLength(
        before.length,
      );
    });

    test('an account disabled here, or an unverified address at the provider, is refused', async () => {
      const dan = await createAccount(ctx.storage, {
        role: 'observer',
        email: `dan-${engine.name}@example.org`,
      });
      await ctx.storage.db
        .updateTable('users')
        .set({ status: 'disabled' })
        .where('id', '=', dan.id)
        .execute();
      provider.accounts.set('dan-subject', { email: dan.email });
      const disabled = await ssoRoundTrip('dan-subject');
      if (!disabled.refused)
        expect(disabled.location).toBe('/#/sign-in-failed?reason=ACCOUNT_DISABLED');
      const eve = await createAccount(ctx.storage, {
        role: 'observer',
        email: `eve-${engine.name}@example.org`,
      });
      provider.accounts.set('eve-subject', { email: eve.email, emailVerified: false });
      const unverified = await ssoRoundTrip('eve-subject');
      if (!unverified.refused)
        expect(unverified.location).toBe('/#/sign-in-failed?reason=SSO_EMAIL_UNVERIFIED');
      expect(disabled.refused || unverified.refused).toBe(false);
    });

    test('a re-check finished by another request between this one reading the session and claiming the check is not done again with the spent refresh token', async () => {
      const dana = await createAccount(ctx.storage, {
        role: 'observer',
        email: `dana-${engine.name}@example.org`,
      });
      const session = await signedIn(dana.email, 'dana-subject');
      await lastCheckedAgo(session.token, 16);
      const resolved = await resolveSession(ctx.storage.db, session.token);
      if (!resolved.ok) throw new Error('the session should resolve');
      const config = {
        issuer: provider.issuer,
        clientId: provider.clientId,
        clientSecret: provider.clientSecret,
        redirectUri: REDIRECT,
        revalidateMinutes: 15,
        unreachableGraceHours: 24,
      };
      // What another request reads before this one's re-check: the session as it was, due.
      const stale = await ctx.storage.db
        .selectFrom('sso_sessions')
        .selectAll()
        .where('session_id', '=', resolved.auth.sessionId)
        .executeTakeFirstOrThrow();
      // This request's re-check runs first and rotates the refresh token.
      expect((await pull(session)).statusCode).toBe(200);
      // The other request goes on with what it read.
      let interleaved = false;
      const between: KyselyPlugin = {
        transformQuery: (args) => args.node,
        transformResult: async (args) => {
          const row = args.result.rows[0] as { refresh_token?: unknown } | undefined;
          if (interleaved || !row || !('refresh_token' in row)) return args.result;
          interleaved = true;
          return { ...args.result, rows: [stale as unknown as (typeof args.result.rows)[0]] };
        },
      };
      const refreshes: string[] = [];
      const real = providerClient(config);
      const outcome = await revalidateSession(
        {
          db: ctx.storage.db.withPlugin(between),
          provider: {
            ...real,
            refresh: (token: string) => {
              refreshes.push(token);
              return real.refresh(token);
            },
          },
          box: secretBox(config.clientSecret),
          config,
        },
        resolved.auth,
      );
      expect(interleaved).toBe(true);
      expect(outcome).toBe('busy');
      expect(refreshes).toEqual([]);
      expect((await pull(session)).statusCode).toBe(200);
    });

    test('someone removed at the provider can no longer sign in, and their session ends at its next re-check', async () => {
      const carol = await createAccount(ctx.storage, {
        role: 'observer',
        email: `carol-${engine.name}@example.org`,
      });
      const session = await signedIn(carol.email, 'carol-subject');
      expect((await pull(session)).statusCode).toBe(200);

      // A re-check that is due refreshes at the provider and lets the request through.
      await lastCheckedAgo(session.token, 16);
      const stillThere = await pull(session);
      expect(stillThere.statusCode).toBe(200);
      const checked = await ctx.storage.db
        .selectFrom('sso_sessions')
        .select('validated_at')
        .where('user_id', '=', carol.id)
        .executeTakeFirstOrThrow();
      expect(Date.now() - Date.parse(checked.validated_at)).toBeLessThan(60_000);

      provider.accounts.delete('carol-subject');
      // Within the interval nothing is asked of the provider...
      expect((await pull(session)).statusCode).toBe(200);
      // ...and at the next re-check the session ends, for good.
      await lastCheckedAgo(session.token, 16);
      const refused = await pull(session);
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error).toMatchObject({
        code: 'SESSION_EXPIRED',
        details: { reason: 'sso-revalidation-failed' },
      });
      const after = await ctx.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: bearer(session.token),
      });
      expect(after.statusCode).toBe(401);
      const row = await ctx.storage.db
        .selectFrom('sessions')
        .select('revoked_at')
        .where('user_id', '=', carol.id)
        .executeTakeFirstOrThrow();
      expect(row.revoked_at).not.toBeNull();

      // Nor can they sign in again: the provider no longer lets them through.
      const trip = await ssoRoundTrip('carol-subject');
      expect(trip.refused).toBe(true);
      const ended = await ctx.storage.db
        .selectFrom('audit_log')
        .select('action')
        .where('user_id', '=', carol.id)
        .where('action', '=', 'sso:session-ended')
        .execute();
      expect(ended).toHaveLength(1);
    });

    test('a password session is never sent to the provider, and an address linked to another subject is refused', async () => {
      const frank = await createAccount(ctx.storage, {
        role: 'observer',
        email: `frank-${engine.name}@example.org`,
      });
      await signedIn(frank.email, 'frank-subject');
      // The provider now gives Frank's address to someone else: they must not get Frank's account.
      provider.accounts.set('impostor-subject', { email: frank.email });
      const trip = await ssoRoundTrip('impostor-subject');
      if (!trip.refused)
        expect(trip.location).toBe('/#/sign-in-failed?reason=SSO_IDENTITY_MISMATCH');
      expect(trip.refused).toBe(false);
    });

    // Last: it stops the provider.
    test('while the provider cannot be reached, sessions go on for the grace period, then must sign in again', async () => {
      const gina = await createAccount(ctx.storage, {
        role: 'observer',
        email: `gina-${engine.name}@example.org`,
      });
      const session = await signedIn(gina.email, 'gina-subject');
      await provider.close();
      await lastCheckedAgo(session.token, 16);
      expect((await pull(session)).statusCode).toBe(200);
      await lastCheckedAgo(session.token, 25 * 60);
      const refused = await pull(session);
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error).toMatchObject({
        code: 'SESSION_EXPIRED',
        details: { reason: 'sso-unreachable' },
      });
      // Not revoked: once the provider answers again, the next re-check can let it through.
      const row = await ctx.storage.db
        .selectFrom('sessions')
        .select('revoked_at')
        .where('user_id', '=', gina.id)
        .executeTakeFirstOrThrow();
      expect(row.revoked_at).toBeNull();
    });
  });
}

// Signing in, sessions and devices on every engine, through the real routes.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createScope,
  recordDeviceContact,
  revokeDevice,
} from '../../sync-server/src/accounts/accounts-repository';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import {
  PASSWORD,
  bearer,
  createAccount,
  signIn,
  uniqueEmail,
  useQuickPasswordHashing,
} from '../helpers/accounts';

useQuickPasswordHashing();

const SIGN_IN_FAILED = {
  error: { code: 'SIGN_IN_FAILED', message: 'Enter a correct email address and password.' },
};

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(`sign-in and sessions on ${engine.name}`, () => {
    let ctx: TestApp;
    beforeAll(() => {
      ctx = t!;
    });
    afterAll(async () => ctx?.close());

    const me = (token: string) =>
      ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });
    const attempt = (email: string, password: string) =>
      ctx.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password } });

    test('sign-in returns a token that works on /api/auth/me, with the user and their scopes', async () => {
      const service = await createScope(ctx.storage.db, { name: 'Safeguarding', kind: 'service' });
      const group = await createScope(ctx.storage.db, {
        name: 'Safeguarding North',
        kind: 'practice-group',
        parentId: service.id,
      });
      await createScope(ctx.storage.db, { name: 'Fostering', kind: 'service' });
      const user = await createAccount(ctx.storage, { role: 'qa-lead', scopeIds: [service.id] });

      // Letter case and spaces around the address do not matter.
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: {
          email: `  ${user.email.toUpperCase()} `,
          password: PASSWORD,
          deviceName: 'iPad 7',
        },
      });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(body.user).toEqual({
        id: user.id,
        email: user.email,
        displayName: user.displayName,
        role: 'qa-lead',
        // A service membership brings the practice groups under it, and nothing else.
        scopes: [
          {
            id: service.id,
            name: 'Safeguarding',
            kind: 'service',
            parentId: null,
            parentName: null,
          },
          {
            id: group.id,
            name: 'Safeguarding North',
            kind: 'practice-group',
            parentId: service.id,
            parentName: 'Safeguarding',
          },
        ],
      });
      const hours = (Date.parse(body.expiresAt) - Date.now()) / 3_600_000;
      expect(hours).toBeGreaterThan(719);
      expect(hours).toBeLessThanOrEqual(720);

      const who = await me(body.token);
      expect(who.statusCode).toBe(200);
      expect(who.json()).toEqual({
        expiresAt: body.expiresAt,
        deviceId: body.deviceId,
        user: body.user,
      });

      // The token itself is not in the database; only its hash is.
      const stored = await ctx.storage.db.selectFrom('sessions').selectAll().execute();
      expect(JSON.stringify(stored)).not.toContain(body.token);
      const device = await ctx.storage.db
        .selectFrom('devices')
        .selectAll()
        .where('id', '=', body.deviceId)
        .executeTakeFirstOrThrow();
      expect(device).toMatchObject({ user_id: user.id, name: 'iPad 7', revoked_at: null });
    });

    test('a wrong password and an unknown email get the same answer, which names neither', async () => {
      const user = await createAccount(ctx.storage, { role: 'observer' });
      const wrong = await attempt(user.email, 'not the password at all');
      const unknown = await attempt(uniqueEmail('nobody'), PASSWORD);
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.json()).toEqual(SIGN_IN_FAILED);
      expect(unknown.json()).toEqual(SIGN_IN_FAILED);
    });

    test('malformed sign-in input is a 400 with a code, not a sign-in failure', async () => {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { email: 'not-an-email', password: 'x' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.json().error.message).toContain('email');
    });

    test('five failures in a row lock the account for 15 minutes, even for the right password', async () => {
      const user = await createAccount(ctx.storage, { role: 'observer' });
      for (let i = 1; i <= 4; i++) {
        const res = await attempt(user.email, `wrong password ${i}`);
        expect(res.statusCode).toBe(401);
        expect(res.json()).toEqual(SIGN_IN_FAILED);
      }
      const fifth = await attempt(user.email, 'wrong password 5');
      expect(fifth.statusCode).toBe(423);
      expect(fifth.json().error.code).toBe('ACCOUNT_LOCKED');
      expect(fifth.json().error.message).toBe(
        'Too many failed sign-ins. Try again in 15 minutes, or ask an administrator to reset your password.',
      );
      expect(Number(fifth.headers['retry-after'])).toBeGreaterThan(14 * 60);

      const right = await attempt(user.email, PASSWORD);
      expect(right.statusCode).toBe(423);
      expect(right.json().error.code).toBe('ACCOUNT_LOCKED');
      expect(right.json().error.details.lockedUntil).toBe(fifth.json().error.details.lockedUntil);

      // Once the lock has passed, the right password signs in again.
      await ctx.storage.db
        .updateTable('users')
        .set({ locked_until: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', user.id)
        .execute();
      expect((await attempt(user.email, PASSWORD)).statusCode).toBe(200);
    });

    test('only consecutive failures count: a successful sign-in starts the count again', async () => {
      const user = await createAccount(ctx.storage, { role: 'observer' });
      for (let i = 0; i < 4; i++) expect((await attempt(user.email, 'wrong')).statusCode).toBe(401);
      expect((await attempt(user.email, PASSWORD)).statusCode).toBe(200);
      for (let i = 0; i < 4; i++) expect((await attempt(user.email, 'wrong')).statusCode).toBe(401);
      expect((await attempt(user.email, PASSWORD)).statusCode).toBe(200);
    });

    test('failures for an address with no account never turn into a lock-out answer', async () => {
      const email = uniqueEmail('nobody');
      for (let i = 0; i < 7; i++)
        expect((await attempt(email, 'guess')).json()).toEqual(SIGN_IN_FAILED);
    });

    test('no token, a malformed header or an unknown token: 401 AUTH_REQUIRED', async () => {
      const cases = [
        undefined,
        'Bearer',
        'Basic dXNlcjpwYXNz',
        'Bearer aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      ];
      for (const authorization of cases) {
        const res = await ctx.app.inject({
          method: 'GET',
          url: '/api/auth/me',
          headers: authorization === undefined ? {} : { authorization },
        });
        expect(res.statusCode).toBe(401);
        expect(res.json()).toEqual({
          error: { code: 'AUTH_REQUIRED', message: 'Sign in to continue.' },
        });
      }
    });

    test('an expired session gets SESSION_EXPIRED, which promises the unsent work is kept', async () => {
      const user = await createAccount(ctx.storage, { role: 'observer' });
      const s = await signIn(ctx.app, { email: user.email, password: PASSWORD });
      expect((await me(s.token)).statusCode).toBe(200);
      await ctx.storage.db
        .updateTable('sessions')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('device_id', '=', s.deviceId)
        .execute();
      const res = await me(s.token);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({
        error: {
          code: 'SESSION_EXPIRED',
          message:
            'Your session has expired. Sign in again; your unsent work is kept on this device.',
        },
      });
      // Signing in again on the same tablet keeps its registration (and so its unsent changes).
      const again = await signIn(ctx.app, {
        email: user.email,
        password: PASSWORD,
        deviceId: s.deviceId,
      });
      expect(again.deviceId).toBe(s.deviceId);
      expect((await me(again.token)).statusCode).toBe(200);
    });

    test('a revoked device is refused with DEVICE_REVOKED at once; the same user’s other devices keep working', async () => {
      const user = await createAccount(ctx.storage, { role: 'observer' });
      const lost = await signIn(ctx.app, { email: user.email, password: PASSWORD });
      const lostSecond = await signIn(ctx.app, {
        email: user.email,
        password: PASSWORD,
        deviceId: lost.deviceId,
      });
      const other = await signIn(ctx.app, { email: user.email, password: PASSWORD });
      expect(other.deviceId).not.toBe(lost.deviceId);
      await recordDeviceContact(ctx.storage.db, lost.deviceId, { unsent: 4 });

      const recoveryKeys = (deviceId: string) =>
        ctx.storage.db
          .selectFrom('device_recovery_keys')
          .select('key')
          .where('device_id', '=', deviceId)
          .execute();
      expect(await recoveryKeys(lost.deviceId)).toHaveLength(1);

      const admin = await createAccount(ctx.storage, { role: 'admin' });
      const result = await revokeDevice(ctx.storage.db, lost.deviceId, admin.id);
      expect(result.sessionsRevoked).toBe(2);
      expect(result.device.unsentReported).toBe(4);
      // Its key recovery is never given out again: the server keeps no copy of its half.
      expect(await recoveryKeys(lost.deviceId)).toEqual([]);
      expect(await recoveryKeys(other.deviceId)).toHaveLength(1);

      for (const token of [lost.token, lostSecond.token]) {
        const res = await me(token);
        expect(res.statusCode).toBe(401);
        expect(res.json().error.code).toBe('DEVICE_REVOKED');
      }
      expect((await me(other.token)).statusCode).toBe(200);

      // Signing in again on the revoked tablet gives a fresh registration, never the revoked one.
      const fresh = await signIn(ctx.app, {
        email: user.email,
        password: PASSWORD,
        deviceId: lost.deviceId,
      });
      expect(fresh.deviceId).not.toBe(lost.deviceId);
      expect((await me(fresh.token)).statusCode).toBe(200);
      expect((await me(lost.token)).json().error.code).toBe('DEVICE_REVOKED');
    });

    test('a shared tablet: two people signing in with the same deviceId get registrations of their own', async () => {
      const ann = await createAccount(ctx.storage, { role: 'observer' });
      const bo = await createAccount(ctx.storage, { role: 'observer' });
      const annFirst = await signIn(ctx.app, { email: ann.email, password: PASSWORD });
      // The tablet passes on the id it was last given; it belongs to Ann, so Bo gets another.
      const boFirst = await signIn(ctx.app, {
        email: bo.email,
        password: PASSWORD,
        deviceId: annFirst.deviceId,
      });
      expect(boFirst.deviceId).not.toBe(annFirst.deviceId);
      // Each keeps their own registration on later sign-ins.
      const annAgain = await signIn(ctx.app, {
        email: ann.email,
        password: PASSWORD,
        deviceId: annFirst.deviceId,
      });
      const boAgain = await signIn(ctx.app, {
        email: bo.email,
        password: PASSWORD,
        deviceId: boFirst.deviceId,
      });
      expect(annAgain.deviceId).toBe(annFirst.deviceId);
      expect(boAgain.deviceId).toBe(boFirst.deviceId);

      // A tablet-chosen string is never taken as a registration id.
      const annShared = await signIn(ctx.app, {
        email: ann.email,
        password: PASSWORD,
        deviceId: 'tablet-7',
      });
      const boShared = await signIn(ctx.app, {
        email: bo.email,
        password: PASSWORD,
        deviceId: 'tablet-7',
      });
      expect(new Set([annShared.deviceId, boShared.deviceId, 'tablet-7']).size).toBe(3);

      // Revoking Bo's registration leaves Ann signed in on the same tablet.
      await revokeDevice(ctx.storage.db, boFirst.deviceId, 'admin-command');
      expect((await me(boAgain.token)).json().error.code).toBe('DEVICE_REVOKED');
      expect((await me(annAgain.token)).statusCode).toBe(200);
    });

    test('sign-out ends that session only; the device stays registered', async () => {
      const user = await createAccount(ctx.storage, { role: 'director' });
      const a = await signIn(ctx.app, { email: user.email, password: PASSWORD });
      const b = await signIn(ctx.app, { email: user.email, password: PASSWORD });
      const out = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/sign-out',
        headers: bearer(a.token),
      });
      expect(out.statusCode).toBe(200);
      expect(out.json()).toEqual({ signedOut: true });
      const after = await me(a.token);
      expect(after.statusCode).toBe(401);
      expect(after.json().error.code).toBe('AUTH_REQUIRED');
      expect((await me(b.token)).statusCode).toBe(200);
      const again = await signIn(ctx.app, {
        email: user.email,
        password: PASSWORD,
        deviceId: a.deviceId,
      });
      expect(again.deviceId).toBe(a.deviceId);
    });

    test('a disabled account is refused with ACCOUNT_DISABLED at once, and cannot sign in', async () => {
      const user = await createAccount(ctx.storage, { role: 'observer' });
      const s = await signIn(ctx.app, { email: user.email, password: PASSWORD });
      await ctx.storage.db
        .updateTable('users')
        .set({ status: 'disabled' })
        .where('id', '=', user.id)
        .execute();
      expect((await me(s.token)).json().error.code).toBe('ACCOUNT_DISABLED');
      const res = await attempt(user.email, PASSWORD);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('ACCOUNT_DISABLED');
      // Without the password, a disabled account looks like any other failure.
      expect((await attempt(user.email, 'wrong')).json()).toEqual(SIGN_IN_FAILED);
    });

    test('use of a session is noted on the session and as the device’s last contact', async () => {
      const user = await createAccount(ctx.storage, { role: 'observer' });
      const s = await signIn(ctx.app, { email: user.email, password: PASSWORD });
      const longAgo = '2020-01-01T00:00:00.000Z';
      await ctx.storage.db
        .updateTable('sessions')
        .set({ last_used_at: longAgo })
        .where('device_id', '=', s.deviceId)
        .execute();
      await ctx.storage.db
        .updateTable('devices')
        .set({ last_seen_at: longAgo })
        .where('id', '=', s.deviceId)
        .execute();
      expect((await me(s.token)).statusCode).toBe(200);
      const device = await ctx.storage.db
        .selectFrom('devices')
        .select('last_seen_at')
        .where('id', '=', s.deviceId)
        .executeTakeFirstOrThrow();
      expect(Date.now() - Date.parse(device.last_seen_at)).toBeLessThan(60_000);
    });
  });

  describe.skipIf(t === null)(`sign-in rate limit on ${engine.name}`, () => {
    test('sign-in attempts from one address are limited per minute; other routes are not', async () => {
      const limited = await buildTestApp(engine, { SIGN_IN_RATE_LIMIT_PER_MINUTE: 3 });
      try {
        const user = await createAccount(limited!.storage, { role: 'observer' });
        const codes = [];
        for (let i = 0; i < 4; i++) {
          const res = await limited!.app.inject({
            method: 'POST',
            url: '/api/auth/sign-in',
            payload: { email: user.email, password: PASSWORD },
          });
          codes.push(res.statusCode);
          if (i === 3) expect(res.json().error.code).toBe('RATE_LIMITED');
        }
        expect(codes).toEqual([200, 200, 200, 429]);
        expect((await limited!.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(
          200,
        );
      } finally {
        await limited?.close();
      }
    });
  });
}

// The admin API on every engine: administrators only, every body validated, distinct codes for
// duplicates and unknowns, and nothing written when a request is refused.
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { recordDeviceContact } from '../../sync-server/src/accounts/accounts-repository';
import { ROLES } from '../../sync-server/src/accounts/permissions';
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

type Call = {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  payload?: object;
} & InjectOptions;

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(`admin API on ${engine.name}`, () => {
    let ctx: TestApp;
    let adminToken: string;
    beforeAll(async () => {
      ctx = t!;
      const admin = await createAccount(ctx.storage, { role: 'admin' });
      adminToken = (await signIn(ctx.app, { email: admin.email, password: PASSWORD })).token;
    });
    afterAll(async () => ctx?.close());

    const asAdmin = (call: Call) => ctx.app.inject({ ...call, headers: bearer(adminToken) });
    const count = async (table: 'users' | 'scopes' | 'memberships') =>
      Number(
        (
          await ctx.storage.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    // Every admin route, each with a body it would accept from an admin.
    const everyRoute = (ids: { userId: string; scopeId: string; deviceId: string }): Call[] => [
      { method: 'GET', url: '/api/admin/scopes' },
      { method: 'POST', url: '/api/admin/scopes', payload: { name: 'Sneaky', kind: 'service' } },
      { method: 'GET', url: '/api/admin/users' },
      {
        method: 'POST',
        url: '/api/admin/users',
        payload: { email: uniqueEmail('sneaky'), role: 'admin', password: PASSWORD },
      },
      {
        method: 'POST',
        url: `/api/admin/users/${ids.userId}/memberships`,
        payload: { scopeId: ids.scopeId },
      },
      {
        method: 'POST',
        url: `/api/admin/users/${ids.userId}/password`,
        payload: { password: 'a brand new password' },
      },
      { method: 'DELETE', url: `/api/admin/users/${ids.userId}/memberships/${ids.scopeId}` },
      { method: 'PATCH', url: `/api/admin/users/${ids.userId}`, payload: { role: 'admin' } },
      { method: 'GET', url: '/api/admin/devices' },
      { method: 'POST', url: `/api/admin/devices/${ids.deviceId}/revoke` },
    ];

    test('every admin route is refused with 401 without a session and 403 FORBIDDEN for every other role, writing nothing', async () => {
      const target = await createAccount(ctx.storage, { role: 'observer' });
      const device = await signIn(ctx.app, { email: target.email, password: PASSWORD });
      const scope = await asAdmin({
        method: 'POST',
        url: '/api/admin/scopes',
        payload: { name: 'Forbidden test service', kind: 'service' },
      });
      const ids = { userId: target.id, scopeId: scope.json().scope.id, deviceId: device.deviceId };
      const before = [await count('users'), await count('scopes'), await count('memberships')];

      for (const call of everyRoute(ids)) {
        const res = await ctx.app.inject(call);
        expect(res.statusCode, `${call.method} ${call.url}`).toBe(401);
        expect(res.json().error.code).toBe('AUTH_REQUIRED');
      }

      const others = ROLES.filter((r) => r !== 'admin');
      expect(others).toHaveLength(6);
      for (const role of others) {
        const user = await createAccount(ctx.storage, { role });
        const { token } = await signIn(ctx.app, { email: user.email, password: PASSWORD });
        for (const call of everyRoute(ids)) {
          const res = await ctx.app.inject({ ...call, headers: bearer(token) });
          expect(res.statusCode, `${role}: ${call.method} ${call.url}`).toBe(403);
          const error = res.json().error;
          expect(error.code).toBe('FORBIDDEN');
          expect(error.message).toMatch(
            /^Only an administrator can do this; you are signed in as /,
          );
          expect(error.details).toEqual({
            reason: 'role-not-allowed',
            role,
            allowedRoles: ['admin'],
          });
        }
      }

      const afterwards = [await count('users'), await count('scopes'), await count('memberships')];
      // Only the six people signing in were added.
      expect(afterwards).toEqual([before[0]! + 6, before[1], before[2]]);
      const me = await ctx.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: bearer(device.token),
      });
      expect(me.statusCode).toBe(200);
    });

    test('scopes: a service, a practice group under it, and distinct codes for each mistake', async () => {
      const service = await asAdmin({
        method: 'POST',
        url: '/api/admin/scopes',
        payload: { name: '  Children in care  ', kind: 'service' },
      });
      expect(service.statusCode).toBe(201);
      const s = service.json().scope;
      expect(s).toMatchObject({ name: 'Children in care', kind: 'service', parentId: null });

      const group = await asAdmin({
        method: 'POST',
        url: '/api/admin/scopes',
        payload: { name: 'Care team A', kind: 'practice-group', parentId: s.id },
      });
      expect(group.statusCode).toBe(201);
      expect(group.json().scope).toMatchObject({ kind: 'practice-group', parentId: s.id });

      const before = await count('scopes');
      const refusals: [object, number, string][] = [
        [{ name: 'children IN care', kind: 'service' }, 409, 'SCOPE_NAME_TAKEN'],
        [{ name: 'Orphan group', kind: 'practice-group' }, 400, 'SCOPE_PARENT_INVALID'],
        [
          { name: 'Under a group', kind: 'practice-group', parentId: group.json().scope.id },
          400,
          'SCOPE_PARENT_INVALID',
        ],
        [{ name: 'Nested service', kind: 'service', parentId: s.id }, 400, 'SCOPE_PARENT_INVALID'],
        [
          { name: 'Lost group', kind: 'practice-group', parentId: 'no-such-scope' },
          404,
          'SCOPE_NOT_FOUND',
        ],
        [{ name: 'Team', kind: 'team' }, 400, 'VALIDATION_FAILED'],
        [{ name: '   ', kind: 'service' }, 400, 'VALIDATION_FAILED'],
        [{ kind: 'service' }, 400, 'VALIDATION_FAILED'],
      ];
      for (const [payload, status, code] of refusals) {
        const res = await asAdmin({ method: 'POST', url: '/api/admin/scopes', payload });
        expect(res.statusCode, JSON.stringify(payload)).toBe(status);
        expect(res.json().error.code).toBe(code);
        expect(res.json().error.message.length).toBeGreaterThan(10);
      }
      expect(await count('scopes')).toBe(before);

      const list = await asAdmin({ method: 'GET', url: '/api/admin/scopes' });
      // Listed, each practice group with its service's name.
      expect(list.json().scopes).toEqual(
        expect.arrayContaining([
          { ...s, parentName: null },
          { ...group.json().scope, parentName: 'Children in care' },
        ]),
      );
    });

    test('users: created with a role and scopes; bad role, malformed email, short password, unknown scope and duplicates write nothing', async () => {
      const scope = (
        await asAdmin({
          method: 'POST',
          url: '/api/admin/scopes',
          payload: { name: 'Early help', kind: 'service' },
        })
      ).json().scope;
      const email = uniqueEmail('Observer');
      const created = await asAdmin({
        method: 'POST',
        url: '/api/admin/users',
        payload: {
          email: email.toUpperCase(),
          displayName: 'Sam Observer',
          role: 'observer',
          password: PASSWORD,
          scopeIds: [scope.id],
        },
      });
      expect(created.statusCode).toBe(201);
      const user = created.json().user;
      expect(user).toMatchObject({
        email: email.toLowerCase(),
        displayName: 'Sam Observer',
        role: 'observer',
        status: 'active',
        lockedUntil: null,
        scopes: [{ id: scope.id, name: 'Early help', kind: 'service', parentId: null }],
      });
      expect(JSON.stringify(created.json())).not.toContain(PASSWORD);
      expect((await signIn(ctx.app, { email, password: PASSWORD })).token).toBeTruthy();

      const before = [await count('users'), await count('memberships')];
      const refusals: [Record<string, unknown>, number, string, string][] = [
        [{ role: 'superuser' }, 400, 'VALIDATION_FAILED', 'role'],
        [{ email: 'not an email' }, 400, 'VALIDATION_FAILED', 'email'],
        [{ password: 'too short' }, 400, 'VALIDATION_FAILED', 'password'],
        [{ scopeIds: [scope.id, 'no-such-scope'] }, 404, 'SCOPE_NOT_FOUND', 'no-such-scope'],
        [{ email: email.toUpperCase() }, 409, 'EMAIL_TAKEN', 'already an account'],
      ];
      for (const [change, status, code, mentions] of refusals) {
        const payload = {
          email: uniqueEmail('refused'),
          role: 'observer',
          password: PASSWORD,
          ...change,
        };
        const res = await asAdmin({ method: 'POST', url: '/api/admin/users', payload });
        expect(res.statusCode, JSON.stringify(change)).toBe(status);
        expect(res.json().error.code).toBe(code);
        expect(res.json().error.message).toContain(mentions);
      }
      expect([await count('users'), await count('memberships')]).toEqual(before);

      const list = await asAdmin({ method: 'GET', url: '/api/admin/users' });
      const listed = list.json().users.find((u: { id: string }) => u.id === user.id);
      expect(listed).toEqual(user);
      expect(JSON.stringify(list.json())).not.toMatch(/scrypt|password/i);
    });

    test('memberships: added once, repeated harmlessly, unknown user or scope refused', async () => {
      const service = (
        await asAdmin({
          method: 'POST',
          url: '/api/admin/scopes',
          payload: { name: 'Disabled children', kind: 'service' },
        })
      ).json().scope;
      const group = (
        await asAdmin({
          method: 'POST',
          url: '/api/admin/scopes',
          payload: { name: 'Short breaks', kind: 'practice-group', parentId: service.id },
        })
      ).json().scope;
      const user = await createAccount(ctx.storage, { role: 'head-of-service' });
      const url = `/api/admin/users/${user.id}/memberships`;

      const first = await asAdmin({ method: 'POST', url, payload: { scopeId: service.id } });
      expect(first.statusCode).toBe(200);
      expect(first.json().added).toBe(true);
      expect(first.json().user.scopes).toEqual([service]);
      const again = await asAdmin({ method: 'POST', url, payload: { scopeId: service.id } });
      expect(again.json().added).toBe(false);

      // Through a service membership the practice group is within the user's scopes.
      const { token } = await signIn(ctx.app, { email: user.email, password: PASSWORD });
      const me = await ctx.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: bearer(token),
      });
      expect(me.json().user.scopes).toEqual([
        { ...service, parentName: null },
        { ...group, parentName: 'Disabled children' },
      ]);

      const before = await count('memberships');
      const unknownScope = await asAdmin({
        method: 'POST',
        url,
        payload: { scopeId: 'no-such-scope' },
      });
      expect(unknownScope.statusCode).toBe(404);
      expect(unknownScope.json().error.code).toBe('SCOPE_NOT_FOUND');
      const unknownUser = await asAdmin({
        method: 'POST',
        url: '/api/admin/users/no-such-user/memberships',
        payload: { scopeId: service.id },
      });
      expect(unknownUser.statusCode).toBe(404);
      expect(unknownUser.json().error.code).toBe('USER_NOT_FOUND');
      const malformed = await asAdmin({ method: 'POST', url, payload: { scope: service.id } });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().error.code).toBe('VALIDATION_FAILED');
      // An id that could never have been issued is a malformed request, not an unknown one.
      const badId = await asAdmin({ method: 'POST', url, payload: { scopeId: 'nope' } });
      expect(badId.statusCode).toBe(400);
      expect(badId.json().error.code).toBe('VALIDATION_FAILED');
      expect(await count('memberships')).toBe(before);
    });

    test('devices: listed with last contact and unsent changes; revoking ends their sessions and reports what is given up', async () => {
      const user = await createAccount(ctx.storage, { role: 'observer' });
      const lost = await signIn(ctx.app, {
        email: user.email,
        password: PASSWORD,
        deviceName: 'Tablet 12',
      });
      const kept = await signIn(ctx.app, { email: user.email, password: PASSWORD });
      await recordDeviceContact(ctx.storage.db, lost.deviceId, { unsent: 7 });

      const list = await asAdmin({ method: 'GET', url: `/api/admin/devices?userId=${user.id}` });
      expect(list.statusCode).toBe(200);
      const devices = list.json().devices;
      expect(devices.map((d: { id: string }) => d.id).sort()).toEqual(
        [lost.deviceId, kept.deviceId].sort(),
      );
      const listed = devices.find((d: { id: string }) => d.id === lost.deviceId);
      expect(listed).toMatchObject({
        userId: user.id,
        userEmail: user.email,
        name: 'Tablet 12',
        unsentReported: 7,
        revokedAt: null,
      });
      expect(Date.now() - Date.parse(listed.lastSeenAt)).toBeLessThan(60_000);

      const revoked = await asAdmin({
        method: 'POST',
        url: `/api/admin/devices/${lost.deviceId}/revoke`,
      });
      expect(revoked.statusCode).toBe(200);
      expect(revoked.json()).toMatchObject({
        sessionsRevoked: 1,
        alreadyRevoked: false,
        device: { id: lost.deviceId, unsentReported: 7 },
      });
      expect(revoked.json().device.revokedAt).not.toBeNull();
      const me = (token: string) =>
        ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });
      expect((await me(lost.token)).json().error.code).toBe('DEVICE_REVOKED');
      expect((await me(kept.token)).statusCode).toBe(200);

      const twice = await asAdmin({
        method: 'POST',
        url: `/api/admin/devices/${lost.deviceId}/revoke`,
      });
      expect(twice.json()).toMatchObject({ sessionsRevoked: 0, alreadyRevoked: true });

      const unknown = await asAdmin({
        method: 'POST',
        url: '/api/admin/devices/no-such-device/revoke',
      });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.code).toBe('DEVICE_NOT_FOUND');
    });

    test('reset password: the new one works, the old one does not, the lock is cleared and sessions end', async () => {
      const user = await createAccount(ctx.storage, { role: 'practitioner' });
      const s = await signIn(ctx.app, { email: user.email, password: PASSWORD });
      for (let i = 0; i < 5; i++) {
        await ctx.app.inject({
          method: 'POST',
          url: '/api/auth/sign-in',
          payload: { email: user.email, password: 'wrong' },
        });
      }
      const locked = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { email: user.email, password: PASSWORD },
      });
      expect(locked.statusCode).toBe(423);

      const short = await asAdmin({
        method: 'POST',
        url: `/api/admin/users/${user.id}/password`,
        payload: { password: 'short' },
      });
      expect(short.statusCode).toBe(400);
      expect(short.json().error.code).toBe('VALIDATION_FAILED');

      const reset = await asAdmin({
        method: 'POST',
        url: `/api/admin/users/${user.id}/password`,
        payload: { password: 'a brand new password' },
      });
      expect(reset.statusCode).toBe(200);
      expect(reset.json()).toEqual({ sessionsRevoked: 1 });
      const old = await ctx.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: bearer(s.token),
      });
      expect(old.json().error.code).toBe('AUTH_REQUIRED');
      const withOld = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { email: user.email, password: PASSWORD },
      });
      expect(withOld.statusCode).toBe(401);
      const withNew = await signIn(ctx.app, {
        email: user.email,
        password: 'a brand new password',
        deviceId: s.deviceId,
      });
      // The device registration survives a reset, so its unsent work can still go up.
      expect(withNew.deviceId).toBe(s.deviceId);

      const unknown = await asAdmin({
        method: 'POST',
        url: '/api/admin/users/no-such-user/password',
        payload: { password: 'a brand new password' },
      });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.code).toBe('USER_NOT_FOUND');
    });

    test('the admin routes are described in the OpenAPI document', async () => {
      const doc = (await ctx.app.inject({ method: 'GET', url: '/docs/json' })).json();
      for (const path of [
        '/api/auth/sign-in',
        '/api/auth/sign-out',
        '/api/auth/me',
        '/api/setup',
        '/api/admin/scopes',
        '/api/admin/users',
        '/api/admin/users/{userId}/memberships',
        '/api/admin/users/{userId}/password',
        '/api/admin/devices',
        '/api/admin/devices/{deviceId}/revoke',
      ]) {
        expect(doc.paths, path).toHaveProperty([path]);
      }
    });
  });
}

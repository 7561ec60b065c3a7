// Changing accounts on every engine: a role change holds from the next request; disabling a leaver
// ends every session at once and refuses sign-in while their devices keep their registration;
// enabling lets them back; taking someone out of a team drops that team's records from their next
// pull; the last administrator can be neither demoted nor disabled; each change is audited.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../schemas/sync/protocol-version';
import { verifyAudit } from '../../sync-server/src/audit/verify';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { dumpDatabase } from '../helpers/db-dump';
import { ENGINES } from '../helpers/engines';
import { FRONTLINE, InjectDevice } from '../helpers/inject-sync';
import { addScope } from '../helpers/sync-fixtures';

useQuickPasswordHashing();

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(`account changes on ${engine.name}`, () => {
    let ctx: TestApp;
    let adminToken: string;
    let adminId: string;
    beforeAll(async () => {
      ctx = t!;
      const admin = await createAccount(ctx.storage, { role: 'admin' });
      adminId = admin.id;
      adminToken = (await signIn(ctx.app, admin)).token;
    });
    afterAll(async () => ctx?.close());

    const patch = (userId: string, payload: object, token = adminToken) =>
      ctx.app.inject({
        method: 'PATCH',
        url: `/api/admin/users/${userId}`,
        headers: bearer(token),
        payload,
      });
    const me = (token: string) =>
      ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });
    const audit = async (userId: string) =>
      (
        await ctx.storage.db
          .selectFrom('audit_log')
          .select('action')
          .where('record_id', '=', userId)
          .where('user_id', '=', adminId)
          .orderBy('seq')
          .execute()
      ).map((r) => r.action);

    test('a new role holds from the next request of a session already open', async () => {
      const scope = await addScope(ctx.storage.db, `Roles ${engine.name}`, 'service');
      const person = await createAccount(ctx.storage, { role: 'observer', scopeIds: [scope] });
      const session = await signIn(ctx.app, person);
      const report = () =>
        ctx.app.inject({
          method: 'GET',
          url: '/api/reports/concerns',
          headers: bearer(session.token),
        });
      expect((await report()).statusCode).toBe(403);
      const res = await patch(person.id, { role: 'qa-lead' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().user.role).toBe('qa-lead');
      expect((await me(session.token)).json().user.role).toBe('qa-lead');
      expect((await report()).statusCode).toBe(200);
      expect(await audit(person.id)).toContain('admin:change-account');
    });

    test('disabling a leaver ends their sessions at once and refuses sign-in; enabling lets them back', async () => {
      const person = await createAccount(ctx.storage, { role: 'observer' });
      const first = await signIn(ctx.app, person);
      const second = await signIn(ctx.app, person);
      const res = await patch(person.id, { status: 'disabled' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ user: { status: 'disabled' }, sessionsRevoked: 2 });
      for (const s of [first, second]) expect((await me(s.token)).statusCode).toBe(401);
      const refused = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { email: person.email, password: person.password, deviceId: first.deviceId },
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('ACCOUNT_DISABLED');
      // The registration is kept: the tablet's unsent work can still come in.
      const device = await ctx.storage.db
        .selectFrom('devices')
        .select('revoked_at')
        .where('id', '=', first.deviceId)
        .executeTakeFirstOrThrow();
      expect(device.revoked_at).toBeNull();

      expect((await patch(person.id, { status: 'active' })).json().user.status).toBe('active');
      const back = await signIn(ctx.app, { ...person, deviceId: first.deviceId });
      expect(back.deviceId).toBe(first.deviceId);
      expect((await me(back.token)).statusCode).toBe(200);
    });

    test('taken out of a team, a person’s next pull drops that team’s records', async () => {
      const service = await addScope(ctx.storage.db, `Moves ${engine.name}`, 'service');
      const stays = await addScope(
        ctx.storage.db,
        `Stays ${engine.name}`,
        'practice-group',
        service,
      );
      const leaves = await addScope(
        ctx.storage.db,
        `Leaves ${engine.name}`,
        'practice-group',
        service,
      );
      const author = await createAccount(ctx.storage, { role: 'observer', scopeIds: [leaves] });
      const reader = await createAccount(ctx.storage, {
        role: 'qa-lead',
        scopeIds: [stays, leaves],
      });
      const authorTablet = new InjectDevice(ctx.app, await signIn(ctx.app, author));
      const pushed = await authorTablet.push({
        recordId: `moves-${engine.name}-record-01`,
        type: 'observation',
        op: 'put',
        scopeId: leaves,
        baseVersion: 0,
        set: { ...FRONTLINE, 'summary.strengths': 'Clear and kind' },
      });
      expect(pushed.results[0]!.status).toBe('applied');
      const readerTablet = new InjectDevice(ctx.app, await signIn(ctx.app, reader));
      const before = await readerTablet.pull();
      expect(before.map((r) => r.id)).toContain(`moves-${engine.name}-record-01`);

      const res = await ctx.app.inject({
        method: 'DELETE',
        url: `/api/admin/users/${reader.id}/memberships/${leaves}`,
        headers: bearer(adminToken),
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().removed).toBe(true);
      expect(res.json().user.scopes.map((s: { id: string }) => s.id)).toEqual([stays]);
      const next = await ctx.app.inject({
        method: 'POST',
        url: '/api/sync/pull',
        headers: bearer(readerTablet.session.token),
        payload: {
          protocolVersion: PROTOCOL_VERSION,
          schemaVersion: SCHEMA_VERSION,
          deviceId: readerTablet.session.deviceId,
          cursor: readerTablet.cursor,
        },
      });
      expect(next.statusCode).toBe(200);
      expect(next.json().evict).toContain(`moves-${engine.name}-record-01`);

      const again = await ctx.app.inject({
        method: 'DELETE',
        url: `/api/admin/users/${reader.id}/memberships/${leaves}`,
        headers: bearer(adminToken),
      });
      expect(again.json().removed).toBe(false);
      expect(await audit(reader.id)).toEqual([
        'admin:remove-membership',
        'admin:remove-membership',
      ]);
    });

    test('refused with a 4xx and nothing changed: the last administrator, an unknown account, an empty change', async () => {
      const before = await dumpDatabase(ctx.storage);
      for (const body of [{ role: 'observer' }, { status: 'disabled' }]) {
        const res = await patch(adminId, body);
        expect(res.statusCode).toBe(409);
        expect(res.json().error.code).toBe('LAST_ADMIN');
      }
      const unknown = await patch('no-such-user-000000', { role: 'observer' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.code).toBe('USER_NOT_FOUND');
      for (const body of [{}, { role: 'overlord' }, { status: 'gone' }, { role: 'admin', x: 1 }]) {
        const res = await patch(adminId, body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json().error.code).toBe('VALIDATION_FAILED');
      }
      expect(await dumpDatabase(ctx.storage)).toEqual(before);
      await expect(verifyAudit(ctx.storage)).resolves.toMatchObject({ ok: true });
    });
  });
}

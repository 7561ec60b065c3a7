// Admin changes enter the hash-chained audit trail with who made them, and no password.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { verifyAudit } from '../../sync-server/src/audit/verify';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import {
  bearer,
  createAccount,
  signIn,
  uniqueEmail,
  useQuickPasswordHashing,
} from '../helpers/accounts';

useQuickPasswordHashing();

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(`admin audit on ${engine.name}`, () => {
    let ctx: TestApp;
    beforeAll(() => {
      ctx = t!;
    });
    afterAll(async () => ctx?.close());

    test('adding a team and a person, and resetting a password, are audited with the admin as author', async () => {
      const admin = await createAccount(ctx.storage, { role: 'admin' });
      const session = await signIn(ctx.app, {
        email: admin.email,
        password: admin.password,
        deviceName: 'Laptop',
      });
      const scope = await ctx.app.inject({
        method: 'POST',
        url: '/api/admin/scopes',
        headers: bearer(session.token),
        payload: { name: 'Audited service', kind: 'service' },
      });
      expect(scope.statusCode).toBe(201);
      const secret = 'a password that must not be audited';
      const user = await ctx.app.inject({
        method: 'POST',
        url: '/api/admin/users',
        headers: bearer(session.token),
        payload: {
          email: uniqueEmail('audited'),
          role: 'observer',
          password: secret,
          scopeIds: [scope.json().scope.id],
        },
      });
      expect(user.statusCode).toBe(201);
      const reset = await ctx.app.inject({
        method: 'POST',
        url: `/api/admin/users/${user.json().user.id}/password`,
        headers: bearer(session.token),
        payload: { password: `${secret} again` },
      });
      expect(reset.statusCode).toBe(200);
      const entries = await ctx.storage.db
        .selectFrom('audit_log')
        .innerJoin('audit_content', 'audit_content.hash', 'audit_log.content_hash')
        .select([
          'audit_log.action',
          'audit_log.user_id',
          'audit_log.record_id',
          'audit_content.body',
        ])
        .where('audit_log.user_id', '=', admin.id)
        .orderBy('audit_log.seq')
        .execute();
      expect(entries.map((e) => e.action)).toEqual([
        'admin:add-scope',
        'admin:add-user',
        'admin:reset-password',
      ]);
      expect(entries[1]!.record_id).toBe(user.json().user.id);
      expect(entries.map((e) => e.body).join('\n')).not.toContain(secret);
      await expect(verifyAudit(ctx.storage)).resolves.toMatchObject({ ok: true });
    });
  });
}

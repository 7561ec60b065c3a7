// Immediate safety concerns on every engine: their own idempotent route, ahead of queued edits;
// delivered to the director and QA leads of the team; acknowledged once, on any device.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createScope } from '../../sync-server/src/accounts/accounts-repository';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../schemas/sync/protocol-version';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';
import type { SignedIn } from '../helpers/accounts';
import { newId } from '../helpers/sync-fixtures';

useQuickPasswordHashing();

const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION };

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(`safety concerns on ${engine.name}`, () => {
    let ctx: TestApp;
    let groupA: string;
    let observer: SignedIn;
    let director: SignedIn;
    let qaOther: SignedIn;
    let admin: SignedIn;

    beforeAll(async () => {
      ctx = t!;
      const db = ctx.storage.db;
      const service = await createScope(db, { name: 'Children and families', kind: 'service' });
      groupA = (
        await createScope(db, { name: 'Group A', kind: 'practice-group', parentId: service.id })
      ).id;
      const groupB = (
        await createScope(db, { name: 'Group B', kind: 'practice-group', parentId: service.id })
      ).id;
      const serviceOther = await createScope(db, { name: 'Other service', kind: 'service' });
      const groupC = (
        await createScope(db, {
          name: 'Group C',
          kind: 'practice-group',
          parentId: serviceOther.id,
        })
      ).id;
      const sign = async (
        role: Parameters<typeof createAccount>[1]['role'],
        scopeIds: string[],
      ) => {
        const a = await createAccount(ctx.storage, { role, scopeIds });
        return signIn(ctx.app, { email: a.email, password: a.password, deviceName: 'Tablet' });
      };
      observer = await sign('observer', [groupA]);
      director = await sign('director', [service.id]);
      qaOther = await sign('qa-lead', [groupB, groupC]);
      admin = await sign('admin', []);
    });
    afterAll(async () => ctx?.close());

    const concernBody = (who: SignedIn, overrides: Record<string, unknown> = {}) => ({
      ...versions,
      deviceId: who.deviceId,
      scopeId: groupA,
      concern: {
        id: newId(),
        caseId: 'AB-1234',
        what: 'Bruising seen on the younger child during the visit.',
        raisedAt: new Date().toISOString(),
        whoWasTold: [{ name: 'Duty manager', role: 'Team manager', at: new Date().toISOString() }],
        ...overrides,
      },
    });
    const raise = (who: SignedIn, body: unknown) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/concerns',
        headers: bearer(who.token),
        payload: body as object,
      });

    test('a concern is received at once, and sending it again changes nothing', async () => {
      const body = concernBody(observer);
      const first = await raise(observer, body);
      expect(first.statusCode).toBe(201);
      const view = first.json();
      expect(view).toMatchObject({
        created: true,
        scopeId: groupA,
        concern: { id: body.concern.id, caseId: 'AB-1234' },
      });
      expect(view.concern.receivedAt).toEqual(expect.any(String));
      const again = await raise(observer, body);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual({ ...view, created: false });
    });

    test('the director of the service sees it and acknowledges it once; a QA lead of another team cannot', async () => {
      const body = concernBody(observer);
      await raise(observer, body);
      const list = await ctx.app.inject({
        method: 'GET',
        url: '/api/concerns',
        headers: bearer(director.token),
      });
      expect(list.json().concerns.map((c: { concern: { id: string } }) => c.concern.id)).toContain(
        body.concern.id,
      );
      const pull = await ctx.app.inject({
        method: 'POST',
        url: '/api/sync/pull',
        headers: bearer(director.token),
        payload: { ...versions, deviceId: director.deviceId, cursor: null },
      });
      expect(pull.json().records.map((r: { id: string }) => r.id)).toContain(body.concern.id);
      const others = await ctx.app.inject({
        method: 'GET',
        url: '/api/concerns',
        headers: bearer(qaOther.token),
      });
      expect(
        others.json().concerns.map((c: { concern: { id: string } }) => c.concern.id),
      ).not.toContain(body.concern.id);
      const denied = await ctx.app.inject({
        method: 'POST',
        url: `/api/concerns/${body.concern.id}/acknowledge`,
        headers: bearer(qaOther.token),
      });
      expect(denied.statusCode).toBe(404);
      expect(denied.json().error.code).toBe('CONCERN_NOT_FOUND');
      const ack = await ctx.app.inject({
        method: 'POST',
        url: `/api/concerns/${body.concern.id}/acknowledge`,
        headers: bearer(director.token),
      });
      expect(ack.statusCode).toBe(200);
      const acknowledged = ack.json().concern;
      expect(acknowledged.acknowledgedAt).toEqual(expect.any(String));
      const again = await ctx.app.inject({
        method: 'POST',
        url: `/api/concerns/${body.concern.id}/acknowledge`,
        headers: bearer(director.token),
      });
      expect(again.json().concern.acknowledgedAt).toBe(acknowledged.acknowledgedAt);
    });

    test('a name where the case ID belongs is refused, naming the field, and nothing is stored', async () => {
      const body = concernBody(observer, { caseId: 'Jane Smith' });
      const res = await raise(observer, body);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(res.json().error.message).toMatch(/^concern\.caseId: /);
      const row = await ctx.storage.db
        .selectFrom('records')
        .select('id')
        .where('id', '=', body.concern.id)
        .executeTakeFirst();
      expect(row).toBeUndefined();
    });

    test('an admin account cannot raise one, and a team outside the raiser’s is refused', async () => {
      expect((await raise(admin, concernBody(admin))).statusCode).toBe(403);
      const res = await raise(qaOther, concernBody(qaOther));
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN_SCOPE');
    });
  });
}

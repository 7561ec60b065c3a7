// Immediate safety concerns on every engine: their own idempotent route, ahead of queued edits;
// delivered to the director and QA leads of the team; acknowledged once, on any device; settled
// only by the Director's acknowledgement; the answer says how the Director is being told.
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
    type Person = SignedIn & { userId: string };
    let observer: Person;
    let director: Person;
    let qaLead: Person;
    let head: Person;
    let qaOther: Person;
    let admin: Person;

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
        const session = await signIn(ctx.app, {
          email: a.email,
          password: a.password,
          deviceName: 'Tablet',
        });
        return { ...session, userId: a.id };
      };
      observer = await sign('observer', [groupA]);
      director = await sign('director', [service.id]);
      qaLead = await sign('qa-lead', [groupA]);
      head = await sign('head-of-service', [service.id]);
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

    const acknowledge = (who: SignedIn, id: string) =>
      ctx.app.inject({
        method: 'POST',
        url: `/api/concerns/${id}/acknowledge`,
        headers: bearer(who.token),
      });
    const get = (who: SignedIn, id: string) =>
      ctx.app.inject({ method: 'GET', url: `/api/concerns/${id}`, headers: bearer(who.token) });

    test('the answer says how the Director is told: with no email or webhook set up, only in the app', async () => {
      const res = await raise(observer, concernBody(observer));
      expect(res.statusCode).toBe(201);
      expect(res.json().directorNotice).toEqual({ email: null, webhook: null, inApp: true });
    });

    test('with no active director at all, the answer says the app cannot tell one', async () => {
      const db = ctx.storage.db;
      await db
        .updateTable('users')
        .set({ status: 'disabled' })
        .where('role', '=', 'director')
        .execute();
      try {
        const res = await raise(observer, concernBody(observer));
        expect(res.statusCode).toBe(201);
        expect(res.json().directorNotice).toEqual({ email: null, webhook: null, inApp: false });
      } finally {
        await db
          .updateTable('users')
          .set({ status: 'active' })
          .where('role', '=', 'director')
          .execute();
      }
    });

    test('the raiser reads their concern back with the notice; the director may (audited); nobody else', async () => {
      const body = concernBody(observer);
      await raise(observer, body);
      const id = body.concern.id;
      const own = await get(observer, id);
      expect(own.statusCode).toBe(200);
      expect(own.json()).toMatchObject({
        concern: { id, caseId: 'AB-1234' },
        scopeId: groupA,
        created: false,
        directorNotice: { email: null, webhook: null, inApp: true },
      });
      const reads = () =>
        ctx.storage.db
          .selectFrom('audit_log')
          .select(['user_id', 'record_id'])
          .where('action', '=', 'read')
          .where('record_id', '=', id)
          .execute();
      expect(await reads()).toEqual([]);
      expect((await get(director, id)).statusCode).toBe(200);
      expect(await reads()).toEqual([{ user_id: director.userId, record_id: id }]);
      for (const who of [qaOther, admin]) {
        const denied = await get(who, id);
        expect(denied.statusCode).toBe(404);
        expect(denied.json().error.code).toBe('CONCERN_NOT_FOUND');
      }
      expect((await get(observer, 'no-such-concern-0001')).statusCode).toBe(404);
    });

    test('a QA lead’s and a head of service’s acknowledgements are recorded, once each, and settle nothing; only the Director’s does', async () => {
      const body = concernBody(observer);
      await raise(observer, body);
      const id = body.concern.id;
      const byQa = await acknowledge(qaLead, id);
      expect(byQa.statusCode, byQa.body).toBe(200);
      const afterQa = byQa.json().concern;
      expect(afterQa.acknowledgedAt).toBeUndefined();
      expect(afterQa.acknowledgedBy).toBeUndefined();
      expect(afterQa.alsoAcknowledged).toEqual([
        { by: qaLead.userId, role: 'qa-lead', at: expect.any(String) },
      ]);
      // Pressed again: nothing changes.
      expect((await acknowledge(qaLead, id)).json().concern).toEqual(afterQa);
      const byHead = (await acknowledge(head, id)).json().concern;
      expect(byHead.acknowledgedAt).toBeUndefined();
      expect(byHead.alsoAcknowledged.map((a: { role: string }) => a.role)).toEqual([
        'qa-lead',
        'head-of-service',
      ]);

      // Still unsettled in the log the director reads, and on every tablet by pull.
      const log = await ctx.app.inject({
        method: 'GET',
        url: '/api/reports/concerns?status=unacknowledged',
        headers: bearer(director.token),
      });
      expect(log.json().concerns.map((c: { concern: { id: string } }) => c.concern.id)).toContain(
        id,
      );
      const pull = await ctx.app.inject({
        method: 'POST',
        url: '/api/sync/pull',
        headers: bearer(director.token),
        payload: { ...versions, deviceId: director.deviceId, cursor: null },
      });
      const pulled = pull.json().records.find((r: { id: string }) => r.id === id) as {
        fields: Record<string, string>;
      };
      expect(pulled.fields['acknowledgedAt']).toBeUndefined();
      expect(pulled.fields['alsoAcknowledged.0.by']).toBe(qaLead.userId);
      expect(pulled.fields['alsoAcknowledged.1.role']).toBe('head-of-service');

      const byDirector = (await acknowledge(director, id)).json().concern;
      expect(byDirector).toMatchObject({
        acknowledgedBy: director.userId,
        acknowledgedAt: expect.any(String),
        alsoAcknowledged: byHead.alsoAcknowledged,
      });
      // Once settled, a QA lead's later press records nothing more.
      expect((await acknowledge(qaLead, id)).json().concern).toEqual(byDirector);

      const trail = await ctx.storage.db
        .selectFrom('audit_log')
        .innerJoin('audit_content', 'audit_content.hash', 'audit_log.content_hash')
        .select(['audit_log.user_id', 'audit_content.body'])
        .where('audit_log.action', '=', 'concern-acknowledged')
        .where('audit_log.record_id', '=', id)
        .orderBy('audit_log.seq')
        .execute();
      expect(
        trail.map((e) => {
          const c = JSON.parse(String(e.body)) as { role: string; settles: boolean };
          return [e.user_id, c.role, c.settles];
        }),
      ).toEqual([
        [qaLead.userId, 'qa-lead', false],
        [head.userId, 'head-of-service', false],
        [director.userId, 'director', true],
      ]);
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

// What a person may do to records that are not only theirs, on every engine: sharing reaches only
// the person observed in the observation's team; a safety concern stays as it was raised; a
// concern deleted under the retention schedule breaks no list and is not raised again; and every
// list that shows someone else's concerns or assignments leaves a read in the audit trail.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createScope } from '../../sync-server/src/accounts/accounts-repository';
import { deleteDue, updatePeriods } from '../../sync-server/src/retention/retention';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../schemas/sync/protocol-version';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';
import type { SignedIn } from '../helpers/accounts';
import { newId } from '../helpers/sync-fixtures';

useQuickPasswordHashing();

const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION };
const FRONTLINE = {
  kind: 'frontline-practice',
  templateId: 'frontline-practice',
  templateVersion: 1,
};

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(`records not only one's own, on ${engine.name}`, () => {
    let ctx: TestApp;
    let group: string;
    let observer: SignedIn;
    let peer: SignedIn;
    let practitioner: SignedIn;
    let practitionerElsewhere: SignedIn;
    let directorElsewhere: SignedIn;
    let guest: SignedIn;
    let director: SignedIn;
    let qaLead: SignedIn;
    const ids = new Map<string, string>();
    const next = new Map<string, number>();

    beforeAll(async () => {
      ctx = t!;
      const db = ctx.storage.db;
      const service = await createScope(db, { name: 'Children and families', kind: 'service' });
      group = (
        await createScope(db, { name: 'Group A', kind: 'practice-group', parentId: service.id })
      ).id;
      const other = await createScope(db, { name: 'Other service', kind: 'service' });
      const otherGroup = (
        await createScope(db, { name: 'Group C', kind: 'practice-group', parentId: other.id })
      ).id;
      const sign = async (
        role: Parameters<typeof createAccount>[1]['role'],
        scopeIds: string[],
      ) => {
        const a = await createAccount(ctx.storage, { role, scopeIds });
        ids.set(a.email, a.id);
        const s = await signIn(ctx.app, { email: a.email, password: a.password, deviceName: 'T' });
        ids.set(s.deviceId, a.id);
        return s;
      };
      observer = await sign('observer', [group]);
      peer = await sign('observer', [service.id]);
      practitioner = await sign('practitioner', [group]);
      practitionerElsewhere = await sign('practitioner', [otherGroup]);
      directorElsewhere = await sign('director', [other.id]);
      guest = await sign('guest', []);
      director = await sign('director', [service.id]);
      qaLead = await sign('qa-lead', [group]);
    });
    afterAll(async () => ctx?.close());

    const userOf = (s: SignedIn) => ids.get(s.deviceId)!;
    const push = async (who: SignedIn, m: Record<string, unknown>) => {
      const id = (next.get(who.deviceId) ?? 0) + 1;
      next.set(who.deviceId, id);
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/sync/push',
        headers: bearer(who.token),
        payload: {
          ...versions,
          deviceId: who.deviceId,
          sentAt: new Date().toISOString(),
          mutations: [{ id, baseVersion: 0, at: new Date().toISOString(), op: 'put', ...m }],
        },
      });
      expect(res.statusCode).toBe(200);
      return res.json().results[0] as { status: string; code?: string };
    };
    const pulledIds = async (who: SignedIn) => {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/sync/pull',
        headers: bearer(who.token),
        payload: { ...versions, deviceId: who.deviceId, cursor: null },
      });
      return (res.json().records as Array<{ id: string }>).map((r) => r.id);
    };
    const observation = async (set: Record<string, unknown> = {}) => {
      const recordId = newId();
      const r = await push(observer, {
        recordId,
        type: 'observation',
        scopeId: group,
        set: { ...FRONTLINE, status: 'draft', ...set },
      });
      return { recordId, result: r };
    };
    const share = (recordId: string, who: SignedIn) =>
      push(observer, {
        recordId,
        type: 'observation',
        set: { 'context.observedUserId': userOf(who), sharedWithPractitioner: true },
      });

    test('an observation is shared only with the person observed in its team', async () => {
      for (const outsider of [directorElsewhere, practitionerElsewhere, guest, qaLead]) {
        const { recordId } = await observation();
        expect(await share(recordId, outsider), `shared with a ${outsider.deviceId}`).toMatchObject(
          { status: 'rejected', code: 'SHARE_NOT_ALLOWED' },
        );
        // The QA lead reads the team's records anyway; the others see nothing of it.
        if (outsider !== qaLead) expect(await pulledIds(outsider)).not.toContain(recordId);
      }
      const { recordId } = await observation();
      expect(await share(recordId, practitioner)).toMatchObject({ status: 'applied' });
      expect(await pulledIds(practitioner)).toContain(recordId);
      // The practitioner adds their response and nothing else.
      expect(
        await push(practitioner, {
          recordId,
          type: 'observation',
          set: { practitionerResponse: 'I would ask the children first next time.' },
        }),
      ).toMatchObject({ status: 'applied' });
      expect(
        await push(practitioner, {
          recordId,
          type: 'observation',
          set: { 'context.observedUserId': userOf(directorElsewhere) },
        }),
      ).toMatchObject({ status: 'rejected', code: 'FORBIDDEN_FIELD' });
    });

    test('shared as it is made, the observation reaches the person observed; a peer observed reflects too', async () => {
      const { recordId, result } = await observation({
        'context.observedUserId': userOf(peer),
        sharedWithPractitioner: true,
      });
      expect(result).toMatchObject({ status: 'applied' });
      expect(await pulledIds(peer)).toContain(recordId);
      expect(
        await push(peer, {
          recordId,
          type: 'observation',
          set: { practitionerResponse: 'Useful feedback on the chairing.' },
        }),
      ).toMatchObject({ status: 'applied' });
      const refused = await observation({
        'context.observedUserId': userOf(directorElsewhere),
        sharedWithPractitioner: true,
      });
      expect(refused.result).toMatchObject({ status: 'rejected', code: 'SHARE_NOT_ALLOWED' });
    });

    const raise = async (who: SignedIn) => {
      const body = {
        ...versions,
        deviceId: who.deviceId,
        scopeId: group,
        concern: {
          id: newId(),
          caseId: 'AB-1234',
          what: 'Bruising seen on the younger child during the visit.',
          raisedAt: new Date().toISOString(),
          whoWasTold: [
            { name: 'Duty manager', role: 'Team manager', at: new Date().toISOString() },
          ],
        },
      };
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/concerns',
        headers: bearer(who.token),
        payload: body,
      });
      return { body, res };
    };
    const get = (who: SignedIn, url: string) =>
      ctx.app.inject({ method: 'GET', url, headers: bearer(who.token) });

    test('a safety concern stays as it was raised: its raiser cannot change, acknowledge or delete it by push', async () => {
      const { body, res } = await raise(observer);
      expect(res.statusCode).toBe(201);
      const id = body.concern.id;
      for (const set of [
        { acknowledgedAt: new Date().toISOString() },
        { caseId: 'ZZ-9999' },
        { what: 12 },
      ]) {
        expect(await push(observer, { recordId: id, type: 'safety-concern', set })).toMatchObject({
          status: 'rejected',
          code: 'CONCERN_UNCHANGEABLE',
        });
      }
      expect(
        await push(observer, { recordId: id, type: 'safety-concern', op: 'delete', set: {} }),
      ).toMatchObject({ status: 'rejected', code: 'CONCERN_UNCHANGEABLE' });
      const list = await get(director, '/api/concerns');
      expect(list.statusCode).toBe(200);
      const listed = list
        .json()
        .concerns.find((c: { concern: { id: string } }) => c.concern.id === id);
      expect(listed.concern).toMatchObject({ caseId: 'AB-1234' });
      expect(listed.concern.acknowledgedAt).toBeUndefined();
      const log = await get(director, '/api/reports/concerns');
      expect(log.statusCode).toBe(200);
    });

    test('a concern deleted under the retention schedule breaks no list, cannot be acknowledged, and is not raised again', async () => {
      const { body, res } = await raise(observer);
      expect(res.statusCode).toBe(201);
      const id = body.concern.id;
      await updatePeriods(ctx.storage.db, { 'safety-concern': 1 });
      const later = new Date(Date.now() + 3 * 86_400_000);
      await deleteDue(ctx.storage.db, [id], { userId: userOf(director) }, later);
      for (const url of ['/api/concerns', '/api/reports/concerns']) {
        const list = await get(director, url);
        expect(list.statusCode, url).toBe(200);
        expect(JSON.stringify(list.json())).not.toContain(id);
      }
      const ack = await ctx.app.inject({
        method: 'POST',
        url: `/api/concerns/${id}/acknowledge`,
        headers: bearer(director.token),
      });
      expect(ack.statusCode).toBe(404);
      const row = await ctx.storage.db
        .selectFrom('records')
        .select(['fields', 'deleted'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row.fields).toBe('{}');
      // The tablet that still held it sends it again: told it arrived; nothing stored or sent.
      const outboxBefore = await ctx.storage.db
        .selectFrom('notification_outbox')
        .select('id')
        .execute();
      const again = await ctx.app.inject({
        method: 'POST',
        url: '/api/concerns',
        headers: bearer(observer.token),
        payload: body,
      });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ created: false, concern: { id } });
      const after = await ctx.storage.db
        .selectFrom('records')
        .select(['fields'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(after.fields).toBe('{}');
      expect(
        await ctx.storage.db.selectFrom('notification_outbox').select('id').execute(),
      ).toHaveLength(outboxBefore.length);
      await updatePeriods(ctx.storage.db, { 'safety-concern': null });
    });

    test('lists that show someone else’s concerns or assignments are audited as reads', async () => {
      const { body } = await raise(observer);
      const plan = await ctx.app.inject({
        method: 'POST',
        url: '/api/programme/assignments',
        headers: bearer(qaLead.token),
        payload: {
          assignments: [
            {
              kind: 'frontline-practice',
              scopeId: group,
              observerUserId: userOf(observer),
              dueDate: '2027-01-31',
            },
          ],
        },
      });
      expect(plan.statusCode, plan.body).toBe(201);
      const assignmentId = plan.json().assignments[0].id as string;
      const readsBy = async (who: SignedIn, view: string) => {
        const rows = await ctx.storage.db
          .selectFrom('audit_log')
          .innerJoin('audit_content', 'audit_content.hash', 'audit_log.content_hash')
          .select('audit_content.body')
          .where('audit_log.user_id', '=', userOf(who))
          .where('audit_log.action', '=', 'read')
          .execute();
        return rows
          .map((r) => JSON.parse(String(r.body)) as { records: string[]; view?: string })
          .filter((c) => c.view === view)
          .flatMap((c) => c.records);
      };
      expect((await get(director, '/api/concerns')).statusCode).toBe(200);
      expect(await readsBy(director, 'concern-list')).toContain(body.concern.id);
      const log = await get(director, '/api/reports/concerns');
      expect(log.statusCode, log.body).toBe(200);
      expect(await readsBy(director, 'concern-log')).toContain(body.concern.id);
      expect((await get(observer, '/api/programme/assignments')).statusCode).toBe(200);
      expect(await readsBy(observer, 'assignments')).toContain(assignmentId);
      const cover = await get(director, '/api/programme/coverage?from=2026-04-01&to=2027-03-31');
      expect(cover.statusCode, cover.body).toBe(200);
      expect(await readsBy(director, 'coverage')).toContain(assignmentId);
      // One's own concern, read back by its raiser, is not someone else's record.
      expect((await get(observer, '/api/concerns')).statusCode).toBe(200);
      expect(await readsBy(observer, 'concern-list')).not.toContain(body.concern.id);
    });
  });
}

// Leaver reassignment on every engine: a leaver's drafts (with their child rows), the actions
// assigned to them and their open programme assignments (not the done or exempted ones) move to a
// colleague, who receives them at the next pull and can carry on; the
// leaver's submitted work stays theirs; the leaver's tablet removes the drafts; each move is
// audited; and a bad target changes nothing.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../schemas/sync/protocol-version';
import { verifyAudit } from '../../sync-server/src/audit/verify';
import { planAssignments } from '../../sync-server/src/programme/plans';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import { FRONTLINE, InjectDevice } from '../helpers/inject-sync';
import { addScope } from '../helpers/sync-fixtures';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';

useQuickPasswordHashing();

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(`leaver reassignment on ${engine.name}`, () => {
    let ctx: TestApp;
    let adminToken: string;
    let leaver: { id: string };
    let colleague: { id: string; displayName: string };
    let practitioner: { id: string };
    let leaverTablet: InjectDevice;
    let colleagueTablet: InjectDevice;
    let observerToken: string;
    const DRAFT = `lv-draft-${engine.name}-01`;
    const DRAFT_ACTION = `lv-dact-${engine.name}-01`;
    const SUBMITTED = `lv-subm-${engine.name}-01`;
    const OTHERS = `lv-othr-${engine.name}-01`;
    const ASSIGNED = `lv-asgn-${engine.name}-01`;
    /** Programme assignments given to the leaver: still open, done, exempted. */
    let open: string, done: string, exempted: string;

    beforeAll(async () => {
      ctx = t!;
      const admin = await createAccount(ctx.storage, { role: 'admin' });
      adminToken = (await signIn(ctx.app, admin)).token;
      const scopeId = await addScope(ctx.storage.db, `Leavers ${engine.name}`, 'service');
      const l = await createAccount(ctx.storage, { role: 'observer', scopeIds: [scopeId] });
      const c = await createAccount(ctx.storage, { role: 'observer', scopeIds: [scopeId] });
      const other = await createAccount(ctx.storage, { role: 'observer', scopeIds: [scopeId] });
      const p = await createAccount(ctx.storage, { role: 'practitioner', scopeIds: [scopeId] });
      leaver = l;
      colleague = c;
      practitioner = p;
      leaverTablet = new InjectDevice(ctx.app, await signIn(ctx.app, l));
      colleagueTablet = new InjectDevice(ctx.app, await signIn(ctx.app, c));
      const otherSession = await signIn(ctx.app, other);
      observerToken = otherSession.token;
      const otherTablet = new InjectDevice(ctx.app, otherSession);
      const obs = (recordId: string) => ({
        recordId,
        type: 'observation' as const,
        op: 'put' as const,
        scopeId,
        baseVersion: 0,
        set: { ...FRONTLINE, 'summary.strengths': `by the leaver: ${recordId}` },
      });
      const mine = await leaverTablet.push(
        obs(DRAFT),
        {
          recordId: DRAFT_ACTION,
          type: 'action',
          op: 'put',
          parentId: DRAFT,
          baseVersion: 0,
          set: { what: 'Visit again', ownerUserId: l.id, ownerName: 'The leaver' },
        },
        obs(SUBMITTED),
      );
      expect(mine.results.every((r) => r.status === 'applied')).toBe(true);
      // Submitted (set here directly: completing the whole form is another suite's business).
      const sub = await ctx.storage.db
        .selectFrom('records')
        .select('fields')
        .where('id', '=', SUBMITTED)
        .executeTakeFirstOrThrow();
      await ctx.storage.db
        .updateTable('records')
        .set({ fields: JSON.stringify({ ...JSON.parse(sub.fields), status: 'submitted' }) })
        .where('id', '=', SUBMITTED)
        .execute();
      const theirs = await otherTablet.push(
        {
          recordId: OTHERS,
          type: 'observation',
          op: 'put',
          scopeId,
          baseVersion: 0,
          set: { ...FRONTLINE },
        },
        {
          recordId: ASSIGNED,
          type: 'action',
          op: 'put',
          parentId: OTHERS,
          baseVersion: 0,
          set: { what: 'Supervise', ownerUserId: l.id },
        },
      );
      expect(theirs.results.every((r) => r.status === 'applied')).toBe(true);

      const group = await addScope(
        ctx.storage.db,
        `Leavers group ${engine.name}`,
        'practice-group',
        scopeId,
      );
      const qa = await createAccount(ctx.storage, { role: 'qa-lead', scopeIds: [scopeId] });
      const qaSession = await signIn(ctx.app, qa);
      const planned = await planAssignments(
        ctx.storage.db,
        { userId: qa.id, role: 'qa-lead', deviceId: qaSession.deviceId },
        ['2026-05-31', '2026-06-30', '2026-07-31'].map((dueDate) => ({
          scopeId: group,
          kind: 'frontline-practice' as const,
          observerUserId: l.id,
          observedUserId: p.id,
          dueDate,
        })),
      );
      [open, done, exempted] = planned.map((a) => a.id) as [string, string, string];
      // Done and exempted (set here directly: submitting an observation, which marks one done,
      // and the head of service's route are the programme suite's business).
      for (const [id, set] of [
        [done, { completedAt: '2026-06-20T10:00:00.000Z' }],
        [exempted, { 'exemption.reason': 'leave' }],
      ] as const) {
        const ex = await ctx.storage.db
          .selectFrom('records')
          .select('fields')
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        await ctx.storage.db
          .updateTable('records')
          .set({ fields: JSON.stringify({ ...JSON.parse(ex.fields), ...set }) })
          .where('id', '=', id)
          .execute();
      }
      await leaverTablet.pull();
      await colleagueTablet.pull();
    });
    afterAll(async () => ctx?.close());

    const reassign = (from: string, to: string, token = adminToken) =>
      ctx.app.inject({
        method: 'POST',
        url: `/api/admin/users/${from}/reassign`,
        headers: bearer(token),
        payload: { toUserId: to },
      });
    const row = (id: string) =>
      ctx.storage.db
        .selectFrom('records')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();

    test('a bad target, the same person, an unknown account or another role changes nothing', async () => {
      const before = JSON.stringify(
        await ctx.storage.db.selectFrom('records').selectAll().orderBy('id').execute(),
      );
      expect((await reassign(leaver.id, practitioner.id)).json().error.code).toBe(
        'REASSIGN_TARGET_INVALID',
      );
      expect((await reassign(leaver.id, leaver.id)).json().error.code).toBe('REASSIGN_SAME_USER');
      expect((await reassign(leaver.id, 'nobody-0000-0000')).statusCode).toBe(404);
      expect((await reassign(leaver.id, colleague.id, observerToken)).statusCode).toBe(403);
      expect(
        JSON.stringify(
          await ctx.storage.db.selectFrom('records').selectAll().orderBy('id').execute(),
        ),
      ).toBe(before);
    });

    test('drafts and assigned actions move; submitted work stays; both tablets learn of it; it is audited', async () => {
      const res = await reassign(leaver.id, colleague.id);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        drafts: [DRAFT],
        actions: [ASSIGNED, DRAFT_ACTION].sort(),
        assignments: [open],
      });
      expect(JSON.parse((await row(open)).fields)).toMatchObject({
        observerUserId: colleague.id,
        observerName: colleague.displayName,
      });
      for (const id of [done, exempted])
        expect(JSON.parse((await row(id)).fields)).toMatchObject({ observerUserId: leaver.id });
      const grants = await ctx.storage.db
        .selectFrom('record_grants')
        .select(['root_id', 'user_id', 'reason'])
        .where('root_id', 'in', [open, done, exempted])
        .execute();
      expect(grants.filter((g) => g.root_id === open)).toEqual([
        { root_id: open, user_id: colleague.id, reason: 'assigned' },
      ]);
      expect(grants.filter((g) => g.root_id !== open).map((g) => g.user_id)).toEqual([
        leaver.id,
        leaver.id,
      ]);

      expect(await row(DRAFT)).toMatchObject({
        owner_id: colleague.id,
        root_owner_id: colleague.id,
      });
      expect(await row(DRAFT_ACTION)).toMatchObject({
        owner_id: colleague.id,
        root_owner_id: colleague.id,
      });
      expect(JSON.parse((await row(DRAFT_ACTION)).fields)).toMatchObject({
        ownerUserId: colleague.id,
        ownerName: colleague.displayName,
      });
      expect(JSON.parse((await row(ASSIGNED)).fields)).toMatchObject({ ownerUserId: colleague.id });
      expect(await row(SUBMITTED)).toMatchObject({ owner_id: leaver.id, root_owner_id: leaver.id });

      const received = await colleagueTablet.pull();
      expect(received.map((r) => r.id).sort()).toEqual([DRAFT, DRAFT_ACTION, open].sort());
      // The colleague carries on with the draft from their own tablet.
      const edit = await colleagueTablet.push({
        recordId: DRAFT,
        type: 'observation',
        op: 'put',
        baseVersion: 0,
        set: { 'summary.strengths': 'Carried on by the colleague' },
      });
      expect(edit.results[0]).toMatchObject({ status: 'applied' });

      const audit = await ctx.storage.db
        .selectFrom('audit_log')
        .select(['action', 'record_id'])
        .where('action', 'like', 'admin:reassign%')
        .orderBy('seq')
        .execute();
      expect(audit.map((a) => a.record_id).sort()).toEqual(
        [DRAFT, DRAFT_ACTION, ASSIGNED, open, leaver.id].sort(),
      );
      await expect(verifyAudit(ctx.storage)).resolves.toMatchObject({ ok: true });
    });

    test('the leaver’s tablet is told to remove the drafts and the open assignment, and can no longer change them', async () => {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/sync/pull',
        headers: bearer(leaverTablet.session.token),
        payload: {
          protocolVersion: PROTOCOL_VERSION,
          schemaVersion: SCHEMA_VERSION,
          deviceId: leaverTablet.session.deviceId,
          cursor: leaverTablet.cursor,
        },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().evict).toEqual(expect.arrayContaining([DRAFT, DRAFT_ACTION, open]));
      expect(res.json().evict).not.toContain(done);
      const late = await leaverTablet.push({
        recordId: DRAFT,
        type: 'observation',
        op: 'put',
        baseVersion: 0,
        set: { 'summary.strengths': 'The leaver again' },
      });
      expect(late.results[0]).toMatchObject({ status: 'rejected' });
      const lateFinish = await leaverTablet.push({
        recordId: open,
        type: 'assignment',
        op: 'put',
        baseVersion: 0,
        set: { completedAt: new Date().toISOString() },
      });
      expect(lateFinish.results[0]).toMatchObject({ status: 'rejected' });
    });
  });
}

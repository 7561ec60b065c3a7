// Child records through the real push on every engine: an improvement action and a call attempt
// as the tablet writes them (with its copies of the parent's id, the author and the time) are
// taken; copies that do not match the row are refused and change nothing; and when one push
// creates an observation, submits it and adds its child rows, the report rows it writes (from
// the records it holds, before they reach the table) are exactly those a rebuild from the table
// gives. A retention deletion takes the observation out of the reports in its own transaction.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rebuildReportRows } from '../../sync-server/src/reports/report-rows';
import type { Storage } from '../../sync-server/src/storage/storage';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { dumpDatabase, dumpDifferences } from '../helpers/db-dump';
import { ENGINES } from '../helpers/engines';
import { FRONTLINE, InjectDevice } from '../helpers/inject-sync';
import { SUBMITTABLE } from '../helpers/submittable';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';
import { addScope, newId } from '../helpers/sync-fixtures';

useQuickPasswordHashing();

const FAMILY_CALL = {
  kind: 'family-feedback-call',
  templateId: 'family-feedback-call',
  templateVersion: 1,
} as const;

async function reportRows(storage: Storage) {
  const db = storage.db;
  const [observations, actions, grades, answers] = await Promise.all([
    db.selectFrom('report_observations').selectAll().orderBy('observation_id').execute(),
    db.selectFrom('report_actions').selectAll().orderBy('action_id').execute(),
    db
      .selectFrom('report_grade_counts')
      .selectAll()
      .orderBy(['quarter', 'scope_id', 'item_id', 'grade'])
      .execute(),
    db
      .selectFrom('report_answer_counts')
      .selectAll()
      .orderBy(['quarter', 'scope_id', 'item_id', 'answer'])
      .execute(),
  ]);
  const plain = (rows: object[]) =>
    rows.map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]),
      ),
    );
  return {
    observations: plain(observations),
    actions: plain(actions),
    grades: plain(grades),
    answers: plain(answers),
  };
}

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(`child records on ${engine.name}`, () => {
    let ctx: TestApp;
    let device: InjectDevice;
    let observer: Awaited<ReturnType<typeof createAccount>>;
    let observerId: string;
    let scopeId: string;
    beforeAll(async () => {
      ctx = t!;
      scopeId = await addScope(ctx.storage.db, `Children ${engine.name}`, 'service');
      observer = await createAccount(ctx.storage, { role: 'observer', scopeIds: [scopeId] });
      observerId = observer.id;
      device = new InjectDevice(ctx.app, await signIn(ctx.app, observer));
    });
    afterAll(async () => ctx?.close());

    test('an action and a call attempt as the tablet writes them are taken; copies that disagree with the row are refused', async () => {
      const obs = newId();
      const call = newId();
      const created = await device.push({
        recordId: obs,
        type: 'observation',
        op: 'put',
        scopeId,
        baseVersion: 0,
        set: { ...FAMILY_CALL, status: 'draft' },
      });
      expect(created.results[0]!.status).toBe('applied');
      const tabletShaped = await device.push(
        {
          recordId: newId(),
          type: 'action',
          op: 'put',
          parentId: obs,
          baseVersion: 0,
          set: {
            observationId: obs,
            status: 'open',
            what: '',
            createdAt: new Date().toISOString(),
          },
        },
        {
          recordId: call,
          type: 'call-attempt',
          op: 'put',
          parentId: obs,
          baseVersion: 0,
          set: {
            observationId: obs,
            at: new Date().toISOString(),
            outcome: 'no-answer',
            createdBy: observerId,
          },
        },
      );
      expect(tabletShaped.results.map((r) => r.status)).toEqual(['applied', 'applied']);

      const before = await dumpDatabase(ctx.storage);
      const other = newId();
      const refused = await device.push(
        {
          recordId: newId(),
          type: 'action',
          op: 'put',
          parentId: obs,
          baseVersion: 0,
          set: { observationId: other, what: 'Belongs elsewhere' },
        },
        {
          recordId: newId(),
          type: 'call-attempt',
          op: 'put',
          parentId: obs,
          baseVersion: 0,
          set: { outcome: 'completed', createdBy: other },
        },
        {
          recordId: newId(),
          type: 'action',
          op: 'put',
          parentId: obs,
          baseVersion: 0,
          set: { title: 'Not a field of an action' },
        },
      );
      expect(refused.results).toMatchObject([
        {
          status: 'rejected',
          code: 'FIELD_MISMATCH',
          message: expect.stringMatching(/^observationId/),
        },
        {
          status: 'rejected',
          code: 'FIELD_MISMATCH',
          message: expect.stringMatching(/^createdBy/),
        },
        { status: 'rejected', code: 'FIELD_NOT_ALLOWED', message: expect.stringMatching(/^title/) },
      ]);
      // Only the push's own bookkeeping moved: no record, no report row, no audit entry.
      const changed = dumpDifferences(before, await dumpDatabase(ctx.storage));
      const bookkeeping = ['devices', 'mutation_results', 'sync_clients', 'sync_counter'];
      expect(changed.filter((d) => !bookkeeping.includes(d.split(':')[0]!))).toEqual([]);
      expect(changed.some((d) => d.startsWith('mutation_results:'))).toBe(true);
    });

    test('one push that creates, submits and adds child rows writes the report rows a rebuild from the table writes', async () => {
      const obs = newId();
      const at = new Date().toISOString();
      const res = await device.push(
        {
          recordId: obs,
          type: 'observation',
          op: 'put',
          scopeId,
          baseVersion: 0,
          set: {
            ...FRONTLINE,
            ...SUBMITTABLE,
            status: 'draft',
            'context.date': '2026-05-12',
            'summary.overallGrade': 'good',
            'responses.participation.value': 'outstanding',
          },
        },
        {
          recordId: newId(),
          type: 'action',
          op: 'put',
          parentId: obs,
          baseVersion: 0,
          set: {
            observationId: obs,
            what: 'Share the plan',
            ownerName: 'Team manager',
            dueDate: '2026-06-30',
            status: 'open',
            createdAt: at,
          },
        },
        {
          recordId: obs,
          type: 'observation',
          op: 'put',
          baseVersion: 0,
          set: { status: 'submitted' },
        },
      );
      expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
      const fromPush = await reportRows(ctx.storage);
      const row = fromPush.observations.find((o) => o['observation_id'] === obs);
      expect(row).toMatchObject({
        quarter: '2026-27-Q1',
        overall_grade: 'good',
        scope_id: scopeId,
      });
      expect(fromPush.actions.filter((a) => a['observation_id'] === obs)).toHaveLength(1);
      expect(fromPush.grades.length).toBeGreaterThan(0);

      await rebuildReportRows(ctx.storage.db);
      expect(await reportRows(ctx.storage)).toEqual(fromPush);
    });

    test('an action edited on one tablet after its observer removed it on another: the edit is kept, and restoring it (or leaving it removed) settles the offer', async () => {
      const obs = newId();
      const keep = newId();
      const drop = newId();
      const at = new Date().toISOString();
      const action = (id: string, what: string) => ({
        recordId: id,
        type: 'action' as const,
        op: 'put' as const,
        parentId: obs,
        baseVersion: 0,
        set: {
          observationId: obs,
          what,
          ownerName: 'Team manager',
          dueDate: '2026-06-30',
          status: 'open',
          createdAt: at,
        },
      });
      // Submitted, so its actions are counted in the report rows, which must follow the restore.
      const created = await device.push(
        {
          recordId: obs,
          type: 'observation',
          op: 'put',
          scopeId,
          baseVersion: 0,
          set: {
            ...FRONTLINE,
            ...SUBMITTABLE,
            status: 'draft',
            'context.date': '2026-05-12',
            'summary.overallGrade': 'good',
          },
        },
        action(keep, 'Share the plan with the family'),
        action(drop, 'Book the review'),
        {
          recordId: obs,
          type: 'observation',
          op: 'put',
          baseVersion: 0,
          set: { status: 'submitted' },
        },
      );
      expect(created.results.map((r) => r.status)).toEqual([
        'applied',
        'applied',
        'applied',
        'applied',
      ]);
      const tabletA = device;
      const tabletB = new InjectDevice(
        ctx.app,
        await signIn(ctx.app, { ...observer, deviceName: 'Tablet B' }),
      );
      const synced = await tabletB.pull();
      const versionOf = (id: string) => synced.find((r) => r.id === id)!.version;

      // Tablet B removes both actions; tablet A, which had not heard, then sends its edits. Each
      // amends the submitted observation (the plan's actions are its content).
      const amendingOnB = { amendmentId: newId() };
      const amendingOnA = { amendmentId: newId() };
      const removed = await tabletB.push(
        {
          recordId: keep,
          type: 'action',
          op: 'delete',
          baseVersion: versionOf(keep),
          set: {},
          ...amendingOnB,
        },
        {
          recordId: drop,
          type: 'action',
          op: 'delete',
          baseVersion: versionOf(drop),
          set: {},
          ...amendingOnB,
        },
      );
      expect(removed.results.map((r) => r.status)).toEqual(['applied', 'applied']);
      const edited = await tabletA.push(
        {
          recordId: keep,
          type: 'action',
          op: 'put',
          baseVersion: versionOf(keep),
          set: { what: 'Share the plan with the family in writing' },
          ...amendingOnA,
        },
        {
          recordId: drop,
          type: 'action',
          op: 'put',
          baseVersion: versionOf(drop),
          set: { what: 'Book the review for May' },
          ...amendingOnA,
        },
      );
      expect(edited.results).toMatchObject([
        { status: 'applied', conflicts: [''] },
        { status: 'applied', conflicts: [''] },
      ]);
      const offered = await tabletA.pull();
      const offer = (id: string) => offered.find((r) => r.id === id)!;
      for (const [id, what] of [
        [keep, 'Share the plan with the family in writing'],
        [drop, 'Book the review for May'],
      ] as const) {
        expect(offer(id)).toMatchObject({ deleted: true, fields: { what } });
        expect(offer(id).conflicts.map((c) => c.kind)).toEqual(['deleted']);
      }

      // As the tablet settles it: a restore, or an empty change, naming the offer it settles.
      const settled = await tabletA.push(
        {
          recordId: keep,
          type: 'action',
          op: 'restore',
          baseVersion: offer(keep).version,
          set: {},
          resolves: [offer(keep).conflicts[0]!.id],
        },
        {
          recordId: drop,
          type: 'action',
          op: 'put',
          baseVersion: offer(drop).version,
          set: {},
          resolves: [offer(drop).conflicts[0]!.id],
        },
      );
      expect(settled.results).toEqual([
        { id: expect.any(Number), status: 'applied' },
        { id: expect.any(Number), status: 'applied' },
      ]);
      const onB = await tabletB.pull();
      expect(onB.find((r) => r.id === keep)).toMatchObject({
        deleted: false,
        conflicts: [],
        fields: { what: 'Share the plan with the family in writing', status: 'open' },
      });
      expect(onB.find((r) => r.id === drop)).toMatchObject({
        deleted: true,
        conflicts: [],
        fields: {},
      });
      const reported = await ctx.storage.db
        .selectFrom('report_actions')
        .select('action_id')
        .where('observation_id', '=', obs)
        .execute();
      expect(reported.map((r) => r.action_id)).toEqual([keep]);
      const fromPush = await reportRows(ctx.storage);
      await rebuildReportRows(ctx.storage.db);
      expect(await reportRows(ctx.storage)).toEqual(fromPush);
    });

    test('a retention deletion removes the observation from the report rows and its counts', async () => {
      const obs = newId();
      const res = await device.push(
        {
          recordId: obs,
          type: 'observation',
          op: 'put',
          scopeId,
          baseVersion: 0,
          set: {
            ...FRONTLINE,
            ...SUBMITTABLE,
            status: 'draft',
            'context.date': '2019-03-04',
            'responses.participation.value': 'inadequate',
          },
        },
        {
          recordId: obs,
          type: 'observation',
          op: 'put',
          baseVersion: 0,
          set: { status: 'submitted' },
        },
      );
      expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied']);
      const counted = await ctx.storage.db
        .selectFrom('report_grade_counts')
        .selectAll()
        .where('quarter', '=', '2018-19-Q4')
        .where('scope_id', '=', scopeId)
        .execute();
      expect(counted).toMatchObject([{ item_id: 'participation', grade: 'inadequate', n: 1 }]);

      const admin = await createAccount(ctx.storage, { role: 'admin' });
      const token = (await signIn(ctx.app, admin)).token;
      const call = (method: 'PUT' | 'POST', url: string, payload: object) =>
        ctx.app.inject({ method, url, headers: bearer(token), payload });
      expect(
        (
          await call('PUT', '/api/admin/retention/policy', {
            periods: { 'frontline-practice': 365 },
          })
        ).statusCode,
      ).toBe(200);
      await ctx.storage.db
        .updateTable('records')
        .set({ updated_at: '2019-04-01T09:00:00.000Z' })
        .where('root_id', '=', obs)
        .execute();
      const deleted = await call('POST', '/api/admin/retention/delete', {
        recordIds: [obs],
        confirm: true,
      });
      expect(deleted.statusCode, deleted.body).toBe(200);
      const rows = await ctx.storage.db
        .selectFrom('report_observations')
        .select('observation_id')
        .where('observation_id', '=', obs)
        .execute();
      expect(rows).toEqual([]);
      const left = await ctx.storage.db
        .selectFrom('report_grade_counts')
        .selectAll()
        .where('quarter', '=', '2018-19-Q4')
        .where('scope_id', '=', scopeId)
        .execute();
      expect(left).toEqual([]);
    });
  });
}

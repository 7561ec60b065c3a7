// Retention and the programme, on every engine: deleting a single case audit and its family call
// (or an observation an assignment started) takes the assignment's case ID and its links to them
// in the same transaction, and says when, while the assignment stays to be counted by coverage
// (the QAF reports each month's audits done, late or exempted). Subject access no longer finds the
// case through it, and the observer's tablet receives the change at its next pull.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { coverageResponseSchema } from '../../schemas/api/programme';
import type { AssignmentView } from '../../schemas/api/programme';
import { subjectAccessResponseSchema } from '../../schemas/admin/audit';
import { londonDateOf } from '../../schemas/calendar/london-time';
import { findTemplate } from '../../schemas/templates/catalogue';
import { createScope } from '../../sync-server/src/accounts/accounts-repository';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import { InjectDevice } from '../helpers/inject-sync';
import { newId } from '../helpers/sync-fixtures';
import { submittableFields } from '../helpers/submittable';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';

useQuickPasswordHashing();

const DAY = 86_400_000;

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(`retention and the programme on ${engine.name}`, () => {
    let ctx: TestApp;
    let adminToken: string;
    let qaToken: string;
    let auditor: InjectDevice;
    let groupId: string;
    const n = engine === ENGINES[0] ? '1' : '2';
    const GONE_CASE = `RA-${n}10001`;
    const KEPT_CASE = `RA-${n}10002`;
    const OPEN_CASE = `RA-${n}10003`;
    const AUDIT = newId();
    const CALL = newId();
    const DRAFT = newId();
    let done: string, kept: string, open: string;

    const api = (method: 'GET' | 'PUT' | 'POST', url: string, token: string, payload?: object) =>
      ctx.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
    const fieldsOf = async (id: string) =>
      JSON.parse(
        (
          await ctx.storage.db
            .selectFrom('records')
            .select('fields')
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        ).fields,
      ) as Record<string, unknown>;
    const observation = (recordId: string, kind: string, extra: Record<string, unknown>) => ({
      recordId,
      type: 'observation' as const,
      op: 'put' as const,
      scopeId: groupId,
      baseVersion: 0,
      set: submittableFields(findTemplate(kind, 1)!, {
        kind,
        templateId: kind,
        templateVersion: 1,
        status: 'draft',
        ...extra,
      }),
    });
    const assignment = (recordId: string, set: Record<string, string>) => ({
      recordId,
      type: 'assignment' as const,
      op: 'put' as const,
      baseVersion: 0,
      set,
    });

    beforeAll(async () => {
      ctx = t!;
      const db = ctx.storage.db;
      const admin = await createAccount(ctx.storage, { role: 'admin' });
      adminToken = (await signIn(ctx.app, admin)).token;
      const service = await createScope(db, { name: `Audits ${engine.name}`, kind: 'service' });
      groupId = (
        await createScope(db, {
          name: `Audited ${engine.name}`,
          kind: 'practice-group',
          parentId: service.id,
        })
      ).id;
      const qa = await createAccount(ctx.storage, { role: 'qa-lead', scopeIds: [service.id] });
      qaToken = (await signIn(ctx.app, qa)).token;
      const observer = await createAccount(ctx.storage, { role: 'observer', scopeIds: [groupId] });
      auditor = new InjectDevice(ctx.app, await signIn(ctx.app, observer));

      const day = londonDateOf(new Date());
      const month = day.slice(0, 7);
      const planned = await api('POST', '/api/programme/assignments', qaToken, {
        assignments: [GONE_CASE, KEPT_CASE, OPEN_CASE].map((caseId) => ({
          scopeId: groupId,
          kind: 'single-case-audit',
          observerUserId: observer.id,
          caseId,
          dueDate: '2099-12-31',
          month,
        })),
      });
      expect(planned.statusCode, planned.body).toBe(201);
      [done, kept, open] = planned
        .json<{ assignments: AssignmentView[] }>()
        .assignments.map((a) => a.id) as [string, string, string];
      await auditor.pull();

      // One audit done whole, with its family feedback call; another only started (a draft).
      const parts = {
        'parts.case-file-audit': day,
        'parts.family-call': day,
        'parts.reflection': day,
        'parts.improvement-plan': day,
      };
      const results = await auditor.push(
        observation(AUDIT, 'single-case-audit', {
          'context.caseId': GONE_CASE,
          'context.assignmentId': done,
          'summary.overallGrade': 'good',
        }),
        observation(CALL, 'family-feedback-call', { 'context.caseId': GONE_CASE }),
        {
          recordId: newId(),
          type: 'call-attempt',
          op: 'put',
          parentId: CALL,
          baseVersion: 0,
          set: { at: new Date(Date.now() - 3_600_000).toISOString(), outcome: 'completed' },
        },
        { ...observation(AUDIT, 'single-case-audit', {}), set: { status: 'submitted' } },
        { ...observation(CALL, 'family-feedback-call', {}), set: { status: 'submitted' } },
        assignment(done, { observationId: AUDIT, familyCallId: CALL, ...parts }),
        assignment(done, { completedAt: new Date().toISOString() }),
        observation(DRAFT, 'single-case-audit', {
          'context.caseId': OPEN_CASE,
          'context.assignmentId': open,
        }),
        assignment(open, { observationId: DRAFT }),
      );
      expect(
        results.results.filter((r) => r.status !== 'applied'),
        JSON.stringify(results),
      ).toEqual([]);
      await auditor.pull();
      const longAgo = new Date(Date.now() - 400 * DAY).toISOString();
      await db
        .updateTable('records')
        .set({ updated_at: longAgo })
        .where('root_id', 'in', [AUDIT, CALL, DRAFT])
        .execute();
      const policy = await api('PUT', '/api/admin/retention/policy', adminToken, {
        periods: { 'single-case-audit': 365, 'family-feedback-call': 365 },
      });
      expect(policy.statusCode, policy.body).toBe(200);
    });
    afterAll(async () => ctx?.close());

    test('deleting an audit and its call erases the case ID and the links of the assignments that started them, which stay to be counted', async () => {
      const caseRecords = async (caseId: string) => {
        const res = await api('GET', `/api/admin/subject-access?caseId=${caseId}`, adminToken);
        expect(res.statusCode, res.body).toBe(200);
        return subjectAccessResponseSchema.parse(res.json()).records.map((r) => r.record.id);
      };
      expect(await caseRecords(GONE_CASE)).toEqual(expect.arrayContaining([done, AUDIT, CALL]));

      const res = await api('POST', '/api/admin/retention/delete', adminToken, {
        recordIds: [AUDIT, CALL, DRAFT],
        confirm: true,
      });
      expect(res.statusCode, res.body).toBe(200);
      const deletedAt = res.json<{ deletedAt: string }>().deletedAt;

      const finished = await fieldsOf(done);
      expect(finished).toMatchObject({
        kind: 'single-case-audit',
        caseId: null,
        observationId: null,
        familyCallId: null,
        retentionDeletedAt: deletedAt,
        'parts.reflection': expect.any(String),
        completedAt: expect.any(String),
      });
      expect(JSON.stringify(finished)).not.toContain(GONE_CASE);
      // The assignment started but not finished is no longer started, and names no case.
      expect(await fieldsOf(open)).toMatchObject({
        caseId: null,
        observationId: null,
        retentionDeletedAt: deletedAt,
      });
      expect(await fieldsOf(open)).not.toHaveProperty('completedAt');
      // An assignment none of whose records went keeps its case.
      expect(await fieldsOf(kept)).toMatchObject({ caseId: KEPT_CASE });
      expect(await fieldsOf(kept)).not.toHaveProperty('retentionDeletedAt');

      expect(await caseRecords(GONE_CASE)).toEqual([]);
      expect(await caseRecords(OPEN_CASE)).toEqual([]);
      expect(await caseRecords(KEPT_CASE)).toEqual([kept]);

      // The observer's tablet hears of it at its next pull, with the tombstones.
      const pulled = await auditor.pull();
      expect(pulled.find((r) => r.id === done)).toMatchObject({
        deleted: false,
        fields: { caseId: null, observationId: null, retentionDeletedAt: deletedAt },
      });
      expect(pulled.find((r) => r.id === AUDIT)).toMatchObject({ deleted: true, fields: {} });

      // Coverage still counts the finished audit as done.
      const coverage = await api(
        'GET',
        '/api/programme/coverage?from=2099-12-01&to=2099-12-31',
        qaToken,
      );
      expect(coverage.statusCode, coverage.body).toBe(200);
      const body = coverageResponseSchema.parse(coverage.json());
      expect(body.assignments.find((a) => a.id === done)).toMatchObject({ state: 'done' });
    });
  });
}

// The observation and audit programme on every engine: a QA lead plans a month's audits (or
// imports the performance team's CSV, which imports nothing when any row is wrong), the auditors
// receive their assignments by pull and report progress by push, a head of service exempts one
// with a reason, and coverage counts what happened. A guest observer from another authority sees
// and completes only the observation assigned to them.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../schemas/sync/protocol-version';
import type { MutationResult } from '../../schemas/sync/push';
import type { SyncRecord } from '../../schemas/sync/records';
import type { AssignmentView, CoverageResponse } from '../../schemas/api/programme';
import { createScope } from '../../sync-server/src/accounts/accounts-repository';
import type { Role } from '../../sync-server/src/accounts/permissions';
import { londonDateOf } from '../../schemas/calendar/london-time';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';
import { countRecords, newId } from '../helpers/sync-fixtures';
import { submittableFields } from '../helpers/submittable';
import { markDoneAsOf, rewriteFields } from '../helpers/record-history';
import { findTemplate } from '../../schemas/templates/catalogue';
import { financialYearBounds, financialYearOf } from '../../schemas/rules/expectations';

useQuickPasswordHashing();

const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION };
type Person = { id: string; email: string; token: string; deviceId: string; next: number };

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(`the programme on ${engine.name}`, () => {
    let ctx: TestApp;
    let groups: string[];
    let otherGroup: string;
    let qa: Person, hos: Person, ann: Person, bo: Person, guest: Person, colleague: Person;

    const call = async (who: Person, method: 'GET' | 'POST', url: string, payload?: object) => {
      const res = await ctx.app.inject({
        method,
        url,
        headers: bearer(who.token),
        ...(payload ? { payload } : {}),
      });
      return { status: res.statusCode, body: res.json() as Record<string, unknown> };
    };
    const push = async (
      who: Person,
      m: {
        recordId: string;
        type: string;
        op?: 'put' | 'delete' | 'restore';
        scopeId?: string;
        parentId?: string;
        set: object;
      },
      baseVersion = 0,
    ): Promise<MutationResult> => {
      const id = who.next + 1;
      const res = await call(who, 'POST', '/api/sync/push', {
        ...versions,
        deviceId: who.deviceId,
        sentAt: new Date().toISOString(),
        mutations: [{ id, op: 'put', baseVersion, at: new Date().toISOString(), ...m }],
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      who.next = id;
      return (res.body as { results: MutationResult[] }).results[0]!;
    };
    const pullAll = async (who: Person): Promise<SyncRecord[]> => {
      const out: SyncRecord[] = [];
      let cursor: string | null = null;
      for (;;) {
        const res = await call(who, 'POST', '/api/sync/pull', {
          ...versions,
          deviceId: who.deviceId,
          cursor,
        });
        expect(res.status).toBe(200);
        const body = res.body as { records: SyncRecord[]; cursor: string; hasMore: boolean };
        out.push(...body.records);
        cursor = body.cursor;
        if (!body.hasMore) return out;
      }
    };
    const countAssignments = () => countRecords(ctx.storage.db, 'assignment');
    /** A single case audit's record started from an assignment, ready to submit. */
    const auditFields = (caseId: string, assignmentId: string) =>
      submittableFields(findTemplate('single-case-audit', 1)!, {
        kind: 'single-case-audit',
        templateId: 'single-case-audit',
        templateVersion: 1,
        status: 'draft',
        'context.caseId': caseId,
        'context.assignmentId': assignmentId,
        'summary.overallGrade': 'good',
      });

    /** An audit's family feedback call that never reached the family, submitted as such. */
    const notReachedCall = async (
      who: Person,
      scopeId: string,
      assignmentId: string,
      auditId: string,
    ): Promise<string> => {
      const id = newId();
      const familyCall = findTemplate('family-feedback-call', 1)!;
      expect(
        await push(who, {
          recordId: id,
          type: 'observation',
          scopeId,
          set: submittableFields(familyCall, {
            kind: 'family-feedback-call',
            templateId: familyCall.id,
            templateVersion: familyCall.version,
            status: 'draft',
            'context.assignmentId': assignmentId,
            'context.linkedObservationId': auditId,
            'context.date': londonDateOf(new Date()),
            'context.consent.given': 'not-reached',
          }),
        }),
      ).toMatchObject({ status: 'applied' });
      expect(
        await push(who, {
          recordId: newId(),
          type: 'call-attempt',
          parentId: id,
          set: { at: new Date(Date.now() - 60_000).toISOString(), outcome: 'no-answer' },
        }),
      ).toMatchObject({ status: 'applied' });
      expect(
        await push(who, { recordId: id, type: 'observation', set: { status: 'submitted' } }),
      ).toMatchObject({ status: 'applied' });
      return id;
    };

    beforeAll(async () => {
      ctx = t!;
      const db = ctx.storage.db;
      const service = await createScope(db, { name: 'Safeguarding', kind: 'service' });
      groups = [];
      for (const name of ['Hillside', 'Riverside', 'Lakeside'])
        groups.push(
          (await createScope(db, { name, kind: 'practice-group', parentId: service.id })).id,
        );
      const elsewhere = await createScope(db, { name: 'Elsewhere', kind: 'service' });
      otherGroup = (
        await createScope(db, { name: 'Far away', kind: 'practice-group', parentId: elsewhere.id })
      ).id;
      const person = async (role: Role, scopeIds: string[], email?: string): Promise<Person> => {
        const a = await createAccount(ctx.storage, { role, scopeIds, ...(email ? { email } : {}) });
        const s = await signIn(ctx.app, { email: a.email, password: a.password });
        return { id: a.id, email: a.email, token: s.token, deviceId: s.deviceId, next: 0 };
      };
      qa = await person('qa-lead', [service.id]);
      hos = await person('head-of-service', [service.id]);
      ann = await person('observer', [groups[0]!], 'ann.auditor@example.org');
      bo = await person('observer', [groups[1]!], 'bo.auditor@example.org');
      guest = await person('guest', []);
      colleague = await person('observer', [otherGroup]);
    });
    afterAll(async () => ctx?.close());

    test('a month’s audits for three groups: done by push, one exempted, counted by coverage', async () => {
      const day = londonDateOf(new Date());
      const month = day.slice(0, 7);
      const [y, m] = month.split('-').map(Number) as [number, number];
      const monthEnd = `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
      const planned = await call(qa, 'POST', '/api/programme/assignments', {
        assignments: groups.map((scopeId, i) => ({
          scopeId,
          kind: 'single-case-audit',
          observerUserId: i === 1 ? bo.id : ann.id,
          caseId: `AB-10${i}0`,
          dueDate: monthEnd,
          month,
        })),
      });
      expect(planned.status, JSON.stringify(planned.body)).toBe(201);
      const made = (planned.body as { assignments: AssignmentView[] }).assignments;
      expect(made.map((a) => a.dueDate)).toEqual([monthEnd, monthEnd, monthEnd]);

      // Each auditor's tablet receives its own assignments, and nothing of the other's.
      const annSees = (await pullAll(ann)).filter((r) => r.type === 'assignment');
      const boSees = (await pullAll(bo)).filter((r) => r.type === 'assignment');
      expect(annSees.map((r) => r.id).sort()).toEqual([made[0]!.id, made[2]!.id].sort());
      expect(boSees.map((r) => r.id)).toEqual([made[1]!.id]);

      // Bo starts the audit from the assignment and records the parts.
      const obsId = newId();
      expect(
        await push(bo, {
          recordId: obsId,
          type: 'observation',
          scopeId: groups[1]!,
          set: auditFields('AB-1010', made[1]!.id),
        }),
      ).toMatchObject({ status: 'applied' });
      const base = boSees[0]!.version;
      expect(
        await push(
          bo,
          {
            recordId: made[1]!.id,
            type: 'assignment',
            set: { observationId: obsId, 'parts.case-file-audit': day, 'parts.family-call': day },
          },
          base,
        ),
      ).toMatchObject({ status: 'applied' });
      // Finishing before every part is done is refused, and says what is left.
      const early = await push(bo, {
        recordId: made[1]!.id,
        type: 'assignment',
        set: { completedAt: new Date().toISOString() },
      });
      expect(early).toMatchObject({ status: 'rejected', code: 'FIELD_REQUIRED' });
      expect(early.message).toContain('social worker’s reflection, improvement plan');
      // Nor may the auditor move the plan.
      expect(
        await push(bo, {
          recordId: made[1]!.id,
          type: 'assignment',
          set: { dueDate: '2099-01-31' },
        }),
      ).toMatchObject({ status: 'rejected', code: 'FORBIDDEN_FIELD' });
      // Every part ticked, but the audit record still a draft: submit it first.
      const draft = await push(bo, {
        recordId: made[1]!.id,
        type: 'assignment',
        set: {
          'parts.reflection': day,
          'parts.improvement-plan': day,
          completedAt: new Date().toISOString(),
        },
      });
      expect(draft).toMatchObject({ status: 'rejected', code: 'OBSERVATION_NOT_SUBMITTED' });
      expect(draft.message).toContain('submit the audit first');
      expect(
        await push(bo, { recordId: obsId, type: 'observation', set: { status: 'submitted' } }),
      ).toMatchObject({ status: 'applied' });
      // Submitting an audit's record does not finish the audit: its observer does, once whole.
      expect(
        (await pullAll(bo)).find((r) => r.id === made[1]!.id)?.fields['completedAt'],
      ).toBeUndefined();
      // Every part ticked and the record submitted, but no family feedback call recorded (the
      // questionnaire answered "No" with a reason): not done, the QAF's telephone contact missing.
      const noCall = await push(bo, {
        recordId: made[1]!.id,
        type: 'assignment',
        set: {
          'parts.reflection': day,
          'parts.improvement-plan': day,
          completedAt: new Date().toISOString(),
        },
      });
      expect(noCall).toMatchObject({ status: 'rejected', code: 'FAMILY_CALL_NOT_RECORDED' });
      expect(noCall.message).toContain('We could not reach them');
      const boCall = await notReachedCall(bo, groups[1]!, made[1]!.id, obsId);
      expect(
        await push(bo, {
          recordId: made[1]!.id,
          type: 'assignment',
          set: {
            familyCallId: boCall,
            'parts.reflection': day,
            'parts.improvement-plan': day,
            completedAt: new Date().toISOString(),
          },
        }),
      ).toMatchObject({ status: 'applied' });
      // Ann finishes one; the other cannot be exempted by the QA lead, nor by Ann.
      const annAudit = newId();
      for (const set of [auditFields('AB-1000', made[0]!.id), { status: 'submitted' }])
        expect(
          await push(ann, {
            recordId: annAudit,
            type: 'observation',
            ...(set.status === 'draft' ? { scopeId: groups[0]! } : {}),
            set,
          }),
        ).toMatchObject({ status: 'applied' });
      const annCall = await notReachedCall(ann, groups[0]!, made[0]!.id, annAudit);
      expect(
        await push(ann, {
          recordId: made[0]!.id,
          type: 'assignment',
          set: {
            observationId: annAudit,
            familyCallId: annCall,
            'parts.case-file-audit': day,
            'parts.family-call': day,
            'parts.reflection': day,
            'parts.improvement-plan': day,
            completedAt: new Date().toISOString(),
          },
        }),
      ).toMatchObject({ status: 'applied' });
      const exemptUrl = `/api/programme/assignments/${made[2]!.id}/exempt`;
      expect((await call(qa, 'POST', exemptUrl, { reason: 'leave' })).status).toBe(403);
      expect((await call(ann, 'POST', exemptUrl, { reason: 'leave' })).status).toBe(403);
      expect((await call(hos, 'POST', exemptUrl, { reason: 'holiday' })).status).toBe(400);
      expect(
        (
          await call(hos, 'POST', `/api/programme/assignments/${made[0]!.id}/exempt`, {
            reason: 'leave',
          })
        ).body,
      ).toMatchObject({ error: { code: 'ASSIGNMENT_DONE' } });
      const exempted = await call(hos, 'POST', exemptUrl, {
        reason: 'sickness',
        note: 'Auditor off sick for three weeks',
      });
      expect(exempted.status).toBe(200);
      expect(exempted.body).toMatchObject({
        state: 'exempted',
        'exemption.reason': 'sickness',
        'exemption.grantedBy': hos.id,
      });
      // The first exemption stands: a second is refused, not written over it.
      expect((await call(hos, 'POST', exemptUrl, { reason: 'leave' })).body).toMatchObject({
        error: { code: 'ASSIGNMENT_EXEMPTED' },
      });
      // The exemption reaches Ann's tablet with her next pull.
      const again = (await pullAll(ann)).find((r) => r.id === made[2]!.id)!;
      expect(again.fields['exemption.reason']).toBe('sickness');

      // A practitioner who is a member of another service itself: none of this QA lead's staff.
      const elsewhere = await ctx.storage.db
        .selectFrom('scopes')
        .select('parent_id')
        .where('id', '=', otherGroup)
        .executeTakeFirstOrThrow();
      await createAccount(ctx.storage, { role: 'practitioner', scopeIds: [elsewhere.parent_id!] });
      const cov = await call(
        qa,
        'GET',
        `/api/programme/coverage?from=${month}-01&to=${monthEnd}&by=practice-group`,
      );
      expect(cov.status).toBe(200);
      const body = cov.body as unknown as CoverageResponse;
      expect(body.rows).toEqual(
        groups
          .map((key, i) => ({
            key,
            done: i < 2 ? 1 : 0,
            due: 0,
            overdue: 0,
            exempted: i === 2 ? 1 : 0,
            total: 1,
          }))
          .sort((a, b) => (a.key < b.key ? -1 : 1)),
      );
      expect(body.assignments.map((a) => [a.caseId, a.state, a.dueDate]).sort()).toEqual([
        ['AB-1000', 'done', monthEnd],
        ['AB-1010', 'done', monthEnd],
        ['AB-1020', 'exempted', monthEnd],
      ]);
      // Nobody has been observed this year: both auditors are listed.
      expect(body.notObservedThisYear.map((p) => p.id).sort()).toEqual([ann.id, bo.id].sort());
      // Coverage is for oversight; an auditor is refused.
      expect(
        (await call(ann, 'GET', `/api/programme/coverage?from=${month}-01&to=${monthEnd}`)).status,
      ).toBe(403);
    });

    test('recurring expectations become assignments at their due dates across the financial year', async () => {
      // Each is observed in their own team: the observer could share it with them only there.
      const pairs = [
        {
          scopeId: groups[1]!,
          observerUserId: ann.id,
          observedUserId: bo.id,
          observedName: 'Bo Auditor',
        },
        {
          scopeId: groups[0]!,
          observerUserId: bo.id,
          observedUserId: ann.id,
          observedName: 'Ann Auditor',
        },
      ];
      const expectation = { kind: 'cp-conference-chairing', count: 2, per: 'year' };
      const elsewhere = await call(qa, 'POST', '/api/programme/expectations', {
        expectation,
        financialYear: 2026,
        people: [pairs[0], { ...pairs[1]!, scopeId: groups[1]! }],
      });
      expect(elsewhere.status).toBe(400);
      // The error names the field of the request that was wrong (the second person, not the
      // assignment their row would have made), so the page can put it beside that field.
      expect(elsewhere.body).toMatchObject({
        error: {
          code: 'OBSERVED_NOT_IN_TEAM',
          message: expect.stringMatching(/^people\.1\.observedUserId: .*of this team/),
        },
      });
      const unknown = await call(qa, 'POST', '/api/programme/expectations', {
        expectation,
        financialYear: 2026,
        people: [pairs[0], { ...pairs[1]!, observerUserId: newId() }],
      });
      expect(unknown.body).toMatchObject({
        error: {
          code: 'OBSERVER_UNKNOWN',
          message: expect.stringMatching(/^people\.1\.observerUserId: /),
        },
      });
      const outside = await call(qa, 'POST', '/api/programme/expectations', {
        expectation,
        financialYear: 2026,
        people: [pairs[0], { ...pairs[1]!, scopeId: otherGroup }],
      });
      expect(outside.body).toMatchObject({
        error: { code: 'FORBIDDEN_SCOPE', message: expect.stringMatching(/^people\.1\.scopeId: /) },
      });
      // A plan of assignments one by one names the assignment, as it did.
      const single = await call(qa, 'POST', '/api/programme/assignments', {
        assignments: [
          {
            scopeId: groups[0]!,
            kind: 'frontline-practice',
            observerUserId: ann.id,
            dueDate: '2099-05-31',
          },
          {
            scopeId: groups[0]!,
            kind: 'frontline-practice',
            observerUserId: newId(),
            dueDate: '2099-05-31',
          },
        ],
      });
      expect(single.body).toMatchObject({
        error: {
          code: 'OBSERVER_UNKNOWN',
          message: expect.stringMatching(/^assignments\.1\.observerUserId: /),
        },
      });
      const peer = await call(qa, 'POST', '/api/programme/expectations', {
        expectation,
        financialYear: 2026,
        people: pairs,
      });
      expect(peer.status, JSON.stringify(peer.body)).toBe(201);
      const made = (peer.body as { assignments: AssignmentView[] }).assignments;
      expect(made.map((a) => [a.observerUserId, a.observedUserId, a.dueDate])).toEqual([
        [ann.id, bo.id, '2026-09-30'],
        [ann.id, bo.id, '2027-03-31'],
        [bo.id, ann.id, '2026-09-30'],
        [bo.id, ann.id, '2027-03-31'],
      ]);
      const audits = await call(qa, 'POST', '/api/programme/expectations', {
        expectation: { kind: 'single-case-audit', count: 1, per: 'month' },
        financialYear: 2027,
        people: [{ scopeId: groups[2]!, observerUserId: ann.id }],
      });
      const monthly = (audits.body as { assignments: AssignmentView[] }).assignments;
      expect(monthly.map((a) => a.dueDate)).toEqual([
        '2027-04-30',
        '2027-05-31',
        '2027-06-30',
        '2027-07-31',
        '2027-08-31',
        '2027-09-30',
        '2027-10-31',
        '2027-11-30',
        '2027-12-31',
        '2028-01-31',
        '2028-02-29',
        '2028-03-31',
      ]);
      expect(monthly.map((a) => a.month)).toEqual(monthly.map((a) => a.dueDate.slice(0, 7)));
      const before = await countAssignments();
      const tooMany = await call(qa, 'POST', '/api/programme/expectations', {
        expectation: { kind: 'single-case-audit', count: 12, per: 'month' },
        financialYear: 2027,
        people: Array.from({ length: 20 }, () => ({ scopeId: groups[2]!, observerUserId: ann.id })),
      });
      expect(tooMany.body).toMatchObject({ error: { code: 'PLAN_TOO_LARGE' } });
      expect(await countAssignments()).toBe(before);
      // Coverage by the person observed, over the year: two each, none done yet.
      const cov = await call(
        qa,
        'GET',
        '/api/programme/coverage?from=2026-04-01&to=2027-03-31&by=observed',
      );
      const rows = (cov.body as unknown as CoverageResponse).rows;
      expect(rows.find((r) => r.key === bo.id)?.total).toBe(2);
      expect(rows.find((r) => r.key === ann.id)?.total).toBe(2);
    });

    test('the performance team’s CSV: any malformed row rejects the whole file, naming row and column', async () => {
      const before = await countAssignments();
      const bad = [
        'month,practice_group,case_id,auditor_email',
        '2027-01,Hillside,CD-2001,ann.auditor@example.org',
        '2027-01,Riverside,CD-2002,nobody@example.org',
        '2027-13,Lakeside,CD-2003,bo.auditor@example.org',
        '2027-01,Lakeside,,bo.auditor@example.org',
      ].join('\n');
      const res = await call(qa, 'POST', '/api/programme/audits/import', { csv: bad });
      expect(res.status).toBe(400);
      const error = res.body['error'] as {
        code: string;
        message: string;
        details: { row: number; column: string; text: string }[];
      };
      expect(error.code).toBe('IMPORT_REJECTED');
      expect(error.details.map((d) => [d.row, d.column])).toEqual([
        [3, 'auditor_email'],
        [4, 'month'],
        [5, 'case_id'],
      ]);
      expect(error.details[1]!.text).toBe(
        'Row 4, column month: Enter a month in the format YYYY-MM, like 2026-05',
      );
      expect(error.message).toContain('Nothing was imported');
      expect(await countAssignments()).toBe(before);

      // A broken quote is a problem on its line, too; a group the importer does not oversee is not found.
      const quotes = await call(qa, 'POST', '/api/programme/audits/import', {
        csv: 'month,practice_group,case_id,auditor_email\n2027-01,"Hillside,CD-2001,ann.auditor@example.org\n',
      });
      expect(quotes.status).toBe(400);
      const far = await call(qa, 'POST', '/api/programme/audits/import', {
        csv: 'month,practice_group,case_id,auditor_email\n2027-01,Far away,CD-2001,ann.auditor@example.org\n',
      });
      expect((far.body['error'] as { details: { column: string }[] }).details[0]!.column).toBe(
        'practice_group',
      );
      expect(await countAssignments()).toBe(before);
      // Only a QA lead imports.
      expect((await call(hos, 'POST', '/api/programme/audits/import', { csv: bad })).status).toBe(
        403,
      );

      const good = await call(qa, 'POST', '/api/programme/audits/import', {
        csv: '\uFEFFmonth,practice_group,case_id,auditor_email\r\n2028-02,hillside,CD-2001,Ann.Auditor@example.org\r\n2028-02,Riverside,CD-2002,bo.auditor@example.org\r\n',
      });
      expect(good.status, JSON.stringify(good.body)).toBe(201);
      const imported = (good.body as { assignments: AssignmentView[] }).assignments;
      expect(imported.map((a) => [a.scopeId, a.caseId, a.dueDate, a.observerUserId])).toEqual([
        [groups[0], 'CD-2001', '2028-02-29', ann.id],
        [groups[1], 'CD-2002', '2028-02-29', bo.id],
      ]);
      expect(await countAssignments()).toBe(before + 2);
    });

    test('a guest observer sees and completes only the observation assigned to them', async () => {
      // Records the guest must never see: a colleague's observation elsewhere, another assignment.
      const hidden = newId();
      expect(
        await push(colleague, {
          recordId: hidden,
          type: 'observation',
          scopeId: otherGroup,
          set: {
            kind: 'frontline-practice',
            templateId: 'frontline-practice',
            templateVersion: 1,
            status: 'draft',
          },
        }),
      ).toMatchObject({ status: 'applied' });
      const res = await call(qa, 'POST', '/api/programme/assignments', {
        assignments: [
          {
            scopeId: groups[2]!,
            kind: 'cp-conference-chairing',
            observerUserId: guest.id,
            meeting: 'Initial child protection conference',
            dueDate: '2027-03-31',
          },
          {
            scopeId: groups[2]!,
            kind: 'cp-conference-chairing',
            observerUserId: ann.id,
            meeting: 'Review conference',
            dueDate: '2027-03-31',
          },
        ],
      });
      expect(res.status).toBe(201);
      const [mine, notMine] = (res.body as { assignments: AssignmentView[] }).assignments;
      const seen = await pullAll(guest);
      expect(seen.map((r) => r.id)).toEqual([mine!.id]);

      // Without the assignment the guest can start nothing; with it, in its team only.
      const chairing = {
        kind: 'cp-conference-chairing',
        templateId: 'cp-conference-chairing',
        templateVersion: 1,
        status: 'draft',
      };
      expect(
        await push(guest, {
          recordId: newId(),
          type: 'observation',
          scopeId: groups[2]!,
          set: chairing,
        }),
      ).toMatchObject({ status: 'rejected', code: 'FORBIDDEN_ROLE' });
      expect(
        await push(guest, {
          recordId: newId(),
          type: 'observation',
          scopeId: groups[2]!,
          set: { ...chairing, 'context.assignmentId': notMine!.id },
        }),
      ).toMatchObject({ status: 'rejected', code: 'FORBIDDEN_ROLE' });
      expect(
        await push(guest, {
          recordId: newId(),
          type: 'observation',
          scopeId: groups[0]!,
          set: { ...chairing, 'context.assignmentId': mine!.id },
        }),
      ).toMatchObject({ status: 'rejected', code: 'FORBIDDEN_ROLE' });
      const obs = newId();
      expect(
        await push(guest, {
          recordId: obs,
          type: 'observation',
          scopeId: groups[2]!,
          set: submittableFields(findTemplate('cp-conference-chairing', 1)!, {
            ...chairing,
            'context.assignmentId': mine!.id,
            'summary.strengths': 'Clear, calm chairing.',
          }),
        }),
      ).toMatchObject({ status: 'applied' });
      expect(
        await push(guest, {
          recordId: mine!.id,
          type: 'assignment',
          set: { observationId: obs },
        }),
      ).toMatchObject({ status: 'applied' });
      // They share it with the practitioner observed, who must be of the assignment's team
      // (share.ts), as any observer does: the share page offers them the one the assignment names.
      const chaired = await createAccount(ctx.storage, {
        role: 'practitioner',
        scopeIds: [groups[2]!],
      });
      expect(
        await push(guest, {
          recordId: obs,
          type: 'observation',
          set: { 'context.observedUserId': colleague.id, sharedWithPractitioner: true },
        }),
      ).toMatchObject({ status: 'rejected', code: 'SHARE_NOT_ALLOWED' });
      expect(
        await push(guest, {
          recordId: obs,
          type: 'observation',
          set: { 'context.observedUserId': chaired.id, sharedWithPractitioner: true },
        }),
      ).toMatchObject({ status: 'applied' });
      // Done when the observation is submitted, not by a mark before.
      expect(
        await push(guest, {
          recordId: mine!.id,
          type: 'assignment',
          set: { completedAt: new Date().toISOString() },
        }),
      ).toMatchObject({ status: 'rejected', code: 'OBSERVATION_NOT_SUBMITTED' });
      expect(
        await push(guest, { recordId: obs, type: 'observation', set: { status: 'submitted' } }),
      ).toMatchObject({ status: 'applied' });
      expect(
        (await pullAll(guest)).find((r) => r.id === mine!.id)?.fields['completedAt'],
      ).toBeTruthy();
      // Someone else's assignment and observation stay closed to them.
      for (const recordId of [notMine!.id, hidden])
        expect(
          await push(guest, {
            recordId,
            type: recordId === hidden ? 'observation' : 'assignment',
            set:
              recordId === hidden
                ? { 'summary.strengths': 'x' }
                : { completedAt: new Date().toISOString() },
          }),
        ).toMatchObject({ status: 'rejected', code: 'FORBIDDEN_OWNER' });
      expect((await pullAll(guest)).map((r) => r.id).sort()).toEqual([mine!.id, obs].sort());
      // Every programme view but their own list is refused, and the list holds only theirs.
      const list = await call(guest, 'GET', '/api/programme/assignments');
      expect((list.body as { assignments: AssignmentView[] }).assignments.map((a) => a.id)).toEqual(
        [mine!.id],
      );
      expect(
        (await call(guest, 'GET', '/api/programme/coverage?from=2026-04-01&to=2027-03-31')).status,
      ).toBe(403);
      expect(
        (
          await call(guest, 'POST', '/api/programme/assignments', {
            assignments: [
              {
                scopeId: groups[2]!,
                kind: 'frontline-practice',
                observerUserId: guest.id,
                dueDate: '2027-03-31',
              },
            ],
          })
        ).status,
      ).toBe(403);
      expect((await call(guest, 'GET', '/api/concerns')).body).toEqual({ concerns: [] });
    });

    test('a QA lead moves an open assignment to another observer and date, and withdraws one planned in error; the tablets follow', async () => {
      type Page = { records: SyncRecord[]; evict: string[]; cursor: string; hasMore: boolean };
      const cursors = new Map<Person, string | null>();
      // An incremental pull from where this person's tablet left off, as the tablet does.
      const pullNew = async (who: Person) => {
        const got: Page = { records: [], evict: [], cursor: '', hasMore: false };
        for (;;) {
          const res = await call(who, 'POST', '/api/sync/pull', {
            ...versions,
            deviceId: who.deviceId,
            cursor: cursors.get(who) ?? null,
          });
          expect(res.status).toBe(200);
          const page = res.body as unknown as Page;
          got.records.push(...page.records);
          got.evict.push(...page.evict);
          cursors.set(who, page.cursor);
          if (!page.hasMore) return got;
        }
      };
      const planned = await call(qa, 'POST', '/api/programme/assignments', {
        assignments: ['AB-3001', 'AB-3002', 'AB-3003'].map((caseId) => ({
          scopeId: groups[0]!,
          kind: 'single-case-audit',
          observerUserId: ann.id,
          caseId,
          dueDate: '2099-01-31',
          month: '2099-01',
        })),
      });
      expect(planned.status, JSON.stringify(planned.body)).toBe(201);
      const [moving, started, mistaken] = (planned.body as { assignments: AssignmentView[] })
        .assignments;
      await pullNew(ann);
      await pullNew(bo);
      const url = (a: AssignmentView, what: 'change' | 'withdraw') =>
        `/api/programme/assignments/${a!.id}/${what}`;

      // Only a QA lead of the team changes or withdraws; nothing at all is no change.
      for (const who of [ann, hos, bo, colleague])
        expect(
          (await call(who, 'POST', url(moving!, 'change'), { dueDate: '2099-02-28' })).status,
        ).toBe(403);
      expect((await call(qa, 'POST', url(moving!, 'change'), {})).body).toMatchObject({
        error: { code: 'VALIDATION_FAILED' },
      });
      expect(
        (await call(qa, 'POST', url(moving!, 'change'), { observerUserId: ann.id })).body,
      ).toMatchObject({ error: { code: 'NOTHING_TO_CHANGE' } });
      expect(
        (await call(qa, 'POST', url(moving!, 'change'), { observerUserId: hos.id })).status,
      ).toBe(200);
      // (A head of service may observe; back to an observer for the rest of the test.)
      const moved = await call(qa, 'POST', url(moving!, 'change'), {
        observerUserId: bo.id,
        dueDate: '2099-02-28',
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      expect(moved.body).toMatchObject({
        observerUserId: bo.id,
        observerName: expect.any(String),
        dueDate: '2099-02-28',
        caseId: 'AB-3001',
      });
      // Ann's tablet is told to remove it; Bo's receives it, with the new date.
      expect((await pullNew(ann)).evict).toContain(moving!.id);
      const boGot = (await pullNew(bo)).records.find((r) => r.id === moving!.id);
      expect(boGot?.fields).toMatchObject({ observerUserId: bo.id, dueDate: '2099-02-28' });
      const boList = await call(bo, 'GET', '/api/programme/assignments');
      expect(
        (boList.body as { assignments: AssignmentView[] }).assignments.map((a) => a.id),
      ).toContain(moving!.id);
      // Once Bo has done a part of it, it stays his.
      expect(
        await push(
          bo,
          {
            recordId: moving!.id,
            type: 'assignment',
            set: { 'parts.case-file-audit': '2099-01-20' },
          },
          boGot?.version ?? 0,
        ),
      ).toMatchObject({ status: 'applied' });
      expect(
        (await call(qa, 'POST', url(moving!, 'change'), { observerUserId: ann.id })).body,
      ).toMatchObject({ error: { code: 'ASSIGNMENT_STARTED' } });

      // Once Ann has started one, its observer stays; its due date may still move.
      const obsId = newId();
      expect(
        await push(ann, {
          recordId: obsId,
          type: 'observation',
          scopeId: groups[0]!,
          set: {
            kind: 'single-case-audit',
            templateId: 'single-case-audit',
            templateVersion: 1,
            status: 'draft',
            'context.assignmentId': started!.id,
          },
        }),
      ).toMatchObject({ status: 'applied' });
      const annCopy = (await pullNew(ann)).records.find((r) => r.id === started!.id);
      expect(
        await push(
          ann,
          { recordId: started!.id, type: 'assignment', set: { observationId: obsId } },
          annCopy?.version ?? 0,
        ),
      ).toMatchObject({ status: 'applied' });
      expect(
        (await call(qa, 'POST', url(started!, 'change'), { observerUserId: bo.id })).body,
      ).toMatchObject({ error: { code: 'ASSIGNMENT_STARTED' } });
      expect(
        (await call(qa, 'POST', url(started!, 'change'), { dueDate: '2099-03-31' })).body,
      ).toMatchObject({ observerUserId: ann.id, dueDate: '2099-03-31', observationId: obsId });

      // Withdrawn with a reason: gone from Ann's tablet, her list and coverage; kept in the audit.
      expect(
        (await call(qa, 'POST', url(mistaken!, 'withdraw'), { reason: '   ' })).body,
      ).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
      const withdrawn = await call(qa, 'POST', url(mistaken!, 'withdraw'), {
        reason: 'Planned twice for this case',
      });
      expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
      const annNext = await pullNew(ann);
      const gone = annNext.records.find((r) => r.id === mistaken!.id);
      expect(gone?.deleted === true || annNext.evict.includes(mistaken!.id)).toBe(true);
      const annList = await call(ann, 'GET', '/api/programme/assignments');
      expect(
        (annList.body as { assignments: AssignmentView[] }).assignments.map((a) => a.id),
      ).not.toContain(mistaken!.id);
      const cov = await call(qa, 'GET', '/api/programme/coverage?from=2099-01-01&to=2099-03-31');
      const ours = new Set([moving!.id, started!.id, mistaken!.id]);
      expect(
        (cov.body as unknown as CoverageResponse).assignments
          .map((a) => a.id)
          .filter((id) => ours.has(id))
          .sort(),
      ).toEqual([moving!.id, started!.id].sort());
      // Withdrawn or done, it changes no more.
      expect(
        (await call(qa, 'POST', url(mistaken!, 'change'), { dueDate: '2099-02-28' })).body,
      ).toMatchObject({ error: { code: 'ASSIGNMENT_NOT_FOUND' } });
      expect(
        (await call(qa, 'POST', url(mistaken!, 'withdraw'), { reason: 'Again' })).body,
      ).toMatchObject({ error: { code: 'ASSIGNMENT_NOT_FOUND' } });
      const audit = await ctx.storage.db
        .selectFrom('audit_log')
        .select(['action', 'record_id'])
        .where('action', 'in', ['assignment-changed', 'assignment-withdrawn'])
        .orderBy('seq')
        .execute();
      expect(audit).toEqual([
        { action: 'assignment-changed', record_id: moving!.id },
        { action: 'assignment-changed', record_id: moving!.id },
        { action: 'assignment-changed', record_id: started!.id },
        { action: 'assignment-withdrawn', record_id: mistaken!.id },
      ]);
    });

    test('a QA lead’s directory lists active guest observers, by name and role only, to assign; nobody else’s does', async () => {
      const gone = await createAccount(ctx.storage, { role: 'guest' });
      await ctx.storage.db
        .updateTable('users')
        .set({ status: 'disabled' })
        .where('id', '=', gone.id)
        .execute();
      const listed = async (who: Person) =>
        (
          (await call(who, 'GET', '/api/directory')).body as {
            people: Array<Record<string, unknown>>;
          }
        ).people;
      const forQa = await listed(qa);
      const entry = forQa.find((p) => p['id'] === guest.id);
      const name = await ctx.storage.db
        .selectFrom('users')
        .select('display_name')
        .where('id', '=', guest.id)
        .executeTakeFirstOrThrow();
      expect(entry).toEqual({
        id: guest.id,
        displayName: name.display_name,
        role: 'guest',
        scopeIds: [],
      });
      expect(forQa.map((p) => p['id'])).not.toContain(gone.id);
      // The QA lead's team members are still there, with their teams.
      expect(forQa.find((p) => p['id'] === ann.id)?.['scopeIds']).toEqual([groups[0]]);
      for (const who of [hos, ann, guest])
        expect((await listed(who)).map((p) => p['id'])).not.toContain(guest.id);
    });

    test('an observation assignment is done when its observation is submitted, never by a mark alone; coverage counts it so', async () => {
      const day = londonDateOf(new Date());
      const { from } = financialYearBounds(financialYearOf(day));
      const practitioner = async () =>
        (await createAccount(ctx.storage, { role: 'practitioner', scopeIds: [groups[2]!] })).id;
      const sam = await practitioner();
      const pat = await practitioner();
      const lee = await practitioner();
      const res = await call(qa, 'POST', '/api/programme/assignments', {
        assignments: [
          [sam, 'Sam Seen'],
          [pat, 'Pat Past'],
          [lee, 'Lee Later'],
        ].map(([observedUserId, observedName]) => ({
          scopeId: groups[2]!,
          kind: 'frontline-practice',
          observerUserId: ann.id,
          observedUserId,
          observedName,
          dueDate: day,
        })),
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const [forSam, forPat, forLee] = (res.body as { assignments: AssignmentView[] }).assignments;
      const coverageOf = async () => {
        const cov = await call(
          qa,
          'GET',
          `/api/programme/coverage?from=${from}&to=${day}&by=observed`,
        );
        expect(cov.status).toBe(200);
        const body = cov.body as unknown as CoverageResponse;
        return {
          done: (id: string) => body.rows.find((r) => r.key === id)?.done,
          state: (id: string) => body.assignments.find((a) => a.id === id)?.state,
          unobserved: body.notObservedThisYear.map((p) => p.id),
        };
      };
      const markDone = (id: string) =>
        push(ann, {
          recordId: id,
          type: 'assignment',
          set: { completedAt: new Date().toISOString() },
        });

      // Marked done before anything is observed: refused, saying what to do.
      const unstarted = await markDone(forSam!.id);
      expect(unstarted).toMatchObject({ status: 'rejected', code: 'OBSERVATION_NOT_SUBMITTED' });
      expect(unstarted.message).toContain('start the observation');
      const frontline = findTemplate('frontline-practice', 1)!;
      // An observation started from an assignment, in draft, complete enough to submit.
      const startFrom = (assignmentId: string, observedUserId: string, observedName: string) => {
        const id = newId();
        return push(ann, {
          recordId: id,
          type: 'observation',
          scopeId: groups[2]!,
          set: submittableFields(frontline, {
            kind: 'frontline-practice',
            templateId: frontline.id,
            templateVersion: frontline.version,
            status: 'draft',
            'context.assignmentId': assignmentId,
            'context.observedUserId': observedUserId,
            'context.observedName': observedName,
            'context.date': day,
          }),
        }).then((result) => ({ id, result }));
      };
      const { id: obs, result: drafted } = await startFrom(forSam!.id, sam, 'Sam Seen');
      expect(drafted).toMatchObject({ status: 'applied' });
      expect(
        await push(ann, { recordId: forSam!.id, type: 'assignment', set: { observationId: obs } }),
      ).toMatchObject({ status: 'applied' });
      const started = await markDone(forSam!.id);
      expect(started).toMatchObject({ status: 'rejected', code: 'OBSERVATION_NOT_SUBMITTED' });
      expect(started.message).toContain('finish the observation and submit it');
      let cov = await coverageOf();
      expect(cov.state(forSam!.id)).not.toBe('done');
      expect(cov.done(sam)).toBe(0);
      expect(cov.unobserved).toEqual(expect.arrayContaining([sam, pat, lee]));

      // Submitted: the assignment is done with nobody marking it, on the tablet (by pull) too.
      expect(
        await push(ann, { recordId: obs, type: 'observation', set: { status: 'submitted' } }),
      ).toMatchObject({ status: 'applied' });
      const onTablet = (await pullAll(ann)).find((r) => r.id === forSam!.id)!;
      expect(onTablet.fields['completedAt']).toEqual(expect.any(String));
      cov = await coverageOf();
      expect(cov.state(forSam!.id)).toBe('done');
      expect(cov.done(sam)).toBe(1);
      expect(cov.unobserved).not.toContain(sam);
      // Once done, a repeat of the mark is harmless.
      expect(await markDone(forSam!.id)).toMatchObject({ status: 'applied' });

      // History is kept: one marked done with no observation before the rule stays done...
      await markDoneAsOf(ctx.storage.db, forPat!.id, new Date().toISOString());
      // ...and one whose observation was submitted before submissions marked them is done too.
      const { id: leeObs, result: leeDrafted } = await startFrom(forLee!.id, lee, 'Lee Later');
      expect(leeDrafted).toMatchObject({ status: 'applied' });
      await push(ann, { recordId: forLee!.id, type: 'assignment', set: { observationId: leeObs } });
      await push(ann, { recordId: leeObs, type: 'observation', set: { status: 'submitted' } });
      await rewriteFields(
        ctx.storage.db,
        forLee!.id,
        ({ completedAt: _stamp, ...unstamped }) => unstamped,
      );
      cov = await coverageOf();
      expect(cov.state(forPat!.id)).toBe('done');
      expect(cov.state(forLee!.id)).toBe('done');
      expect(cov.done(lee)).toBe(1);
    });

    describe('an assignment and the observations that name it', () => {
      const frontline = findTemplate('frontline-practice', 1)!;
      const plan = async (observerUserId: string, scopeId: string) => {
        const res = await call(qa, 'POST', '/api/programme/assignments', {
          assignments: [
            { scopeId, kind: 'frontline-practice', observerUserId, dueDate: '2099-05-31' },
          ],
        });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        return (res.body as { assignments: AssignmentView[] }).assignments[0]!.id;
      };
      /** An observation started from the assignment, in draft, complete enough to submit. */
      const startFrom = async (who: Person, assignmentId: string, scopeId: string) => {
        const id = newId();
        const result = await push(who, {
          recordId: id,
          type: 'observation',
          scopeId,
          set: submittableFields(frontline, {
            kind: 'frontline-practice',
            templateId: frontline.id,
            templateVersion: frontline.version,
            status: 'draft',
            'context.assignmentId': assignmentId,
            'context.date': '2026-05-12',
          }),
        });
        return { id, result };
      };
      const submit = (who: Person, id: string) =>
        push(who, { recordId: id, type: 'observation', set: { status: 'submitted' } });
      const assignmentFields = async (id: string) => {
        const row = await ctx.storage.db
          .selectFrom('records')
          .select('fields')
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        return JSON.parse(row.fields) as Record<string, unknown>;
      };
      const change = (id: string, payload: object) =>
        call(qa, 'POST', `/api/programme/assignments/${id}/change`, payload);

      test('a submission by someone it is no longer given to keeps their observation and does not mark it done', async () => {
        const id = await plan(ann.id, groups[0]!);
        // Ann starts and submits it offline; meanwhile the QA lead gives it to Bo.
        expect((await change(id, { observerUserId: bo.id })).status).toBe(200);
        const { id: obs, result } = await startFrom(ann, id, groups[0]!);
        expect(result).toMatchObject({ status: 'applied' });
        expect(await submit(ann, obs)).toMatchObject({ status: 'applied' });
        expect(await assignmentFields(id)).not.toHaveProperty('completedAt');
        expect((await pullAll(ann)).find((r) => r.id === obs)?.fields['status']).toBe('submitted');
        // Bo's own submission is what does it.
        const { id: his } = await startFrom(bo, id, groups[0]!);
        expect(await submit(bo, his)).toMatchObject({ status: 'applied' });
        expect(await assignmentFields(id)).toMatchObject({
          completedAt: expect.any(String),
          observationId: his,
        });
      });

      test('a guest whose assignment was given to someone else is told so, for the start and what followed', async () => {
        const id = await plan(guest.id, groups[2]!);
        expect((await change(id, { observerUserId: ann.id })).status).toBe(200);
        const { id: obs, result } = await startFrom(guest, id, groups[2]!);
        expect(result).toMatchObject({ status: 'rejected', code: 'ASSIGNMENT_REASSIGNED' });
        expect(result.message).toContain('gave this assignment to someone else');
        expect(
          await push(guest, {
            recordId: obs,
            type: 'observation',
            set: { 'summary.strengths': 'Kept' },
          }),
        ).toMatchObject({ status: 'rejected', code: 'OBSERVATION_NOT_ON_SERVER' });
        // One never given to them is refused as before.
        const never = await plan(ann.id, groups[2]!);
        expect((await startFrom(guest, never, groups[2]!)).result).toMatchObject({
          status: 'rejected',
          code: 'FORBIDDEN_ROLE',
        });
      });

      test('deleting the draft started from it leaves it not started: it may be given to another and started again', async () => {
        const id = await plan(ann.id, groups[0]!);
        const { id: obs } = await startFrom(ann, id, groups[0]!);
        const copy = (await pullAll(ann)).find((r) => r.id === id)!;
        expect(
          await push(
            ann,
            { recordId: id, type: 'assignment', set: { observationId: obs } },
            copy.version,
          ),
        ).toMatchObject({ status: 'applied' });
        expect((await change(id, { observerUserId: bo.id })).body).toMatchObject({
          error: { code: 'ASSIGNMENT_STARTED' },
        });
        const drafted = (await pullAll(ann)).find((r) => r.id === obs)!;
        expect(
          await push(
            ann,
            { recordId: obs, type: 'observation', op: 'delete', set: {} },
            drafted.version,
          ),
        ).toMatchObject({ status: 'applied' });
        // Tablets are told by pull that it names nothing again.
        expect((await pullAll(ann)).find((r) => r.id === id)?.fields['observationId']).toBeNull();
        expect((await change(id, { observerUserId: bo.id })).status).toBe(200);
      });

      test('one named by an observation since deleted (before deletions unlinked it) is not started', async () => {
        const id = await plan(ann.id, groups[0]!);
        const { id: obs } = await startFrom(ann, id, groups[0]!);
        await rewriteFields(ctx.storage.db, id, (f) => ({ ...f, observationId: obs }));
        await ctx.storage.db
          .updateTable('records')
          .set({ deleted: 1 })
          .where('id', '=', obs)
          .execute();
        expect((await change(id, { observerUserId: bo.id })).status).toBe(200);
      });

      /** Deletes one of the person's observations, then brings it back (a `deleted` conflict's restore). */
      const deleteThenRestore = async (who: Person, obs: string) => {
        const held = (await pullAll(who)).find((r) => r.id === obs)!;
        expect(
          await push(
            who,
            { recordId: obs, type: 'observation', op: 'delete', set: {} },
            held.version,
          ),
        ).toMatchObject({ status: 'applied' });
        return async () => {
          const gone = (await pullAll(who)).find((r) => r.id === obs)!;
          expect(gone.deleted).toBe(true);
          expect(
            await push(
              who,
              { recordId: obs, type: 'observation', op: 'restore', set: {} },
              gone.version,
            ),
          ).toMatchObject({ status: 'applied' });
        };
      };
      const linkTo = async (who: Person, id: string, set: object) => {
        const copy = (await pullAll(who)).find((r) => r.id === id)!;
        expect(
          await push(who, { recordId: id, type: 'assignment', set }, copy.version),
        ).toMatchObject({ status: 'applied' });
      };

      test('a deleted draft restored is its assignment’s progress again, an audit’s family call its call', async () => {
        const id = await plan(ann.id, groups[0]!);
        const { id: obs } = await startFrom(ann, id, groups[0]!);
        await linkTo(ann, id, { observationId: obs });
        const restore = await deleteThenRestore(ann, obs);
        expect(await assignmentFields(id)).toMatchObject({ observationId: null });
        await restore();
        expect(await assignmentFields(id)).toMatchObject({ observationId: obs });
        // Every tablet is told by pull; the QA lead sees it started, so it stays Ann's.
        expect((await pullAll(ann)).find((r) => r.id === id)?.fields['observationId']).toBe(obs);
        expect((await change(id, { observerUserId: bo.id })).body).toMatchObject({
          error: { code: 'ASSIGNMENT_STARTED' },
        });

        // An audit's family feedback call goes back to being its call, the audit record its record.
        const planned = await call(qa, 'POST', '/api/programme/assignments', {
          assignments: [
            {
              scopeId: groups[0]!,
              kind: 'single-case-audit',
              observerUserId: ann.id,
              caseId: 'AB-7001',
              dueDate: '2099-05-31',
              month: '2099-05',
            },
          ],
        });
        expect(planned.status, JSON.stringify(planned.body)).toBe(201);
        const audit = (planned.body as { assignments: AssignmentView[] }).assignments[0]!.id;
        const record = newId();
        const familyCall = newId();
        expect(
          await push(ann, {
            recordId: record,
            type: 'observation',
            scopeId: groups[0]!,
            set: auditFields('AB-7001', audit),
          }),
        ).toMatchObject({ status: 'applied' });
        expect(
          await push(ann, {
            recordId: familyCall,
            type: 'observation',
            scopeId: groups[0]!,
            set: {
              kind: 'family-feedback-call',
              templateId: 'family-feedback-call',
              templateVersion: 1,
              status: 'draft',
              'context.assignmentId': audit,
              'context.linkedObservationId': record,
            },
          }),
        ).toMatchObject({ status: 'applied' });
        await linkTo(ann, audit, { observationId: record, familyCallId: familyCall });
        const restoreCall = await deleteThenRestore(ann, familyCall);
        const restoreRecord = await deleteThenRestore(ann, record);
        expect(await assignmentFields(audit)).toMatchObject({
          observationId: null,
          familyCallId: null,
        });
        await restoreCall();
        expect(await assignmentFields(audit)).toMatchObject({
          observationId: null,
          familyCallId: familyCall,
        });
        await restoreRecord();
        expect(await assignmentFields(audit)).toMatchObject({
          observationId: record,
          familyCallId: familyCall,
        });
      });

      test('a deleted draft restored leaves alone an assignment started again, given to another or withdrawn', async () => {
        // Started afresh meanwhile: the later start stands.
        const again = await plan(ann.id, groups[0]!);
        const { id: first } = await startFrom(ann, again, groups[0]!);
        await linkTo(ann, again, { observationId: first });
        const restoreFirst = await deleteThenRestore(ann, first);
        const { id: second } = await startFrom(ann, again, groups[0]!);
        await linkTo(ann, again, { observationId: second });
        await restoreFirst();
        expect(await assignmentFields(again)).toMatchObject({ observationId: second });

        // Given to Bo meanwhile: Ann's draft stays hers, and the assignment Bo's, not started.
        const moved = await plan(ann.id, groups[0]!);
        const { id: hers } = await startFrom(ann, moved, groups[0]!);
        await linkTo(ann, moved, { observationId: hers });
        const restoreHers = await deleteThenRestore(ann, hers);
        expect((await change(moved, { observerUserId: bo.id })).status).toBe(200);
        await restoreHers();
        expect(await assignmentFields(moved)).toMatchObject({
          observerUserId: bo.id,
          observationId: null,
        });

        // Withdrawn meanwhile: nothing to link.
        const withdrawn = await plan(ann.id, groups[0]!);
        const { id: draft } = await startFrom(ann, withdrawn, groups[0]!);
        await linkTo(ann, withdrawn, { observationId: draft });
        const restoreDraft = await deleteThenRestore(ann, draft);
        expect(
          (
            await call(qa, 'POST', `/api/programme/assignments/${withdrawn}/withdraw`, {
              reason: 'Planned in error',
            })
          ).status,
        ).toBe(200);
        await restoreDraft();
        expect(await assignmentFields(withdrawn)).toMatchObject({ observationId: null });
      });

      test('the observer’s submission completes it though it names their draft from another tablet', async () => {
        const id = await plan(ann.id, groups[0]!);
        // Tablet B syncs first: a draft, named by the assignment.
        const { id: draftB } = await startFrom(ann, id, groups[0]!);
        const copy = (await pullAll(ann)).find((r) => r.id === id)!;
        await push(
          ann,
          { recordId: id, type: 'assignment', set: { observationId: draftB } },
          copy.version,
        );
        // Then tablet A: its observation, submitted.
        const { id: fromA } = await startFrom(ann, id, groups[0]!);
        expect(await submit(ann, fromA)).toMatchObject({ status: 'applied' });
        expect(await assignmentFields(id)).toMatchObject({
          completedAt: expect.any(String),
          observationId: fromA,
        });
        // B's draft stays Ann's, a draft.
        expect((await pullAll(ann)).find((r) => r.id === draftB)?.fields['status']).toBe('draft');
      });
    });
  });
}

// The quarterly report on every engine, against figures worked out by hand on a fixed data set:
// two services, three practice groups, two quarters (and one outside them), every kind, with
// moderation, timeliness, actions, family answers and call attempts. Then the tablet's pure
// computation over what it pulled agrees with the server's SQL on a larger pseudo-random set.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createScope, listScopes } from '../../sync-server/src/accounts/accounts-repository';
import type { Role } from '../../sync-server/src/accounts/permissions';
import { rebuildReportRows } from '../../sync-server/src/reports/report-rows';
import {
  readLocalSettings,
  writeLocalSettings,
} from '../../sync-server/src/settings/local-settings';
import type { Actor } from '../../sync-server/src/sync/actor';
import { fullReadScopes } from '../../sync-server/src/sync/access';
import { buildQuarterlyReport } from '../../schemas/reports/quarterly-report';
import type { QuarterlyReport } from '../../schemas/reports/quarterly-report';
import { DEFAULT_LOCAL_SETTINGS } from '../../schemas/entities/local-settings';
import { builtInTemplates } from '../../schemas/templates/catalogue';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';
import { ReportSeeder, answers, pullEverything } from '../helpers/report-fixtures';
import { newId } from '../helpers/sync-fixtures';

useQuickPasswordHashing();

const O = 'outstanding';
const G = 'good';
const R = 'requires-improvement-to-be-good';
const I = 'inadequate';
const N = 'not-observed';

type Person = Actor & { token: string };

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(`quarterly report on ${engine.name}`, () => {
    let ctx: TestApp;
    let seed: ReportSeeder;
    const s: Record<'S1' | 'G1' | 'G2' | 'S2' | 'G3', string> = {
      S1: '',
      G1: '',
      G2: '',
      S2: '',
      G3: '',
    };
    let observer: Person;
    let qaS1: Person;
    let qaG3: Person;
    let director: Person;
    let hos: Person;
    const obs: Record<string, string> = {};

    const person = async (role: Role, scopeIds: string[]): Promise<Person> => {
      const a = await createAccount(ctx.storage, { role, scopeIds });
      const session = await signIn(ctx.app, { email: a.email, password: a.password });
      return { userId: a.id, role, deviceId: session.deviceId, token: session.token };
    };

    const report = async (who: Person, query: string) =>
      ctx.app.inject({
        method: 'GET',
        url: `/api/reports/quarterly?${query}`,
        headers: bearer(who.token),
      });
    const ok = async (who: Person, query: string): Promise<QuarterlyReport> => {
      const res = await report(who, query);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<QuarterlyReport>();
    };
    const RANGE = 'from=2026-27-Q1&to=2026-27-Q2&asOf=2026-07-15';

    beforeAll(async () => {
      ctx = t!;
      const db = ctx.storage.db;
      seed = new ReportSeeder(db);
      s.S1 = (await createScope(db, { name: 'Children in need', kind: 'service' })).id;
      s.G1 = (
        await createScope(db, { name: 'CIN team 1', kind: 'practice-group', parentId: s.S1 })
      ).id;
      s.G2 = (
        await createScope(db, { name: 'CIN team 2', kind: 'practice-group', parentId: s.S1 })
      ).id;
      s.S2 = (await createScope(db, { name: 'Children looked after', kind: 'service' })).id;
      s.G3 = (
        await createScope(db, { name: 'LAC team 1', kind: 'practice-group', parentId: s.S2 })
      ).id;
      observer = await person('observer', [s.S1, s.S2]);
      qaS1 = await person('qa-lead', [s.S1]);
      qaG3 = await person('qa-lead', [s.G3]);
      director = await person('director', [s.S1, s.S2]);
      hos = await person('head-of-service', [s.S2]);

      // Q1 (April to June 2026) ------------------------------------------------------------
      obs.A1 = await seed.observation(observer, s.G1, 'cp-conference-chairing', {
        'context.date': '2026-05-14',
        'summary.overallGrade': G,
        ...answers({
          'conference-type': 'initial',
          // ICPC due 15 working days later: Mon 18 May (Mon 4 May is a bank holiday). In time.
          'strategy-discussion-date': '2026-04-24',
          'opening-explained': G,
          'family-spoke-early': O,
          'child-voice-heard': R,
          'risk-evaluated': G,
          'plan-built-in-meeting': N,
        }),
      });
      const comment = (who: Person, on: string, set: Record<string, string | boolean>) =>
        seed.child(who, on, 'review-comment', { reason: 'Moderated.', ...set });
      await comment(qaS1, obs.A1, { itemId: 'family-spoke-early', agrees: true });
      await comment(qaS1, obs.A1, {
        itemId: 'child-voice-heard',
        agrees: false,
        moderatorGrade: I,
      });
      // Disagreeing in words but giving the observer's own grade: the grades agree.
      await comment(qaS1, obs.A1, { agrees: false, moderatorGrade: G });
      // "Not observed" is not a judgement: a comment on it is not moderation of a grade.
      await comment(qaS1, obs.A1, { itemId: 'plan-built-in-meeting', agrees: true });
      const action = (on: string, set: Record<string, string>) =>
        seed.child(observer, on, 'action', { what: 'Follow up.', ...set });
      await action(obs.A1, { status: 'done', dueDate: '2026-06-01' });
      await action(obs.A1, { status: 'open', dueDate: '2026-06-10' }); // overdue on 15 July
      await action(obs.A1, { status: 'in-progress', dueDate: '2026-08-01' });

      obs.A2 = await seed.observation(
        observer,
        s.G1,
        'cp-conference-chairing',
        {
          'context.date': '2026-06-25',
          'summary.overallGrade': R,
          ...answers({
            'conference-type': 'review',
            'initial-conference-date': '2025-06-10',
            // The most recent trigger decides: next review due 6 months on, 10 June. Late.
            'previous-review-conference-date': '2025-12-10',
            'opening-explained': R,
            'family-spoke-early': R,
            'child-voice-heard': I,
            'risk-evaluated': G,
          }),
        },
        { status: 'moderated', moderator: qaS1 },
      );
      await comment(qaS1, obs.A2, { itemId: 'risk-evaluated', agrees: true });
      await new Promise((r) => setTimeout(r, 5));
      // The later comment on the same judgement is the one that counts.
      await comment(qaS1, obs.A2, { itemId: 'risk-evaluated', agrees: false, moderatorGrade: R });
      await action(obs.A2, { status: 'cancelled', dueDate: '2026-05-01' });

      obs.A5 = await seed.observation(observer, s.G1, 'family-feedback-call', {
        'context.date': '2026-05-20',
        ...answers({
          'purpose-and-confidentiality-explained': 'yes',
          'knows-why-involved': 'yes',
          'knows-plan': 'partly',
          'worker-changes': 'once',
          'help-made-a-difference': 7,
        }),
      });
      for (const outcome of ['no-answer', 'call-back', 'completed'])
        await seed.child(observer, obs.A5, 'call-attempt', { at: '2026-05-20T10:00:00Z', outcome });

      obs.A6 = await seed.observation(observer, s.G2, 'family-feedback-call', {
        'context.date': '2026-06-03',
        ...answers({
          'knows-why-involved': 'yes',
          'knows-plan': 'no',
          'worker-changes': 'three-or-more',
          'help-made-a-difference': 3,
        }),
      });
      await seed.child(observer, obs.A6, 'call-attempt', {
        at: '2026-06-03T10:00:00Z',
        outcome: 'completed',
      });

      obs.A8 = await seed.observation(observer, s.G1, 'single-case-audit', {
        'context.date': '2026-04-02',
        'summary.overallGrade': I,
        ...answers({
          // An audit's dates are about the case, not a meeting observed: no timeliness.
          'referral-date': '2026-01-05',
          'case-information-judgement': I,
          'assessment-judgement': R,
          'planning-judgement': I,
        }),
      });
      await comment(qaS1, obs.A8, { agrees: true });

      // Q2 (July to September 2026) --------------------------------------------------------
      obs.A3 = await seed.observation(observer, s.G2, 'lac-review-chairing', {
        'context.date': '2026-07-20',
        'summary.overallGrade': G,
        ...answers({
          'review-number': 'first',
          // First review due 20 working days later: 20 July, the day it was held. In time.
          'date-became-looked-after': '2026-06-22',
          'plan-meets-needs': O,
          health: G,
          'education-pep': G,
          'la-challenged': I,
        }),
      });
      await action(obs.A3, { status: 'open' });

      obs.A4 = await seed.observation(observer, s.G3, 'lac-review-chairing', {
        'context.date': '2026-08-05',
        'summary.overallGrade': R,
        ...answers({ 'plan-meets-needs': R, health: R }),
      });
      await comment(qaG3, obs.A4, { itemId: 'health', agrees: true });

      obs.A7 = await seed.observation(observer, s.G2, 'frontline-practice', {
        'context.date': '2026-09-30',
        'summary.overallGrade': O,
        ...answers({
          'risk-identified-reduced': O,
          participation: O,
          'focus-on-child': G,
          'communication-relationship': G,
          professionalism: O,
        }),
      });
      await action(obs.A7, { status: 'done', dueDate: '2026-10-30' });

      // Recorded at service level, not in a practice group.
      obs.A9 = await seed.observation(observer, s.S1, 'frontline-practice', {
        'context.date': '2026-08-15',
        'summary.overallGrade': G,
        ...answers({ professionalism: G }),
      });

      // Not counted in 2026-27 Q1-Q2 -------------------------------------------------------
      obs.E1 = await seed.observation(observer, s.G1, 'frontline-practice', {
        'context.date': '2026-03-20',
        'summary.overallGrade': I,
        ...answers({ professionalism: I }),
      });
      obs.E2 = await seed.observation(
        observer,
        s.G2,
        'frontline-practice',
        { 'context.date': '2026-05-05', ...answers({ professionalism: O }) },
        { status: 'draft' },
      );
      obs.E3 = await seed.observation(
        observer,
        s.G1,
        'cp-conference-chairing',
        { 'context.date': '2026-05-06', ...answers({ 'opening-explained': O }) },
        { status: 'draft' },
      );
      await seed.remove(observer, obs.E3);

      // Programme assignments (by the quarter they are due in; the report's day is 15 July) ----
      const due = (scopeId: string, dueDate: string, more: object = {}) =>
        seed.assignment(scopeId === s.G3 ? qaG3 : qaS1, { scopeId, observer, dueDate, ...more });
      await due(s.G1, '2026-05-31', { completedAt: '2026-05-20T10:00:00.000Z' }); // Q1 done
      // 23:30 UTC is 00:30 on 1 April in London: late. 22:30 UTC on 2 Dec is the same day: in time.
      await due(s.G1, '2026-03-31', { completedAt: '2026-03-31T23:30:00.000Z' }); // Q4 2025-26
      await due(s.G2, '2026-12-02', { completedAt: '2026-12-02T23:30:00.000Z' }); // Q3 in time
      await due(s.G1, '2026-06-30', { completedAt: '2026-07-02T09:00:00.000Z' }); // Q1 done late
      await due(s.G1, '2026-06-15'); // Q1 overdue
      await due(s.G1, '2026-07-31'); // Q2 not yet due
      await due(s.G1, '2026-07-10'); // Q2 overdue
      await due(s.G2, '2026-08-15', {
        kind: 'cp-conference-chairing',
        completedAt: '2026-08-14T12:00:00.000Z',
      }); // Q2 done
      await due(s.G3, '2026-05-15', { exemptBy: hos }); // Q1 exempted
      await due(s.G3, '2026-04-10'); // Q1 overdue
      await due(s.G1, '2026-10-05'); // Q3: not in the range
    });
    afterAll(async () => ctx?.close());

    const cell = (r: QuarterlyReport, quarter: string, scope: string, kind: string) =>
      r.rows.find((x) => x.quarter === quarter && x.scopeId === scope && x.kind === kind);

    test('rows by quarter, practice group and kind, each service followed by its groups', async () => {
      const r = await ok(director, RANGE);
      expect(r.quarters.map((q) => q.key)).toEqual(['2026-27-Q1', '2026-27-Q2']);
      expect(r.scopes.map((x) => x.id)).toEqual([s.S1, s.G1, s.G2, s.S2, s.G3]);
      expect(r.rows.map((x) => [x.quarter, x.scopeId, x.kind, x.figures.observations])).toEqual([
        ['2026-27-Q1', s.G1, 'cp-conference-chairing', 2],
        ['2026-27-Q1', s.G1, 'family-feedback-call', 1],
        ['2026-27-Q1', s.G1, 'single-case-audit', 1],
        ['2026-27-Q1', s.G2, 'family-feedback-call', 1],
        ['2026-27-Q2', s.S1, 'frontline-practice', 1],
        ['2026-27-Q2', s.G2, 'lac-review-chairing', 1],
        ['2026-27-Q2', s.G2, 'frontline-practice', 1],
        ['2026-27-Q2', s.G3, 'lac-review-chairing', 1],
      ]);
      expect(r.rows.map((x) => x.serviceId)).toEqual([
        s.S1,
        s.S1,
        s.S1,
        s.S1,
        s.S1,
        s.S1,
        s.S1,
        s.S2,
      ]);

      const cp = cell(r, '2026-27-Q1', s.G1, 'cp-conference-chairing')!.figures;
      expect(cp).toEqual({
        observations: 2,
        familyCalls: 0,
        overallJudgements: { good: 1, [R]: 1 },
        itemGrades: { good: 3, inadequate: 1, 'not-observed': 1, outstanding: 1, [R]: 3 },
        moderation: { moderated: 4, agreed: 2, agreementRate: 0.5 },
        timeliness: { inTime: 1, late: 1, notRecorded: 0 },
        actions: { opened: 4, completed: 1, cancelled: 1, overdue: 1 },
        // None acknowledged here (tests/server/good-practice.test.ts counts some).
        goodPractice: 0,
        callAttempts: { 'no-answer': 0, 'call-back': 0, declined: 0, completed: 0 },
      });
      expect(cell(r, '2026-27-Q1', s.G1, 'family-feedback-call')!.figures).toMatchObject({
        observations: 1,
        familyCalls: 1,
        overallJudgements: {},
        callAttempts: { 'no-answer': 1, 'call-back': 1, declined: 0, completed: 1 },
      });
      expect(cell(r, '2026-27-Q1', s.G1, 'single-case-audit')!.figures).toMatchObject({
        overallJudgements: { inadequate: 1 },
        itemGrades: { inadequate: 2, [R]: 1 },
        moderation: { moderated: 1, agreed: 1, agreementRate: 1 },
        timeliness: { inTime: 0, late: 0, notRecorded: 0 },
      });
      expect(cell(r, '2026-27-Q2', s.G2, 'lac-review-chairing')!.figures).toMatchObject({
        itemGrades: { good: 2, inadequate: 1, outstanding: 1 },
        timeliness: { inTime: 1, late: 0, notRecorded: 0 },
        actions: { opened: 1, completed: 0, cancelled: 0, overdue: 0 },
      });
      expect(cell(r, '2026-27-Q2', s.G3, 'lac-review-chairing')!.figures).toMatchObject({
        timeliness: { inTime: 0, late: 0, notRecorded: 1 },
        moderation: { moderated: 1, agreed: 1, agreementRate: 1 },
      });
    });

    test('each service’s total: its practice groups and what was recorded against the service', async () => {
      const r = await ok(director, RANGE);
      expect(
        r.serviceTotals.map((t) => [
          t.serviceId,
          t.figures.observations,
          t.figures.familyCalls,
          t.figures.overallJudgements,
        ]),
      ).toEqual([
        // CIN team 1 (A1, A2, A5, A8), CIN team 2 (A6, A3, A7) and the service's own A9.
        [s.S1, 8, 2, { good: 3, inadequate: 1, outstanding: 1, [R]: 1 }],
        [s.S2, 1, 0, { [R]: 1 }],
      ]);
      expect(r.serviceTotals[0]!.figures).toMatchObject({
        moderation: { moderated: 5, agreed: 3 },
        timeliness: { inTime: 2, late: 1, notRecorded: 0 },
        actions: { opened: 6, completed: 2, cancelled: 1, overdue: 1 },
      });
      // A QA lead of one practice group sees no service total: the service is not theirs.
      expect((await ok(qaG3, RANGE)).serviceTotals).toEqual([]);
    });

    test('the total: grades overall and by section, moderation agreement, timeliness, actions, calls', async () => {
      const { total } = await ok(director, RANGE);
      expect(total.observations).toBe(9);
      expect(total.familyCalls).toBe(2);
      expect(total.overallJudgements).toEqual({ good: 3, inadequate: 1, outstanding: 1, [R]: 2 });
      expect(total.itemGrades).toEqual({
        good: 8,
        inadequate: 4,
        // One chosen; four the single case audit's required judgements A8 leaves out, which the
        // seeder answers "not observed" so the server lets it be submitted.
        'not-observed': 5,
        outstanding: 5,
        [R]: 6,
      });
      expect(total.moderation).toEqual({ moderated: 6, agreed: 4, agreementRate: 4 / 6 });
      expect(total.timeliness).toEqual({ inTime: 2, late: 1, notRecorded: 1 });
      expect(total.actions).toEqual({ opened: 6, completed: 2, cancelled: 1, overdue: 1 });
      expect(total.callAttempts).toEqual({
        'no-answer': 1,
        'call-back': 1,
        declined: 0,
        completed: 2,
      });
      const notObserved = { 'not-observed': 1 };
      expect(total.sections).toEqual([
        { templateId: 'cp-conference-chairing', sectionId: 'opening', grades: { good: 1, [R]: 1 } },
        {
          templateId: 'cp-conference-chairing',
          sectionId: 'participation',
          grades: { inadequate: 1, outstanding: 1, [R]: 2 },
        },
        { templateId: 'cp-conference-chairing', sectionId: 'analysis', grades: { good: 2 } },
        { templateId: 'cp-conference-chairing', sectionId: 'plan', grades: { 'not-observed': 1 } },
        {
          templateId: 'frontline-practice',
          sectionId: 'annex-g-criteria',
          grades: { good: 2, outstanding: 2 },
        },
        {
          templateId: 'frontline-practice',
          sectionId: 'practice-areas',
          grades: { good: 1, outstanding: 1 },
        },
        {
          templateId: 'lac-review-chairing',
          sectionId: 'care-plan-scrutiny',
          grades: { good: 2, outstanding: 1, [R]: 2 },
        },
        { templateId: 'lac-review-chairing', sectionId: 'challenge', grades: { inadequate: 1 } },
        {
          templateId: 'single-case-audit',
          sectionId: 'case-information',
          grades: { inadequate: 1 },
        },
        // The audit's judgements A8 leaves out, "not observed" (the seeder), so it may be submitted.
        { templateId: 'single-case-audit', sectionId: 'current-referral', grades: notObserved },
        { templateId: 'single-case-audit', sectionId: 'assessment', grades: { [R]: 1 } },
        { templateId: 'single-case-audit', sectionId: 'planning', grades: { inadequate: 1 } },
        { templateId: 'single-case-audit', sectionId: 'child-focus', grades: notObserved },
        { templateId: 'single-case-audit', sectionId: 'recording', grades: notObserved },
        {
          templateId: 'single-case-audit',
          sectionId: 'management-oversight',
          grades: notObserved,
        },
      ]);
    });

    test('improvement plans are tracked whatever quarter their observation was in', async () => {
      const total = (r: QuarterlyReport) => r.openOverdue.reduce((a, x) => a + x.count, 0);
      const both = await ok(director, RANGE);
      expect(total(both)).toBe(both.total.actions.overdue);
      expect(total(both)).toBeGreaterThan(0);
      // Each quarter alone: its own rows count its own actions, the tracking counts them all.
      for (const q of ['2026-27-Q1', '2026-27-Q2']) {
        const one = await ok(director, `from=${q}&to=${q}&asOf=2026-07-15`);
        expect(one.openOverdue, q).toEqual(both.openOverdue);
      }
      // A day before anything fell due, nothing is overdue.
      expect(
        (await ok(director, 'from=2026-27-Q1&to=2026-27-Q2&asOf=2026-04-01')).openOverdue,
      ).toEqual([]);
    });

    test('strengths and areas for development: items most often graded good or better, and less than good', async () => {
      const { total } = await ok(director, RANGE);
      const brief = (list: typeof total.strengths) =>
        list.map((i) => `${i.templateId}/${i.itemId} ${i.count}/${i.graded}`);
      expect(brief(total.strengths)).toEqual([
        'cp-conference-chairing/risk-evaluated 2/2',
        'frontline-practice/professionalism 2/2',
        'frontline-practice/communication-relationship 1/1',
        'frontline-practice/focus-on-child 1/1',
        'frontline-practice/participation 1/1',
        'frontline-practice/risk-identified-reduced 1/1',
        'lac-review-chairing/education-pep 1/1',
        'cp-conference-chairing/family-spoke-early 1/2',
        'cp-conference-chairing/opening-explained 1/2',
        'lac-review-chairing/health 1/2',
      ]);
      expect(brief(total.areasForDevelopment)).toEqual([
        'cp-conference-chairing/child-voice-heard 2/2',
        'lac-review-chairing/la-challenged 1/1',
        'single-case-audit/assessment-judgement 1/1',
        'single-case-audit/case-information-judgement 1/1',
        'single-case-audit/planning-judgement 1/1',
        'cp-conference-chairing/family-spoke-early 1/2',
        'cp-conference-chairing/opening-explained 1/2',
        'lac-review-chairing/health 1/2',
        'lac-review-chairing/plan-meets-needs 1/2',
      ]);
    });

    test('family feedback answers per question, in the order of the call', async () => {
      const { total } = await ok(director, RANGE);
      expect(total.familyFeedback).toEqual([
        {
          templateId: 'family-feedback-call',
          itemId: 'purpose-and-confidentiality-explained',
          answers: { yes: 1 },
        },
        { templateId: 'family-feedback-call', itemId: 'knows-why-involved', answers: { yes: 2 } },
        { templateId: 'family-feedback-call', itemId: 'knows-plan', answers: { no: 1, partly: 1 } },
        {
          templateId: 'family-feedback-call',
          itemId: 'worker-changes',
          answers: { once: 1, 'three-or-more': 1 },
        },
        {
          templateId: 'family-feedback-call',
          itemId: 'help-made-a-difference',
          answers: { '3': 1, '7': 1 },
        },
      ]);
    });

    test('the trend has every quarter in the range, with its own figures', async () => {
      const r = await ok(director, 'from=2025-26-Q4&to=2026-27-Q3&asOf=2026-07-15');
      expect(r.trend.map((q) => [q.quarter, q.figures.observations])).toEqual([
        ['2025-26-Q4', 1],
        ['2026-27-Q1', 5],
        ['2026-27-Q2', 4],
        ['2026-27-Q3', 0],
      ]);
      const q1 = r.trend[1]!.figures;
      expect(q1.timeliness).toEqual({ inTime: 1, late: 1, notRecorded: 0 });
      expect(q1.moderation).toEqual({ moderated: 5, agreed: 3, agreementRate: 0.6 });
      expect(r.trend[0]!.figures.overallJudgements).toEqual({ inadequate: 1 });
      expect(r.trend[3]!.figures).toMatchObject({ observations: 0, strengths: [], sections: [] });
      expect(r.total.observations).toBe(10);
    });

    test('each viewer sees only the scopes they oversee', async () => {
      const mine = await ok(qaS1, RANGE);
      expect(mine.scopes.map((x) => x.id)).toEqual([s.S1, s.G1, s.G2]);
      expect(mine.total.observations).toBe(8);
      expect(mine.rows.some((x) => x.scopeId === s.G3)).toBe(false);
      expect((await ok(qaG3, RANGE)).total.observations).toBe(1);
      expect((await ok(hos, RANGE)).total).toMatchObject({ observations: 1, familyCalls: 0 });
      const group = await ok(director, `${RANGE}&scopeId=${s.G2}`);
      expect(group.rows.map((x) => x.kind)).toEqual([
        'family-feedback-call',
        'lac-review-chairing',
        'frontline-practice',
      ]);
      const service = await ok(director, `${RANGE}&scopeId=${s.S2}`);
      expect(service.scopes.map((x) => x.id)).toEqual([s.S2, s.G3]);
      expect(service.total.observations).toBe(1);
      const kind = await ok(director, `${RANGE}&kind=lac-review-chairing`);
      expect(kind.total).toMatchObject({
        observations: 2,
        timeliness: { inTime: 1, notRecorded: 1 },
      });

      const outside = await report(qaS1, `${RANGE}&scopeId=${s.G3}`);
      expect(outside.statusCode).toBe(404);
      expect(outside.json().error.code).toBe('SCOPE_NOT_FOUND');
      const nobody = await report(observer, RANGE);
      expect(nobody.statusCode).toBe(403);
      expect(nobody.json().error.code).toBe('FORBIDDEN');
      const anonymous = await ctx.app.inject({
        method: 'GET',
        url: `/api/reports/quarterly?${RANGE}`,
      });
      expect(anonymous.statusCode).toBe(401);
    });

    test('a practice group seen without its service carries the service’s name, in the report and the account', async () => {
      // A QA lead in the group alone: the rows name its service, which they do not oversee.
      const mine = await ok(qaG3, RANGE);
      expect(mine.rows.every((x) => x.serviceId === s.S2)).toBe(true);
      expect(mine.scopes).toEqual([
        {
          id: s.G3,
          name: 'LAC team 1',
          kind: 'practice-group',
          parentId: s.S2,
          parentName: 'Children looked after',
        },
      ]);
      // Nothing more to read: the service itself is not among the scopes reported.
      expect(await fullReadScopes(ctx.storage.db, qaG3)).toEqual([s.G3]);
      const a = await createAccount(ctx.storage, { role: 'qa-lead', scopeIds: [s.G3] });
      const signedIn = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { email: a.email, password: a.password },
      });
      expect(signedIn.json<{ user: { scopes: unknown } }>().user.scopes).toEqual([
        {
          id: s.G3,
          name: 'LAC team 1',
          kind: 'practice-group',
          parentId: s.S2,
          parentName: 'Children looked after',
        },
      ]);
      // A service has no parent to name.
      const service = await ok(qaS1, RANGE);
      expect(service.scopes.map((x) => x.parentName)).toEqual([
        null,
        'Children in need',
        'Children in need',
      ]);
    });

    test.each([
      ['from=2026-Q1&to=2026-27-Q2', 'from'],
      ['from=2026-27-Q2&to=2026-27-Q1', 'to'],
      ['from=2024-25-Q1&to=2027-28-Q2', 'to'],
      ['from=2026-27-Q1&to=2026-27-Q2&asOf=2026-02-30', 'asOf'],
      ['from=2026-27-Q1&to=2026-27-Q2&kind=home-visit', 'kind'],
      ['from=2026-27-Q1&to=2026-27-Q2&colour=red', ''],
      ['to=2026-27-Q2', 'from'],
    ])('bad input %s is a 400 naming %s, never a 500', async (query, field) => {
      const res = await report(director, query);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      if (field) expect(res.json().error.message).toMatch(new RegExp(`^${field}: `));
    });

    test('a change to a local timescale leaves the meetings already submitted as they were judged', async () => {
      const before = await ok(director, `${RANGE}&scopeId=${s.G1}`);
      expect(before.total.timeliness).toEqual({ inTime: 1, late: 1, notRecorded: 0 });
      await writeLocalSettings(ctx.storage, {
        timescales: { icpc: { unit: 'working-days', amount: 10 } },
      });
      try {
        // Under 10 working days the initial conference of 14 May would be late (due 11 May), but
        // it was submitted under 15 (tests/server/judged-timescales.test.ts has the whole story).
        expect(await ok(director, `${RANGE}&scopeId=${s.G1}`)).toEqual(before);
        // Worked out again from the records under the new setting: the same.
        await rebuildReportRows(ctx.storage.db);
        expect(await ok(director, `${RANGE}&scopeId=${s.G1}`)).toEqual(before);
      } finally {
        await writeLocalSettings(ctx.storage, { timescales: {} });
      }
    });

    test('a local timescale longer than the law allows is refused by the settings route, and nothing changes', async () => {
      const admin = await person('admin', []);
      const res = await ctx.app.inject({
        method: 'PUT',
        url: '/api/admin/settings',
        headers: bearer(admin.token),
        payload: { timescales: { 'first-cla-review': { unit: 'calendar-days', amount: 60 } } },
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.json().error.message).toContain(
        'First review for a looked-after child is a statutory timescale (20 working days from the day the child became looked after): a local timescale may be shorter, not longer than that',
      );
      expect((await readLocalSettings(ctx.storage)).timescales).toEqual({});
    });

    test('an amendment reaches the report in the same push; rebuilding from the records changes nothing', async () => {
      const before = await ok(director, RANGE);
      await seed.put(observer, {
        recordId: obs.A9!,
        type: 'observation',
        set: { 'summary.overallGrade': I },
        amendmentId: newId(),
      });
      const edited = await ok(director, RANGE);
      expect(edited.total.overallJudgements).toEqual({
        ...before.total.overallJudgements,
        good: 2,
        inadequate: 2,
      });
      await rebuildReportRows(ctx.storage.db);
      expect(await ok(director, RANGE)).toEqual(edited);
      await seed.put(observer, {
        recordId: obs.A9!,
        type: 'observation',
        set: { 'summary.overallGrade': G },
        amendmentId: newId(),
      });
      expect(await ok(director, RANGE)).toEqual(before);
    });

    test('the report, the concern log and the exports are described in the OpenAPI document', async () => {
      const doc = (await ctx.app.inject({ method: 'GET', url: '/docs/json' })).json();
      const quarterly = doc.paths['/api/reports/quarterly'].get;
      expect(quarterly.parameters.map((p: { name: string }) => p.name).sort()).toEqual([
        'asOf',
        'from',
        'kind',
        'scopeId',
        'to',
      ]);
      expect(
        quarterly.responses['200'].content['application/json'].schema.properties,
      ).toHaveProperty('trend');
      expect(doc.paths).toHaveProperty(['/api/reports/concerns']);
      expect(doc.paths).toHaveProperty(['/api/exports/{type}']);
    });

    test('the programme: assignments due, done, done late, overdue and exempted, by quarter of due date', async () => {
      const f = (
        due: number,
        done: number,
        doneLate: number,
        overdue: number,
        exempted: number,
      ) => ({
        due,
        done,
        doneLate,
        overdue,
        exempted,
      });
      const r = await ok(director, RANGE);
      expect(r.programme.rows).toEqual([
        { quarter: '2026-27-Q1', serviceId: s.S1, scopeId: s.G1, figures: f(3, 2, 1, 1, 0) },
        { quarter: '2026-27-Q1', serviceId: s.S2, scopeId: s.G3, figures: f(2, 0, 0, 1, 1) },
        { quarter: '2026-27-Q2', serviceId: s.S1, scopeId: s.G1, figures: f(2, 0, 0, 1, 0) },
        { quarter: '2026-27-Q2', serviceId: s.S1, scopeId: s.G2, figures: f(1, 1, 0, 0, 0) },
      ]);
      expect(r.programme.trend).toEqual([
        { quarter: '2026-27-Q1', figures: f(5, 2, 1, 2, 1) },
        { quarter: '2026-27-Q2', figures: f(3, 1, 0, 1, 0) },
      ]);
      expect(r.programme.total).toEqual(f(8, 3, 1, 3, 1));
      // Scoped like the rest: a QA lead of one service sees its groups only.
      expect((await ok(qaS1, RANGE)).programme.total).toEqual(f(6, 3, 1, 2, 0));
      expect((await ok(qaG3, RANGE)).programme.total).toEqual(f(2, 0, 0, 1, 1));
      expect((await ok(director, `${RANGE}&scopeId=${s.G2}`)).programme.total).toEqual(
        f(1, 1, 0, 0, 0),
      );
      // The kind filter applies; an earlier report day makes fewer overdue.
      expect((await ok(director, `${RANGE}&kind=cp-conference-chairing`)).programme.total).toEqual(
        f(1, 1, 0, 0, 0),
      );
      expect(
        (await ok(director, 'from=2026-27-Q1&to=2026-27-Q3&asOf=2026-06-20')).programme.total,
      ).toEqual(f(10, 4, 1, 2, 1));
      // Late by the London day: 23:30 UTC in summer time is the next day; in winter it is not.
      const wide = await ok(director, 'from=2025-26-Q4&to=2026-27-Q3&asOf=2026-06-20');
      expect(wide.programme.trend).toEqual([
        { quarter: '2025-26-Q4', figures: f(1, 1, 1, 0, 0) },
        { quarter: '2026-27-Q1', figures: f(5, 2, 1, 2, 1) },
        { quarter: '2026-27-Q2', figures: f(3, 1, 0, 0, 0) },
        { quarter: '2026-27-Q3', figures: f(2, 1, 0, 0, 0) },
      ]);
    });

    test('the tablet computes the same report from the records it pulled', async () => {
      for (const viewer of [director, qaS1, qaG3]) {
        const server = await ok(viewer, RANGE);
        const local = buildQuarterlyReport(await pullEverything(ctx.storage.db, viewer), {
          query: { from: '2026-27-Q1', to: '2026-27-Q2', asOf: '2026-07-15' },
          scopes: await listScopes(ctx.storage.db),
          viewerScopeIds: await fullReadScopes(ctx.storage.db, viewer),
          gradeScale: DEFAULT_LOCAL_SETTINGS.gradeScale,
          timescales: {},
          templates: builtInTemplates,
        });
        expect(local).toEqual(server);
      }
    });
  });
}

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { FieldValue } from '../entities/field-value';
import { ofstedGradeScale } from '../entities/grade-scale';
import type { GradeScale } from '../entities/grade-scale';
import { quarterKeyOf } from '../rules/quarters';
import { builtInTemplates } from '../templates/catalogue';
import { timescalesStamp } from '../timescales';
import type { LocalTimescales } from '../timescales';
import { testId } from '../testing/fixtures';
import { concernAcknowledgeBy, isConcernOverdue, wasAcknowledgedLate } from './concern-log';
import { observationFacts } from './report-facts';
import type { ObservationFacts, ReportRecord } from './report-facts';
import {
  assembleQuarterlyReport,
  buildQuarterlyReport,
  gradeClass,
  isActionOverdue,
  quarterlyReportSchema,
  selectReportScopes,
  talliesFromFacts,
} from './quarterly-report';
import type { ScopeRef } from './quarterly-report';

const ctx = { templates: builtInTemplates, timescales: {} };

function record(
  fields: Record<string, FieldValue>,
  over: Partial<ReportRecord> = {},
): ReportRecord {
  return {
    id: testId(1),
    type: 'observation',
    scopeId: testId(800),
    parentId: null,
    deleted: false,
    createdAt: '2026-05-01T09:00:00Z',
    fields: { templateVersion: 1, status: 'submitted', ...fields },
    ...over,
  };
}

const cp = (fields: Record<string, FieldValue>) =>
  record({ kind: 'cp-conference-chairing', templateId: 'cp-conference-chairing', ...fields });

describe('what an observation contributes', () => {
  test('drafts, deleted records and unknown kinds do not count', () => {
    expect(observationFacts(cp({ status: 'draft' }), [], ctx)).toBeNull();
    expect(observationFacts(cp({}), [], ctx)).not.toBeNull();
    expect(observationFacts(record({ kind: 'x', templateId: 'x' }), [], ctx)).toBeNull();
    expect(observationFacts({ ...cp({}), deleted: true }, [], ctx)).toBeNull();
    for (const status of ['submitted', 'returned', 'moderated', 'closed'])
      expect(observationFacts(cp({ status }), [], ctx)).not.toBeNull();
  });

  test('good practice acknowledged: of the practice, of the record’s quality or both, once', () => {
    const acknowledged = (what: FieldValue | undefined) =>
      observationFacts(
        cp(
          what === undefined
            ? {}
            : {
                'goodPractice.what': what,
                'goodPractice.note': 'The child’s words were kept.',
                'goodPractice.by': testId(700),
                'goodPractice.on': '2026-05-02',
              },
        ),
        [],
        ctx,
      )!.goodPractice;
    for (const what of ['practice', 'record-quality', 'both'])
      expect(acknowledged(what), what).toBe(true);
    expect(acknowledged(undefined)).toBe(false);
    // Cleared, or a value the choices do not have, is no acknowledgement.
    expect(acknowledged(null)).toBe(false);
    expect(acknowledged('excellent')).toBe(false);
  });

  test('the most recent context date on or before the meeting decides its timescale', () => {
    const facts = observationFacts(
      cp({
        'context.date': '2026-06-25',
        'responses.initial-conference-date.value': '2025-06-10',
        'responses.previous-review-conference-date.value': '2025-12-10',
        // After the meeting: cannot be what started its timescale.
        'responses.strategy-discussion-date.value': '2026-07-01',
      }),
      [],
      ctx,
    )!;
    expect(facts).toMatchObject({
      meeting: true,
      timescaleRule: 'next-review-conference',
      triggerDate: '2025-12-10',
      dueDate: '2026-06-10',
      quarter: '2026-27-Q1',
    });
    const local = observationFacts(
      cp({ 'context.date': '2026-06-25', 'responses.initial-conference-date.value': '2026-04-01' }),
      [],
      { ...ctx, timescales: { 'first-review-conference': { unit: 'calendar-days', amount: 90 } } },
    )!;
    expect(local.dueDate).toBe('2026-06-30');
  });

  test('a meeting is judged by the timescales stamped at its first submission, not the settings now', () => {
    // A first review conference held 10 July 2026, the initial conference on 10 April: in time
    // within 3 months (due 10 July), a day late within 90 days (due 9 July).
    const meeting = {
      'context.date': '2026-07-10',
      'responses.conference-type.value': 'review',
      'responses.initial-conference-date.value': '2026-04-10',
    };
    const ninety = { 'first-review-conference': { unit: 'calendar-days', amount: 90 } } as const;
    const dueUnder = (stamp: FieldValue | undefined, timescales: LocalTimescales) =>
      observationFacts(
        cp(stamp === undefined ? meeting : { ...meeting, submittedTimescales: stamp }),
        [],
        { ...ctx, timescales },
      )!.dueDate;
    // Stamped under 3 months: the 90 days set since change nothing, and the reverse.
    expect(dueUnder(timescalesStamp({}), ninety)).toBe('2026-07-10');
    expect(dueUnder(timescalesStamp(ninety), {})).toBe('2026-07-09');
    // No stamp (a record a tablet pulled before the server stamped it): the settings now.
    expect(dueUnder(undefined, ninety)).toBe('2026-07-09');
    expect(dueUnder(undefined, {})).toBe('2026-07-10');
    // Something that is not a stamp is no stamp.
    expect(dueUnder('90 days', {})).toBe('2026-07-10');
    expect(dueUnder(null, ninety)).toBe('2026-07-09');
  });

  test('a trigger outside the covered calendar years is not recorded, not a crash', () => {
    const facts = observationFacts(
      cp({
        'context.date': '2036-03-01',
        'responses.previous-review-conference-date.value': '2035-12-01',
      }),
      [],
      ctx,
    )!;
    expect(facts).toMatchObject({
      meeting: true,
      timescaleRule: 'next-review-conference',
      dueDate: null,
    });
  });

  test('only the latest comment on a judgement counts; not observed is not a judgement', () => {
    const obs = cp({
      'summary.overallGrade': 'good',
      'responses.opening-explained.value': 'good',
      'responses.risk-evaluated.value': 'not-observed',
    });
    const comment = (n: number, at: string, fields: Record<string, FieldValue>): ReportRecord => ({
      id: testId(100 + n),
      type: 'review-comment',
      scopeId: obs.scopeId,
      parentId: obs.id,
      deleted: false,
      createdAt: at,
      fields: { reason: 'r', ...fields },
    });
    const facts = observationFacts(
      obs,
      [
        comment(1, '2026-05-02T09:00:00Z', { itemId: 'opening-explained', agrees: true }),
        comment(2, '2026-05-03T09:00:00Z', {
          itemId: 'opening-explained',
          agrees: false,
          moderatorGrade: 'inadequate',
        }),
        comment(3, '2026-05-02T09:00:00Z', { itemId: 'risk-evaluated', agrees: true }),
        comment(4, '2026-05-02T09:00:00Z', { agrees: false, moderatorGrade: 'good' }),
        // Of another observation: ignored.
        { ...comment(5, '2026-05-04T09:00:00Z', { agrees: false }), parentId: testId(2) },
      ],
      ctx,
    )!;
    expect([facts.moderated, facts.agreed]).toEqual([2, 1]);
  });

  test('family answers: fixed-set answers of a family call, numbers as text', () => {
    const facts = observationFacts(
      record({
        kind: 'family-feedback-call',
        templateId: 'family-feedback-call',
        'responses.knows-plan.value': 'partly',
        'responses.help-made-a-difference.value': 0,
        'responses.what-worked-well.value': 'Free text is never counted',
      }),
      [],
      ctx,
    )!;
    expect(facts.answers).toEqual([
      { itemId: 'knows-plan', answer: 'partly' },
      { itemId: 'help-made-a-difference', answer: '0' },
    ]);
  });
});

describe('grades as strengths and areas for development', () => {
  test('the better half of the scale is a strength, the worse half an area for development', () => {
    expect(
      ['outstanding', 'good', 'requires-improvement-to-be-good', 'inadequate', 'not-observed'].map(
        (k) => gradeClass(ofstedGradeScale, k),
      ),
    ).toEqual(['strength', 'strength', 'development', 'development', null]);
    const five: GradeScale = {
      ...ofstedGradeScale,
      id: 'five',
      points: ['a', 'b', 'c', 'd', 'e'].map((key, i) => ({ key, label: key, rank: i + 1 })),
    };
    expect(['a', 'b', 'c', 'd', 'e'].map((k) => gradeClass(five, k))).toEqual([
      'strength',
      'strength',
      null,
      'development',
      'development',
    ]);
  });

  test('an action is overdue when still open after its due date', () => {
    expect(isActionOverdue('open', '2026-06-01', '2026-06-02')).toBe(true);
    expect(isActionOverdue(null, '2026-06-01', '2026-06-02')).toBe(true);
    expect(isActionOverdue('in-progress', '2026-06-02', '2026-06-02')).toBe(false);
    expect(isActionOverdue('done', '2026-06-01', '2026-07-01')).toBe(false);
    expect(isActionOverdue('cancelled', '2026-06-01', '2026-07-01')).toBe(false);
    expect(isActionOverdue('open', null, '2026-07-01')).toBe(false);
  });
});

describe('assembling the report', () => {
  const scopes: ScopeRef[] = [
    { id: testId(10), name: 'Service', kind: 'service', parentId: null },
    { id: testId(11), name: 'Group A', kind: 'practice-group', parentId: testId(10) },
    { id: testId(12), name: 'Group B', kind: 'practice-group', parentId: testId(10) },
    { id: testId(20), name: 'Other', kind: 'service', parentId: null },
  ];
  const query = {
    from: '2026-27-Q1',
    to: '2026-27-Q4',
    scopeId: null,
    kind: null,
    asOf: '2026-10-01',
  };

  test('scopes: a service brings its groups; a scope not overseen is refused', () => {
    const viewer = [testId(10), testId(11), testId(12)];
    expect(selectReportScopes(scopes, viewer, null)?.map((s) => s.name)).toEqual([
      'Service',
      'Group A',
      'Group B',
    ]);
    expect(selectReportScopes(scopes, viewer, testId(10))?.length).toBe(3);
    expect(selectReportScopes(scopes, viewer, testId(12))?.map((s) => s.name)).toEqual(['Group B']);
    expect(selectReportScopes(scopes, viewer, testId(20))).toBeNull();
    expect(
      buildQuarterlyReport([], {
        query: { from: query.from, to: query.to, asOf: query.asOf, scopeId: testId(20) },
        scopes,
        viewerScopeIds: viewer,
        gradeScale: ofstedGradeScale,
        timescales: {},
        templates: builtInTemplates,
      }),
    ).toBeNull();
  });

  const grades = [
    'outstanding',
    'good',
    'requires-improvement-to-be-good',
    'inadequate',
    'not-observed',
  ];
  const factsArb = fc.array(
    fc.record({
      scope: fc.constantFrom(testId(10), testId(11), testId(12)),
      date: fc.constantFrom('2026-04-01', '2026-08-31', '2026-12-25', '2027-03-31', '2027-04-01'),
      overall: fc.option(fc.constantFrom(...grades.slice(0, 4)), { nil: null }),
      items: fc.array(
        fc.record({
          itemId: fc.constantFrom('opening-explained', 'risk-evaluated', 'child-voice-heard'),
          grade: fc.constantFrom(...grades),
        }),
        { maxLength: 3 },
      ),
      moderated: fc.nat(3),
      goodPractice: fc.boolean(),
      due: fc.option(fc.constantFrom('2026-05-01', '2026-09-01'), { nil: null }),
      actions: fc.array(
        fc.record({
          status: fc.constantFrom(null, 'open', 'done', 'cancelled'),
          dueDate: fc.constantFrom(null, '2026-09-30', '2026-10-02'),
        }),
        { maxLength: 2 },
      ),
    }),
    { maxLength: 25 },
  );
  type Raw = typeof factsArb extends fc.Arbitrary<infer T> ? T : never;
  const toFacts = (list: Raw) =>
    list.map((f, i): ObservationFacts => ({
      observationId: testId(1000 + i),
      scopeId: f.scope,
      kind: 'cp-conference-chairing',
      templateId: 'cp-conference-chairing',
      templateVersion: 1,
      date: f.date,
      quarter: quarterKeyOf(f.date),
      overallGrade: f.overall,
      grades: [...new Map(f.items.map((x) => [x.itemId, x])).values()].map((x) => ({
        itemId: x.itemId,
        sectionId: 'opening',
        grade: x.grade,
      })),
      meeting: true,
      timescaleRule: f.due ? 'icpc' : null,
      triggerDate: f.due ? '2026-01-01' : null,
      dueDate: f.due,
      moderated: f.moderated,
      agreed: Math.min(f.moderated, 1),
      goodPractice: f.goodPractice,
      callAttempts: { 'no-answer': 0, 'call-back': 0, declined: 0, completed: 0 },
      actions: f.actions.map((a, j) => ({ actionId: testId(5000 + i * 10 + j), ...a })),
      answers: [],
    }));

  test('the order of records never changes the report, and the total is the sum of the quarters', () => {
    fc.assert(
      fc.property(factsArb, fc.integer(), (raw, salt) => {
        const facts = toFacts(raw);
        const k = Math.abs(salt) % (facts.length || 1);
        const shuffled = [...facts.slice(k), ...facts.slice(0, k)].reverse();
        const make = (list: ObservationFacts[]) =>
          assembleQuarterlyReport(
            talliesFromFacts(list, { ...query, scopeIds: scopes.map((s) => s.id) }),
            { query, scopes, gradeScale: ofstedGradeScale, templates: builtInTemplates },
          );
        const a = make(facts);
        expect(make(shuffled)).toEqual(a);
        const sum = (pick: (f: (typeof a.trend)[number]['figures']) => number) =>
          a.trend.reduce((n, q) => n + pick(q.figures), 0);
        expect(sum((f) => f.observations)).toBe(a.total.observations);
        expect(sum((f) => f.actions.overdue)).toBe(a.total.actions.overdue);
        expect(sum((f) => f.moderation.moderated)).toBe(a.total.moderation.moderated);
        expect(sum((f) => f.goodPractice)).toBe(a.total.goodPractice);
        expect(a.rows.reduce((n, r) => n + r.figures.goodPractice, 0)).toBe(a.total.goodPractice);
        expect(a.total.goodPractice).toBe(
          raw.filter((f) => f.goodPractice && f.date < '2027-04-01').length,
        );
        expect(a.rows.reduce((n, r) => n + r.figures.timeliness.late, 0)).toBe(
          a.total.timeliness.late,
        );
        // 2027-28 Q1 is outside the range.
        expect(a.total.observations).toBe(raw.filter((f) => f.date < '2027-04-01').length);
      }),
      { seed: 20260403, numRuns: 200 },
    );
  });
});

test('a report kept on a tablet from before good practice was counted reads as none acknowledged', () => {
  const scopes: ScopeRef[] = [
    { id: testId(800), name: 'Group', kind: 'practice-group', parentId: null },
  ];
  const built = buildQuarterlyReport(
    [cp({ 'context.date': '2026-05-01', 'goodPractice.what': 'practice' })],
    {
      query: { from: '2026-27-Q1', to: '2026-27-Q1', asOf: '2026-07-01' },
      scopes,
      viewerScopeIds: [testId(800)],
      gradeScale: ofstedGradeScale,
      timescales: {},
      templates: builtInTemplates,
    },
  )!;
  expect(built.total.goodPractice).toBe(1);
  expect(built.rows[0]!.figures.goodPractice).toBe(1);
  // The copy as an earlier release kept it: every figures object without the count.
  const kept = JSON.parse(
    JSON.stringify(built, (key, value: unknown) => (key === 'goodPractice' ? undefined : value)),
  ) as unknown;
  const read = quarterlyReportSchema.parse(kept);
  expect(read.total.goodPractice).toBe(0);
  expect(read.rows[0]!.figures.goodPractice).toBe(0);
  expect(read.trend[0]!.figures.goodPractice).toBe(0);
});

describe('safety concern deadlines', () => {
  const concern = { raisedAt: '2026-05-01T09:00:00Z', receivedAt: '2026-05-01T09:05:00Z' };

  test('the clock starts when the concern reaches the server', () => {
    expect(concernAcknowledgeBy(concern, 4)).toBe('2026-05-01T13:05:00.000Z');
    expect(concernAcknowledgeBy({ raisedAt: concern.raisedAt }, 4)).toBe(
      '2026-05-01T13:00:00.000Z',
    );
  });

  test('overdue while unacknowledged past the deadline; acknowledged late is remembered', () => {
    expect(isConcernOverdue(concern, 4, new Date('2026-05-01T13:05:00Z'))).toBe(false);
    expect(isConcernOverdue(concern, 4, new Date('2026-05-01T13:05:01Z'))).toBe(true);
    const late = { ...concern, acknowledgedAt: '2026-05-01T14:00:00Z' };
    expect(isConcernOverdue(late, 4, new Date('2026-05-02T00:00:00Z'))).toBe(false);
    expect(wasAcknowledgedLate(late, 4)).toBe(true);
    expect(wasAcknowledgedLate({ ...concern, acknowledgedAt: '2026-05-01T10:00:00Z' }, 4)).toBe(
      false,
    );
  });
});

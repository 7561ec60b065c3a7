import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { FieldValue } from '../entities/field-value';
import { ofstedGradeScale } from '../entities/grade-scale';
import { builtInTemplates } from '../templates/catalogue';
import { testId } from '../testing/fixtures';
import {
  buildMonthlyAuditReport,
  monthlyAuditReportQuerySchema,
  monthlyAuditReportSchema,
} from './monthly-audit-report';
import type { MonthlyAuditReport } from './monthly-audit-report';
import type { ScopeRef } from './quarterly-report';
import type { ReportRecord } from './report-facts';

// Fixed dates: the report is judged on `asOf`, never on today.
const SERVICE = testId(10);
const GROUP_A = testId(11);
const GROUP_B = testId(12);
const OTHER_SERVICE = testId(20);
const scopes: ScopeRef[] = [
  { id: SERVICE, name: 'Service', kind: 'service', parentId: null },
  { id: GROUP_A, name: 'Group A', kind: 'practice-group', parentId: SERVICE },
  { id: GROUP_B, name: 'Group B', kind: 'practice-group', parentId: SERVICE },
  { id: OTHER_SERVICE, name: 'Other', kind: 'service', parentId: null },
];
const viewer = [SERVICE, GROUP_A, GROUP_B];

let next = 100;
const id = () => testId(next++);

function audit(fields: Record<string, FieldValue>, over: Partial<ReportRecord> = {}) {
  return {
    id: id(),
    type: 'observation',
    scopeId: GROUP_A,
    parentId: null,
    deleted: false,
    createdAt: '2026-05-01T09:00:00Z',
    fields: {
      kind: 'single-case-audit',
      templateId: 'single-case-audit',
      templateVersion: 1,
      status: 'submitted',
      serviceId: SERVICE,
      submittedAt: '2026-05-20T10:00:00Z',
      'context.date': '2026-05-14',
      ...fields,
    },
    ...over,
  } satisfies ReportRecord;
}

function child(
  parent: ReportRecord,
  type: ReportRecord['type'],
  fields: Record<string, FieldValue>,
): ReportRecord {
  return {
    id: id(),
    type,
    scopeId: parent.scopeId,
    parentId: parent.id,
    deleted: false,
    createdAt: '2026-05-21T09:00:00Z',
    fields,
  };
}

function assignment(fields: Record<string, FieldValue>, over: Partial<ReportRecord> = {}) {
  return {
    id: id(),
    type: 'assignment',
    scopeId: GROUP_A,
    parentId: null,
    deleted: false,
    createdAt: '2026-04-20T09:00:00Z',
    fields: { kind: 'single-case-audit', observerUserId: testId(900), ...fields },
    ...over,
  } satisfies ReportRecord;
}

const options = {
  scopes,
  viewerScopeIds: viewer,
  gradeScale: ofstedGradeScale,
  timescales: {},
  templates: builtInTemplates,
};

function report(
  records: readonly ReportRecord[],
  query: { scopeId?: string; month?: string; asOf?: string } = {},
): MonthlyAuditReport {
  const built = buildMonthlyAuditReport(records, {
    ...options,
    query: { scopeId: SERVICE, month: '2026-05', asOf: '2026-06-10', ...query },
  });
  if (built === null) throw new Error('refused');
  return monthlyAuditReportSchema.parse(built);
}

describe('the query', () => {
  test('a service and a calendar month are required; the day is optional', () => {
    expect(
      monthlyAuditReportQuerySchema.safeParse({ scopeId: SERVICE, month: '2026-05' }).success,
    ).toBe(true);
    for (const bad of [
      { scopeId: SERVICE, month: '2026-13' },
      { scopeId: SERVICE, month: '2026-5' },
      { scopeId: SERVICE },
      { month: '2026-05' },
      { scopeId: SERVICE, month: '2026-05', asOf: '2026-02-30' },
      { scopeId: SERVICE, month: '2026-05', extra: 1 },
    ])
      expect(monthlyAuditReportQuerySchema.safeParse(bad).success).toBe(false);
  });

  test('a scope the viewer does not oversee is refused', () => {
    expect(
      buildMonthlyAuditReport([], {
        ...options,
        query: { scopeId: OTHER_SERVICE, month: '2026-05', asOf: '2026-06-10' },
      }),
    ).toBeNull();
  });
});

describe('which audits are the month’s', () => {
  const cases: Array<{ name: string; record: ReportRecord; counted: boolean }> = [
    { name: 'dated in the month, in a group of the service', record: audit({}), counted: true },
    {
      name: 'recorded against the service itself',
      record: audit({}, { scopeId: SERVICE }),
      counted: true,
    },
    {
      name: 'the first day of the month',
      record: audit({ 'context.date': '2026-05-01' }),
      counted: true,
    },
    {
      name: 'the last day of the month',
      record: audit({ 'context.date': '2026-05-31' }),
      counted: true,
    },
    {
      name: 'the day after (submitted in May all the same)',
      record: audit({ 'context.date': '2026-06-01', submittedAt: '2026-05-31T22:00:00Z' }),
      counted: false,
    },
    {
      name: 'audited in April, submitted in May',
      record: audit({ 'context.date': '2026-04-30' }),
      counted: false,
    },
    {
      name: 'a draft',
      record: audit({ status: 'draft', submittedAt: null }),
      counted: false,
    },
    { name: 'returned to its auditor', record: audit({ status: 'returned' }), counted: true },
    { name: 'closed', record: audit({ status: 'closed' }), counted: true },
    { name: 'deleted', record: audit({}, { deleted: true }), counted: false },
    {
      name: 'another service',
      record: audit({ serviceId: OTHER_SERVICE }, { scopeId: OTHER_SERVICE }),
      counted: false,
    },
    {
      name: 'an observation that is not an audit',
      record: audit({ kind: 'frontline-practice', templateId: 'frontline-practice' }),
      counted: false,
    },
  ];
  test.each(cases)('$name', ({ record, counted }) => {
    const r = report([record]);
    expect(r.submitted).toBe(counted ? 1 : 0);
    expect(r.audits.map((a) => a.observationId)).toEqual(counted ? [record.id] : []);
  });

  test('a practice group on its own is reported without the rest of its service', () => {
    const a = audit({}, { scopeId: GROUP_A });
    const b = audit({}, { scopeId: GROUP_B });
    expect(report([a, b], { scopeId: GROUP_B }).audits.map((x) => x.observationId)).toEqual([b.id]);
    expect(report([a, b]).scopes.map((s) => s.id)).toEqual([SERVICE, GROUP_A, GROUP_B]);
  });
});

describe('what the month’s audits found', () => {
  test('overall grades, and strengths and areas for development by the quarterly rule', () => {
    const r = report([
      audit({
        'summary.overallGrade': 'good',
        'responses.assessment-judgement.value': 'good',
        'responses.planning-judgement.value': 'inadequate',
      }),
      audit({
        'summary.overallGrade': 'good',
        'responses.assessment-judgement.value': 'outstanding',
        'responses.planning-judgement.value': 'requires-improvement-to-be-good',
        'responses.recording-judgement.value': 'not-observed',
      }),
      audit({ 'summary.overallGrade': 'inadequate' }),
    ]);
    expect(r.overallGrades).toEqual({ good: 2, inadequate: 1 });
    expect(r.strengths).toEqual([
      {
        templateId: 'single-case-audit',
        sectionId: 'assessment',
        itemId: 'assessment-judgement',
        count: 2,
        graded: 2,
      },
    ]);
    expect(r.areasForDevelopment).toEqual([
      {
        templateId: 'single-case-audit',
        sectionId: 'planning',
        itemId: 'planning-judgement',
        count: 2,
        graded: 2,
      },
    ]);
  });

  test('improvement actions raised: open, overdue on the day asked, done and cancelled', () => {
    const a = audit({ 'context.caseId': 'CASE-1' });
    const b = audit({ 'context.caseId': 'CASE-2' });
    const records = [
      a,
      b,
      child(a, 'action', { status: 'open', dueDate: '2026-06-09' }), // overdue on 10 June
      child(a, 'action', { status: 'in-progress', dueDate: '2026-06-10' }), // due that day
      child(a, 'action', { status: 'done', dueDate: '2026-05-30' }),
      child(b, 'action', { status: 'cancelled', dueDate: '2026-05-01' }),
      child(b, 'action', { status: 'open' }), // undated: never overdue
      { ...child(b, 'action', { status: 'open', dueDate: '2026-05-01' }), deleted: true },
    ];
    const r = report(records);
    expect(r.actions).toEqual({ raised: 5, open: 3, overdue: 1, done: 1, cancelled: 1 });
    expect(r.audits.map((x) => [x.caseId, x.actions])).toEqual([
      ['CASE-1', { raised: 3, open: 2, overdue: 1, done: 1 }],
      ['CASE-2', { raised: 2, open: 1, overdue: 0, done: 0 }],
    ]);
    expect(report(records, { asOf: '2026-06-11' }).actions.overdue).toBe(2);
  });

  test('good practice acknowledged on the month’s audits, by what was acknowledged', () => {
    const r = report([
      audit({ 'goodPractice.what': 'practice', 'goodPractice.on': '2026-06-01' }),
      audit({ 'goodPractice.what': 'both', 'goodPractice.on': '2026-06-02' }),
      audit({ 'goodPractice.what': 'both', 'goodPractice.on': '2026-06-03' }),
      audit({ 'goodPractice.what': 'nonsense' }),
      audit({}),
    ]);
    expect(r.goodPractice).toEqual({ acknowledged: 3, practice: 1, 'record-quality': 0, both: 2 });
    expect(r.audits.map((a) => a.goodPractice?.on ?? null).filter(Boolean)).toEqual([
      '2026-06-01',
      '2026-06-02',
      '2026-06-03',
    ]);
  });

  test('family feedback: the month’s calls, their attempts and the family’s answers', () => {
    const call = audit({
      kind: 'family-feedback-call',
      templateId: 'family-feedback-call',
      'context.date': '2026-05-19',
      'responses.knows-plan.value': 'yes',
    });
    const elsewhere = audit({
      kind: 'family-feedback-call',
      templateId: 'family-feedback-call',
      'context.date': '2026-04-19',
      'responses.knows-plan.value': 'no',
    });
    const r = report([
      call,
      elsewhere,
      child(call, 'call-attempt', { outcome: 'no-answer' }),
      child(call, 'call-attempt', { outcome: 'completed' }),
      child(elsewhere, 'call-attempt', { outcome: 'declined' }),
    ]);
    expect(r.submitted).toBe(0);
    expect(r.familyFeedback.calls).toBe(1);
    expect(r.familyFeedback.callAttempts).toEqual({
      'no-answer': 1,
      'call-back': 0,
      declined: 0,
      completed: 1,
    });
    expect(r.familyFeedback.answers).toEqual([
      { templateId: 'family-feedback-call', itemId: 'knows-plan', answers: { yes: 1 } },
    ]);
  });
});

describe('the audits planned for the month (by due date, as the programme counts them)', () => {
  test('due, done, late, overdue and exempted, by practice group', () => {
    const r = report([
      assignment({ dueDate: '2026-05-31', completedAt: '2026-05-30T12:00:00Z' }),
      // 00:30 on 1 June in London: late.
      assignment({ dueDate: '2026-05-31', completedAt: '2026-05-31T23:30:00Z' }),
      assignment({ dueDate: '2026-05-31' }, { scopeId: GROUP_B }), // overdue on 10 June
      assignment({ dueDate: '2026-05-31', 'exemption.reason': 'leave' }, { scopeId: GROUP_B }),
      assignment({ dueDate: '2026-06-30' }), // next month
      assignment({ dueDate: '2026-04-30' }), // last month
      assignment({ dueDate: '2026-05-31', kind: 'frontline-practice' }), // not an audit
      assignment({ dueDate: '2026-05-31' }, { deleted: true }),
      assignment({ dueDate: '2026-05-31' }, { scopeId: OTHER_SERVICE }),
    ]);
    expect(r.programme.total).toEqual({ due: 4, done: 2, doneLate: 1, overdue: 1, exempted: 1 });
    expect(r.programme.rows).toEqual([
      { scopeId: GROUP_A, figures: { due: 2, done: 2, doneLate: 1, overdue: 0, exempted: 0 } },
      { scopeId: GROUP_B, figures: { due: 2, done: 0, doneLate: 0, overdue: 1, exempted: 1 } },
    ]);
    // On the due date itself nothing is overdue yet.
    expect(
      report([assignment({ dueDate: '2026-05-31' })], { asOf: '2026-05-31' }).programme.total
        .overdue,
    ).toBe(0);
  });
});

describe('the heads of service’s discussion of a sample (2i)', () => {
  const cases: Array<{
    name: string;
    heldOn: Array<string | null>;
    asOf: string;
    expected: MonthlyAuditReport['discussion'];
  }> = [
    { name: 'no audits: nothing to discuss', heldOn: [], asOf: '2026-06-10', expected: null },
    {
      name: 'one discussed in the month after: met',
      heldOn: ['2026-06-05', null],
      asOf: '2026-06-10',
      expected: { audited: 2, discussed: 1, discussedInTime: 1, dueBy: '2026-06-30', state: 'met' },
    },
    {
      name: 'none yet, still June: due',
      heldOn: [null],
      asOf: '2026-06-30',
      expected: { audited: 1, discussed: 0, discussedInTime: 0, dueBy: '2026-06-30', state: 'due' },
    },
    {
      name: 'none by the end of June: missed',
      heldOn: [null],
      asOf: '2026-07-01',
      expected: {
        audited: 1,
        discussed: 0,
        discussedInTime: 0,
        dueBy: '2026-06-30',
        state: 'missed',
      },
    },
    {
      name: 'discussed only in July: missed',
      heldOn: ['2026-07-02'],
      asOf: '2026-07-03',
      expected: {
        audited: 1,
        discussed: 1,
        discussedInTime: 0,
        dueBy: '2026-06-30',
        state: 'missed',
      },
    },
  ];
  test.each(cases)('$name', ({ heldOn, asOf, expected }) => {
    const audits = heldOn.map((on) =>
      audit(on === null ? {} : { 'sampleDiscussion.heldOn': on }, {
        scopeId: heldOn.length > 1 ? GROUP_B : GROUP_A,
      }),
    );
    expect(report(audits, { asOf }).discussion).toEqual(expected);
  });
});

describe('whatever the order of the records', () => {
  const recordsArb = fc
    .array(
      fc.record({
        scope: fc.constantFrom(SERVICE, GROUP_A, GROUP_B, OTHER_SERVICE),
        kind: fc.constantFrom('single-case-audit', 'family-feedback-call'),
        date: fc.constantFrom('2026-04-30', '2026-05-01', '2026-05-17', '2026-05-31', '2026-06-01'),
        status: fc.constantFrom('draft', 'submitted', 'returned', 'moderated', 'closed'),
        overall: fc.option(fc.constantFrom('outstanding', 'good', 'inadequate'), { nil: null }),
        judgement: fc.option(
          fc.constantFrom('outstanding', 'good', 'requires-improvement-to-be-good', 'inadequate'),
          { nil: null },
        ),
        caseId: fc.constantFrom('C1', 'C2', 'C3'),
        heldOn: fc.option(fc.constantFrom('2026-05-20', '2026-06-15', '2026-07-01'), { nil: null }),
        goodPractice: fc.option(fc.constantFrom('practice', 'record-quality', 'both'), {
          nil: null,
        }),
        actions: fc.array(
          fc.record({
            status: fc.constantFrom('open', 'in-progress', 'done', 'cancelled'),
            dueDate: fc.option(fc.constantFrom('2026-06-01', '2026-07-01'), { nil: null }),
          }),
          { maxLength: 3 },
        ),
        attempts: fc.array(fc.constantFrom('no-answer', 'completed', 'declined'), {
          maxLength: 2,
        }),
        assignment: fc.option(
          fc.record({
            due: fc.constantFrom('2026-05-15', '2026-05-31', '2026-06-30'),
            done: fc.option(fc.constantFrom('2026-05-10T09:00:00Z', '2026-06-02T09:00:00Z'), {
              nil: null,
            }),
            exempt: fc.boolean(),
          }),
          { nil: null },
        ),
      }),
      { maxLength: 20 },
    )
    .map((raw) =>
      raw.flatMap((r, i): ReportRecord[] => {
        const obs = audit(
          {
            kind: r.kind,
            templateId: r.kind,
            status: r.status,
            'context.date': r.date,
            'context.caseId': r.caseId,
            'summary.overallGrade': r.overall,
            'responses.planning-judgement.value': r.judgement,
            'sampleDiscussion.heldOn': r.heldOn,
            'goodPractice.what': r.goodPractice,
            'goodPractice.on': r.goodPractice ? '2026-06-01' : null,
          },
          { id: testId(10_000 + i), scopeId: r.scope },
        );
        const children = [
          ...r.actions.map((a) => child(obs, 'action', a)),
          ...r.attempts.map((outcome) => child(obs, 'call-attempt', { outcome })),
        ];
        const a = r.assignment;
        const planned = a
          ? [
              assignment(
                {
                  dueDate: a.due,
                  completedAt: a.done,
                  'exemption.reason': a.exempt ? 'sickness' : null,
                },
                { scopeId: r.scope },
              ),
            ]
          : [];
        return [obs, ...children, ...planned];
      }),
    );

  test('the report is the same, and its lines add up to its totals', () => {
    fc.assert(
      fc.property(recordsArb, fc.nat(), (records, salt) => {
        const k = salt % (records.length || 1);
        const shuffled = [...records.slice(k), ...records.slice(0, k)].reverse();
        const r = report(records);
        expect(report(shuffled)).toEqual(r);
        expect(r.audits.length).toBe(r.submitted);
        const sum = (pick: (a: (typeof r.audits)[number]) => number) =>
          r.audits.reduce((n, a) => n + pick(a), 0);
        expect(sum((a) => a.actions.raised)).toBe(r.actions.raised);
        expect(sum((a) => a.actions.open)).toBe(r.actions.open);
        expect(sum((a) => a.actions.overdue)).toBe(r.actions.overdue);
        expect(sum((a) => a.actions.done)).toBe(r.actions.done);
        expect(sum((a) => (a.goodPractice ? 1 : 0))).toBe(r.goodPractice.acknowledged);
        expect(Object.values(r.overallGrades).reduce((n, c) => n + c, 0)).toBe(
          r.audits.filter((a) => a.overallGrade !== null).length,
        );
        expect(r.programme.rows.reduce((n, row) => n + row.figures.due, 0)).toBe(
          r.programme.total.due,
        );
        expect(r.discussion?.audited ?? 0).toBe(r.submitted);
      }),
      { seed: 20261207, numRuns: 200 },
    );
  });
});

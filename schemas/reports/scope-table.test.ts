import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ofstedGradeScale } from '../entities/grade-scale';
import type { GradeScale } from '../entities/grade-scale';
import type { ObservationKind } from '../entities/observation-kind';
import { quarterKeyOf } from '../rules/quarters';
import { builtInTemplates } from '../templates/catalogue';
import { testId } from '../testing/fixtures';
import type { ObservationFacts } from './report-facts';
import { assembleQuarterlyReport, talliesFromFacts } from './quarterly-report';
import type { Figures, QuarterlyReport, ReportTallies, ScopeRef } from './quarterly-report';
import { overallGradeColumns, plainFigures, scopeTableLines } from './scope-table';
import type { ScopeTableLine } from './scope-table';

// The report's table by service and practice group: the overall judgements of each group's rows
// by grade, each service's subtotal (its groups and its own observations, in no group) and the
// grand total, in the same lines and order on the tablet, the server and in the CSV file.

const S = testId(10); // a service with two practice groups, and observations of its own
const A = testId(11);
const B = testId(12);
const T = testId(20); // another service, with one group
const C = testId(21);
const scopes: ScopeRef[] = [
  { id: S, name: 'Children in need', kind: 'service', parentId: null },
  { id: A, name: 'CIN team 1', kind: 'practice-group', parentId: S },
  { id: B, name: 'CIN team 2', kind: 'practice-group', parentId: S },
  { id: T, name: 'Children looked after', kind: 'service', parentId: null },
  { id: C, name: 'LAC team 1', kind: 'practice-group', parentId: T },
];
const query = {
  from: '2026-27-Q1',
  to: '2026-27-Q4',
  scopeId: null,
  kind: null,
  asOf: '2026-10-01',
};

type Raw = {
  scope: string;
  kind: ObservationKind;
  date: string;
  overall: string | null;
  items: string[];
  moderated: number;
  goodPractice?: boolean;
  due: string | null;
  actions: { status: string | null; dueDate: string | null }[];
};

function facts(list: readonly Raw[]): ObservationFacts[] {
  return list.map((f, i) => ({
    observationId: testId(1000 + i),
    scopeId: f.scope,
    kind: f.kind,
    templateId: f.kind,
    templateVersion: 1,
    date: f.date,
    quarter: quarterKeyOf(f.date),
    overallGrade: f.overall,
    grades: f.items.map((grade, j) => ({ itemId: `item-${j}`, sectionId: 's', grade })),
    meeting: f.kind === 'cp-conference-chairing',
    timescaleRule: f.due ? 'icpc' : null,
    triggerDate: f.due ? '2026-01-01' : null,
    dueDate: f.due,
    moderated: f.moderated,
    agreed: Math.min(f.moderated, 1),
    goodPractice: f.goodPractice ?? false,
    callAttempts: {
      'no-answer': 0,
      'call-back': 0,
      declined: 0,
      completed: f.kind === 'family-feedback-call' ? 1 : 0,
    },
    actions: f.actions.map((a, j) => ({ actionId: testId(5000 + i * 10 + j), ...a })),
    answers: [],
  }));
}

function report(
  list: readonly ObservationFacts[],
  over: {
    scopes?: ScopeRef[];
    scale?: GradeScale;
    shuffle?: (t: ReportTallies) => ReportTallies;
  } = {},
): QuarterlyReport {
  const covered = over.scopes ?? scopes;
  const tallies = talliesFromFacts(list, { ...query, scopeIds: covered.map((s) => s.id) });
  return assembleQuarterlyReport(over.shuffle ? over.shuffle(tallies) : tallies, {
    query,
    scopes: covered,
    gradeScale: over.scale ?? ofstedGradeScale,
    templates: builtInTemplates,
  });
}

/** Figures added up field by field, the agreement rate worked out again: the test's own sum. */
function sum(list: readonly Figures[]): Figures {
  const add = (into: Record<string, number>, from: Record<string, number>) => {
    for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
  };
  const out: Figures = {
    observations: 0,
    familyCalls: 0,
    overallJudgements: {},
    itemGrades: {},
    moderation: { moderated: 0, agreed: 0, agreementRate: null },
    timeliness: { inTime: 0, late: 0, notRecorded: 0 },
    actions: { opened: 0, completed: 0, cancelled: 0, overdue: 0 },
    goodPractice: 0,
    callAttempts: { 'no-answer': 0, 'call-back': 0, declined: 0, completed: 0 },
  };
  for (const f of list) {
    out.observations += f.observations;
    out.goodPractice += f.goodPractice;
    out.familyCalls += f.familyCalls;
    add(out.overallJudgements, f.overallJudgements);
    add(out.itemGrades, f.itemGrades);
    out.moderation.moderated += f.moderation.moderated;
    out.moderation.agreed += f.moderation.agreed;
    add(out.timeliness, f.timeliness);
    add(out.actions, f.actions);
    add(out.callAttempts, f.callAttempts);
  }
  const { moderated, agreed } = out.moderation;
  out.moderation.agreementRate = moderated === 0 ? null : agreed / moderated;
  return out;
}

/** Counts compared as sets of non-zero entries, whatever the order of their keys. */
const normal = (f: Figures) => ({
  ...f,
  overallJudgements: Object.fromEntries(Object.entries(f.overallJudgements).sort()),
  itemGrades: Object.fromEntries(Object.entries(f.itemGrades).sort()),
});

const O = 'outstanding';
const G = 'good';
const R = 'requires-improvement-to-be-good';
const I = 'inadequate';
const N = 'not-observed';

const raw = (over: Partial<Raw>): Raw => ({
  scope: A,
  kind: 'cp-conference-chairing',
  date: '2026-05-01',
  overall: G,
  items: [],
  moderated: 0,
  due: null,
  actions: [],
  ...over,
});

describe('the table by service and practice group', () => {
  const hand = facts([
    raw({
      scope: A,
      overall: O,
      items: [G, R],
      moderated: 2,
      due: '2026-06-01',
      goodPractice: true,
    }),
    raw({ scope: A, overall: G, date: '2026-08-01' }),
    raw({ scope: A, kind: 'single-case-audit', overall: I, goodPractice: true }),
    raw({ scope: B, overall: R, actions: [{ status: 'open', dueDate: '2026-09-01' }] }),
    raw({ scope: B, kind: 'family-feedback-call', overall: null }),
    raw({ scope: S, kind: 'frontline-practice', overall: G, goodPractice: true }), // the service's own
    raw({ scope: C, overall: N, date: '2026-12-01' }),
    raw({ scope: C, overall: I, date: '2027-04-02', goodPractice: true }), // outside the quarters chosen
  ]);

  test('each service: its groups, its own observations, then its subtotal; the total last', () => {
    const r = report(hand);
    const lines = scopeTableLines(r);
    expect(lines.map((l) => [l.type, l.scopeId ?? l.serviceId, l.quarter, l.kind])).toEqual([
      ['practice-group', A, '2026-27-Q1', 'cp-conference-chairing'],
      ['practice-group', A, '2026-27-Q1', 'single-case-audit'],
      ['practice-group', A, '2026-27-Q2', 'cp-conference-chairing'],
      ['practice-group', B, '2026-27-Q1', 'cp-conference-chairing'],
      ['practice-group', B, '2026-27-Q1', 'family-feedback-call'],
      ['service', S, '2026-27-Q1', 'frontline-practice'],
      ['service-total', S, null, null],
      ['practice-group', C, '2026-27-Q3', 'cp-conference-chairing'],
      ['service-total', T, null, null],
      ['total', null, null, null],
    ]);
    const service = lines[6]!.figures;
    expect(service).toMatchObject({
      observations: 6,
      familyCalls: 1,
      // Graded observations by their overall judgement; the call has none.
      overallJudgements: { good: 2, inadequate: 1, outstanding: 1, [R]: 1 },
      itemGrades: { good: 1, [R]: 1 },
      moderation: { moderated: 2, agreed: 1, agreementRate: 0.5 },
      // Three conferences: one held by its due date, two with none recorded.
      timeliness: { inTime: 1, late: 0, notRecorded: 2 },
      // Open, due 1 September: overdue on 1 October.
      actions: { opened: 1, completed: 0, cancelled: 0, overdue: 1 },
      // Two of group A's (a conference and an audit) and one of the service's own.
      goodPractice: 3,
    });
    expect(lines.map((l) => l.figures.goodPractice)).toEqual([1, 1, 0, 0, 0, 1, 3, 0, 0, 3]);
    expect(lines[8]!.figures).toMatchObject({ observations: 1, overallJudgements: { [N]: 1 } });
    expect(lines[9]!.figures).toEqual(plainFigures(r.total));
    expect(r.total.observations).toBe(7);
    // The grade columns: the scale's points best first, then "not observed" as one line has it.
    expect(overallGradeColumns(ofstedGradeScale, lines)).toEqual([O, G, R, I, N]);
    expect(overallGradeColumns(ofstedGradeScale, lines.slice(0, 7))).toEqual([O, G, R, I]);
  });

  test('a service with nothing in the quarters still has its subtotal, of nothing', () => {
    const r = report(hand.filter((f) => f.scopeId !== C));
    const lines = scopeTableLines(r);
    expect(lines.slice(-2).map((l) => [l.type, l.serviceId, l.figures.observations])).toEqual([
      ['service-total', T, 0],
      ['total', null, 6],
    ]);
  });

  test('a practice group reported without its service has no subtotal', () => {
    const r = report(hand, { scopes: [scopes[2]!] });
    expect(r.serviceTotals).toEqual([]);
    expect(scopeTableLines(r).map((l) => [l.type, l.scopeId])).toEqual([
      ['practice-group', B],
      ['practice-group', B],
      ['total', null],
    ]);
  });

  test('a grade the scale no longer has keeps its own column, after the scale’s', () => {
    const r = report(facts([raw({ overall: 'satisfactory' }), raw({ overall: G })]));
    expect(overallGradeColumns(ofstedGradeScale, scopeTableLines(r))).toEqual([
      O,
      G,
      R,
      I,
      'satisfactory',
    ]);
  });

  const rawArb: fc.Arbitrary<Raw> = fc.record({
    scope: fc.constantFrom(S, A, B, T, C),
    kind: fc.constantFrom<ObservationKind>(
      'cp-conference-chairing',
      'family-feedback-call',
      'single-case-audit',
    ),
    date: fc.constantFrom('2026-04-01', '2026-08-31', '2026-12-25', '2027-03-31', '2027-04-01'),
    overall: fc.option(fc.constantFrom(O, G, R, I, N), { nil: null }),
    items: fc.array(fc.constantFrom(O, G, R, I, N), { maxLength: 3 }),
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
  });

  /** A list in an order of its own, the same for the same seed. */
  const mixer = (seed: number) => {
    let s = seed;
    const next = () => (s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff);
    return <T>(list: readonly T[]): T[] =>
      list
        .map((x) => [next(), x] as const)
        .sort((a, b) => a[0] - b[0])
        .map(([, x]) => x);
  };
  /** Every list of tallies in an order of its own, as a database may return its rows. */
  const shuffler =
    (seed: number) =>
    (t: ReportTallies): ReportTallies => {
      const mix = mixer(seed);
      return {
        ...t,
        cells: mix(t.cells),
        overall: mix(t.overall),
        cellGrades: mix(t.cellGrades),
        grades: mix(t.grades),
        actions: mix(t.actions),
        answers: mix(t.answers),
      };
    };

  test('subtotals are the sum of their groups, and add up to the total, whatever the order of rows', () => {
    fc.assert(
      fc.property(fc.array(rawArb, { maxLength: 30 }), fc.integer(), (list, seed) => {
        const base = report(facts(list));
        // Records in another order, and the database's rows in another order.
        const other = report(facts([...list].reverse()), { shuffle: shuffler(seed) });
        expect(other).toEqual(base);
        // The rows in any order give the same table.
        const lines = scopeTableLines(base);
        expect(scopeTableLines({ ...base, rows: mixer(seed)(base.rows) })).toEqual(lines);

        // Each service's subtotal is the sum of the lines of its block: its groups and its own.
        let block: ScopeTableLine[] = [];
        const subtotals: Figures[] = [];
        for (const l of lines) {
          if (l.type === 'practice-group' || l.type === 'service') {
            expect(l.serviceId).toBe(scopes.find((s) => s.id === l.scopeId)!.parentId ?? l.scopeId);
            block.push(l);
          } else if (l.type === 'service-total') {
            expect(block.every((b) => b.serviceId === l.serviceId)).toBe(true);
            expect(normal(l.figures)).toEqual(normal(sum(block.map((b) => b.figures))));
            subtotals.push(l.figures);
            block = [];
          }
        }
        expect(block).toEqual([]);
        // And the subtotals, every service being covered, add up to the grand total.
        expect(subtotals).toHaveLength(2);
        expect(normal(sum(subtotals))).toEqual(normal(plainFigures(base.total)));
        expect(base.total.observations).toBe(list.filter((f) => f.date < '2027-04-01').length);
        // Every row is in exactly one block.
        expect(
          lines.filter((l) => l.type === 'practice-group' || l.type === 'service'),
        ).toHaveLength(base.rows.length);
      }),
      { seed: 20261206, numRuns: 300 },
    );
  });
});

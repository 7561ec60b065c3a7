import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Observation } from '../entities/observation';
import { templateItems } from '../entities/template';
import { builtInTemplates, findTemplate } from '../templates/catalogue';
import { draftFor, testId } from '../testing/fixtures';
import {
  gradeCountsByPracticeGroup,
  gradeCountsByQuarter,
  gradeCountsBySection,
  gradeCountsByTemplate,
  mergeTallies,
  tallyRows,
} from './aggregation';
import type { GradeTally } from './aggregation';

const cp = findTemplate('cp-conference-chairing', 1)!;
const audit = findTemplate('single-case-audit', 1)!;
const GRADES = [
  'outstanding',
  'good',
  'requires-improvement-to-be-good',
  'inadequate',
  'not-observed',
];
const GROUP_A = testId(801);
const GROUP_B = testId(802);

function observed(
  template = cp,
  n: number,
  fields: { scopeId?: string; date?: string; overall?: string; grades?: Record<string, string> },
): Observation {
  const record = draftFor(template, testId(n));
  if (fields.scopeId) record.scopeId = fields.scopeId;
  if (fields.date) record.context.date = fields.date;
  if (fields.overall) record.summary.overallGrade = fields.overall;
  for (const [itemId, grade] of Object.entries(fields.grades ?? {})) {
    record.responses[itemId] = { value: grade, evidence: 'seen' };
  }
  return record;
}

const examples = [
  observed(cp, 1, {
    scopeId: GROUP_A,
    date: '2026-04-10',
    overall: 'good',
    grades: {
      'family-spoke-early': 'good',
      'child-voice-heard': 'inadequate',
      'opening-explained': 'good',
    },
  }),
  observed(cp, 2, {
    scopeId: GROUP_B,
    date: '2026-07-01',
    overall: 'requires-improvement-to-be-good',
    grades: { 'family-spoke-early': 'not-observed', 'tone-pace-conflict': 'outstanding' },
  }),
  observed(audit, 3, {
    scopeId: GROUP_A,
    date: '2027-02-01',
    overall: 'good',
    grades: { 'recording-judgement': 'good' },
  }),
  {
    ...observed(cp, 4, {
      scopeId: GROUP_A,
      date: '2026-04-11',
      overall: 'inadequate',
      grades: { 'family-spoke-early': 'inadequate' },
    }),
    deleted: true,
  },
];

describe('grade counts on known records', () => {
  test('per section (item grades only; deleted records never count)', () => {
    expect(gradeCountsBySection(examples, builtInTemplates)).toEqual({
      'cp-conference-chairing/opening': { good: 1 },
      'cp-conference-chairing/participation': { good: 1, inadequate: 1, 'not-observed': 1 },
      'cp-conference-chairing/chairing-skills': { outstanding: 1 },
      'single-case-audit/recording': { good: 1 },
    });
  });

  test('per template, items and overall', () => {
    expect(gradeCountsByTemplate(examples, builtInTemplates)).toEqual({
      'cp-conference-chairing': { good: 2, inadequate: 1, 'not-observed': 1, outstanding: 1 },
      'single-case-audit': { good: 1 },
    });
    expect(gradeCountsByTemplate(examples, builtInTemplates, 'overall')).toEqual({
      'cp-conference-chairing': { good: 1, 'requires-improvement-to-be-good': 1 },
      'single-case-audit': { good: 1 },
    });
  });

  test('per practice group', () => {
    expect(gradeCountsByPracticeGroup(examples, builtInTemplates, 'overall')).toEqual({
      [GROUP_A]: { good: 2 },
      [GROUP_B]: { 'requires-improvement-to-be-good': 1 },
    });
  });

  test('per financial quarter of the observation date', () => {
    const undated = observed(cp, 5, { overall: 'good' });
    expect(gradeCountsByQuarter([...examples, undated], builtInTemplates, 'overall')).toEqual({
      '2026-27 Q1': { good: 1 },
      '2026-27 Q2': { 'requires-improvement-to-be-good': 1 },
      '2026-27 Q4': { good: 1 },
      undated: { good: 1 },
    });
  });

  test('rows come sorted, as a GROUP BY query would return them', () => {
    expect(tallyRows(gradeCountsByPracticeGroup(examples, builtInTemplates, 'overall'))).toEqual([
      { group: GROUP_A, grade: 'good', count: 2 },
      { group: GROUP_B, grade: 'requires-improvement-to-be-good', count: 1 },
    ]);
  });

  test('a record whose template version is unknown is an error, not silently skipped', () => {
    const stray = { ...observed(cp, 6, { overall: 'good' }), templateVersion: 9 };
    expect(() => gradeCountsByTemplate([stray], builtInTemplates)).toThrow(
      'Template ‘cp-conference-chairing’ version 9 is not available',
    );
  });
});

describe('aggregation properties', () => {
  const RUNS = { seed: 20260930, numRuns: 150 } as const;

  const record = fc
    .record({
      n: fc.integer({ min: 1, max: 1_000_000 }),
      template: fc.constantFrom(...builtInTemplates),
      scopeId: fc.constantFrom(GROUP_A, GROUP_B, testId(803)),
      date: fc.option(
        fc
          .integer({ min: 0, max: 1500 })
          .map((d) => new Date(Date.UTC(2025, 0, 1 + d)).toISOString().slice(0, 10)),
        { nil: undefined },
      ),
      overall: fc.option(fc.constantFrom(...GRADES.slice(0, 4)), { nil: undefined }),
      gradeSeed: fc.array(fc.nat({ max: 7 }), { minLength: 60, maxLength: 60 }),
      deleted: fc.boolean(),
    })
    .map(({ n, template, scopeId, date, overall, gradeSeed, deleted }) => {
      const graded = templateItems(template).filter(({ item }) => item.response.type === 'grade4');
      const grades: Record<string, string> = {};
      graded.forEach(({ item }, i) => {
        const pick = gradeSeed[i % gradeSeed.length] ?? 0;
        if (pick < GRADES.length) grades[item.id] = GRADES[pick] as string;
      });
      const r = observed(template, n, {
        scopeId,
        ...(date ? { date } : {}),
        ...(overall ? { overall } : {}),
        grades,
      });
      return deleted ? { ...r, deleted: true } : r;
    });

  const records = fc.array(record, { maxLength: 25 });

  const aggregations: [string, (rs: Observation[]) => GradeTally][] = [
    ['section', (rs) => gradeCountsBySection(rs, builtInTemplates)],
    ['template', (rs) => gradeCountsByTemplate(rs, builtInTemplates)],
    ['practice group', (rs) => gradeCountsByPracticeGroup(rs, builtInTemplates)],
    ['quarter', (rs) => gradeCountsByQuarter(rs, builtInTemplates)],
    ['quarter, overall', (rs) => gradeCountsByQuarter(rs, builtInTemplates, 'overall')],
    [
      'practice group, overall',
      (rs) => gradeCountsByPracticeGroup(rs, builtInTemplates, 'overall'),
    ],
  ];

  test.each(aggregations)(
    'per %s: shuffling the input gives the same counts',
    (_name, aggregate) => {
      fc.assert(
        fc.property(
          records.chain((rs) =>
            fc.tuple(fc.constant(rs), fc.shuffledSubarray(rs, { minLength: rs.length })),
          ),
          ([rs, shuffled]) => {
            expect(tallyRows(aggregate(shuffled))).toEqual(tallyRows(aggregate(rs)));
          },
        ),
        RUNS,
      );
    },
  );

  test.each(aggregations)(
    'per %s: aggregate(a ++ b) = merge(aggregate(a), aggregate(b))',
    (_name, aggregate) => {
      fc.assert(
        fc.property(records, records, (a, b) => {
          expect(tallyRows(aggregate([...a, ...b]))).toEqual(
            tallyRows(mergeTallies(aggregate(a), aggregate(b))),
          );
        }),
        RUNS,
      );
    },
  );

  test('counts add up: item grades per template equal the sum over sections', () => {
    fc.assert(
      fc.property(records, (rs) => {
        const total = (t: GradeTally) =>
          Object.values(t).reduce(
            (sum, counts) => sum + Object.values(counts).reduce((a, n) => a + n, 0),
            0,
          );
        expect(total(gradeCountsBySection(rs, builtInTemplates))).toBe(
          total(gradeCountsByTemplate(rs, builtInTemplates)),
        );
      }),
      RUNS,
    );
  });
});

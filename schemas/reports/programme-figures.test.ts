import { describe, expect, test } from 'vitest';
import type { FieldValue } from '../entities/field-value';
import { assembleProgramme, assignmentTallies, summerTimeDueDates } from './programme-figures';
import type { ReportRecord } from './report-facts';

let next = 0;
const assignment = (
  fields: Record<string, FieldValue>,
  more: Partial<ReportRecord> = {},
): ReportRecord => ({
  id: `a${next++}`,
  type: 'assignment',
  scopeId: 'g1',
  parentId: null,
  deleted: false,
  fields: { kind: 'frontline-practice', observerUserId: 'u1', ...fields },
  createdAt: '2026-04-01T00:00:00.000Z',
  ...more,
});
const selection = {
  from: '2026-27-Q1',
  to: '2026-27-Q2',
  scopeIds: ['g1', 'g2'],
  kind: null,
  asOf: '2026-07-15',
};

describe('programme figures from assignment records', () => {
  test('summer time: the due dates whose next day starts at 23:00 UTC', () => {
    expect(summerTimeDueDates({ start: '2026-04-01', end: '2027-03-31' })).toEqual([
      { from: '2026-03-29', before: '2026-10-25' },
      { from: '2027-03-28', before: '2027-10-31' },
    ]);
  });

  test('each assignment counts once, in the quarter of its due date', () => {
    const tallies = assignmentTallies(
      [
        // 00:30 on 2 April in London (summer time): late; 22:59 UTC on the day: in time.
        assignment({ dueDate: '2026-04-01', completedAt: '2026-04-01T23:30:00.000Z' }),
        assignment({ dueDate: '2026-04-02', completedAt: '2026-04-02T22:59:59.999Z' }),
        assignment({ dueDate: '2026-06-30', completedAt: '2026-07-01T00:00:00.000Z' }), // late
        // An exemption outranks a finish.
        assignment({
          dueDate: '2026-05-01',
          completedAt: '2026-05-03T00:00:00.000Z',
          'exemption.reason': 'leave',
        }),
        assignment({ dueDate: '2026-07-14' }), // overdue on 15 July
        assignment({ dueDate: '2026-07-15' }), // due on the day: not overdue
        assignment({ dueDate: '2026-09-30', completedAt: '' }, { scopeId: 'g2' }), // '' is not done
        // Not counted: outside the range, another team, deleted, no due date, not an assignment.
        assignment({ dueDate: '2026-03-31' }),
        assignment({ dueDate: '2026-10-01' }),
        assignment({ dueDate: '2026-05-01' }, { scopeId: 'g3' }),
        assignment({ dueDate: '2026-05-01' }, { deleted: true }),
        assignment({}),
        assignment({ dueDate: '2026-05-01' }, { type: 'observation' }),
      ],
      selection,
    );
    const section = assembleProgramme(tallies, {
      quarters: ['2026-27-Q1', '2026-27-Q2'],
      scopeOrder: [
        { id: 's1', parentId: null },
        { id: 'g1', parentId: 's1' },
        { id: 'g2', parentId: 's1' },
      ],
    });
    expect(section.rows).toEqual([
      {
        quarter: '2026-27-Q1',
        serviceId: 's1',
        scopeId: 'g1',
        figures: { due: 4, done: 3, doneLate: 2, overdue: 0, exempted: 1 },
      },
      {
        quarter: '2026-27-Q2',
        serviceId: 's1',
        scopeId: 'g1',
        figures: { due: 2, done: 0, doneLate: 0, overdue: 1, exempted: 0 },
      },
      {
        quarter: '2026-27-Q2',
        serviceId: 's1',
        scopeId: 'g2',
        figures: { due: 1, done: 0, doneLate: 0, overdue: 0, exempted: 0 },
      },
    ]);
    expect(section.total).toEqual({ due: 7, done: 3, doneLate: 2, overdue: 1, exempted: 1 });
    expect(section.trend.map((t) => t.figures.due)).toEqual([4, 3]);
  });

  test('the kind filter reads a missing kind as frontline practice', () => {
    const records = [
      assignment({ dueDate: '2026-05-01', kind: null }),
      assignment({ dueDate: '2026-05-01', kind: 'single-case-audit' }),
    ];
    const due = (kind: 'frontline-practice' | 'single-case-audit') =>
      assignmentTallies(records, { ...selection, kind }).reduce((n, t) => n + t.due, 0);
    expect(due('frontline-practice')).toBe(1);
    expect(due('single-case-audit')).toBe(1);
  });
});

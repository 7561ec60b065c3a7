import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { AssignmentFacts } from './coverage';
import { assignmentState, byUrgency, coverage, notObservedThisYear } from './coverage';

const a = (over: Partial<AssignmentFacts> & { id: string }): AssignmentFacts => ({
  scopeId: 'group-aaaa',
  observerUserId: 'auditor-1',
  dueDate: '2026-05-31',
  ...over,
});

describe('the state of an assignment on a day', () => {
  test('exempted beats done, done beats overdue; due soon is the last seven days', () => {
    expect(assignmentState(a({ id: 'x', 'exemption.reason': 'leave' }), '2026-07-01')).toBe(
      'exempted',
    );
    expect(assignmentState(a({ id: 'x', completedAt: '2026-06-10T09:00:00Z' }), '2026-07-01')).toBe(
      'done',
    );
    expect(assignmentState(a({ id: 'x' }), '2026-06-01')).toBe('overdue');
    expect(assignmentState(a({ id: 'x' }), '2026-05-31')).toBe('due-soon');
    expect(assignmentState(a({ id: 'x' }), '2026-05-24')).toBe('due-soon');
    expect(assignmentState(a({ id: 'x' }), '2026-05-23')).toBe('due');
  });

  test('an observation assignment is done once its observation is submitted; an audit only when marked', () => {
    const due = a({ id: 'x', kind: 'frontline-practice', dueDate: '2026-05-31' });
    expect(assignmentState({ ...due, observationStatus: 'draft' }, '2026-05-01')).toBe('due');
    expect(assignmentState({ ...due, observationStatus: 'draft' }, '2026-06-01')).toBe('overdue');
    for (const status of ['submitted', 'returned', 'moderated', 'closed'])
      expect(assignmentState({ ...due, observationStatus: status }, '2026-06-01'), status).toBe(
        'done',
      );
    expect(
      assignmentState(
        { ...due, kind: 'single-case-audit', observationStatus: 'submitted' },
        '2026-06-01',
      ),
    ).toBe('overdue');
    // Marked done before the rule, with no observation: history, left as it was.
    expect(assignmentState({ ...due, completedAt: '2026-05-02T09:00:00Z' }, '2026-06-01')).toBe(
      'done',
    );
  });

  test('by urgency: overdue first, then due soon, then by date', () => {
    const list = [
      a({ id: 'later', dueDate: '2026-08-31' }),
      a({ id: 'done', dueDate: '2026-04-30', completedAt: '2026-04-02T10:00:00Z' }),
      a({ id: 'soon', dueDate: '2026-06-03' }),
      a({ id: 'late', dueDate: '2026-05-31' }),
    ];
    expect(byUrgency(list, '2026-06-01').map((x) => x.id)).toEqual([
      'late',
      'soon',
      'later',
      'done',
    ]);
  });
});

describe('coverage', () => {
  const list = [
    a({ id: 'a1', scopeId: 'g1', completedAt: '2026-05-20T10:00:00Z' }),
    a({ id: 'a2', scopeId: 'g2', observerUserId: 'auditor-2', 'exemption.reason': 'sickness' }),
    a({ id: 'a3', scopeId: 'g3', observerUserId: 'auditor-2' }),
    a({ id: 'a4', scopeId: 'g1', dueDate: '2026-06-30' }),
    a({ id: 'a5', scopeId: 'g1', dueDate: '2026-04-30' }),
  ];
  const serviceOf = (g: string) => (g === 'g3' ? 's2' : 's1');

  test('by practice group, service and person within a period', () => {
    expect(
      coverage(list, { from: '2026-05-01', to: '2026-05-31' }, 'practice-group', '2026-06-01'),
    ).toEqual([
      { key: 'g1', done: 1, due: 0, overdue: 0, exempted: 0, total: 1 },
      { key: 'g2', done: 0, due: 0, overdue: 0, exempted: 1, total: 1 },
      { key: 'g3', done: 0, due: 0, overdue: 1, exempted: 0, total: 1 },
    ]);
    expect(
      coverage(list, { from: '2026-04-01', to: '2027-03-31' }, 'service', '2026-06-01', serviceOf),
    ).toEqual([
      { key: 's1', done: 1, due: 1, overdue: 1, exempted: 1, total: 4 },
      { key: 's2', done: 0, due: 0, overdue: 1, exempted: 0, total: 1 },
    ]);
    expect(
      coverage(list, { from: '2026-04-01', to: '2027-03-31' }, 'observer', '2026-06-01').map(
        (r) => [r.key, r.total],
      ),
    ).toEqual([
      ['auditor-1', 3],
      ['auditor-2', 2],
    ]);
  });

  test('every assignment in the period is counted once, whatever the order or grouping', () => {
    const facts = fc.record({
      id: fc.uuid(),
      scopeId: fc.constantFrom('g1', 'g2', 'g3'),
      observerUserId: fc.constantFrom('p1', 'p2'),
      dueDate: fc.constantFrom('2026-04-30', '2026-05-31', '2026-06-30', '2027-03-31'),
      completedAt: fc.option(fc.constant('2026-05-01T10:00:00Z'), { nil: undefined }),
      'exemption.reason': fc.option(fc.constantFrom('leave', 'sickness'), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(facts, { maxLength: 30 }),
        fc.constantFrom('observer', 'practice-group', 'service', 'observed' as const),
        (items, by) => {
          const period = { from: '2026-05-01', to: '2026-06-30' };
          const rows = coverage(items, period, by, '2026-06-15', serviceOf);
          const reversed = coverage([...items].reverse(), period, by, '2026-06-15', serviceOf);
          expect(reversed).toEqual(rows);
          const inPeriod = items.filter((i) => i.dueDate >= period.from && i.dueDate <= period.to);
          expect(rows.reduce((n, r) => n + r.total, 0)).toBe(inPeriod.length);
          for (const r of rows) expect(r.done + r.due + r.overdue + r.exempted).toBe(r.total);
        },
      ),
    );
  });

  test('who has not been observed this financial year', () => {
    expect(
      notObservedThisYear(
        ['p1', 'p2', 'p3'],
        [
          { userId: 'p1', date: '2026-04-01' },
          { userId: 'p2', date: '2026-03-31' },
        ],
        '2027-02-01',
      ),
    ).toEqual(['p2', 'p3']);
  });
});

import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { actionDueState, isOverdue } from './action-due';
import type { ActionStatus } from '../entities/improvement-action';

const today = '2026-12-01';

describe('an improvement action against its due date', () => {
  test.each([
    ['open', '2026-11-30', 'overdue'],
    ['in-progress', '2025-01-01', 'overdue'],
    ['open', '2026-12-01', 'due-today'],
    ['in-progress', '2026-12-02', 'due'],
    ['open', undefined, 'undated'],
    ['done', '2026-11-30', 'finished'],
    ['cancelled', '2026-01-01', 'finished'],
    ['done', undefined, 'finished'],
  ] as const)('%s, due %s: %s', (status, dueDate, state) => {
    const a = { status: status as ActionStatus, ...(dueDate ? { dueDate } : {}) };
    expect(actionDueState(a, today)).toBe(state);
    expect(isOverdue(a, today)).toBe(state === 'overdue');
  });

  test('overdue exactly when open or in progress and due on an earlier day', () => {
    const day = fc
      .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        fc.constantFrom<ActionStatus>('open', 'in-progress', 'done', 'cancelled'),
        fc.option(day, { nil: undefined }),
        day,
        (status, dueDate, on) => {
          const open = status === 'open' || status === 'in-progress';
          const expected = open && dueDate !== undefined && Date.parse(dueDate) < Date.parse(on);
          expect(isOverdue({ status, ...(dueDate ? { dueDate } : {}) }, on)).toBe(expected);
        },
      ),
      { seed: 20261201, numRuns: 500 },
    );
  });
});

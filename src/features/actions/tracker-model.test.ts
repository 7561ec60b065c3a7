import { describe, expect, test } from 'vitest';
import { trackerOrder } from './tracker-model';

const a = (
  id: string,
  status: 'open' | 'in-progress' | 'done' | 'cancelled',
  dueDate?: string,
) => ({
  id,
  status,
  ...(dueDate ? { dueDate } : {}),
});

describe('actions tracker order', () => {
  test('overdue first, then by due date, undated after, finished last', () => {
    const today = '2026-12-01';
    const ordered = trackerOrder(
      [
        a('done-old', 'done', '2026-01-01'),
        a('later', 'open', '2027-02-01'),
        a('undated', 'in-progress'),
        a('overdue-recent', 'open', '2026-11-30'),
        a('soon', 'in-progress', '2026-12-01'),
        a('overdue-old', 'in-progress', '2026-10-01'),
        a('cancelled', 'cancelled', '2026-11-01'),
      ],
      today,
    ).map((x) => x.id);
    expect(ordered).toEqual([
      'overdue-old',
      'overdue-recent',
      'soon',
      'later',
      'undated',
      'done-old',
      'cancelled',
    ]);
  });
});

// The actions tracker's order: overdue first (most overdue at the top), then by due date, those
// with no due date after them, finished ones last. Pure, so it is tested alone.
import type { ImprovementAction } from '../../../schemas/entities/improvement-action';

export type TrackedAction = ImprovementAction & { recordId: string; parentId: string | null };

export const isFinished = (a: Pick<ImprovementAction, 'status'>) =>
  a.status === 'done' || a.status === 'cancelled';

export function isOverdue(
  a: Pick<ImprovementAction, 'status' | 'dueDate'>,
  today: string,
): boolean {
  return !isFinished(a) && a.dueDate !== undefined && a.dueDate < today;
}

export function trackerOrder<T extends Pick<ImprovementAction, 'status' | 'dueDate' | 'id'>>(
  actions: readonly T[],
  today: string,
): T[] {
  const rank = (a: T) => (isOverdue(a, today) ? 0 : isFinished(a) ? 2 : 1);
  return [...actions].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.dueDate ?? '9999-12-31').localeCompare(b.dueDate ?? '9999-12-31') ||
      a.id.localeCompare(b.id),
  );
}

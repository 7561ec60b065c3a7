// The actions tracker's order: overdue first (most overdue at the top), then by due date, those
// with no due date after them, finished ones last. Pure, so it is tested alone.
import type { ImprovementAction } from '../../../schemas/entities/improvement-action';
import { isFinished, isOverdue } from '../../../schemas/rules/action-due';

export type TrackedAction = ImprovementAction & {
  recordId: string;
  parentId: string | null;
  /** The case of the observation the action came from, when the device holds it. */
  caseId: string | undefined;
};

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

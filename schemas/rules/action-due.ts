// Where an improvement action stands against its due date, judged on Europe/London calendar
// days: the same rule as the quarterly report's overdue count (an open or in-progress action due
// before the day it is judged on), so the tablet's lists and the report never disagree.
import type { ImprovementAction } from '../entities/improvement-action';

export type ActionDueState = 'finished' | 'overdue' | 'due-today' | 'due' | 'undated';

type Judged = Pick<ImprovementAction, 'status' | 'dueDate'>;

export const isFinished = (a: Pick<ImprovementAction, 'status'>): boolean =>
  a.status === 'done' || a.status === 'cancelled';

/** `today` is a `YYYY-MM-DD` calendar date in Europe/London. */
export function actionDueState(a: Judged, today: string): ActionDueState {
  if (isFinished(a)) return 'finished';
  if (a.dueDate === undefined) return 'undated';
  if (a.dueDate < today) return 'overdue';
  return a.dueDate === today ? 'due-today' : 'due';
}

export function isOverdue(a: Judged, today: string): boolean {
  return actionDueState(a, today) === 'overdue';
}

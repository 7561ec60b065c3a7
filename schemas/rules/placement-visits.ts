// Whether the child's social worker visits were up to date at the review observed (reg 28,
// timescales.ts), from the placement questions a looked-after review checklist asks. Advisory
// only: nothing here is required, and completeness never looks at it.
import type { FieldValue } from '../entities/field-value';
import { responsePath } from '../entities/observation-fields';
import { findItem } from '../entities/template';
import type { Template } from '../entities/template';
import { isCalendarDate } from '../calendar/dates';
import { daysBetween } from '../calendar/dates';
import { nextReg28Visit } from '../timescales';
import type { NextVisit } from '../timescales';

/** The checklist items, by id (kept by a local copy of the checklist unless removed there). */
export const PLACEMENT_VISIT_ITEMS = Object.freeze({
  placementStart: 'current-placement-date',
  intendedUntil18: 'placement-until-18',
  lastVisit: 'last-social-worker-visit-date',
});

/** The answer to the intended-until-18 question that moves visits to 3-monthly after a year. */
export const INTENDED_UNTIL_18 = 'yes';

export type PlacementVisitCheck =
  /** The dates entered cannot be worked with (a visit before the placement, outside the years). */
  | { error: string }
  | {
      placementStart: string;
      /** Unanswered counts as not intended: visits stay 6-weekly, the stricter reading. */
      intendedUntil18: boolean | null;
      lastVisit: string | null;
      next: NextVisit;
      /**
       * At the meeting observed, the next visit was not yet overdue (`inTime`) or was overdue by
       * `daysLate` days. Null when that cannot be said: no visit entered (an empty answer is not a
       * visit missed), a visit entered after the meeting, or no meeting date yet.
       */
      atMeeting: { held: string; inTime: boolean; daysLate: number } | null;
    };

/**
 * Null when the checklist does not ask about the placement or its date is not entered yet.
 * `held` is the date of the meeting observed.
 */
export function placementVisitCheck(
  template: Template,
  valueAt: (path: string) => FieldValue | undefined,
  held: string | null,
): PlacementVisitCheck | null {
  const {
    placementStart: startId,
    intendedUntil18: until18Id,
    lastVisit: lastId,
  } = PLACEMENT_VISIT_ITEMS;
  if (!findItem(template, startId) || !findItem(template, lastId)) return null;
  const start = valueAt(responsePath(startId, 'value'));
  if (!isCalendarDate(start)) return null;
  const answer = findItem(template, until18Id)
    ? valueAt(responsePath(until18Id, 'value'))
    : undefined;
  const intendedUntil18 = typeof answer === 'string' ? answer === INTENDED_UNTIL_18 : null;
  const last = valueAt(responsePath(lastId, 'value'));
  const lastVisit = isCalendarDate(last) ? last : null;
  let next: NextVisit;
  try {
    next = nextReg28Visit(
      { placementStart: start, intendedUntil18: intendedUntil18 === true },
      lastVisit,
    );
  } catch (err) {
    if (err instanceof RangeError) return { error: err.message };
    throw err;
  }
  let atMeeting = null;
  if (lastVisit !== null && held !== null && isCalendarDate(held) && lastVisit <= held) {
    const lateBy = daysBetween(next.due, held);
    atMeeting = { held, inTime: lateBy <= 0, daysLate: Math.max(0, lateBy) };
  }
  return { placementStart: start, intendedUntil18, lastVisit, next, atMeeting };
}

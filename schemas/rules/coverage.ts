// The programme against what happened: each assignment's state on a day (done, exempted,
// overdue, due soon, due), tallies of them by person, practice group or service over a period,
// and who has not been observed in the financial year. The tablet's reminders and the server's
// coverage view both use these, so they always agree.
import { z } from 'zod';
import { compareDates, daysBetween } from '../calendar/dates';
import { isObservationAssignment, isSubmittedStatus } from '../entities/assignment';
import { financialYearBounds, financialYearOf } from './expectations';

/** An assignment is "due soon" this many days or fewer before its due date. */
export const DUE_SOON_DAYS = 7;

export const COVERAGE_STATES = ['done', 'exempted', 'overdue', 'due-soon', 'due'] as const;
export const coverageStateSchema = z.enum(COVERAGE_STATES);
export type CoverageState = z.infer<typeof coverageStateSchema>;

export const COVERAGE_STATE_LABELS: Readonly<Record<CoverageState, string>> = {
  done: 'Done',
  exempted: 'Exempted',
  overdue: 'Overdue',
  'due-soon': 'Due soon',
  due: 'Due',
};

/** What the rules need of an assignment. */
export type AssignmentFacts = {
  id: string;
  scopeId: string;
  observerUserId: string;
  observedUserId?: string | undefined;
  observedName?: string | undefined;
  meeting?: string | undefined;
  dueDate: string;
  completedAt?: string | undefined;
  'exemption.reason'?: string | undefined;
  kind?: string | undefined;
  /**
   * The status of the observation started from it (`observationId`), where the reader holds it:
   * the tablet from its own records, the server from the records table.
   */
  observationStatus?: string | undefined;
};

/**
 * Whether it is done: marked done (`completedAt`, which the server stamps on an observation
 * assignment when its observation is first submitted, and which an audit's observer sets), or an
 * observation assignment whose observation is submitted though not yet stamped (submitted on a
 * tablet offline, or before the server stamped them). A mark made before that rule (an assignment
 * marked done with no observation) stands: it is history, not rewritten.
 */
export function isAssignmentDone(a: AssignmentFacts): boolean {
  return (
    Boolean(a.completedAt) ||
    (isObservationAssignment(a.kind) && isSubmittedStatus(a.observationStatus))
  );
}

export function assignmentState(a: AssignmentFacts, today: string): CoverageState {
  if (a['exemption.reason']) return 'exempted';
  if (isAssignmentDone(a)) return 'done';
  const left = daysBetween(today, a.dueDate);
  if (left < 0) return 'overdue';
  return left <= DUE_SOON_DAYS ? 'due-soon' : 'due';
}

/** Needing attention first: overdue, then due soon, each by due date. */
export function byUrgency<T extends AssignmentFacts>(list: readonly T[], today: string): T[] {
  const rank: Record<CoverageState, number> = {
    overdue: 0,
    'due-soon': 1,
    due: 2,
    exempted: 3,
    done: 4,
  };
  return [...list].sort(
    (a, b) =>
      rank[assignmentState(a, today)] - rank[assignmentState(b, today)] ||
      compareDates(a.dueDate, b.dueDate) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

export const coverageGroupingSchema = z.enum(['observer', 'observed', 'practice-group', 'service']);
export type CoverageGrouping = z.infer<typeof coverageGroupingSchema>;

export const coverageRowSchema = z.object({
  key: z.string(),
  done: z.number().int(),
  /** Not yet due or due soon. */
  due: z.number().int(),
  overdue: z.number().int(),
  exempted: z.number().int(),
  total: z.number().int(),
});
export type CoverageRow = z.infer<typeof coverageRowSchema>;

/**
 * Tallies of the assignments due within [from, to] (inclusive), grouped. `serviceOf` names the
 * service a practice group belongs to. Rows are sorted by key; every assignment in the period is
 * counted exactly once.
 */
export function coverage(
  assignments: readonly AssignmentFacts[],
  period: { from: string; to: string },
  by: CoverageGrouping,
  today: string,
  serviceOf: (scopeId: string) => string = (s) => s,
): CoverageRow[] {
  const rows = new Map<string, CoverageRow>();
  for (const a of assignments) {
    if (compareDates(a.dueDate, period.from) < 0 || compareDates(a.dueDate, period.to) > 0)
      continue;
    const key =
      by === 'observer'
        ? a.observerUserId
        : by === 'observed'
          ? (a.observedUserId ?? a.observedName ?? a.meeting ?? '')
          : by === 'service'
            ? serviceOf(a.scopeId)
            : a.scopeId;
    const row = rows.get(key) ?? { key, done: 0, due: 0, overdue: 0, exempted: 0, total: 0 };
    const state = assignmentState(a, today);
    if (state === 'due-soon') row.due++;
    else row[state]++;
    row.total++;
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * The people among `staff` not observed in the financial year `today` falls in: no `observed`
 * event (a finished assignment or a submitted observation of them, on its date) in that year.
 */
export function notObservedThisYear(
  staff: readonly string[],
  observed: readonly { userId: string; date: string }[],
  today: string,
): string[] {
  const { from, to } = financialYearBounds(financialYearOf(today));
  const seen = new Set(
    observed
      .filter((o) => compareDates(o.date, from) >= 0 && compareDates(o.date, to) <= 0)
      .map((o) => o.userId),
  );
  return staff.filter((id) => !seen.has(id));
}

// "It is expected that all audits will be completed within the given timescale, with the only
// exception being if a request for an exemption is made by the Head of Service due to the person
// being on annual or sick leave" (Southwark QAF, monthly service audits, 2f). So once a single
// case audit is overdue, a QA lead may not give it a later due date: that would turn a missed
// timescale into one met (coverage's overdue, the quarterly report's done late) without the head
// of service's exemption the QAF requires. The audit can still be done, late, or exempted by the
// head of service, and its observer can still change. Before it is due, moving the date is
// planning, and any kind of observation other than an audit keeps the QA lead's freedom.
import { compareDates } from '../calendar/dates';
import type { ObservationKind } from '../entities/observation-kind';

/** Short enough for an error message beside the date, and says what to do instead. */
export const AUDIT_OVERDUE_MESSAGE =
  'This audit is overdue, so its due date cannot be moved later. Ask the head of service to exempt it for leave or sickness, or change only its observer.';

/**
 * Whether moving this assignment's due date to `dueDate` is refused on `today` (Europe/London
 * calendar days): an overdue single case audit moved to a later date.
 */
export function isOverdueAuditExtended(
  assignment: { kind: ObservationKind; dueDate: string },
  dueDate: string,
  today: string,
): boolean {
  return (
    assignment.kind === 'single-case-audit' &&
    compareDates(assignment.dueDate, today) < 0 &&
    compareDates(dueDate, assignment.dueDate) > 0
  );
}

import { isCalendarDate } from '../calendar/dates';
import type { FieldValue } from '../entities/field-value';
import type { ObservationStatus } from '../entities/observation';
import { handlingWriterOf } from './handling-paths';
import { isAmendable, isEditableByAuthor } from './status';

// What may change in an observation once it has been submitted, on the tablet and on the server.
//
// Its content (what the observer recorded: context, answers, summary, family, template and
// service) changes freely while it is a draft or has been returned to the observer for more
// evidence; once submitted or moderated, only as part of an amendment (a reason first, then the
// changes, then one append-only amendment row with each field's before and after, which every
// edit made while amending names: the mutation's `amendmentId`); once closed, not at all.
//
// Its handling changes whatever its status, each by its own rule: the status (status.ts), sharing
// it with the practitioner observed and whom it is shared with (share.ts on the server), that
// practitioner's own response (`practitionerResponse`; the reflection the observer recorded of
// them, `summary.reflection`, is the observer's content like the rest of the summary), a single case audit's discussion by the head of service
// (sample-discussion.ts) and good practice acknowledged by a QA lead (good-practice.ts): the one
// list of them is handling-paths.ts.
//
// So an edit made on a draft that reaches the server after the observation was submitted from
// another device (or moderated there) is refused, as is one from a tablet that did not amend:
// the text the QA lead moderated is never replaced without a reason in its history.

/** Whether this path of the change is handling rather than content. */
export function isHandlingPath(path: string, set: Readonly<Record<string, FieldValue>>): boolean {
  if (handlingWriterOf(path) !== undefined) return true;
  // Sharing names the practitioner it is shared with (the share page sends both together).
  return path === 'context.observedUserId' && set['sharedWithPractitioner'] === true;
}

export type ContentChangeProblem = {
  /** `amendment-required`: submitted or moderated, and not amending; `closed`: closed. */
  reason: 'amendment-required' | 'closed';
  /** The first content path of the change. */
  path: string;
};

/**
 * Why a change to an observation's fields may not be applied to it as it is now (`status` before
 * the change), or null when it may. `amending`: the change is part of an amendment.
 */
export function contentChangeProblem(
  status: ObservationStatus,
  set: Readonly<Record<string, FieldValue>>,
  amending: boolean,
): ContentChangeProblem | null {
  if (isEditableByAuthor(status)) return null;
  const path = Object.keys(set).find((p) => !isHandlingPath(p, set));
  if (path === undefined) return null;
  if (isAmendable(status)) return amending ? null : { reason: 'amendment-required', path };
  return { reason: 'closed', path };
}

// Child rows of an observation, by the same rule where they are part of what the observer recorded:
//
// - A call attempt is the log of the family feedback call (who was reached, when, how it went),
//   so adding, changing or removing one is a change to the call's content.
// - An improvement action's words (`what`) are the observer's, and which actions the plan holds is
//   theirs too (adding or removing one). Its tracking is not content: its status, owner, due date,
//   completion and place in the list are updated after submission, and after the observation is
//   closed, by the observer and by the QA leads and managers who follow the plan through (its
//   owner and due date changed, never cleared: actionTrackingProblem) ("the
//   progress on recommendations, actions and outcomes ... kept under continuous review from the
//   completion of the audit", Southwark QAF). An action the plan no longer needs is cancelled, not
//   removed.
// - Review comments and amendments are append-only, and the QA lead's or the amendment's own
//   (below); safety concerns are never changed by a push. None of them is content here.

/** An improvement action's fields that track it rather than say what it is. */
const ACTION_TRACKING_PATHS: ReadonlySet<string> = new Set([
  'status',
  'ownerName',
  'ownerUserId',
  'dueDate',
  'completedAt',
  'order',
]);

/**
 * Why an improvement action's owner or due date may not be changed this way, or null. The plan
 * was submitted with both (completeness.ts), and an action is followed through, and counted
 * overdue, by them: once the observation is submitted they may be changed, not cleared, and the
 * due date stays a real date. `before` is the action's fields as they are, `set` what the change
 * writes; the owner is a name and role, or the account it is linked to (`ownerUserId`). While
 * amending, the edits are not judged one by one: the amendment's row is, by the completeness rules
 * (a person may clear a field before typing it again).
 */
export function actionTrackingProblem(
  status: ObservationStatus,
  before: Readonly<Record<string, FieldValue>>,
  set: Readonly<Record<string, FieldValue>>,
  amending: boolean,
): ActionTrackingProblem | null {
  if (isEditableByAuthor(status) || amending) return null;
  const after = { ...before, ...set };
  const given = (v: FieldValue | undefined) => typeof v === 'string' && v.trim() !== '';
  if (
    (Object.hasOwn(set, 'ownerName') || Object.hasOwn(set, 'ownerUserId')) &&
    !given(after['ownerName']) &&
    !given(after['ownerUserId'])
  )
    return 'owner-required';
  if (Object.hasOwn(set, 'dueDate') && !isCalendarDate(after['dueDate']))
    return 'due-date-required';
  return null;
}

export type ActionTrackingProblem = 'owner-required' | 'due-date-required';

/** What the tracker's page says beside the field, for each problem. */
export const actionTrackingMessages: Record<ActionTrackingProblem, string> = {
  'owner-required':
    'Enter who will do it – an action of a submitted observation cannot be left without an owner',
  'due-date-required':
    'Enter the date it is due by – an action of a submitted observation cannot be left without one',
};

/** What a change does to a child row: makes it, changes its fields, removes or brings it back. */
export type ChildChange = 'create' | 'update' | 'delete' | 'restore';

/** The first path of a child row's change that is the observation's content, or '' for the row. */
function childContentPath(
  type: string,
  change: Exclude<ChildChange, 'restore'>,
  set: Readonly<Record<string, FieldValue>>,
): string | undefined {
  if (type === 'call-attempt') return change === 'update' ? Object.keys(set)[0] : '';
  if (type === 'action') {
    if (change === 'create' || change === 'delete') return '';
    return Object.keys(set).find((p) => !ACTION_TRACKING_PATHS.has(p));
  }
  return undefined;
}

/**
 * Why a change to a child row of an observation (in `status`, before the change) may not be made,
 * or null when it may. `set` is what the change writes; `amending`: it is part of an amendment.
 * The problem's path is the child's field (`what`, `note`), or '' when the row itself is added or
 * removed. Bringing back a row removed on another device (`restore`) settles that removal and is
 * offered to the observer whatever the status; the fields it writes are judged as any change.
 */
export function childChangeProblem(
  status: ObservationStatus,
  type: string,
  change: ChildChange,
  set: Readonly<Record<string, FieldValue>>,
  amending: boolean,
): ContentChangeProblem | null {
  if (isEditableByAuthor(status)) return null;
  // A restore is judged by the fields it writes, as an update is: bringing the row back is not.
  const path = childContentPath(type, change === 'restore' ? 'update' : change, set);
  if (path === undefined) return null;
  if (isAmendable(status)) return amending ? null : { reason: 'amendment-required', path };
  return { reason: 'closed', path };
}

/**
 * Why an amendment row may not be added to an observation in `status`, or null when it may: only
 * a submitted or moderated observation is amended. A draft has never been submitted, a returned one
 * is changed freely until it is submitted again, and a closed one is not changed at all.
 */
export function amendmentRowProblem(
  status: ObservationStatus,
): 'not-submitted' | 'returned' | 'closed' | null {
  if (isAmendable(status)) return null;
  if (status === 'closed') return 'closed';
  return status === 'returned' ? 'returned' : 'not-submitted';
}

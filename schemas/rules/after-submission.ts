import type { FieldValue } from '../entities/field-value';
import type { ObservationStatus } from '../entities/observation';
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
// it with the practitioner observed and whom it is shared with (share.ts on the server), and that
// practitioner's reflection.
//
// So an edit made on a draft that reaches the server after the observation was submitted from
// another device (or moderated there) is refused, as is one from a tablet that did not amend:
// the text the QA lead moderated is never replaced without a reason in its history.

/** Paths that are the observation's handling, not its content. */
const HANDLING_PATHS: ReadonlySet<string> = new Set([
  'status',
  'sharedWithPractitioner',
  'summary.reflection',
]);

/** Whether this path of the change is handling rather than content. */
export function isHandlingPath(path: string, set: Readonly<Record<string, FieldValue>>): boolean {
  if (HANDLING_PATHS.has(path)) return true;
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

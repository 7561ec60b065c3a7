import { z } from 'zod';
import type { ObservationStatus } from '../entities/observation';

// The record's life: draft -> submitted -> moderated -> closed, with QA able to return a
// submitted (or moderated) record for more evidence, and the author resubmitting it.
// Once submitted (or moderated), what the observer recorded changes only by an amendment with a
// reason, kept as history; once closed, not at all (after-submission.ts).

export const actorRoleSchema = z.enum(['author', 'qa-lead', 'observed-practitioner', 'director']);
export type ActorRole = z.infer<typeof actorRoleSchema>;

export type StatusTransition = {
  from: ObservationStatus;
  to: ObservationStatus;
  roles: readonly ActorRole[];
};

export const statusTransitions: readonly StatusTransition[] = [
  { from: 'draft', to: 'submitted', roles: ['author'] },
  { from: 'submitted', to: 'returned', roles: ['qa-lead'] },
  { from: 'submitted', to: 'moderated', roles: ['qa-lead'] },
  { from: 'returned', to: 'submitted', roles: ['author'] },
  // Moderation can find that more evidence is needed after all.
  { from: 'moderated', to: 'returned', roles: ['qa-lead'] },
  { from: 'moderated', to: 'closed', roles: ['qa-lead', 'director'] },
];

export function canTransition(
  from: ObservationStatus,
  to: ObservationStatus,
  role: ActorRole,
): boolean {
  return statusTransitions.some((t) => t.from === from && t.to === to && t.roles.includes(role));
}

/** Statuses a role may move a record to from `from`, for showing the right buttons. */
export function nextStatuses(from: ObservationStatus, role: ActorRole): ObservationStatus[] {
  return statusTransitions
    .filter((t) => t.from === from && t.roles.includes(role))
    .map((t) => t.to);
}

/** Whether the author may still edit freely (before first submission, or when returned). */
export function isEditableByAuthor(status: ObservationStatus): boolean {
  return status === 'draft' || status === 'returned';
}

/** Whether the author may change it by an amendment with a reason: submitted, or moderated. */
export function isAmendable(status: ObservationStatus): boolean {
  return status === 'submitted' || status === 'moderated';
}

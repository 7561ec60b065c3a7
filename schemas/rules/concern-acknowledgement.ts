// Who settles an immediate safety concern. The Southwark QAF (Appendix 1, 2g) makes the person who
// finds a concern responsible for notifying "the appropriate people ... as a matter of urgency ...
// This will always include the Director of Children's Social Care", and the domain brief (§5,
// "common to all four kinds") asks for "urgent escalation to the Director". QA leads track
// improvement plans (2h) and heads of service are the next step of escalation, but neither stands
// in for the Director. So:
//
// - the Director, a QA lead or a head of service who may read the concern may acknowledge it, and
//   each acknowledgement is recorded (who, their role, when);
// - only a director's acknowledgement settles it: until one is recorded the concern is unsettled,
//   shown as not acknowledged (and overdue past the deadline), and the Director is reminded;
// - any one director's acknowledgement settles it (a team no director covers is told to every
//   director: notifications/outbox.ts `uncoveredDirectors`), as the post is one;
// - a director who raises a concern has heard of it: their raising is their acknowledgement, at
//   the moment it reaches the server (sync/concerns.ts `raiseConcern` applies this same rule), so
//   nobody is reminded that the Director has not acknowledged it.
//
// The server applies it (sync-server/src/sync/concerns.ts) and the tablet words its screens by it.
import type { RoleKey } from '../api/account';
import type { SafetyConcern } from '../entities/safety-concern';

/** Roles that may acknowledge a concern they can read. */
export const CONCERN_ACKNOWLEDGING_ROLES: readonly RoleKey[] = [
  'director',
  'qa-lead',
  'head-of-service',
];

/** The role whose acknowledgement settles a concern, and stops the reminders: the Director. */
export const CONCERN_SETTLING_ROLE = 'director' satisfies RoleKey;

export function mayAcknowledgeConcern(role: RoleKey): boolean {
  return CONCERN_ACKNOWLEDGING_ROLES.includes(role);
}

/** Whether this role's acknowledgement settles the concern (the Director's), or is only recorded. */
export function acknowledgementSettles(role: RoleKey): boolean {
  return role === CONCERN_SETTLING_ROLE;
}

/** The Director has acknowledged it: nobody needs reminding any more. */
export function isConcernSettled(concern: Pick<SafetyConcern, 'acknowledgedAt'>): boolean {
  return concern.acknowledgedAt !== undefined;
}

export type ConcernAcknowledgement =
  | { kind: 'settled'; concern: SafetyConcern }
  | { kind: 'recorded'; concern: SafetyConcern }
  | { kind: 'already'; concern: SafetyConcern };

/**
 * The concern after `userId` (of `role`) acknowledges it at `at`: the Director's acknowledgement
 * settles it; anyone else's joins `alsoAcknowledged`. Each person's counts once: a second
 * acknowledgement, or one after the concern is settled by that same person, changes nothing.
 */
export function acknowledgeConcern(
  concern: SafetyConcern,
  who: { userId: string; role: RoleKey },
  at: string,
): ConcernAcknowledgement {
  if (acknowledgementSettles(who.role)) {
    if (isConcernSettled(concern)) return { kind: 'already', concern };
    return {
      kind: 'settled',
      concern: { ...concern, acknowledgedBy: who.userId, acknowledgedAt: at },
    };
  }
  const others = concern.alsoAcknowledged ?? [];
  if (others.some((a) => a.by === who.userId)) return { kind: 'already', concern };
  return {
    kind: 'recorded',
    concern: { ...concern, alsoAcknowledged: [...others, { by: who.userId, role: who.role, at }] },
  };
}

/** Whether this person has already acknowledged the concern (as the Director, or otherwise). */
export function hasAcknowledged(
  concern: Pick<SafetyConcern, 'acknowledgedBy' | 'alsoAcknowledged'>,
  userId: string,
): boolean {
  return (
    concern.acknowledgedBy === userId ||
    (concern.alsoAcknowledged ?? []).some((a) => a.by === userId)
  );
}

/**
 * Whether this concern waits for this person to acknowledge it: they may acknowledge concerns, the
 * Director has not settled it, they have not acknowledged it themselves, and they did not raise it
 * (who raised it knows of it). The tablet counts these for its home banner and menu.
 */
export function awaitsAcknowledgementBy(
  concern: Pick<
    SafetyConcern,
    'acknowledgedAt' | 'acknowledgedBy' | 'alsoAcknowledged' | 'raisedBy'
  >,
  who: { userId: string; role: RoleKey },
): boolean {
  return (
    mayAcknowledgeConcern(who.role) &&
    !isConcernSettled(concern) &&
    !hasAcknowledged(concern, who.userId) &&
    concern.raisedBy !== who.userId
  );
}

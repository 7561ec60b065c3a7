// Who may plan, change and withdraw the programme's assignments: a QA lead, in the teams they
// oversee. What an assignment looks like to the person answered.
import type { Kysely } from 'kysely';
import type { AssignmentView } from '../../../schemas/api/programme';
import type { Assignment } from '../../../schemas/entities/assignment';
import { assignmentState } from '../../../schemas/rules/coverage';
import { AppError } from '../errors';
import { londonDateOf } from '../../../schemas/calendar/london-time';
import type { Database } from '../storage/database';
import type { Actor, Role } from '../sync/actor';
import { fullReadScopes } from '../sync/access';

type Db = Kysely<Database>;

export const refuse = (message: string) => new AppError(403, 'FORBIDDEN_ROLE', message);

/** Refuses anyone but a QA lead: by the role the request was signed in with, before any read. */
export function mustPlan(role: string): void {
  if (role !== 'qa-lead')
    throw refuse(
      role === 'admin'
        ? 'Administrators see no records; a QA lead plans the programme.'
        : 'Only a QA lead plans the programme.',
    );
}

/**
 * The teams the planner oversees, with their role read again: call it inside the transaction that
 * writes, after the sequence counter's lock (`nextSequence`). Every change of a membership or a
 * role takes that lock first too (accounts/audited.ts), so one made at the same moment has either
 * committed before these reads, and is seen, or waits until the plan has committed.
 */
export async function plannerScopes(tx: Db, actor: Actor): Promise<string[]> {
  mustPlan(actor.role);
  const me = await tx
    .selectFrom('users')
    .select(['role', 'status'])
    .where('id', '=', actor.userId)
    .executeTakeFirst();
  mustPlan(me?.status === 'active' ? me.role : '');
  return fullReadScopes(tx, { ...actor, role: me!.role as Role });
}

export const today = () => londonDateOf(new Date());

/**
 * What an assignment looks like to the person answered; `observationStatus` is the status of the
 * observation started from it, where the caller read it (an observation assignment whose
 * observation is submitted is done).
 */
export function view(a: Assignment, day: string, observationStatus?: string): AssignmentView {
  return { ...a, state: assignmentState({ ...a, observationStatus }, day) };
}

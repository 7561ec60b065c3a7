// A plan is made once however often it is sent: the app names each plan with an id of its own
// (`planId`) and a retry sends the same one (migration 0020). Both functions run inside the
// transaction that writes the plan, after the sequence counter's lock, so a second request of the
// same id waits for the first to commit and then finds it.
import type { Kysely } from 'kysely';
import type { AssignmentView } from '../../../schemas/api/programme';
import { assignmentFromFields } from '../../../schemas/entities/assignment';
import type { FieldValue } from '../../../schemas/entities/field-value';
import { canonicalJson, sha256 } from '../audit/chain';
import { AppError } from '../errors';
import type { Database } from '../storage/database';
import type { ProgrammePlansTable } from '../storage/sync-tables';
import type { Actor } from '../sync/actor';
import { today, view } from './planner';

type Db = Kysely<Database>;

export type PlanRoute = ProgrammePlansTable['route'];

/** What a plan's request asked for, to tell a retry from another request reusing its id. */
export const requestHash = (route: PlanRoute, request: unknown): string =>
  sha256(canonicalJson({ route, request }));

/**
 * The answer to a plan already made under this id: its assignments as they are now (one
 * withdrawn since is left out). Undefined when no plan has this id yet.
 */
export async function madeBefore(
  tx: Db,
  actor: Actor,
  plan: { id: string; route: PlanRoute; hash: string },
): Promise<AssignmentView[] | undefined> {
  const row = await tx
    .selectFrom('programme_plans')
    .selectAll()
    .where('plan_id', '=', plan.id)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.planned_by !== actor.userId || row.route !== plan.route || row.request_hash !== plan.hash)
    throw new AppError(
      409,
      'PLAN_ID_REUSED',
      'planId: a different plan was already made under this id, so nothing was planned. Send this plan again under a new id (in the app, reload the page and press the button again).',
    );
  const ids = JSON.parse(row.assignment_ids) as string[];
  const records = await tx
    .selectFrom('records')
    .select(['id', 'scope_id', 'fields'])
    .where('id', 'in', ids)
    .where('type', '=', 'assignment')
    .where('deleted', '=', 0)
    .execute();
  const byId = new Map(records.map((r) => [r.id, r]));
  const day = today();
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const fields = JSON.parse(r.fields) as Record<string, FieldValue>;
    return [view(assignmentFromFields({ id, scopeId: r.scope_id }, fields), day)];
  });
}

/** Records that the plan of this id made these assignments. */
export async function recordPlan(
  tx: Db,
  actor: Actor,
  plan: { id: string; route: PlanRoute; hash: string },
  assignmentIds: readonly string[],
  now: string,
): Promise<void> {
  await tx
    .insertInto('programme_plans')
    .values({
      plan_id: plan.id,
      planned_by: actor.userId,
      route: plan.route,
      request_hash: plan.hash,
      assignment_ids: JSON.stringify(assignmentIds),
      created_at: now,
    })
    .execute();
}

// Plans: a QA lead's assignments, one by one or a month's audits at once, or a recurring
// expectation expanded at its due dates (the performance team's file is audit-import.ts). Each
// plan is one transaction, all or nothing, with the sequence bumped so pull delivers it; every
// assignment is granted to its observer (reason 'assigned'), so it reaches their tablet.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  AssignmentView,
  PlanExpectationRequest,
  PlannedAssignment,
} from '../../../schemas/api/programme';
import { MAX_PLANNED } from '../../../schemas/api/programme';
import { assignmentFromFields } from '../../../schemas/entities/assignment';
import type { FieldValue } from '../../../schemas/entities/field-value';
import { expectationDueDates } from '../../../schemas/rules/expectations';
import { appendAudit } from '../audit/append';
import { AppError } from '../errors';
import type { Database } from '../storage/database';
import type { Actor, Role } from '../sync/actor';
import { OBSERVING_ROLES } from '../sync/actor';
import { shareableMemberships } from '../sync/share';
import { CREATION_STAMP } from '../sync/apply-mutation';
import { nextSequence } from '../sync/sequence';
import { madeBefore, recordPlan, requestHash } from './plan-requests';
import type { PlanRoute } from './plan-requests';
import { mustPlan, plannerScopes, today, view } from './planner';

type Db = Kysely<Database>;

export type PlanSource = {
  route: PlanRoute;
  /** The id the app named this plan with; a plan sent without one is made every time. */
  planId: string | undefined;
  /** What was asked for, without the plan's id: a repeat must ask for the same. */
  request: unknown;
  /**
   * Where in the request the i-th assignment prepared came from, for an error's path (its field
   * is added): the page puts the error beside that field. The i-th of `assignments` by default.
   */
  from?: (i: number) => string;
};

/**
 * Makes a plan's assignments, or none; each is granted to its observer. `prepare` works out the
 * assignments from what this transaction reads (the teams the planner oversees now).
 *
 * Every precondition is read here, after the sequence counter's lock, and not before the
 * transaction: a membership removed, a role changed or an observer disabled at the same moment
 * takes that lock too, so it is either seen here or waits until the plan is made.
 */
export async function makePlan(
  db: Db,
  actor: Actor,
  source: PlanSource,
  prepare: (tx: Db, scopes: readonly string[]) => Promise<readonly PlannedAssignment[]>,
): Promise<AssignmentView[]> {
  mustPlan(actor.role);
  return db.transaction().execute(async (tx) => {
    const seq = await nextSequence(tx);
    const scopes = await plannerScopes(tx, actor);
    const plan = {
      id: source.planId ?? randomUUID(),
      route: source.route,
      hash: requestHash(source.route, source.request),
    };
    if (source.planId !== undefined) {
      const answered = await madeBefore(tx, actor, plan);
      if (answered) return answered;
    }
    const planned = await prepare(tx, scopes);
    const from = source.from ?? ((i: number) => `assignments.${i}`);
    const observers = await tx
      .selectFrom('users')
      .select(['id', 'role', 'status', 'display_name'])
      .where('id', 'in', [...new Set(planned.map((p) => p.observerUserId))])
      .execute();
    const byId = new Map(observers.map((o) => [o.id, o]));
    planned.forEach((p, i) => {
      if (!scopes.includes(p.scopeId))
        throw new AppError(
          403,
          'FORBIDDEN_SCOPE',
          `${from(i)}.scopeId: you can plan only for the teams you oversee.`,
        );
      const o = byId.get(p.observerUserId);
      if (
        !o ||
        o.status !== 'active' ||
        !(OBSERVING_ROLES.has(o.role as Role) || o.role === 'guest')
      )
        throw new AppError(
          400,
          'OBSERVER_UNKNOWN',
          `${from(i)}.observerUserId: there is no active observer with this id.`,
        );
    });
    const teams = new Map(
      (
        await tx
          .selectFrom('scopes')
          .select(['id', 'name', 'parent_id'])
          .where('id', 'in', [...new Set(planned.map((p) => p.scopeId))])
          .execute()
      ).map((s) => [s.id, s]),
    );
    await mustBeShareable(tx, planned, teams, from);
    const now = new Date().toISOString();
    const day = today();
    const made: AssignmentView[] = [];
    for (const p of planned) {
      const id = randomUUID();
      const fields: Record<string, FieldValue> = {
        kind: p.kind,
        observerUserId: p.observerUserId,
        observerName: byId.get(p.observerUserId)!.display_name,
        dueDate: p.dueDate,
        planId: plan.id,
        teamName: teams.get(p.scopeId)?.name ?? '',
        serviceId: teams.get(p.scopeId)?.parent_id ?? p.scopeId,
      };
      for (const k of ['observedUserId', 'observedName', 'meeting', 'caseId', 'month'] as const)
        if (p[k] !== undefined) fields[k] = p[k];
      await tx
        .insertInto('records')
        .values({
          id,
          type: 'assignment',
          scope_id: p.scopeId,
          parent_id: null,
          root_id: id,
          owner_id: actor.userId,
          root_owner_id: actor.userId,
          seq,
          deleted: 0,
          fields: JSON.stringify(fields),
          field_meta: JSON.stringify({
            [CREATION_STAMP]: { version: seq, editedAt: Date.parse(now), deviceId: actor.deviceId },
          }),
          created_at: now,
          updated_at: now,
        })
        .execute();
      await tx
        .insertInto('record_grants')
        .values({ root_id: id, user_id: p.observerUserId, reason: 'assigned', created_at: now })
        .onConflict((oc) => oc.doNothing())
        .execute();
      made.push(view(assignmentFromFields({ id, scopeId: p.scopeId }, fields), day));
    }
    const ids = made.map((m) => m.id);
    await recordPlan(tx, actor, plan, ids, now);
    await appendAudit(tx, [
      {
        userId: actor.userId,
        deviceId: actor.deviceId,
        action: source.route === 'audits-import' ? 'audits-imported' : 'assignments-planned',
        recordId: made.length === 1 ? made[0]!.id : null,
        content: { planId: plan.id, assignments: ids },
      },
    ]);
    return made;
  });
}

export async function planAssignments(
  db: Db,
  actor: Actor,
  planned: readonly PlannedAssignment[],
  planId?: string,
): Promise<AssignmentView[]> {
  return makePlan(
    db,
    actor,
    { route: 'assignments', planId, request: { assignments: planned } },
    async () => planned,
  );
}

/** A recurring expectation for a financial year: an assignment per person per due date. */
export async function planExpectation(
  db: Db,
  actor: Actor,
  { planId, ...req }: PlanExpectationRequest,
): Promise<AssignmentView[]> {
  mustPlan(actor.role);
  const dates = expectationDueDates(req.expectation, req.financialYear);
  if (dates.length * req.people.length > MAX_PLANNED)
    throw new AppError(
      400,
      'PLAN_TOO_LARGE',
      `This would make ${dates.length * req.people.length} assignments; plan at most ${MAX_PLANNED} at once.`,
    );
  const planned: PlannedAssignment[] = req.people.flatMap((p) =>
    dates.map((dueDate) => ({
      ...p,
      kind: req.expectation.kind,
      dueDate,
      ...(req.expectation.per === 'month' ? { month: dueDate.slice(0, 7) } : {}),
    })),
  );
  // Each person's assignments come one after another, one per due date.
  const from = (i: number) => `people.${Math.floor(i / dates.length)}`;
  return makePlan(
    db,
    actor,
    { route: 'expectations', planId, request: req, from },
    async () => planned,
  );
}

/**
 * The person observed, where a plan names their account, is someone the observation could be
 * shared with (sync/share.ts): an active practitioner or observer of the assignment's team or its
 * service. Anyone else would be planned for a share that the observer could never make.
 */
async function mustBeShareable(
  tx: Db,
  planned: readonly PlannedAssignment[],
  teams: ReadonlyMap<string, { id: string; parent_id: string | null }>,
  from: (i: number) => string,
): Promise<void> {
  const named = [...new Set(planned.flatMap((p) => (p.observedUserId ? [p.observedUserId] : [])))];
  const members = await shareableMemberships(tx, named);
  planned.forEach((p, i) => {
    if (!p.observedUserId) return;
    const team = teams.get(p.scopeId);
    const scopes = [p.scopeId, ...(team?.parent_id ? [team.parent_id] : [])];
    if (!members.some((m) => m.userId === p.observedUserId && scopes.includes(m.scopeId)))
      throw new AppError(
        400,
        'OBSERVED_NOT_IN_TEAM',
        `${from(i)}.observedUserId: the person observed must be an active practitioner or observer of this team.`,
      );
  });
}

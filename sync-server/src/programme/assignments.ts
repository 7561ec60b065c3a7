// The programme's assignments on the server once planned (plans.ts, audit-import.ts): exempted by
// a head of service, changed or withdrawn by a QA lead, listed with their reminders, and counted
// for coverage. They are records of type 'assignment' in the records table, written here in one
// transaction each with the sequence bumped, so pull delivers them; the assigned observer is
// granted the record (reason 'assigned'), so it reaches their tablet, and a guest observer sees
// nothing else. The observer's progress comes back through push.
import type { Kysely } from 'kysely';
import type {
  AssignmentView,
  ChangeAssignmentRequest,
  CoverageQuery,
  CoverageResponse,
  ExemptRequest,
  WithdrawAssignmentRequest,
} from '../../../schemas/api/programme';
import { assignmentFromFields, hasProgress } from '../../../schemas/entities/assignment';
import type { Assignment } from '../../../schemas/entities/assignment';
import type { FieldValue } from '../../../schemas/entities/field-value';
import {
  AUDIT_OVERDUE_MESSAGE,
  isOverdueAuditExtended,
} from '../../../schemas/rules/audit-due-date';
import { byUrgency, coverage, notObservedThisYear } from '../../../schemas/rules/coverage';
import { financialYearBounds, financialYearOf } from '../../../schemas/rules/expectations';
import { appendAudit } from '../audit/append';
import { auditReads } from '../audit/reads';
import { AppError } from '../errors';
import { londonDateOf } from '../../../schemas/calendar/london-time';
import type { Database } from '../storage/database';
import type { Actor, Role } from '../sync/actor';
import { OBSERVING_ROLES, OVERSIGHT_ROLES } from '../sync/actor';
import { fullReadScopes } from '../sync/access';
import { nextSequence } from '../sync/sequence';
import { plannerScopes, refuse, today, view } from './planner';

type Db = Kysely<Database>;

type AssignmentRow = { id: string; scope_id: string; fields: string; field_meta: string };

/**
 * The assignment with this id in these teams, read inside the caller's transaction (which holds
 * the sequence's lock, so nothing changes it meanwhile); a finished one is the programme's record
 * of what was done and is not changed.
 */
async function openAssignment(
  tx: Db,
  id: string,
  scopes: readonly string[],
  where: string,
  doing: string,
): Promise<{ row: AssignmentRow; fields: Record<string, FieldValue> }> {
  const row = await tx
    .selectFrom('records')
    .select(['id', 'scope_id', 'fields', 'field_meta'])
    .where('id', '=', id)
    .where('type', '=', 'assignment')
    .where('deleted', '=', 0)
    .executeTakeFirst();
  if (!row || !scopes.includes(row.scope_id))
    throw new AppError(404, 'ASSIGNMENT_NOT_FOUND', `There is no such assignment in ${where}.`);
  const fields = JSON.parse(row.fields) as Record<string, FieldValue>;
  if (fields['completedAt'])
    throw new AppError(409, 'ASSIGNMENT_DONE', `This assignment is done; it cannot be ${doing}.`);
  return { row, fields };
}

/** Which of the observations an assignment names (its observation, a family call) are deleted. */
async function deletedLinks(
  tx: Db,
  fields: Readonly<Record<string, FieldValue>>,
): Promise<ReadonlySet<string>> {
  const ids = [fields['observationId'], fields['familyCallId']].filter(
    (id): id is string => typeof id === 'string' && id !== '',
  );
  if (!ids.length) return new Set();
  const rows = await tx
    .selectFrom('records')
    .select('id')
    .where('id', 'in', ids)
    .where('deleted', '=', 1)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Writes these fields of an assignment, each stamped as this caller's edit at this sequence. */
async function setAssignmentFields(
  tx: Db,
  actor: Actor,
  seq: number,
  now: string,
  row: AssignmentRow,
  fields: Record<string, FieldValue>,
  set: Record<string, FieldValue>,
): Promise<Record<string, FieldValue>> {
  const meta = JSON.parse(row.field_meta) as Record<string, unknown>;
  for (const path of Object.keys(set))
    meta[path] = { version: seq, editedAt: Date.parse(now), deviceId: actor.deviceId };
  const after = { ...fields, ...set };
  await tx
    .updateTable('records')
    .set({ fields: JSON.stringify(after), field_meta: JSON.stringify(meta), seq, updated_at: now })
    .where('id', '=', row.id)
    .execute();
  return after;
}

/** A head of service exempts an assignment of their teams, for leave or sickness; recorded. */
export async function exemptAssignment(
  db: Db,
  actor: Actor,
  id: string,
  req: ExemptRequest,
): Promise<AssignmentView> {
  if (actor.role !== 'head-of-service')
    throw refuse('Only a head of service can exempt an assignment.');
  return db.transaction().execute(async (tx) => {
    const seq = await nextSequence(tx);
    const scopes = await fullReadScopes(tx, actor);
    const { row, fields } = await openAssignment(
      tx,
      id,
      scopes,
      'the services you lead',
      'exempted',
    );
    // The first exemption stands, with who granted it and why; a second would overwrite it.
    if (fields['exemption.grantedAt'])
      throw new AppError(
        409,
        'ASSIGNMENT_EXEMPTED',
        'This assignment is already exempted; the first exemption stands.',
      );
    const now = new Date().toISOString();
    const set: Record<string, FieldValue> = {
      'exemption.reason': req.reason,
      'exemption.grantedBy': actor.userId,
      'exemption.grantedAt': now,
    };
    if (req.note) set['exemption.note'] = req.note;
    const after = await setAssignmentFields(tx, actor, seq, now, row, fields, set);
    await appendAudit(tx, [
      {
        userId: actor.userId,
        deviceId: actor.deviceId,
        action: 'assignment-exempted',
        recordId: id,
        content: { before: fields, after: set },
      },
    ]);
    return view(assignmentFromFields({ id, scopeId: row.scope_id }, after), today());
  });
}

/**
 * A QA lead gives an open assignment to another observer, or another due date. The record's grant
 * moves to the new observer, so it reaches their tablet at its next pull and leaves the old
 * observer's. An observation already started from it stays with whoever started it, so the
 * observer of a started assignment is not changed here (an administrator moves a leaver's work).
 */
export async function changeAssignment(
  db: Db,
  actor: Actor,
  id: string,
  req: ChangeAssignmentRequest,
): Promise<AssignmentView> {
  return db.transaction().execute(async (tx) => {
    const seq = await nextSequence(tx);
    const scopes = await plannerScopes(tx, actor);
    const { row, fields } = await openAssignment(
      tx,
      id,
      scopes,
      'the teams you oversee',
      'changed',
    );
    if (fields['exemption.reason'])
      throw new AppError(
        409,
        'ASSIGNMENT_EXEMPTED',
        'This assignment is exempted; it cannot be changed. Plan a new one if it is still needed.',
      );
    const now = new Date().toISOString();
    const set: Record<string, FieldValue> = {};
    const from = fields['observerUserId'];
    const to = req.observerUserId;
    if (to !== undefined && to !== from) {
      if (hasProgress(fields, await deletedLinks(tx, fields)))
        throw new AppError(
          409,
          'ASSIGNMENT_STARTED',
          'The observer has started this on their tablet, so it stays theirs. You can still change its due date; to move a leaver’s work, ask an administrator.',
        );
      const observer = await tx
        .selectFrom('users')
        .select(['id', 'role', 'status', 'display_name'])
        .where('id', '=', to)
        .executeTakeFirst();
      if (
        !observer ||
        observer.status !== 'active' ||
        !(OBSERVING_ROLES.has(observer.role as Role) || observer.role === 'guest')
      )
        throw new AppError(
          400,
          'OBSERVER_UNKNOWN',
          'observerUserId: there is no active observer with this id.',
        );
      set['observerUserId'] = to;
      set['observerName'] = observer.display_name;
    }
    if (req.dueDate !== undefined && req.dueDate !== fields['dueDate']) {
      const current = assignmentFromFields({ id, scopeId: row.scope_id }, fields);
      if (isOverdueAuditExtended(current, req.dueDate, today()))
        throw new AppError(409, 'AUDIT_OVERDUE', AUDIT_OVERDUE_MESSAGE);
      set['dueDate'] = req.dueDate;
    }
    if (Object.keys(set).length === 0)
      throw new AppError(
        400,
        'NOTHING_TO_CHANGE',
        'The assignment already has this observer and due date; nothing was changed.',
      );
    const after = await setAssignmentFields(tx, actor, seq, now, row, fields, set);
    if (set['observerUserId'] !== undefined) {
      if (typeof from === 'string') {
        await tx
          .deleteFrom('record_grants')
          .where('root_id', '=', id)
          .where('user_id', '=', from)
          .execute();
        await tx
          .insertInto('access_revocations')
          .values({ seq, user_id: from, kind: 'record', target_id: id })
          .execute();
      }
      await tx
        .insertInto('record_grants')
        .values({ root_id: id, user_id: to!, reason: 'assigned', created_at: now })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    const before = Object.fromEntries(Object.keys(set).map((k) => [k, fields[k] ?? null]));
    await appendAudit(tx, [
      {
        userId: actor.userId,
        deviceId: actor.deviceId,
        action: 'assignment-changed',
        recordId: id,
        content: { before, after: set },
      },
    ]);
    return view(assignmentFromFields({ id, scopeId: row.scope_id }, after), today());
  });
}

/**
 * A QA lead withdraws an open assignment planned in error. It becomes a tombstone, so pull takes
 * it off the observer's tablet, and it no longer counts in coverage; the reason is kept in the
 * audit trail. An observation already started from it is the observer's own and stays.
 */
export async function withdrawAssignment(
  db: Db,
  actor: Actor,
  id: string,
  req: WithdrawAssignmentRequest,
): Promise<{ id: string; withdrawnAt: string }> {
  return db.transaction().execute(async (tx) => {
    const seq = await nextSequence(tx);
    const scopes = await plannerScopes(tx, actor);
    const { fields } = await openAssignment(tx, id, scopes, 'the teams you oversee', 'withdrawn');
    const now = new Date().toISOString();
    await tx
      .updateTable('records')
      .set({ deleted: 1, seq, updated_at: now })
      .where('id', '=', id)
      .execute();
    await appendAudit(tx, [
      {
        userId: actor.userId,
        deviceId: actor.deviceId,
        action: 'assignment-withdrawn',
        recordId: id,
        content: { before: fields, reason: req.reason },
      },
    ]);
    return { id, withdrawnAt: now };
  });
}

/** What the caller may read: planned by them, assigned to them, or in the teams they oversee. */
async function readableAssignments(db: Db, actor: Actor, scopes: readonly string[]) {
  const rows = await db
    .selectFrom('records')
    .select(['id', 'scope_id', 'fields', 'root_owner_id'])
    .where('type', '=', 'assignment')
    .where('deleted', '=', 0)
    .where((eb) =>
      eb.or([
        eb('root_owner_id', '=', actor.userId),
        eb(
          'root_id',
          'in',
          eb.selectFrom('record_grants').select('root_id').where('user_id', '=', actor.userId),
        ),
        ...(scopes.length ? [eb('scope_id', 'in', [...scopes])] : []),
      ]),
    )
    .limit(10_000)
    .execute();
  const list = rows.map((r) => ({
    ...assignmentFromFields(
      { id: r.id, scopeId: r.scope_id },
      JSON.parse(r.fields) as Record<string, FieldValue>,
    ),
    ownerId: r.root_owner_id,
  }));
  // The status of each observation started from one: submitted, it is done (coverage.ts), even
  // where no submission stamped it (one submitted before the server stamped them).
  const observationIds = [...new Set(list.flatMap((a) => a.observationId ?? []))];
  const statuses = new Map<string, string>();
  for (let i = 0; i < observationIds.length; i += 1000) {
    const found = await db
      .selectFrom('records')
      .select(['id', 'fields'])
      .where('type', '=', 'observation')
      .where('deleted', '=', 0)
      .where('id', 'in', observationIds.slice(i, i + 1000))
      .execute();
    for (const o of found) {
      const status = (JSON.parse(o.fields) as Record<string, FieldValue>)['status'];
      if (typeof status === 'string') statuses.set(o.id, status);
    }
  }
  return list.map((a) => ({
    ...a,
    observationStatus: a.observationId ? statuses.get(a.observationId) : undefined,
  }));
}

/** What a caller is shown of an assignment read with its planner (who is not shown). */
const shown = (
  {
    ownerId: _planner,
    observationStatus,
    ...a
  }: Assignment & { ownerId: string; observationStatus?: string | undefined },
  day: string,
) => view(a, day, observationStatus);

/** Assignments name cases and people: showing them to anyone but their planner is a read. */
const readsOf = (list: ReadonlyArray<{ id: string; ownerId: string }>) =>
  list.map((a) => ({ id: a.id, ownerId: a.ownerId }));

export async function listAssignments(db: Db, actor: Actor): Promise<AssignmentView[]> {
  if (actor.role === 'admin') throw refuse('Administrators see no records.');
  const day = today();
  const list = await readableAssignments(db, actor, await fullReadScopes(db, actor));
  await auditReads(db, actor, readsOf(list), 'assignments');
  return byUrgency(list, day).map((a) => shown(a, day));
}

export async function programmeCoverage(
  db: Db,
  actor: Actor,
  q: CoverageQuery,
): Promise<CoverageResponse> {
  if (!OVERSIGHT_ROLES.has(actor.role))
    throw refuse('Coverage is for QA leads, heads of service and directors.');
  const scopes = await fullReadScopes(db, actor);
  const day = today();
  const all = scopes.length ? await readableAssignments(db, actor, scopes) : [];
  const mine = all.filter((a) => scopes.includes(a.scopeId));
  await auditReads(db, actor, readsOf(mine), 'coverage');
  const scopeRows = await db.selectFrom('scopes').select(['id', 'parent_id']).execute();
  const parent = new Map(scopeRows.map((s) => [s.id, s.parent_id ?? s.id]));
  const rows = coverage(mine, q, q.by, day, (s) => parent.get(s) ?? s);

  // Who has not been observed this financial year: staff of these teams (members of the teams,
  // or of the services they belong to, never of another service), against finished assignments
  // of them and submitted observations naming them.
  const { from } = financialYearBounds(financialYearOf(day));
  const staffScopes = [...new Set([...scopes, ...scopes.map((s) => parent.get(s) ?? s)])];
  const staff = scopes.length
    ? await db
        .selectFrom('users')
        .innerJoin('memberships', 'memberships.user_id', 'users.id')
        .select(['users.id', 'users.display_name'])
        .where('memberships.scope_id', 'in', staffScopes)
        .where('users.role', 'in', ['observer', 'practitioner'])
        .where('users.status', '=', 'active')
        .distinct()
        .execute()
    : [];
  const observed: { userId: string; date: string }[] = [];
  // (A submitted observation started from an assignment is counted below, on its own date.)
  for (const a of mine)
    if (a.observedUserId && a.completedAt)
      observed.push({ userId: a.observedUserId, date: londonDateOf(new Date(a.completedAt)) });
  if (scopes.length) {
    const obs = await db
      .selectFrom('records')
      .select('fields')
      .where('type', '=', 'observation')
      .where('deleted', '=', 0)
      .where('scope_id', 'in', [...scopes])
      .where('updated_at', '>=', `${from}T00:00:00.000Z`)
      .execute();
    for (const o of obs) {
      const f = JSON.parse(o.fields) as Record<string, FieldValue>;
      const who = f['context.observedUserId'];
      const date = f['context.date'];
      if (typeof who === 'string' && typeof date === 'string' && f['status'] !== 'draft')
        observed.push({ userId: who, date });
    }
  }
  const missing = new Set(
    notObservedThisYear(
      staff.map((s) => s.id),
      observed,
      day,
    ),
  );
  return {
    from: q.from,
    to: q.to,
    by: q.by,
    today: day,
    rows,
    assignments: byUrgency(
      mine.filter((a) => a.dueDate >= q.from && a.dueDate <= q.to),
      day,
    ).map((a) => shown(a, day)),
    notObservedThisYear: staff
      .filter((s) => missing.has(s.id))
      .map((s) => ({ id: s.id, displayName: s.display_name }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName)),
  };
}

// Safety concerns: stored as records (type 'safety-concern') so pull delivers them to the
// director and QA leads of the scope and to the person who raised them (and to every director,
// by a grant of the concern alone, when no director covers its team), but written here, in a
// transaction of their own, never behind a device's queued edits.
import type { ExpressionBuilder, Kysely } from 'kysely';
import { safetyConcernSchema } from '../../../schemas/entities/safety-concern';
import type { OtherAcknowledgement, SafetyConcern } from '../../../schemas/entities/safety-concern';
import type { FieldValue } from '../../../schemas/entities/field-value';
import { parseWith } from '../../../schemas/field-errors';
import type { ConcernView, RaiseConcernRequest } from '../../../schemas/sync/concerns';
import { appendAudit } from '../audit/append';
import { auditReads } from '../audit/reads';
import {
  acknowledgeConcern as acknowledged,
  acknowledgementSettles,
} from '../../../schemas/rules/concern-acknowledgement';
import {
  directorNotice,
  enqueueConcernNotifications,
  uncoveredDirectors,
} from '../notifications/outbox';
import type { NotifyChannels } from '../notifications/outbox';
import { AppError } from '../errors';
import type { Database } from '../storage/database';
import type { RecordsTable } from '../storage/sync-tables';
import type { Actor } from './actor';
import { nextSequence } from './sequence';
import { isErased } from '../retention/retention';
import { fullReadScopes, memberScopes } from './access';

type Db = Kysely<Database>;

function toFields(c: SafetyConcern): Record<string, FieldValue> {
  const f: Record<string, FieldValue> = {
    caseId: c.caseId,
    what: c.what,
    raisedAt: c.raisedAt,
    raisedBy: c.raisedBy,
  };
  if (c.observationId) f['observationId'] = c.observationId;
  if (c.receivedAt) f['receivedAt'] = c.receivedAt;
  if (c.acknowledgedBy) f['acknowledgedBy'] = c.acknowledgedBy;
  if (c.acknowledgedAt) f['acknowledgedAt'] = c.acknowledgedAt;
  (c.alsoAcknowledged ?? []).forEach((a, i) => {
    f[`alsoAcknowledged.${i}.by`] = a.by;
    f[`alsoAcknowledged.${i}.role`] = a.role;
    f[`alsoAcknowledged.${i}.at`] = a.at;
  });
  c.whoWasTold.forEach((t, i) => {
    f[`whoWasTold.${i}.name`] = t.name;
    f[`whoWasTold.${i}.role`] = t.role;
    f[`whoWasTold.${i}.at`] = t.at;
  });
  return f;
}

export function concernFromRow(row: Pick<RecordsTable, 'id' | 'fields'>): SafetyConcern {
  const f = JSON.parse(row.fields) as Record<string, FieldValue>;
  const told: SafetyConcern['whoWasTold'] = [];
  for (let i = 0; f[`whoWasTold.${i}.name`] !== undefined; i++) {
    told.push({
      name: String(f[`whoWasTold.${i}.name`]),
      role: String(f[`whoWasTold.${i}.role`]),
      at: String(f[`whoWasTold.${i}.at`]),
    });
  }
  const c: SafetyConcern = {
    id: row.id,
    caseId: String(f['caseId']),
    what: String(f['what']),
    raisedAt: String(f['raisedAt']),
    raisedBy: String(f['raisedBy']),
    whoWasTold: told,
  };
  for (const k of ['observationId', 'receivedAt', 'acknowledgedBy', 'acknowledgedAt'] as const) {
    if (typeof f[k] === 'string') c[k] = f[k];
  }
  const others: NonNullable<SafetyConcern['alsoAcknowledged']> = [];
  for (let i = 0; f[`alsoAcknowledged.${i}.by`] !== undefined; i++) {
    others.push({
      by: String(f[`alsoAcknowledged.${i}.by`]),
      role: String(f[`alsoAcknowledged.${i}.role`]) as OtherAcknowledgement['role'],
      at: String(f[`alsoAcknowledged.${i}.at`]),
    });
  }
  if (others.length > 0) c.alsoAcknowledged = others;
  return c;
}

export async function raiseConcern(
  db: Db,
  actor: Actor,
  req: RaiseConcernRequest,
  notify: NotifyChannels = { email: false, webhook: false },
): Promise<ConcernView> {
  if (req.deviceId !== actor.deviceId) {
    throw new AppError(
      403,
      'DEVICE_MISMATCH',
      'This concern comes from another device registration. Sign in again on this device.',
    );
  }
  if (actor.role === 'admin')
    throw new AppError(
      403,
      'FORBIDDEN',
      'Administrators do not raise safety concerns from this account.',
    );
  const now = new Date().toISOString();
  const parsed = parseWith(safetyConcernSchema, {
    ...req.concern,
    raisedBy: actor.userId,
    receivedAt: now,
  });
  if (!parsed.ok) {
    const first = parsed.errors[0]!;
    throw new AppError(
      400,
      'VALIDATION_FAILED',
      `concern.${first.path}: ${first.message}`,
      parsed.errors,
    );
  }
  return db.transaction().execute(async (tx) => {
    // Every answer says how the Director is being told, as the notifications stand.
    const told = async (view: Omit<ConcernView, 'directorNotice'>): Promise<ConcernView> => ({
      ...view,
      directorNotice: await directorNotice(tx, view.concern.id),
    });
    const seq = await nextSequence(tx);
    const existing = await tx
      .selectFrom('records')
      .selectAll()
      .where('id', '=', req.concern.id)
      .executeTakeFirst();
    if (existing) {
      if (existing.type !== 'safety-concern' || existing.owner_id !== actor.userId) {
        throw new AppError(
          409,
          'CONCERN_ID_TAKEN',
          'Another record already has this id. Raise the concern again from the app.',
        );
      }
      // Received long ago and since deleted under the retention schedule: the tablet is told it
      // arrived (it did) with what it sent, and nothing is stored or sent again.
      if (existing.deleted === 1)
        return told({
          concern: { ...parsed.value, receivedAt: existing.created_at },
          scopeId: existing.scope_id,
          created: false,
        });
      return told({
        concern: concernFromRow(existing),
        scopeId: existing.scope_id,
        created: false,
      });
    }
    if (await isErased(tx, [req.concern.id]))
      return told({ concern: parsed.value, scopeId: req.scopeId, created: false });
    let scopeId = req.scopeId;
    if (req.concern.observationId) {
      const obs = await tx
        .selectFrom('records')
        .select(['scope_id', 'root_owner_id', 'type'])
        .where('id', '=', req.concern.observationId)
        .executeTakeFirst();
      // One not on the server yet (still on the tablet) leaves the team the tablet named.
      if (obs && obs.type !== 'observation')
        throw new AppError(
          400,
          'CONCERN_OBSERVATION_INVALID',
          'concern.observationId: names a record that is not an observation. Raise the concern from the observation, or without one.',
        );
      if (obs) scopeId = obs.scope_id;
    }
    const [members, full] = await Promise.all([
      memberScopes(tx, actor.userId),
      fullReadScopes(tx, actor),
    ]);
    const granted = req.concern.observationId
      ? await tx
          .selectFrom('record_grants')
          .select('root_id')
          .where('user_id', '=', actor.userId)
          .where('root_id', '=', req.concern.observationId)
          .executeTakeFirst()
      : undefined;
    if (!members.includes(scopeId) && !full.includes(scopeId) && !granted) {
      throw new AppError(
        403,
        'FORBIDDEN_SCOPE',
        'You can only raise a concern for your own teams or observations.',
      );
    }
    // A director who raises a concern is the Director hearing of it: their raising is their
    // acknowledgement, at the moment it reaches the server, by the one rule every acknowledgement
    // follows (only a director's settles a concern). Nobody is then reminded that the Director has
    // not acknowledged it, which would not be true; the QA leads are still told it was raised.
    const raisedByDirector = acknowledgementSettles(actor.role);
    const concern = raisedByDirector
      ? acknowledged(parsed.value, { userId: actor.userId, role: actor.role }, now).concern
      : parsed.value;
    await tx
      .insertInto('records')
      .values({
        id: concern.id,
        type: 'safety-concern',
        scope_id: scopeId,
        parent_id: concern.observationId ?? null,
        root_id: concern.id,
        owner_id: actor.userId,
        root_owner_id: actor.userId,
        seq,
        deleted: 0,
        fields: JSON.stringify(toFields(concern)),
        field_meta: '{}',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await appendAudit(tx, [
      {
        userId: actor.userId,
        deviceId: actor.deviceId,
        action: 'concern-raised',
        recordId: concern.id,
        content: { scopeId, concern },
      },
      ...(raisedByDirector
        ? [
            {
              userId: actor.userId,
              deviceId: actor.deviceId,
              action: 'concern-acknowledged',
              recordId: concern.id,
              content: { acknowledgedAt: now, role: actor.role, settles: true, raisedByThem: true },
            },
          ]
        : []),
    ]);
    // A director told only because none covers the team is given this concern to read.
    const fallback = await uncoveredDirectors(tx, scopeId);
    if (fallback.length > 0) {
      await tx
        .insertInto('record_grants')
        .values(
          fallback.map((d) => ({
            root_id: concern.id,
            user_id: d.id,
            reason: CONCERN_GRANT,
            created_at: now,
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    // The director is always told: the notifications commit with the concern, or not at all.
    await enqueueConcernNotifications(tx, { id: concern.id, scopeId }, notify, now);
    return told({ concern, scopeId, created: true });
  });
}

/** Why a director who oversees no team of a concern may read it (`uncoveredDirectors`). */
export const CONCERN_GRANT = 'concern-director';

/** The concerns granted to this actor as a director no team's membership covered. */
export function grantedConcernIds(eb: ExpressionBuilder<Database, 'records'>, actor: Actor) {
  return eb
    .selectFrom('record_grants')
    .select('record_grants.root_id')
    .where('record_grants.user_id', '=', actor.userId)
    .where('record_grants.reason', '=', CONCERN_GRANT);
}

async function grantedConcern(db: Db, actor: Actor, id: string): Promise<boolean> {
  if (actor.role !== 'director') return false;
  const grant = await db
    .selectFrom('record_grants')
    .select('root_id')
    .where('root_id', '=', id)
    .where('user_id', '=', actor.userId)
    .where('reason', '=', CONCERN_GRANT)
    .executeTakeFirst();
  return grant !== undefined;
}

/**
 * Records an acknowledgement by the director, a QA lead or a head of service who may read the
 * concern. Only a director's settles it (rules/concern-acknowledgement.ts): anyone else's is
 * recorded in `alsoAcknowledged`, and the Director is still told and reminded. Each person's
 * counts once; a repeat changes nothing.
 */
export async function acknowledgeConcern(db: Db, actor: Actor, id: string): Promise<ConcernView> {
  return db.transaction().execute(async (tx) => {
    const seq = await nextSequence(tx);
    const row = await readableConcern(tx, actor, id);
    const now = new Date().toISOString();
    const result = acknowledged(
      concernFromRow(row),
      { userId: actor.userId, role: actor.role },
      now,
    );
    if (result.kind !== 'already') {
      await tx
        .updateTable('records')
        .set({ fields: JSON.stringify(toFields(result.concern)), seq, updated_at: now })
        .where('id', '=', id)
        .execute();
      await appendAudit(tx, [
        {
          userId: actor.userId,
          deviceId: actor.deviceId,
          action: 'concern-acknowledged',
          recordId: id,
          // Whether it settled the concern (the Director's) or was recorded beside it.
          content: { acknowledgedAt: now, role: actor.role, settles: result.kind === 'settled' },
        },
      ]);
    }
    return {
      concern: result.concern,
      scopeId: row.scope_id,
      created: false,
      directorNotice: await directorNotice(tx, id),
    };
  });
}

/** The concern `id`, if it exists and is not deleted: a query to narrow further or run. */
function liveConcern(db: Db, id: string) {
  return db
    .selectFrom('records')
    .selectAll()
    .where('id', '=', id)
    .where('type', '=', 'safety-concern')
    .where('deleted', '=', 0);
}

/**
 * A concern this actor may acknowledge: one in a team they oversee as a director, QA lead or head
 * of service, or granted to them as a director no team's membership covered. Anyone else, and a
 * concern that does not exist, get the same answer.
 */
async function readableConcern(db: Db, actor: Actor, id: string) {
  const row = await liveConcern(db, id).executeTakeFirst();
  const full = await fullReadScopes(db, actor);
  if (!row || !(full.includes(row.scope_id) || (await grantedConcern(db, actor, id)))) {
    throw new AppError(404, 'CONCERN_NOT_FOUND', 'There is no such safety concern in your teams.');
  }
  return row;
}

/**
 * One concern as the person who raised it, or anyone who may acknowledge it, sees it now: with how
 * the Director is being told, for the raiser's tablet to say so. A read of someone else's concern
 * is audited as every read of their records is.
 */
export async function getConcern(db: Db, actor: Actor, id: string): Promise<ConcernView> {
  const own = await liveConcern(db, id).where('owner_id', '=', actor.userId).executeTakeFirst();
  const row = own ?? (await readableConcern(db, actor, id));
  await auditReads(db, actor, [{ id: row.id, ownerId: row.root_owner_id }], 'concern');
  return {
    concern: concernFromRow(row),
    scopeId: row.scope_id,
    created: false,
    directorNotice: await directorNotice(db, id),
  };
}

export async function listConcerns(
  db: Db,
  actor: Actor,
): Promise<Array<{ concern: SafetyConcern; scopeId: string }>> {
  const full = await fullReadScopes(db, actor);
  const rows = await db
    .selectFrom('records')
    .selectAll()
    .where('type', '=', 'safety-concern')
    .where('deleted', '=', 0)
    .where((eb) =>
      eb.or([
        eb('owner_id', '=', actor.userId),
        eb('id', 'in', grantedConcernIds(eb, actor)),
        ...(full.length ? [eb('scope_id', 'in', full)] : []),
      ]),
    )
    .orderBy('created_at', 'desc')
    .limit(1000)
    .execute();
  await auditReads(
    db,
    actor,
    rows.map((r) => ({ id: r.id, ownerId: r.root_owner_id })),
    'concern-list',
  );
  return rows.map((r) => ({ concern: concernFromRow(r), scopeId: r.scope_id }));
}

// A pull: one page of what changed after the device's cursor, within what the user may see now.
//
// Order of reads matters: the device's last mutation id is read before the page, so every
// mutation it acknowledges has committed before the page was read.
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { PullRequest, PullResponse } from '../../../schemas/sync/pull';
import { MAX_PULL_BYTES, MAX_PULL_RECORDS } from '../../../schemas/sync/pull';
import type { Conflict, FieldValue, RecordType, SyncRecord } from '../../../schemas/sync/records';
import { recordDeviceContact } from '../accounts/accounts-repository';
import { auditReads } from '../audit/reads';
import { AppError } from '../errors';
import type { Database } from '../storage/database';
import type { RecordsTable } from '../storage/sync-tables';
import type { Actor } from './actor';
import { fullReadScopes, readableBy } from './access';
import type { Cursor } from './cursor';
import { START_CURSOR, cursorStillValid, decodeCursor, encodeCursor } from './cursor';

type Db = Kysely<Database>;

// What a page needs of a record: everything but field_meta, which is the merge's, not the device's.
const PAGE_COLUMNS = [
  'id',
  'type',
  'scope_id',
  'parent_id',
  'root_id',
  'owner_id',
  'root_owner_id',
  'seq',
  'deleted',
  'fields',
  'created_at',
  'updated_at',
] as const;
type PageRow = Omit<RecordsTable, 'field_meta'>;

export async function pull(db: Db, actor: Actor, req: PullRequest): Promise<PullResponse> {
  if (req.deviceId !== actor.deviceId) {
    throw new AppError(
      403,
      'DEVICE_MISMATCH',
      'This sync comes from another device registration. Sign in again on this device.',
    );
  }
  // What the tablet says it holds unsent as it pulls, its pushes answered: the admin's figure.
  if (req.pending !== undefined) {
    await recordDeviceContact(db, actor.deviceId, { unsent: req.pending });
  }
  const limit = Math.min(req.limit ?? MAX_PULL_RECORDS, MAX_PULL_RECORDS);
  const serverTime = new Date().toISOString();
  const client = await db
    .selectFrom('sync_clients')
    .select('last_mutation_id')
    .where('device_id', '=', actor.deviceId)
    .executeTakeFirst();
  const lastMutationId = Number(client?.last_mutation_id ?? 0);

  let cursor = decodeCursor(req.cursor);
  const counter = await db
    .selectFrom('sync_counter')
    .selectAll()
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  // Every cursor this pull hands out carries the horizon read here, before the page: a pull that
  // began after a purge (from the start, or after a reset) is not sent back by that same purge,
  // and one that lands during the pull is judged against it (cursor.ts).
  const minValidSeq = Number(counter.min_valid_seq);
  if (req.cursor !== null && !cursorStillValid(cursor, minValidSeq)) {
    return {
      records: [],
      evict: [],
      cursor: encodeCursor({ ...START_CURSOR, horizon: minValidSeq }),
      hasMore: true,
      lastMutationId,
      reset: true,
      serverTime,
    };
  }

  const scopes = await fullReadScopes(db, actor);
  const readable = readableBy(actor, scopes);
  const evict = new Set<string>();

  // The cursor comes back from the device, which could have written it: a catch-up goes on only
  // through scopes the user reads in full now (a removed one stops with it, a forged one never
  // starts).
  if (cursor.catchUp) {
    const kept = cursor.catchUp.scopes.filter((s) => scopes.includes(s));
    cursor = kept.length
      ? { ...cursor, catchUp: { ...cursor.catchUp, scopes: kept } }
      : withoutCatchUp(cursor);
  }

  // Scopes taken away since the cursor: remove what the user can no longer see.
  const removed = cursor.scopes.filter((s) => !scopes.includes(s));
  if (removed.length) {
    const gone = await db
      .selectFrom('records')
      .select('id')
      .where('scope_id', 'in', removed)
      .where((eb) => eb.not(readable(eb)))
      .execute();
    gone.forEach((r) => evict.add(r.id));
    cursor = { ...cursor, scopes: cursor.scopes.filter((s) => !removed.includes(s)) };
  }
  // Scopes granted since the cursor: their older records are delivered by a catch-up pass.
  const added = scopes.filter((s) => !cursor.scopes.includes(s));
  if (added.length) {
    const catchUp = cursor.catchUp
      ? {
          ...cursor.catchUp,
          scopes: [...new Set([...cursor.catchUp.scopes, ...added])],
          seq: 0,
          id: '',
        }
      : { scopes: added, bound: cursor.seq, seq: 0, id: '' };
    cursor = { ...cursor, scopes: [...cursor.scopes, ...added].sort(), catchUp };
  }

  const out: SyncRecord[] = [];
  let bytes = 0;
  const take = (rows: PageRow[]): PageRow[] => {
    const kept: PageRow[] = [];
    for (const r of rows) {
      const size = r.fields.length + 400;
      if (kept.length > 0 && bytes + size > MAX_PULL_BYTES) break;
      bytes += size;
      kept.push(r);
    }
    return kept;
  };

  let rows: PageRow[] = [];
  let hasMore = false;
  if (cursor.catchUp && cursor.catchUp.bound > 0) {
    const cu = cursor.catchUp;
    const page = await db
      .selectFrom('records')
      .select(PAGE_COLUMNS)
      .where('scope_id', 'in', cu.scopes)
      .where(readable)
      .where('seq', '<=', cu.bound)
      .where('deleted', '=', 0)
      .where((eb) => after(eb, cu))
      .orderBy('seq')
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    rows = take(page.slice(0, limit));
    const last = rows[rows.length - 1];
    const done = rows.length === page.length;
    cursor = done
      ? withoutCatchUp(cursor)
      : { ...cursor, catchUp: { ...cu, seq: Number(last!.seq), id: last!.id } };
    hasMore = true; // the ordinary stream follows the catch-up
  } else {
    cursor = withoutCatchUp(cursor);
    const page = await readablePage(db, actor, scopes, cursor, limit + 1);
    rows = take(page.slice(0, limit));
    hasMore = rows.length < page.length;
    const last = rows[rows.length - 1];
    const head = Math.max(Number(counter.seq), cursor.seq);
    // Without more to come, everything up to the head read before the page has been seen.
    const next =
      hasMore || (last && Number(last.seq) > head)
        ? { seq: Number(last!.seq), id: last!.id }
        : { seq: head, id: '' };
    const revoked = await db
      .selectFrom('access_revocations')
      .select(['target_id', 'kind'])
      .where('user_id', '=', actor.userId)
      .where('seq', '>', cursor.seq)
      .where('seq', '<=', next.seq)
      .execute();
    const roots = revoked.filter((r) => r.kind === 'record').map((r) => r.target_id);
    if (roots.length) {
      const gone = await db
        .selectFrom('records')
        .select('id')
        .where('root_id', 'in', roots)
        .where((eb) => eb.not(readable(eb)))
        .execute();
      gone.forEach((r) => evict.add(r.id));
    }
    cursor = { ...cursor, ...next };
  }

  // Reading someone else's record is audited; the page is not released unless the entry is saved.
  const conflicts = await openConflicts(
    db,
    rows.map((r) => r.id),
  );
  // A tombstone names no content; a deleted record sent with its content (for a person to decide
  // on a restore) is a read like any other.
  await auditReads(
    db,
    actor,
    rows
      .filter((r) => r.deleted === 0 || conflicts.get(r.id)?.some((c) => c.kind === 'deleted'))
      .map((r) => ({ id: r.id, ownerId: r.root_owner_id })),
  );
  for (const r of rows) out.push(toSyncRecord(r, conflicts.get(r.id) ?? []));
  return {
    records: out,
    evict: [...evict],
    cursor: encodeCursor({ ...cursor, horizon: minValidSeq }),
    hasMore,
    lastMutationId,
    reset: false,
    serverTime,
  };
}

/**
 * Rows after a position. An empty id means every row of that sequence number has been seen; an id
 * means the page ended part-way through one push's rows. Written so that `seq >= n` stands on its
 * own, which an index on (..., seq) can seek to.
 */
function after(eb: ExpressionBuilder<Database, 'records'>, at: { seq: number; id: string }) {
  if (at.id === '') return eb('seq', '>', at.seq);
  return eb.and([eb('seq', '>=', at.seq), eb.or([eb('seq', '>', at.seq), eb('id', '>', at.id)])]);
}

/**
 * The next rows this actor may read after a position, in (seq, id) order. One query per way of
 * being allowed (own, granted, overseen scope), each walking its own index from the position and
 * stopping at the page size, then merged: as one query with OR the engines read every row the
 * user may see and filter on seq afterwards, so a pull with nothing new grew with the records
 * stored. Same rows as readableBy (access.ts).
 */
async function readablePage(
  db: Db,
  actor: Actor,
  scopes: readonly string[],
  at: { seq: number; id: string },
  n: number,
): Promise<PageRow[]> {
  if (actor.role === 'admin') return [];
  const branch = (
    name: string,
    allowed: (eb: ExpressionBuilder<Database, 'records'>) => Expression<SqlBool>,
  ) =>
    db
      .selectFrom(
        db
          .selectFrom('records')
          .select(PAGE_COLUMNS)
          .where(allowed)
          .where((eb) => after(eb, at))
          .orderBy('seq')
          .orderBy('id')
          .limit(n)
          .as(name),
      )
      .selectAll();
  let merged = branch('own', (eb) => eb('root_owner_id', '=', actor.userId)).union(
    branch('granted', (eb) =>
      eb(
        'root_id',
        'in',
        eb
          .selectFrom('record_grants')
          .select('record_grants.root_id')
          .where('record_grants.user_id', '=', actor.userId),
      ),
    ),
  );
  if (scopes.length)
    merged = merged.union(branch('overseen', (eb) => eb('scope_id', 'in', [...scopes])));
  return db
    .selectFrom(merged.as('page'))
    .selectAll()
    .orderBy('seq')
    .orderBy('id')
    .limit(n)
    .execute();
}

function withoutCatchUp(c: Cursor): Cursor {
  const { catchUp: _done, ...rest } = c;
  return rest;
}

async function openConflicts(db: Db, ids: string[]): Promise<Map<string, Conflict[]>> {
  const map = new Map<string, Conflict[]>();
  if (!ids.length) return map;
  const rows = await db
    .selectFrom('record_conflicts')
    .selectAll()
    .where('record_id', 'in', ids)
    .where('resolved_at', 'is', null)
    .orderBy('created_at')
    .execute();
  for (const c of rows) {
    const list = map.get(c.record_id) ?? [];
    const conflict: Conflict = {
      id: c.id,
      path: c.path,
      kind: c.kind as Conflict['kind'],
      current: JSON.parse(c.current_value) as FieldValue,
      incoming: JSON.parse(c.incoming_value) as FieldValue,
      deviceId: c.device_id,
      userId: c.user_id,
      at: c.created_at,
    };
    if (c.base_value !== null) conflict.base = JSON.parse(c.base_value) as FieldValue;
    list.push(conflict);
    map.set(c.record_id, list);
  }
  return map;
}

function toSyncRecord(r: PageRow, conflicts: Conflict[]): SyncRecord {
  const deleted = r.deleted === 1;
  // A deleted record is a tombstone, unless a person must decide whether to restore it.
  const keepContent = !deleted || conflicts.some((c) => c.kind === 'deleted');
  return {
    id: r.id,
    type: r.type as RecordType,
    scopeId: r.scope_id,
    parentId: r.parent_id,
    ownerId: r.owner_id,
    version: Number(r.seq),
    deleted,
    fields: keepContent ? (JSON.parse(r.fields) as Record<string, FieldValue>) : {},
    conflicts,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

// The retention schedule: a period per kind of record, stored in the settings table; the records
// past it, listed for a person to review; and their deletion, only on an explicit call naming
// each one. A deletion leaves a tombstone (so devices drop the record at their next pull), erases
// the content of the audit entries about it (the entries and the hash chain stay verifiable, since
// entries hold only the content's hash), and is itself audited.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { RETENTION_KINDS, retentionPolicySchema } from '../../../schemas/admin/retention';
import type {
  DueRecord,
  RetentionDeleteResponse,
  RetentionKind,
  RetentionPolicy,
} from '../../../schemas/admin/retention';
import { inTransaction } from '../accounts/accounts-repository';
import { appendAudit } from '../audit/append';
import { RETENTION_DELETE } from '../audit/erasures';
import type { FieldMeta } from '../../../schemas/rules/merge';
import type { FieldValue } from '../../../schemas/sync/records';
import { AppError } from '../errors';
import type { Database } from '../storage/database';
import { lockSetting } from '../storage/locks';
import { nextSequence } from '../sync/sequence';
import { refreshReportRows, reportContext } from '../reports/report-rows';
import { allTemplates } from '../templates/local-templates';

type Db = Kysely<Database>;

export const RETENTION_POLICY_KEY = 'retention-policy';
const DAY_MS = 86_400_000;

export type Periods = Record<RetentionKind, number | null>;

export async function readPeriods(db: Db): Promise<Periods> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', RETENTION_POLICY_KEY)
    .executeTakeFirst();
  return parsePeriods(row?.value);
}

function parsePeriods(value: string | undefined): Periods {
  let stored: RetentionPolicy['periods'] = {};
  if (value !== undefined) {
    try {
      const parsed = retentionPolicySchema.safeParse(JSON.parse(value));
      if (parsed.success) stored = parsed.data.periods;
    } catch {
      // Unreadable (another release wrote it): nothing is due until a period is set again.
    }
  }
  return Object.fromEntries(RETENTION_KINDS.map((k) => [k, stored[k] ?? null])) as Periods;
}

/**
 * Sets the given kinds' periods; returns before and after of what changed. The stored policy is
 * locked before it is read, so two periods set at once both stick.
 */
export async function updatePeriods(
  tx: Db,
  changes: Partial<Periods>,
): Promise<{ periods: Periods; before: Partial<Periods>; after: Partial<Periods> }> {
  const current = parsePeriods(
    await lockSetting(tx, RETENTION_POLICY_KEY, JSON.stringify({ periods: {} })),
  );
  const before: Partial<Periods> = {};
  const after: Partial<Periods> = {};
  for (const [kind, days] of Object.entries(changes) as [RetentionKind, number | null][]) {
    if (current[kind] === days) continue;
    before[kind] = current[kind];
    after[kind] = days;
    current[kind] = days;
  }
  if (Object.keys(after).length > 0) {
    const value = JSON.stringify({ periods: current });
    const now = new Date().toISOString();
    await tx
      .insertInto('settings')
      .values({ key: RETENTION_POLICY_KEY, value, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
      .execute();
  }
  return { periods: current, before, after };
}

type RootFacts = {
  id: string;
  kind: RetentionKind | null;
  scopeId: string;
  ownerId: string;
  deleted: boolean;
  lastActivityAt: string;
  childRows: number;
};

function kindOf(type: string, fields: string): RetentionKind | null {
  if (type === 'safety-concern') return 'safety-concern';
  if (type !== 'observation') return null;
  const kind = (JSON.parse(fields) as Record<string, unknown>)['kind'];
  return (RETENTION_KINDS as readonly unknown[]).includes(kind) ? (kind as RetentionKind) : null;
}

/** Every record that is not yet erased, with its kind and its last activity (its rows' latest). */
async function roots(db: Db, only?: readonly string[]): Promise<RootFacts[]> {
  let activity = db
    .selectFrom('records')
    .select((eb) => ['root_id', eb.fn.max('updated_at').as('last'), eb.fn.countAll().as('rows')])
    .groupBy('root_id');
  if (only) activity = activity.where('root_id', 'in', [...only]);
  const byRoot = new Map(
    (await activity.execute()).map((a) => [
      a.root_id,
      { last: String(a.last), rows: Number(a.rows) },
    ]),
  );
  let q = db
    .selectFrom('records')
    .select(['id', 'type', 'fields', 'scope_id', 'root_owner_id', 'deleted'])
    .whereRef('id', '=', 'root_id')
    .where('id', 'not in', (eb) => eb.selectFrom('retention_erasures').select('record_id'));
  if (only) q = q.where('id', 'in', [...only]);
  const rows = await q.execute();
  return rows.map((r) => {
    const a = byRoot.get(r.id) ?? { last: '', rows: 1 };
    return {
      id: r.id,
      kind: kindOf(r.type, r.fields),
      scopeId: r.scope_id,
      ownerId: r.root_owner_id,
      deleted: Number(r.deleted) === 1,
      lastActivityAt: a.last,
      childRows: a.rows - 1,
    };
  });
}

function dueOf(r: RootFacts, periods: Periods, now: Date): DueRecord | null {
  if (!r.kind) return null;
  const days = periods[r.kind];
  if (days === null) return null;
  const dueSince = Date.parse(r.lastActivityAt) + days * DAY_MS;
  if (!(dueSince <= now.getTime())) return null;
  return {
    recordId: r.id,
    kind: r.kind,
    scopeId: r.scopeId,
    ownerId: r.ownerId,
    lastActivityAt: r.lastActivityAt,
    dueSince: new Date(dueSince).toISOString(),
    childRows: r.childRows,
    deleted: r.deleted,
  };
}

/** Records past their period, the longest overdue first. */
export async function listDue(db: Db, now = new Date()): Promise<DueRecord[]> {
  const periods = await readPeriods(db);
  if (Object.values(periods).every((d) => d === null)) return [];
  return (await roots(db))
    .map((r) => dueOf(r, periods, now))
    .filter((d): d is DueRecord => d !== null)
    .sort((a, b) => a.dueSince.localeCompare(b.dueSince) || a.recordId.localeCompare(b.recordId));
}

/** Checks every id names a record past its period; returns them, or throws naming the others. */
export async function checkDue(
  db: Db,
  ids: readonly string[],
  now = new Date(),
): Promise<DueRecord[]> {
  const unique = [...new Set(ids)];
  const periods = await readPeriods(db);
  const found = new Map((await roots(db, unique)).map((r) => [r.id, r]));
  const due: DueRecord[] = [];
  const notDue: { recordId: string; reason: string }[] = [];
  for (const id of unique) {
    const r = found.get(id);
    const d = r ? dueOf(r, periods, now) : null;
    if (d) due.push(d);
    else
      notDue.push({
        recordId: id,
        reason: r
          ? 'not past its retention period'
          : 'no such record (or already deleted, or a child row)',
      });
  }
  if (notDue.length > 0) {
    throw new AppError(
      409,
      'RETENTION_NOT_DUE',
      `${notDue.length === 1 ? 'One record is' : `${notDue.length} records are`} not due for deletion; nothing was deleted.`,
      { notDue },
    );
  }
  return due;
}

/**
 * Deletes the content of records past their period, in one transaction: each root and its child
 * rows become tombstones, merge leftovers and individual grants go, the erasures are recorded,
 * the audit content about them is erased, and one audit entry per record says who deleted it
 * (verify-audit accepts erased content only with that entry after it).
 */
export async function deleteDue(
  db: Db,
  ids: readonly string[],
  who: { userId: string; deviceId?: string | null },
  now = new Date(),
): Promise<RetentionDeleteResponse> {
  return inTransaction(db, async (tx) => {
    // The sequence's row lock first: pushes wait, so none interleaves with the deletion.
    const seq = await nextSequence(tx);
    const due = await checkDue(tx, ids, now);
    const roots = due.map((d) => d.recordId);
    const rows = await tx
      .selectFrom('records')
      .select(['id', 'root_id'])
      .where('root_id', 'in', roots)
      .execute();
    const rowIds = rows.map((r) => r.id);
    const at = now.toISOString();
    await forgetInAssignments(tx, roots, seq, at);
    await tx
      .updateTable('records')
      .set({ fields: '{}', field_meta: '{}', deleted: 1, seq, updated_at: at })
      .where('root_id', 'in', roots)
      .execute();
    // Reports stop counting them in the same transaction (their report rows go).
    await refreshReportRows(tx, roots, await reportContext(tx, await allTemplates(tx)));
    await tx.deleteFrom('record_conflicts').where('record_id', 'in', rowIds).execute();
    await tx.deleteFrom('superseded_values').where('record_id', 'in', rowIds).execute();
    // Whoever read one only through a grant (shared with the practitioner observed, a director no
    // team covers) cannot read its tombstone once the grant goes: their next pull evicts it.
    const grants = await tx
      .selectFrom('record_grants')
      .select(['root_id', 'user_id'])
      .where('root_id', 'in', roots)
      .execute();
    if (grants.length > 0) {
      await tx
        .insertInto('access_revocations')
        .values(
          grants.map((g) => ({ seq, user_id: g.user_id, kind: 'record', target_id: g.root_id })),
        )
        .execute();
    }
    await tx.deleteFrom('record_grants').where('root_id', 'in', roots).execute();
    // A deleted concern's notifications still waiting (a channel down for the whole period)
    // would otherwise be retried for ever with nothing to say: they are cancelled, and a worker
    // holding one loses its claim, so it cannot mark it delivered.
    await tx
      .updateTable('notification_outbox')
      .set({ status: 'cancelled', claimed_until: null, claim_token: null })
      .where('concern_id', 'in', roots)
      .where('status', '=', 'pending')
      .execute();

    // The erasures are recorded first: the database lets audit content be erased only by an
    // update naming an entry holding it that is about a record in retention_erasures (0023).
    const kinds = new Map(due.map((d) => [d.recordId, d.kind]));
    await tx
      .insertInto('retention_erasures')
      .values(
        rows.map((r) => ({
          record_id: r.id,
          root_id: r.root_id,
          kind: kinds.get(r.root_id)!,
          erased_at: at,
          erased_by: who.userId,
        })),
      )
      .execute();
    // Content of entries about these rows: by record_id, or naming them in their content (a
    // page read, a subject access request with its case), found through their links. Kept only
    // when an entry about something else has the same content.
    const erasable = [...(await erasableContent(tx, rowIds))];
    let erased = 0;
    for (let i = 0; i < erasable.length; i += 500) {
      const part = erasable.slice(i, i + 500);
      const entryOf = sql<number>`case hash ${sql.join(
        part.map(([hash, seq]) => sql`when ${hash} then cast(${seq} as bigint)`),
        sql` `,
      )} end`;
      const res = await tx
        .updateTable('audit_content')
        .set({ body: null, erased_for: entryOf })
        .where(
          'hash',
          'in',
          part.map(([hash]) => hash),
        )
        .where('body', 'is not', null)
        .executeTakeFirst();
      erased += Number(res.numUpdatedRows);
    }
    const deleted = due.map((d) => ({
      recordId: d.recordId,
      kind: d.kind,
      rows: rows.filter((r) => r.root_id === d.recordId).length,
    }));
    await appendAudit(
      tx,
      deleted.map((d) => ({
        userId: who.userId,
        deviceId: who.deviceId ?? null,
        action: RETENTION_DELETE,
        recordId: d.recordId,
        content: {
          kind: d.kind,
          rows: d.rows,
          lastActivityAt: due.find((x) => x.recordId === d.recordId)!.lastActivityAt,
        },
        at,
      })),
    );
    return { deleted, auditContentErased: erased, deletedAt: at };
  });
}

const ASSIGNMENT_LINKS = ['observationId', 'familyCallId'] as const;

/**
 * The programme's assignments that started records being deleted (`observationId`,
 * `familyCallId`) lose those links and their case ID, and say when, at the deletion's sequence, so
 * pull takes the change to the observer's tablet with the tombstones. They are not deleted: the
 * QAF counts each month's audits done, late or exempted for each practice group (coverage, the
 * monthly and quarterly figures), which needs the assignment, its due date and its completion,
 * not the case.
 */
async function forgetInAssignments(
  tx: Db,
  roots: readonly string[],
  seq: number,
  at: string,
): Promise<void> {
  const gone = new Set(roots);
  const found = new Map<string, { fields: string; field_meta: string }>();
  for (let i = 0; i < roots.length; i += 100) {
    const part = roots.slice(i, i + 100);
    const rows = await tx
      .selectFrom('records')
      .select(['id', 'fields', 'field_meta'])
      .where('type', '=', 'assignment')
      .where('deleted', '=', 0)
      // A cheap filter on the stored JSON; each candidate's links are checked parsed below.
      .where((eb) => eb.or(part.map((id) => eb('fields', 'like', `%${id}%`))))
      .execute();
    for (const r of rows) found.set(r.id, r);
  }
  const stamp: FieldMeta = { version: seq, editedAt: Date.parse(at), deviceId: 'server' };
  for (const [id, row] of found) {
    const fields = JSON.parse(row.fields) as Record<string, FieldValue>;
    const links = ASSIGNMENT_LINKS.filter((p) => gone.has(String(fields[p])));
    if (links.length === 0) continue;
    const set: Record<string, FieldValue> = { caseId: null, retentionDeletedAt: at };
    for (const p of links) set[p] = null;
    const meta = JSON.parse(row.field_meta) as Record<string, FieldMeta>;
    for (const p of Object.keys(set)) meta[p] = stamp;
    await tx
      .updateTable('records')
      .set({
        fields: JSON.stringify({ ...fields, ...set }),
        field_meta: JSON.stringify(meta),
        seq,
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
  }
}

/**
 * The content hashes of the entries about these rows that no entry about anything else shares,
 * each with one of those entries (the erasure names it: migration 0023's guard checks it).
 */
async function erasableContent(tx: Db, rowIds: readonly string[]): Promise<Map<string, number>> {
  const about = new Set<number>();
  for (let i = 0; i < rowIds.length; i += 500) {
    const part = rowIds.slice(i, i + 500);
    const direct = await tx
      .selectFrom('audit_log')
      .select('seq')
      .where('record_id', 'in', part)
      .execute();
    const linked = await tx
      .selectFrom('audit_records')
      .select('seq')
      .where('record_id', 'in', part)
      .where('erase_with_record', '=', 1)
      .execute();
    for (const r of [...direct, ...linked]) about.add(Number(r.seq));
  }
  const seqs = [...about];
  const hashes = new Map<string, number>();
  for (let i = 0; i < seqs.length; i += 500) {
    const rows = await tx
      .selectFrom('audit_log')
      .select(['seq', 'content_hash'])
      .where('seq', 'in', seqs.slice(i, i + 500))
      .execute();
    for (const r of rows)
      if (!hashes.has(r.content_hash)) hashes.set(r.content_hash, Number(r.seq));
  }
  // Every entry holding one of these contents, 500 contents a query.
  const shared = new Set<string>();
  const all = [...hashes.keys()];
  for (let i = 0; i < all.length; i += 500) {
    const rows = await tx
      .selectFrom('audit_log')
      .select(['seq', 'content_hash'])
      .where('content_hash', 'in', all.slice(i, i + 500))
      .execute();
    for (const r of rows) if (!about.has(Number(r.seq))) shared.add(r.content_hash);
  }
  for (const h of shared) hashes.delete(h);
  return hashes;
}

/** Whether a record (or the parent it would be created under) was deleted under retention. */
export async function isErased(
  db: Db,
  ids: readonly (string | null | undefined)[],
): Promise<boolean> {
  const wanted = ids.filter((i): i is string => typeof i === 'string' && i.length > 0);
  if (wanted.length === 0) return false;
  const row = await db
    .selectFrom('retention_erasures')
    .select('record_id')
    .where('record_id', 'in', wanted)
    .executeTakeFirst();
  return row !== undefined;
}

/** Which of these ids were deleted under retention (one query per 500 ids). */
export async function erasedAmong(db: Db, ids: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  const found = new Set<string>();
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('retention_erasures')
      .select('record_id')
      .where('record_id', 'in', unique.slice(i, i + 500))
      .execute();
    rows.forEach((r) => found.add(r.record_id));
  }
  return found;
}

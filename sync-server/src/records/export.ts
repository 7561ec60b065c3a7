// Records and their audit trail as plain JSON, for retention review, subject access and the audit
// browser: a record with every child row and what merging kept aside, and audit entries with their
// content (or null once a retention deletion erased it).
import type { Kysely } from 'kysely';
import type { FieldValue } from '../../../schemas/entities/field-value';
import type { AuditEntry, ExportedRow, RecordExport } from '../../../schemas/admin/records-export';
import type { Database } from '../storage/database';
import type { RecordsTable } from '../storage/sync-tables';

type Db = Kysely<Database>;

const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export function toExportedRow(r: RecordsTable): ExportedRow {
  return {
    id: r.id,
    type: r.type,
    scopeId: r.scope_id,
    parentId: r.parent_id,
    rootId: r.root_id,
    ownerId: r.owner_id,
    deleted: Number(r.deleted) === 1,
    fields: JSON.parse(r.fields) as Record<string, FieldValue>,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const parse = (json: string): FieldValue => JSON.parse(json) as FieldValue;

/** Each root with its child rows, conflicts and superseded values, in the order of `rootIds`. */
export async function exportRecords(db: Db, rootIds: readonly string[]): Promise<RecordExport[]> {
  const rows: RecordsTable[] = [];
  for (const part of chunks(rootIds)) {
    rows.push(
      ...(await db.selectFrom('records').selectAll().where('root_id', 'in', part).execute()),
    );
  }
  const ids = rows.map((r) => r.id);
  const conflicts = [];
  const superseded = [];
  for (const part of chunks(ids)) {
    conflicts.push(
      ...(await db
        .selectFrom('record_conflicts')
        .selectAll()
        .where('record_id', 'in', part)
        .execute()),
    );
    superseded.push(
      ...(await db
        .selectFrom('superseded_values')
        .selectAll()
        .where('record_id', 'in', part)
        .execute()),
    );
  }
  const out: RecordExport[] = [];
  for (const rootId of rootIds) {
    const root = rows.find((r) => r.id === rootId);
    if (!root) continue;
    const family = new Set(rows.filter((r) => r.root_id === rootId).map((r) => r.id));
    out.push({
      record: toExportedRow(root),
      children: rows
        .filter((r) => r.root_id === rootId && r.id !== rootId)
        .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id))
        .map(toExportedRow),
      conflicts: conflicts
        .filter((c) => family.has(c.record_id))
        .map((c) => ({
          recordId: c.record_id,
          path: c.path,
          kind: c.kind,
          current: parse(c.current_value),
          incoming: parse(c.incoming_value),
          userId: c.user_id,
          createdAt: c.created_at,
          resolvedAt: c.resolved_at,
        })),
      superseded: superseded
        .filter((s) => family.has(s.record_id))
        .map((s) => ({
          recordId: s.record_id,
          path: s.path,
          value: parse(s.value),
          userId: s.user_id,
          editedAt: s.edited_at,
        })),
    });
  }
  return out;
}

/** The ids of a root's rows (itself and its children). */
export async function familyIds(db: Db, rootIds: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const part of chunks(rootIds)) {
    const rows = await db.selectFrom('records').select('id').where('root_id', 'in', part).execute();
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

type AuditFilter = {
  /** Entries about these records, including pages of them that others read. */
  recordIds?: readonly string[];
  /** Entries made by this person. */
  userId?: string;
  after?: number;
  limit?: number;
};

/** Audit entries matching the filter, oldest first, with the person's address and the content. */
export async function auditEntries(db: Db, filter: AuditFilter): Promise<AuditEntry[]> {
  const recordIds = [...(filter.recordIds ?? [])];
  if (recordIds.length === 0 && !filter.userId) return [];
  const seqs = new Set<number>();
  for (const part of chunks(recordIds)) {
    const direct = await db
      .selectFrom('audit_log')
      .select('seq')
      .where('record_id', 'in', part)
      .execute();
    direct.forEach((r) => seqs.add(Number(r.seq)));
  }
  // Entries naming them in their content (a page read of several records, a subject access
  // request), through their links.
  for (const part of chunks(recordIds)) {
    const linked = await db
      .selectFrom('audit_records')
      .select('seq')
      .where('record_id', 'in', part)
      .execute();
    linked.forEach((r) => seqs.add(Number(r.seq)));
  }
  if (filter.userId) {
    const mine = await db
      .selectFrom('audit_log')
      .select('seq')
      .where('user_id', '=', filter.userId)
      .execute();
    mine.forEach((r) => seqs.add(Number(r.seq)));
  }
  const ordered = [...seqs].sort((a, b) => a - b).filter((s) => s > (filter.after ?? 0));
  const page = filter.limit ? ordered.slice(0, filter.limit) : ordered;
  const out: AuditEntry[] = [];
  for (const part of chunks(page)) {
    const rows = await db
      .selectFrom('audit_log')
      .leftJoin('audit_content', 'audit_content.hash', 'audit_log.content_hash')
      .leftJoin('users', 'users.id', 'audit_log.user_id')
      .select([
        'audit_log.seq',
        'audit_log.at',
        'audit_log.user_id',
        'audit_log.device_id',
        'audit_log.action',
        'audit_log.record_id',
        'audit_content.body',
        'users.email',
      ])
      .where('audit_log.seq', 'in', part)
      .orderBy('audit_log.seq')
      .execute();
    for (const r of rows) {
      const body = r.body ?? null;
      out.push({
        seq: Number(r.seq),
        at: r.at,
        userId: r.user_id,
        userEmail: r.email ?? null,
        deviceId: r.device_id,
        action: r.action,
        recordId: r.record_id,
        content: body === null ? null : (JSON.parse(body) as unknown),
        contentErased: body === null,
      });
    }
  }
  return out;
}

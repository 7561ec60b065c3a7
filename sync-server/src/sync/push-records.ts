// The records one push reads and writes, held for the length of its transaction. Every record a
// push names (and every parent) is read in one query up front; creations and changes are written
// back in a few statements at the end instead of one or two per mutation. The push's row lock on
// the sequence counter (sequence.ts) means no other writer can change these rows meanwhile.
import type { Kysely } from 'kysely';
import type { FieldValue } from '../../../schemas/sync/records';
import type { FamilyRow } from '../reports/report-rows';
import type { Database } from '../storage/database';
import type { RecordsTable } from '../storage/sync-tables';

type Fields = Record<string, FieldValue>;

// 13 columns a row: 500 rows stay far below SQLite's and PostgreSQL's limits on parameters.
const ROWS_PER_INSERT = 500;

export class PushRecords {
  private rows = new Map<string, RecordsTable>();
  private loaded = new Set<string>();
  private created = new Map<string, RecordsTable>();
  private changed = new Set<string>();
  /** Observations whose every row (child rows included) is held. */
  private wholeFamilies = new Set<string>();
  /** Rows' fields as this push wrote them, so they are not parsed again from the JSON. */
  private parsed = new Map<string, Fields>();

  constructor(private readonly tx: Kysely<Database>) {}

  /** Reads these records (those that exist) in one go. */
  async preload(ids: Iterable<string>): Promise<void> {
    const wanted = [...new Set(ids)].filter((id) => !this.loaded.has(id));
    for (let i = 0; i < wanted.length; i += ROWS_PER_INSERT) {
      const chunk = wanted.slice(i, i + ROWS_PER_INSERT);
      const found = await this.tx
        .selectFrom('records')
        .selectAll()
        .where('id', 'in', chunk)
        .execute();
      for (const r of found) this.rows.set(r.id, r);
      chunk.forEach((id) => this.loaded.add(id));
    }
  }

  async get(id: string): Promise<RecordsTable | undefined> {
    if (!this.loaded.has(id)) await this.preload([id]);
    return this.rows.get(id);
  }

  /**
   * Every row of these observations' families (the observation and its child rows) as this push
   * has them: rows it holds, with its changes, whether flushed or not; the rest read once and held
   * from then on. What the push derives from them (report rows) matches what it writes.
   */
  async families(rootIds: Iterable<string>): Promise<FamilyRow[]> {
    const roots = new Set(rootIds);
    // A root this push created has no rows in the table: a child row needs its parent to exist
    // (canCreate), so every row of its family is one this push created and holds.
    const wanted = [...roots].filter((id) => !this.wholeFamilies.has(id) && !this.created.has(id));
    for (let i = 0; i < wanted.length; i += ROWS_PER_INSERT) {
      const chunk = wanted.slice(i, i + ROWS_PER_INSERT);
      const found = await this.tx
        .selectFrom('records')
        .selectAll()
        .where('root_id', 'in', chunk)
        .execute();
      for (const r of found) {
        if (this.loaded.has(r.id)) continue;
        this.rows.set(r.id, r);
        this.loaded.add(r.id);
      }
      chunk.forEach((id) => this.wholeFamilies.add(id));
    }
    const family: FamilyRow[] = [];
    for (const r of this.rows.values()) {
      if (!roots.has(r.root_id)) continue;
      const parsedFields = this.parsed.get(r.id);
      family.push(parsedFields ? { ...r, parsedFields } : r);
    }
    return family;
  }

  /** Roots of the observations this push creates (not yet written). */
  createdIds(): ReadonlySet<string> {
    return new Set(this.created.keys());
  }

  /**
   * A record this push creates; written at flush. `fields` is what `row.fields` holds as JSON,
   * and must not be changed afterwards.
   */
  create(row: RecordsTable, fields?: Fields): void {
    this.rows.set(row.id, row);
    this.loaded.add(row.id);
    this.created.set(row.id, row);
    if (fields) this.parsed.set(row.id, fields);
  }

  /** Changes a record this push holds; written at flush. `fields` as for create. */
  update(
    id: string,
    change: Pick<RecordsTable, 'fields' | 'field_meta' | 'deleted' | 'seq' | 'updated_at'>,
    fields?: Fields,
  ): void {
    const row = this.rows.get(id);
    if (!row) throw new Error(`record ${id} is not held by this push`);
    Object.assign(row, change);
    if (fields) this.parsed.set(id, fields);
    else this.parsed.delete(id);
    if (!this.created.has(id)) this.changed.add(id);
  }

  /** Every held row of this observation takes this sequence number (the database's are set too). */
  async restampRoot(rootId: string, seq: number): Promise<void> {
    await this.tx.updateTable('records').set({ seq }).where('root_id', '=', rootId).execute();
    for (const row of this.rows.values()) if (row.root_id === rootId) row.seq = seq;
  }

  async flush(): Promise<void> {
    const rows = [...this.created.values()];
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      await this.tx
        .insertInto('records')
        .values(rows.slice(i, i + ROWS_PER_INSERT))
        .execute();
    }
    for (const id of this.changed) {
      const r = this.rows.get(id)!;
      await this.tx
        .updateTable('records')
        .set({
          fields: r.fields,
          field_meta: r.field_meta,
          deleted: r.deleted,
          seq: r.seq,
          updated_at: r.updated_at,
        })
        .where('id', '=', id)
        .execute();
    }
    this.created.clear();
    this.changed.clear();
  }
}

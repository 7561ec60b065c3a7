// The records one push reads and writes, held for the length of its transaction. Every record a
// push names (and every parent) is read in one query up front; creations and changes are written
// back in a few statements at the end instead of one or two per mutation. The push's row lock on
// the sequence counter (sequence.ts) means no other writer can change these rows meanwhile.
import type { Kysely } from 'kysely';
import type { Database } from '../storage/database';
import type { RecordsTable } from '../storage/sync-tables';

// 13 columns a row: 500 rows stay far below SQLite's and PostgreSQL's limits on parameters.
const ROWS_PER_INSERT = 500;

export class PushRecords {
  private rows = new Map<string, RecordsTable>();
  private loaded = new Set<string>();
  private created = new Map<string, RecordsTable>();
  private changed = new Set<string>();
  /** Observations whose every row (child rows included) is held. */
  private wholeFamilies = new Set<string>();

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
  async families(rootIds: Iterable<string>): Promise<RecordsTable[]> {
    const roots = new Set(rootIds);
    const wanted = [...roots].filter((id) => !this.wholeFamilies.has(id));
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
    return [...this.rows.values()].filter((r) => roots.has(r.root_id));
  }

  /** A record this push creates; written at flush. */
  create(row: RecordsTable): void {
    this.rows.set(row.id, row);
    this.loaded.add(row.id);
    this.created.set(row.id, row);
  }

  /** Changes a record this push holds; written at flush. */
  update(
    id: string,
    change: Pick<RecordsTable, 'fields' | 'field_meta' | 'deleted' | 'seq' | 'updated_at'>,
  ): void {
    const row = this.rows.get(id);
    if (!row) throw new Error(`record ${id} is not held by this push`);
    Object.assign(row, change);
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

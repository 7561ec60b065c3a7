// The one way the store writes. A Dexie transaction commits only if its callback settles without
// an error, so a failure anywhere (a full disk, a bug, a refused change) leaves the database as it
// was; the caller gets a typed error and may only update the screen once the promise resolves.
import type { Table } from 'dexie';
import type { LocalDatabase } from './database';
import { toDbError } from './errors';

/**
 * Runs `work` in one read-write transaction over the tables that record edits and sync, and any
 * `also` named (the `drafts` table only where a rescue is applied with its removal, as the store
 * opens: never in a save, which a rescue handed over as the page goes must not wait behind).
 */
export async function writeTransaction<T>(
  db: LocalDatabase,
  work: () => Promise<T>,
  also: readonly Table[] = [],
): Promise<T> {
  try {
    return await db.transaction(
      'rw',
      [db.records, db.listing, db.outbox, db.rejections, db.meta, ...also],
      work,
    );
  } catch (err) {
    throw toDbError(err);
  }
}

export async function readTransaction<T>(db: LocalDatabase, work: () => Promise<T>): Promise<T> {
  try {
    return await db.transaction(
      'r',
      [db.records, db.listing, db.outbox, db.rejections, db.meta],
      work,
    );
  } catch (err) {
    throw toDbError(err);
  }
}

// Safety concerns waiting to reach the server on their own route. Each is sealed like a record
// and written before the first attempt to send it, and leaves only when the server confirms it.
import type { RecordCipher } from './cipher';
import type { LocalDatabase } from './database';
import { toDbError } from './errors';

const slot = (id: string) => ({ table: 'concerns', key: id });

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw toDbError(err);
  }
}

export async function queueConcern<T extends { concern: { id: string; raisedAt: string } }>(
  db: LocalDatabase,
  cipher: RecordCipher,
  item: T,
): Promise<void> {
  const { id, raisedAt } = item.concern;
  await guarded(() => db.concerns.put({ id, at: raisedAt, blob: cipher.seal(slot(id), item) }));
}

/** Every concern not yet confirmed by the server, oldest first. */
export async function listQueuedConcerns<T>(db: LocalDatabase, cipher: RecordCipher): Promise<T[]> {
  const rows = await guarded(() => db.concerns.orderBy('at').toArray());
  return rows.map((row) => cipher.open<T>(slot(row.id), row.blob));
}

/** How many concerns are waiting: signing out must not erase them unasked. */
export async function queuedConcernCount(db: LocalDatabase): Promise<number> {
  return guarded(() => db.concerns.count());
}

export async function removeQueuedConcern(db: LocalDatabase, id: string): Promise<void> {
  await guarded(() => db.concerns.delete(id));
}

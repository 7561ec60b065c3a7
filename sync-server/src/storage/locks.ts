// Locks for rules that are checked by reading and then writing: "not the last administrator",
// "merge into the stored settings", "no administrator yet". On PostgreSQL several server processes
// run transactions side by side (read committed), so two of them can both read the state before
// either writes, and both act on it. Taking a lock before the read makes the second wait, and its
// read after the wait sees what the first committed.
//
// SQLite needs none of this: a process runs one transaction at a time on its one connection, and
// a second process (the admin command) that committed in between makes the later writer fail
// (SQLITE_BUSY_SNAPSHOT) rather than write over what it did not read. So these are no-ops there.
import { PostgresAdapter } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './database';

type Db = Kysely<Database>;

/** Whether the engine has row locks to take (`select ... for update`). */
export function locksRows(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * The settings row under `key`, locked for the rest of the caller's transaction, and its value.
 * A missing row is created first holding `empty` (what the caller reads as nothing stored), so
 * there is always a row to lock: a second change made at the same moment waits here and then
 * merges into what the first one wrote, instead of both merging into the same old value.
 */
export async function lockSetting(tx: Db, key: string, empty: string): Promise<string> {
  await tx
    .insertInto('settings')
    .values({ key, value: empty, updated_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await tx
    .selectFrom('settings')
    .select('value')
    .where('key', '=', key)
    .$if(locksRows(tx), (qb) => qb.forUpdate())
    .executeTakeFirstOrThrow();
  return row.value;
}

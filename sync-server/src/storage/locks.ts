// Locks for rules that are checked by reading and then writing: "not the last administrator",
// "merge into the stored settings", "no administrator yet". On PostgreSQL several server processes
// run transactions side by side (read committed), so two of them can both read the state before
// either writes, and both act on it. Taking a lock before the read makes the second wait, and its
// read after the wait sees what the first committed.
//
// SQLite needs none of this: a process runs one transaction at a time on its one connection, and
// a second process (the admin command) that committed in between makes the later writer fail
// (SQLITE_BUSY_SNAPSHOT) rather than write over what it did not read. So these are no-ops there.
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './database';

type Db = Kysely<Database>;

/** Whether the engine has row locks to take (`select ... for update`). */
export function locksRows(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Locks for what has no row to lock until it exists (the first administrator). Each is a
 * PostgreSQL advisory lock held until the transaction ends; the numbers are ours alone and never
 * change, since two releases running side by side must take the same one.
 */
const NAMED_LOCKS = { 'first-run': 0x5e7_0001, 'runtime-grants': 0x5e7_0002 } as const;

/** Holds the named lock until the caller's transaction ends. Call it inside a transaction. */
export async function holdLock(tx: Db, name: keyof typeof NAMED_LOCKS): Promise<void> {
  if (!locksRows(tx)) return;
  await sql`select pg_advisory_xact_lock(${sql.lit(NAMED_LOCKS[name])})`.execute(tx);
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

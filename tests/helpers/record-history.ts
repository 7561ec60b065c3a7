// Records as history left them, written straight into the records table: what the server of today
// would never write itself (a completion on a past day, a record from before a rule), for the
// tests of reports and rules that must still read such records right.
import type { Kysely } from 'kysely';
import type { Database } from '../../sync-server/src/storage/database';

type Db = Kysely<Database>;
type Fields = Record<string, unknown>;

/** Replaces a record's fields with what `change` makes of them; nothing else of the row moves. */
export async function rewriteFields(
  db: Db,
  id: string,
  change: (fields: Fields) => Fields,
): Promise<void> {
  const row = await db
    .selectFrom('records')
    .select('fields')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('records')
    .set({ fields: JSON.stringify(change(JSON.parse(row.fields) as Fields)) })
    .where('id', '=', id)
    .execute();
}

/**
 * An assignment done at `completedAt`. The server marks an observation assignment done itself, at
 * the moment its observation is submitted (never on a date a device names), so a test that needs a
 * completion on a past day writes it as history keeps it.
 */
export function markDoneAsOf(db: Db, id: string, completedAt: string): Promise<void> {
  return rewriteFields(db, id, (fields) => ({ ...fields, completedAt }));
}

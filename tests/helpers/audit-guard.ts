// Tampering with audit content as only someone holding the tables' owner (or the SQLite file)
// could: the guard on `audit_content` (migration 0023's triggers) is set aside while `change` runs
// and put back afterwards, so a test can check what verify-audit finds when content was changed
// anyway. Without the guard (a database before 0023) it simply runs `change`.
import { sql } from 'kysely';
import type { Storage } from '../../sync-server/src/storage/storage';

export async function pastTheGuard<T>(storage: Storage, change: () => Promise<T>): Promise<T> {
  if (storage.engine === 'postgres') {
    // The test databases are the superuser's, who may switch a table's triggers off.
    await sql`alter table audit_content disable trigger user`.execute(storage.db);
    try {
      return await change();
    } finally {
      await sql`alter table audit_content enable trigger user`.execute(storage.db);
    }
  }
  // SQLite cannot switch a trigger off: they are dropped and made again from their own text.
  const { rows: triggers } = await sql<{ name: string; sql: string }>`
    select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'audit_content'`.execute(
    storage.db,
  );
  for (const t of triggers) await sql`drop trigger ${sql.id(t.name)}`.execute(storage.db);
  try {
    return await change();
  } finally {
    for (const t of triggers) await sql.raw(t.sql).execute(storage.db);
  }
}

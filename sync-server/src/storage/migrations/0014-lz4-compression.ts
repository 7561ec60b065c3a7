import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

// PostgreSQL compresses any value over about 2 kB before storing it. An observation's fields and
// its audit content are 3-5 kB of JSON each, so every push compresses two such values per record;
// with the default method (pglz) that was a third of a push's time on PostgreSQL. lz4 is several
// times faster at a similar ratio. It exists from PostgreSQL 14 when the server was built with it,
// so it is used only where the server offers it; elsewhere the default stays and nothing breaks.
// Only new values are written with lz4; existing ones stay readable as they are. SQLite does not
// compress, so there is nothing to do there.
const COLUMNS: Array<[table: string, column: string]> = [
  ['records', 'fields'],
  ['audit_content', 'body'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  const { rows } = await sql<{ lz4: boolean }>`
    select 'lz4' = any(enumvals) as lz4 from pg_settings where name = 'default_toast_compression'
  `.execute(db);
  if (!rows[0]?.lz4) return;
  for (const [table, column] of COLUMNS) {
    await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} set compression lz4`.execute(
      db,
    );
  }
}

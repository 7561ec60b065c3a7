// A dump of the whole database (every table, every row, in a deterministic order), so a test can
// show that a run of requests changed nothing at all.
import { sql } from 'kysely';
import type { Storage } from '../../sync-server/src/storage/storage';

export type DatabaseDump = Record<string, string[]>;

export async function listTables(storage: Storage): Promise<string[]> {
  const { rows } =
    storage.engine === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master
          where type = 'table' and name not like 'sqlite_%' order by name`.execute(storage.db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'
          order by table_name`.execute(storage.db);
  return rows.map((r) => r.name);
}

/** Each table's rows as JSON text, sorted, so two dumps compare equal exactly when nothing moved. */
export async function dumpDatabase(storage: Storage): Promise<DatabaseDump> {
  const dump: DatabaseDump = {};
  for (const table of await listTables(storage)) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(
      storage.db,
    );
    dump[table] = rows
      .map((row) =>
        JSON.stringify(
          Object.keys(row)
            .sort()
            .map((k) => [k, row[k]]),
        ),
      )
      .sort();
  }
  return dump;
}

/** The tables whose rows differ between two dumps, with counts, for a failure message. */
export function dumpDifferences(before: DatabaseDump, after: DatabaseDump): string[] {
  const tables = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const out: string[] = [];
  for (const t of tables) {
    const a = before[t] ?? [];
    const b = after[t] ?? [];
    const removed = a.filter((r) => !b.includes(r));
    const added = b.filter((r) => !a.includes(r));
    if (removed.length || added.length) {
      out.push(`${t}: ${removed.length} rows gone, ${added.length} rows new: ${added[0] ?? ''}`);
    }
  }
  return out;
}

// Opens a Kysely instance on one of the two real engines. SQLite is the embedded default
// (better-sqlite3, WAL, synchronous=FULL so an acknowledged commit survives power loss);
// PostgreSQL is the engine to scale out on.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database';

export type StorageTarget =
  { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };

// int8 (bigint, count) arrives from pg as a string by default; our sequences stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

// Kysely prepares every statement it runs; a push runs the same few dozen statements each time,
// so the prepared ones are kept (the most recently used, up to this many). One still being read
// (a streamed query) is never handed out again until it is done: a fresh one is prepared.
const CACHED_STATEMENTS = 200;

function withStatementCache(sqlite: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SQLite.Statement {
      let stmt = cache.get(sql);
      if (stmt?.busy) return sqlite.prepare(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = sqlite.prepare(sql);
        if (cache.size >= CACHED_STATEMENTS) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}

export function openKysely(target: StorageTarget): Kysely<Database> {
  if (target.engine === 'sqlite') {
    fs.mkdirSync(path.dirname(target.file), { recursive: true });
    const sqlite = new SQLite(target.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    return new Kysely<Database>({
      dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
    });
  }
  const pool = new pg.Pool({ connectionString: target.url, max: 10 });
  // An idle client losing its connection (the database restarting) must not crash the process.
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

// Opens a Kysely instance on one of the two real engines. SQLite is the embedded default
// (better-sqlite3, WAL, synchronous=FULL so an acknowledged commit survives power loss);
// PostgreSQL is the engine to scale out on.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import pg from 'pg';
import type { Database } from './database';
import { makeDatabaseFilesPrivate } from '../private-files';

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
    makeDatabaseFilesPrivate(target.file);
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
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool: withPreparedInserts(pool) }),
  });
}

// PostgreSQL parses and plans every unnamed statement afresh, and a push's inserts carry hundreds
// of parameters (a row of records is 13): planning them was over a millisecond each. Those large
// inserts are sent as named statements, which the connection keeps prepared, so the next push
// only binds and runs them. A connection names at most this many; beyond that, statements go
// unnamed as before, so what the database holds per connection stays bounded.
const PREPARED_PER_CONNECTION = 64;
const PREPARE_FROM_PARAMETERS = 64;

function withPreparedInserts(pool: pg.Pool): PostgresPool {
  const prepared = new WeakMap<pg.PoolClient, Set<string>>();
  return {
    end: () => pool.end(),
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      let names = prepared.get(client);
      if (!names) prepared.set(client, (names = new Set()));
      const known = names;
      const query = (text: unknown, parameters?: ReadonlyArray<unknown>) => {
        if (
          typeof text === 'string' &&
          parameters &&
          parameters.length >= PREPARE_FROM_PARAMETERS &&
          /^insert /i.test(text)
        ) {
          const name = `ins_${createHash('sha1').update(text).digest('hex')}`;
          if (known.has(name) || known.size < PREPARED_PER_CONNECTION) {
            known.add(name);
            return client.query({ name, text, values: [...parameters] });
          }
        }
        return typeof text === 'string'
          ? client.query(text, parameters ? [...parameters] : [])
          : client.query(text as pg.Submittable);
      };
      return { query, release: () => client.release() } as unknown as PostgresPoolClient;
    },
  };
}

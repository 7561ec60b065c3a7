// The storage interface the server's plugins and routes use. One implementation (Kysely) serves
// both engines; tests/storage/contract.ts is the suite every engine must pass.
import { Migrator, sql } from 'kysely';
import type { Kysely, MigrationProvider, Transaction } from 'kysely';
import { bringReportRowsUpToDate } from '../reports/report-rows-version';
import type { Database } from './database';
import { openKysely } from './engines';
import type { StorageTarget } from './engines';
import { migrations } from './migrations/catalogue';

export type Tx = Transaction<Database>;

export interface Storage {
  readonly engine: StorageTarget['engine'];
  /** The query builder, for repositories (sync, accounts, audit). */
  readonly db: Kysely<Database>;
  /** Throws when the database cannot answer a trivial query. */
  ping(): Promise<void>;
  /**
   * Runs pending migrations, then works the report rows out again if this release did not write
   * them (reports/report-rows-version.ts); returns the names of the migrations applied now.
   */
  migrate(): Promise<string[]>;
  /** Names of every migration recorded in the database, in order. */
  appliedMigrations(): Promise<string[]>;
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string, tx?: Tx): Promise<void>;
  /** Runs fn in one transaction: all of its writes commit, or none do. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export class StorageError extends Error {
  override name = 'StorageError';
  constructor(
    readonly code: 'MIGRATION_FAILED' | 'GRANTS_FAILED' | 'UNREACHABLE',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

export function openStorage(target: StorageTarget): Storage {
  const db: Kysely<Database> = openKysely(target);
  const migrator = new Migrator({ db, provider });
  let closed = false;

  return {
    engine: target.engine,
    db,
    async ping() {
      await sql`select 1`.execute(db);
    },
    async migrate() {
      const { error, results } = await migrator.migrateToLatest();
      if (error) {
        throw new StorageError('MIGRATION_FAILED', `Database migration failed: ${String(error)}`, {
          cause: error,
        });
      }
      await bringReportRowsUpToDate(db).catch((err: unknown) => {
        throw new StorageError(
          'MIGRATION_FAILED',
          `Working out the report rows again after migrating failed: ${String(err)}`,
          { cause: err },
        );
      });
      return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    },
    async appliedMigrations() {
      const all = await migrator.getMigrations();
      return all.filter((m) => m.executedAt !== undefined).map((m) => m.name);
    },
    async getSetting(key) {
      const row = await db
        .selectFrom('settings')
        .select('value')
        .where('key', '=', key)
        .executeTakeFirst();
      return row?.value;
    },
    async setSetting(key, value, tx) {
      const now = new Date().toISOString();
      await (tx ?? db)
        .insertInto('settings')
        .values({ key, value, updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
        .execute();
    },
    transaction(fn) {
      return db.transaction().execute(fn);
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

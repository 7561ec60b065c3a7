// Backups and restores, for the admin command. SQLite: VACUUM INTO writes a consistent snapshot
// (one read transaction) while the server keeps running and pushes keep committing; restore needs
// the server stopped and takes the data-directory lock itself, so no server can start midway.
// PostgreSQL: pg_dump's custom format (one snapshot too) and pg_restore into a new, empty
// database, so a live database is never overwritten by mistake.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { AppError } from '../errors';
import { lockDataDir } from '../lock-file';

export type BackupSummary = {
  file: string;
  bytes: number;
  migrations: number;
  records: number;
  auditEntries: number;
};

const fail = (code: string, message: string) => new AppError(400, code, message);

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some file systems do not allow syncing a folder; the rename is still atomic.
  }
}

function refuseExisting(file: string): void {
  if (fs.existsSync(file)) {
    throw fail(
      'BACKUP_FILE_EXISTS',
      `${file} already exists. Choose a new file name; a backup never overwrites a file.`,
    );
  }
}

/** Checks a SQLite file is a complete database of this server and says what it holds. */
export function inspectSqliteBackup(file: string): Omit<BackupSummary, 'file' | 'bytes'> {
  if (!fs.existsSync(file)) throw fail('BACKUP_NOT_FOUND', `There is no file ${file}.`);
  let db: SQLite.Database;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
  } catch {
    throw fail('BACKUP_INVALID', `${file} is not a SQLite database.`);
  }
  try {
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw fail('BACKUP_INVALID', `${file} is damaged (${String(check)}).`);
    const has = db
      .prepare("select count(*) as n from sqlite_master where type = 'table' and name = ?")
      .get('kysely_migration') as { n: number };
    if (has.n === 0) {
      throw fail('BACKUP_INVALID', `${file} is not a backup of this server (no migrations table).`);
    }
    const n = (sqlText: string) => (db.prepare(sqlText).get() as { n: number }).n;
    return {
      migrations: n('select count(*) as n from kysely_migration'),
      records: n('select count(*) as n from records'),
      auditEntries: n('select seq as n from audit_head where id = 1'),
    };
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw fail(
      'BACKUP_INVALID',
      `${file} could not be read as a backup: ${err instanceof Error ? err.message : String(err)}`,
    );
  } finally {
    db.close();
  }
}

export function backupSqlite(dbFile: string, toFile: string): BackupSummary {
  if (!fs.existsSync(dbFile)) {
    throw fail('DATABASE_NOT_FOUND', `There is no database at ${dbFile}; check DATA_DIR.`);
  }
  const target = path.resolve(toFile);
  refuseExisting(target);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  const db = new SQLite(dbFile, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    // One read transaction: a consistent snapshot, while writers carry on (WAL).
    db.prepare('VACUUM INTO ?').run(partial);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  } finally {
    db.close();
  }
  fsyncFile(partial);
  fs.renameSync(partial, target);
  fsyncDir(path.dirname(target));
  return { file: target, bytes: fs.statSync(target).size, ...inspectSqliteBackup(target) };
}

/**
 * Puts a backup in place of the data directory's database. Refuses while a server holds the
 * directory's lock, and holds it itself meanwhile. The database it replaces (with its WAL files)
 * is kept beside it, renamed, so a restore is never the loss of the only copy.
 */
export function restoreSqlite(
  dataDir: string,
  dbFile: string,
  fromFile: string,
): BackupSummary & { previous: string | null } {
  const source = path.resolve(fromFile);
  const summary = inspectSqliteBackup(source);
  const lock = lockDataDir(dataDir);
  try {
    let previous: string | null = null;
    if (fs.existsSync(dbFile)) {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      previous = `${dbFile}.before-restore-${stamp}`;
      for (const suffix of ['', '-wal', '-shm']) {
        if (fs.existsSync(dbFile + suffix)) fs.renameSync(dbFile + suffix, previous + suffix);
      }
    }
    const partial = `${dbFile}.restoring-${process.pid}`;
    try {
      fs.copyFileSync(source, partial);
      fsyncFile(partial);
      fs.renameSync(partial, dbFile);
    } catch (err) {
      // A full disk or a vanished file: put the previous database back, as it was.
      fs.rmSync(partial, { force: true });
      if (previous) {
        for (const suffix of ['', '-wal', '-shm']) {
          if (fs.existsSync(previous + suffix)) fs.renameSync(previous + suffix, dbFile + suffix);
        }
      }
      throw err;
    }
    fsyncDir(path.dirname(dbFile));
    return { file: dbFile, bytes: fs.statSync(dbFile).size, ...summary, previous };
  } finally {
    lock.release();
  }
}

// --- PostgreSQL ---------------------------------------------------------------------------------

/** libpq's environment for a URL, so no password appears in a process list. */
function libpqEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (u.hostname) env.PGHOST = decodeURIComponent(u.hostname);
  if (u.port) env.PGPORT = u.port;
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  env.PGDATABASE = decodeURIComponent(u.pathname.replace(/^\//, ''));
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

function run(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = spawn(tool, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'ENOENT'
          ? fail(
              'TOOL_NOT_FOUND',
              `${tool} is not installed. Install the PostgreSQL client tools of your server's version (Debian: postgresql-client).`,
            )
          : err,
      ),
    );
    proc.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(fail('TOOL_FAILED', `${tool} failed: ${stderr.trim().split('\n')[0] ?? code}`)),
    );
  });
}

async function tableCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ n: string }>(
      "select count(*) as n from information_schema.tables where table_schema = 'public'",
    );
    return Number(r.rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

export async function backupPostgres(
  url: string,
  toFile: string,
): Promise<{ file: string; bytes: number }> {
  const target = path.resolve(toFile);
  refuseExisting(target);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  try {
    // pg_dump reads everything in one snapshot: a consistent backup while pushes commit.
    await run(
      'pg_dump',
      ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`],
      libpqEnv(url),
    );
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
  fsyncFile(partial);
  fs.renameSync(partial, target);
  fsyncDir(path.dirname(target));
  return { file: target, bytes: fs.statSync(target).size };
}

export async function restorePostgres(url: string, fromFile: string): Promise<void> {
  const source = path.resolve(fromFile);
  if (!fs.existsSync(source)) throw fail('BACKUP_NOT_FOUND', `There is no file ${source}.`);
  if ((await tableCount(url)) > 0) {
    throw fail(
      'DATABASE_NOT_EMPTY',
      'The database in DATABASE_URL already holds tables. Restore into a new, empty database ' +
        '(createdb observations_restored), then point DATABASE_URL at it and start the server.',
    );
  }
  await run(
    'pg_restore',
    [
      '--no-owner',
      '--no-privileges',
      '--exit-on-error',
      '--single-transaction',
      `--dbname=${libpqEnv(url).PGDATABASE ?? ''}`,
      source,
    ],
    libpqEnv(url),
  );
}

// Each PostgreSQL test run gets a database of its own, created here and dropped afterwards.
// Under CI=true an unreachable server fails the run loudly; elsewhere the suite is skipped with a
// visible line.
import pg from 'pg';

export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type TestDatabase = { url: string; drop(): Promise<void> };

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({
    connectionString: TEST_DATABASE_URL,
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Decides whether the PostgreSQL suites run; throws under CI when the server is missing. */
export async function requirePostgres(suite: string): Promise<boolean> {
  if (await postgresReachable()) return true;
  if (process.env.CI === 'true') {
    throw new Error(
      `PostgreSQL is required under CI=true but is not reachable at ${TEST_DATABASE_URL} (${suite}).`,
    );
  }
  console.warn(
    `SKIPPED: ${suite} — PostgreSQL is not reachable at ${TEST_DATABASE_URL}. Set CI=true to require it.`,
  );
  return false;
}

export async function createTestDatabase(prefix = 'obs_test'): Promise<TestDatabase> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(TEST_DATABASE_URL, name),
    async drop() {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      try {
        await c.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

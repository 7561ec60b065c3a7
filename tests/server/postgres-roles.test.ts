// The server on least-privilege PostgreSQL roles, set up exactly as README's "PostgreSQL roles"
// says (its SQL block is run here as written, with names of this run's own): an owner that
// migrates (DATABASE_MIGRATION_URL) and a runtime role (DATABASE_URL) holding only what
// storage/runtime-grants.ts grants it, which README's table lists. The real app then runs a whole
// day's work on the runtime role: every step must succeed, so a grant too narrow fails here with
// a permission error. And the runtime role must be refused what it must never do (delete, empty,
// change or drop; erase audit content outside a retention deletion), so a grant too broad fails
// here too.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../schemas/sync/protocol-version';
import { prepareFirstRun } from '../../sync-server/src/accounts/first-run';
import { buildApp } from '../../sync-server/src/app';
import { verifyAudit } from '../../sync-server/src/audit/verify';
import { purgeSettledNotifications } from '../../sync-server/src/notifications/outbox-retention';
import {
  RUNTIME_PRIVILEGES,
  openMigratedStorage,
} from '../../sync-server/src/storage/runtime-grants';
import type { Privilege } from '../../sync-server/src/storage/runtime-grants';
import type { Storage } from '../../sync-server/src/storage/storage';
import { purgeTombstones } from '../../sync-server/src/sync/tombstones';
import { runAdmin } from '../helpers/admin-command';
import { bearer, signIn, useQuickPasswordHashing } from '../helpers/accounts';
import { TEST_CONFIG } from '../helpers/build-app';
import { FRONTLINE, InjectDevice } from '../helpers/inject-sync';
import { TEST_DATABASE_URL, requirePostgres } from '../helpers/postgres';
import { startSmtpSink, waitFor } from '../helpers/sinks';
import type { SmtpSink } from '../helpers/sinks';
import { newId } from '../helpers/sync-fixtures';

useQuickPasswordHashing();

const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION };
const PASSWORD = 'a long password for this test';
const DAY = 86_400_000;

const run = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
const OWNER = `obs_owner_${run}`;
const APP = `obs_app_${run}`;
const DB = `obs_roles_${run}`;
const RESTORED = `obs_roles_restored_${run}`;

/** A URL signing in as `user` to `database`, on the test server (trust authentication). */
function urlFor(user: string, database: string): string {
  const u = new URL(TEST_DATABASE_URL);
  u.username = user;
  u.password = '';
  u.pathname = `/${database}`;
  return u.toString();
}

/** README's set-up block, with this run's role and database names. */
function readmeSetUp(database: string): string[] {
  const readme = fs.readFileSync(path.resolve('README.md'), 'utf8');
  const at = readme.indexOf('tests/server/postgres-roles.test.ts runs this block');
  expect(at, 'README names this test above its SQL block').toBeGreaterThan(0);
  const block = /```sql\n([\s\S]*?)```/.exec(readme.slice(at))![1]!;
  return block
    .replaceAll('observations_owner', OWNER)
    .replaceAll('observations_app', APP)
    .replace(/\bobservations\b/g, database)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** Runs README's statements as the superuser, following its `\connect`. */
async function runAsSuperuser(lines: string[]): Promise<void> {
  let client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    for (const line of lines) {
      const connect = /^\\connect (\S+)$/.exec(line);
      if (connect) {
        await client.end();
        client = await superuserOn(connect[1]!);
      } else {
        await client.query(line);
      }
    }
  } finally {
    await client.end();
  }
}

async function superuserOn(database: string): Promise<pg.Client> {
  const u = new URL(TEST_DATABASE_URL);
  u.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  return client;
}

const TABLE_PRIVILEGES = [
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'TRUNCATE',
  'REFERENCES',
  'TRIGGER',
] as const;

/** What the runtime role holds on each table, as PostgreSQL answers it. */
async function heldPrivileges(database: string): Promise<Record<string, string[]>> {
  const su = await superuserOn(database);
  try {
    const tables = await su.query<{ name: string }>(
      "select tablename as name from pg_tables where schemaname = 'public' order by 1",
    );
    const held: Record<string, string[]> = {};
    for (const { name } of tables.rows) {
      const list: string[] = [];
      for (const p of TABLE_PRIVILEGES) {
        const r = await su.query<{ ok: boolean }>('select has_table_privilege($1, $2, $3) as ok', [
          APP,
          `public.${name}`,
          p,
        ]);
        if (r.rows[0]!.ok) list.push(p);
      }
      const cols = await su.query<{ column_name: string }>(
        `select column_name from information_schema.columns
          where table_schema = 'public' and table_name = $1 order by ordinal_position`,
        [name],
      );
      if (!list.includes('UPDATE')) {
        const updatable: string[] = [];
        for (const { column_name } of cols.rows) {
          const r = await su.query<{ ok: boolean }>(
            'select has_column_privilege($1, $2, $3, $4) as ok',
            [APP, `public.${name}`, column_name, 'UPDATE'],
          );
          if (r.rows[0]!.ok) updatable.push(column_name);
        }
        if (updatable.length) list.push(`UPDATE (${updatable.join(', ')})`);
      }
      held[name] = list;
    }
    return held;
  } finally {
    await su.end();
  }
}

const expected = (): Record<string, string[]> => ({
  ...Object.fromEntries(
    Object.entries(RUNTIME_PRIVILEGES).map(([t, ps]) => [
      t,
      [...(ps as readonly Privilege[])].sort(order),
    ]),
  ),
  kysely_migration: [],
  kysely_migration_lock: [],
});
const order = (a: string, b: string) =>
  TABLE_PRIVILEGES.indexOf(a.split(' ')[0] as never) -
  TABLE_PRIVILEGES.indexOf(b.split(' ')[0] as never);

const reachable = await requirePostgres('PostgreSQL least-privilege roles');

describe.skipIf(!reachable)('the server on a least-privilege PostgreSQL runtime role', () => {
  const appTarget = { engine: 'postgres', url: urlFor(APP, DB) } as const;
  const ownerTarget = { engine: 'postgres', url: urlFor(OWNER, DB) } as const;
  let storage: Storage;
  let app: FastifyInstance;
  let sink: SmtpSink;
  let runtime: pg.Client;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-roles-'));

  beforeAll(async () => {
    await runAsSuperuser(readmeSetUp(DB));
    storage = await openMigratedStorage(appTarget, ownerTarget);
    sink = await startSmtpSink();
    app = await buildApp({
      config: TEST_CONFIG,
      storage,
      logger: false,
      notifications: {
        smtpUrl: `smtp://127.0.0.1:${sink.port}`,
        from: 'observations@council.example.org',
        appUrl: 'https://observations.council.example.org/',
        retryBaseMs: 100,
        retryMaxMs: 400,
        pollMs: 50,
        leaseMs: 10_000,
      },
    });
    await app.ready();
    runtime = new pg.Client({ connectionString: appTarget.url });
    await runtime.connect();
  });

  afterAll(async () => {
    await runtime?.end().catch(() => undefined);
    await app?.close();
    await storage?.close();
    await sink?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
    const su = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await su.connect();
    try {
      for (const d of [DB, RESTORED]) await su.query(`drop database if exists "${d}" with (force)`);
      for (const r of [APP, OWNER]) await su.query(`drop role if exists "${r}"`);
    } finally {
      await su.end();
    }
  });

  test('the roles are as README sets them up: no superuser, nothing to create; the runtime role holds exactly the listed privileges', async () => {
    const su = await superuserOn(DB);
    try {
      const roles = await su.query<{ rolname: string; rolsuper: boolean; rolcreatedb: boolean }>(
        'select rolname, rolsuper, rolcreatedb from pg_roles where rolname = any($1) order by 1',
        [[OWNER, APP]],
      );
      expect(roles.rows.map((r) => [r.rolsuper, r.rolcreatedb])).toEqual([
        [false, false],
        [false, false],
      ]);
      const can = await su.query<{ schema: boolean; db: boolean; member: boolean }>(
        `select has_schema_privilege($1, 'public', 'CREATE') as schema,
                has_database_privilege($1, current_database(), 'CREATE') as db,
                pg_has_role($1, $2, 'USAGE') as member`,
        [APP, OWNER],
      );
      expect(can.rows[0]).toEqual({ schema: false, db: false, member: false });
      const owners = await su.query<{ owner: string }>(
        "select distinct tableowner as owner from pg_tables where schemaname = 'public'",
      );
      expect(owners.rows).toEqual([{ owner: OWNER }]);
    } finally {
      await su.end();
    }
    // Every table is listed (a migration adding one fails here until it is), exactly.
    expect(await heldPrivileges(DB)).toEqual(expected());
  });

  test("README's table of privileges is the code's", () => {
    const readme = fs.readFileSync(path.resolve('README.md'), 'utf8');
    const at = readme.indexOf('<!-- privileges: tests/server/postgres-roles.test.ts');
    expect(at).toBeGreaterThan(0);
    const rows = readme
      .slice(at)
      .split('\n\n')[1]!
      .split('\n')
      .slice(2)
      .map((l) => l.split('|').map((c) => c.trim()));
    const documented = Object.fromEntries(
      rows
        .filter((r) => !r[1]!.includes(','))
        // A comma inside parentheses separates columns, not privileges: UPDATE (a, b).
        .map((r) => [r[1]!.replaceAll('`', ''), r[2]!.split(/, (?![^(]*\))/)]),
    );
    expect(documented).toEqual(
      Object.fromEntries(Object.entries(RUNTIME_PRIVILEGES).map(([t, p]) => [t, [...p]])),
    );
  });

  test('a whole workload runs on the runtime role', async () => {
    // First run: the setup code, and the first administrator through the page's route.
    const first = await prepareFirstRun(storage.db, {});
    expect(first.kind).toBe('setup-code');
    const setup = await app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: {
        code: first.kind === 'setup-code' ? first.code : '',
        email: 'admin@example.org',
        displayName: 'First Admin',
        password: PASSWORD,
      },
    });
    expect(setup.statusCode, setup.body).toBe(201);
    const admin = await signIn(app, { email: 'admin@example.org', password: PASSWORD });
    const asAdmin = (
      method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
      url: string,
      payload?: object,
    ) => app.inject({ method, url, headers: bearer(admin.token), ...(payload ? { payload } : {}) });

    // Teams and people through the admin API.
    const service = (
      await asAdmin('POST', '/api/admin/scopes', { name: 'Service', kind: 'service' })
    ).json().scope.id as string;
    const group = await asAdmin('POST', '/api/admin/scopes', {
      name: 'Group A',
      kind: 'practice-group',
      parentId: service,
    });
    expect(group.statusCode, group.body).toBe(201);
    const groupId = group.json().scope.id as string;
    const person = async (email: string, role: string, scopeIds: string[]) => {
      const res = await asAdmin('POST', '/api/admin/users', {
        email,
        role,
        password: PASSWORD,
        scopeIds,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().user.id as string;
    };
    await person('observer@example.org', 'observer', [groupId]);
    await person('director@example.org', 'director', [service]);
    await person('qa@example.org', 'qa-lead', [groupId]);
    const tablet1 = await signIn(app, { email: 'observer@example.org', password: PASSWORD });
    const tablet2 = await signIn(app, { email: 'observer@example.org', password: PASSWORD });
    const director = await signIn(app, { email: 'director@example.org', password: PASSWORD });
    const one = new InjectDevice(app, tablet1);
    const two = new InjectDevice(app, tablet2);

    // Push, pull, and two tablets editing one note: a conflict kept for a person.
    const obs = newId();
    const note = 'Parents were angry.';
    const created = await one.push(
      {
        recordId: obs,
        type: 'observation',
        op: 'put',
        scopeId: groupId,
        baseVersion: 0,
        set: { ...FRONTLINE, 'context.caseId': 'RL-100200', 'summary.strengths': note },
      },
      {
        recordId: newId(),
        type: 'action',
        op: 'put',
        parentId: obs,
        baseVersion: 0,
        set: { what: 'Share the plan with the family' },
      },
    );
    expect(created.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const base = (await two.pull()).find((r) => r.id === obs)!;
    const edit = (text: string) => ({
      recordId: obs,
      type: 'observation' as const,
      op: 'put' as const,
      baseVersion: base.version,
      set: { 'summary.strengths': text },
      base: { 'summary.strengths': note },
    });
    expect((await one.push(edit('Parents were upset.'))).results[0]!.status).toBe('applied');
    expect((await two.push(edit('Parents were calm.'))).results[0]).toMatchObject({
      status: 'applied',
      conflicts: ['summary.strengths'],
    });
    const pulled = (await two.pull()).find((r) => r.id === obs)!;
    expect(pulled.conflicts).toHaveLength(1);

    // A safety concern: queued with its notifications, sent by the worker, acknowledged.
    const concernId = newId();
    const raised = await app.inject({
      method: 'POST',
      url: '/api/concerns',
      headers: bearer(tablet1.token),
      payload: {
        ...versions,
        deviceId: tablet1.deviceId,
        scopeId: groupId,
        concern: {
          id: concernId,
          caseId: 'RL-100200',
          what: 'Bruising seen during the visit.',
          raisedAt: new Date().toISOString(),
          whoWasTold: [],
        },
      },
    });
    expect(raised.statusCode, raised.body).toBeLessThan(300);
    const delivered = await waitFor('the worker to claim and send the notifications', async () => {
      const rows = await storage.db
        .selectFrom('notification_outbox')
        .select(['status', 'attempts'])
        .where('concern_id', '=', concernId)
        .execute();
      return rows.length > 0 && rows.every((r) => r.status === 'delivered') ? rows : undefined;
    });
    expect(delivered.every((r) => r.attempts === 1)).toBe(true);
    expect(sink.messages.length).toBe(delivered.length);
    const ack = await app.inject({
      method: 'POST',
      url: `/api/concerns/${concernId}/acknowledge`,
      headers: bearer(director.token),
    });
    expect(ack.statusCode, ack.body).toBe(200);

    // Reading: reports, the concern log, an export, the recovery key.
    const director2 = new InjectDevice(app, director);
    expect((await director2.pull()).length).toBeGreaterThan(0);
    for (const url of [
      '/api/reports/quarterly?from=2026-27-Q1&to=2026-27-Q4',
      '/api/reports/concerns',
      '/api/exports/observations',
      '/api/recovery/key',
    ]) {
      const res = await app.inject({ method: 'GET', url, headers: bearer(director.token) });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    }

    // Admin changes: a role, a membership, the local settings, a device, a password.
    const qa = (await asAdmin('GET', '/api/admin/users'))
      .json()
      .users.find((u: { email: string }) => u.email === 'qa@example.org').id as string;
    for (const [method, url, payload] of [
      ['PATCH', `/api/admin/users/${qa}`, { role: 'head-of-service' }],
      ['POST', `/api/admin/users/${qa}/memberships`, { scopeId: service }],
      ['DELETE', `/api/admin/users/${qa}/memberships/${groupId}`, undefined],
      ['PUT', '/api/admin/settings', { dutyPhone: '020 7946 0000' }],
      ['POST', `/api/admin/devices/${tablet2.deviceId}/revoke`, undefined],
      ['POST', `/api/admin/users/${qa}/password`, { password: 'another long password here' }],
    ] as const) {
      const res = await asAdmin(method, url, payload);
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    }

    // Retention: a period, the record aged (as the superuser: time passing), deleted.
    expect(
      (
        await asAdmin('PUT', '/api/admin/retention/policy', {
          periods: { 'frontline-practice': 365 },
        })
      ).statusCode,
    ).toBe(200);
    const su = await superuserOn(DB);
    try {
      await su.query('update records set updated_at = $1 where root_id = $2', [
        new Date(Date.now() - 400 * DAY).toISOString(),
        obs,
      ]);
    } finally {
      await su.end();
    }
    const due = await asAdmin('GET', '/api/admin/retention/due');
    expect(due.json().records.map((r: { recordId: string }) => r.recordId)).toEqual([obs]);
    const deleted = await asAdmin('POST', '/api/admin/retention/delete', {
      recordIds: [obs],
      confirm: true,
    });
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect((await one.pull()).find((r) => r.id === obs)?.deleted).toBe(true);
    // The daily purge, once the tombstones are past the offline window.
    const purge = await purgeTombstones(storage.db, 90, new Date(Date.now() + 200 * DAY));
    expect(purge.purged).toBeGreaterThanOrEqual(2);
    // And the notifications settled past their retention period (the concern's are kept with it;
    // the statement needs DELETE on the outbox all the same).
    expect(await purgeSettledNotifications(storage.db, 90, new Date(Date.now() + 200 * DAY))).toBe(
      0,
    );

    // The audit trail, erased content and all, still verifies.
    const report = await verifyAudit(storage);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  test('the runtime role is refused deleting, emptying, changing or dropping', async () => {
    const refused = async (statement: string) => {
      const err = await runtime.query(statement).then(
        () => null,
        (e: { code?: string }) => e,
      );
      expect(err?.code, statement).toBe('42501'); // insufficient_privilege
    };
    await refused('DELETE FROM audit_log');
    await refused('TRUNCATE audit_log');
    await refused("UPDATE audit_log SET action = 'rewritten'");
    await refused('DELETE FROM audit_content');
    await refused("UPDATE audit_content SET hash = 'rewritten'");
    // UPDATE (body, erased_for) is granted for retention's erasure; the guard (migration 0023)
    // refuses the rest.
    const guarded = async (statement: string, message: RegExp) => {
      const err = await runtime.query(statement).then(
        () => null,
        (e: { code?: string; message?: string }) => e,
      );
      expect(err?.code, statement).toBe('23000'); // integrity_constraint_violation
      expect(err?.message, statement).toMatch(message);
    };
    await guarded('UPDATE audit_content SET body = NULL', /erased only by a retention deletion/);
    await guarded("UPDATE audit_content SET body = '{}'", /never changed/);
    await guarded('UPDATE audit_content SET erased_for = 1', /never changed/);
    await refused('DELETE FROM audit_head');
    await refused('TRUNCATE records');
    await refused('DROP TABLE records');
    await refused('ALTER TABLE records ADD COLUMN x text');
    await refused('CREATE TABLE intruder (x text)');
    await refused('DELETE FROM kysely_migration');
    await refused('SELECT * FROM kysely_migration');
  });

  test('a privilege granted beyond the list is taken back at the next start', async () => {
    const su = await superuserOn(DB);
    try {
      await su.query(`grant delete, truncate on audit_log to "${APP}"`);
    } finally {
      await su.end();
    }
    expect((await heldPrivileges(DB)).audit_log).toEqual([
      'SELECT',
      'INSERT',
      'DELETE',
      'TRUNCATE',
    ]);
    const again = await openMigratedStorage(appTarget, ownerTarget);
    await again.close();
    expect(await heldPrivileges(DB)).toEqual(expected());
  });

  test('the admin command migrates as the owner and works as the runtime role; backup and restore run as the owner', async () => {
    const env = (database: string) => ({
      DATABASE_URL: urlFor(APP, database),
      DATABASE_MIGRATION_URL: urlFor(OWNER, database),
      DATA_DIR: tmp,
    });
    const users = await runAdmin(env(DB), ['list-users']);
    expect(users.stderr).toBe('');
    expect(users.code).toBe(0);
    const verified = await runAdmin(env(DB), ['verify-audit']);
    expect(verified.stdout).toContain('The audit trail is intact');
    const dump = path.join(tmp, 'roles.dump');
    const backup = await runAdmin(env(DB), ['backup', '--to', dump]);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);

    // Into a new database made as README says, from CREATE DATABASE on: restored without
    // privileges, the runtime role gets its own back at the next start.
    const lines = readmeSetUp(RESTORED);
    await runAsSuperuser(lines.slice(lines.findIndex((l) => l.startsWith('CREATE DATABASE'))));
    const restore = await runAdmin(env(RESTORED), ['restore', '--from', dump]);
    expect(restore.stderr).toBe('');
    expect(restore.stdout).toContain('The audit trail is intact');
    const restored = await openMigratedStorage(
      { engine: 'postgres', url: urlFor(APP, RESTORED) },
      { engine: 'postgres', url: urlFor(OWNER, RESTORED) },
    );
    try {
      expect((await verifyAudit(restored)).ok).toBe(true);
      expect(await heldPrivileges(RESTORED)).toEqual(expected());
    } finally {
      await restored.close();
    }
  });
});

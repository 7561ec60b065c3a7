// Backups taken while tablets push, restored, on SQLite and PostgreSQL: the admin command's
// `backup` runs against the live server while pushes are acknowledged around it; `restore` puts
// it in a new place. The restored database holds every mutation up to the device's recorded last
// id exactly once (and nothing after it), including everything acknowledged before the backup
// began; its audit trail verifies; and a server starts on it. A restore over a running server's
// data, or over a live PostgreSQL database, is refused and changes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { Mutation } from '../../schemas/sync/push';
import { verifyAudit } from '../../sync-server/src/audit/verify';
import { openStorage } from '../../sync-server/src/storage/storage';
import type { StorageTarget } from '../../sync-server/src/storage/engines';
import { runAdmin } from '../helpers/admin-command';
import { HttpSyncClient, api, signInHttp } from '../helpers/http-client';
import { createTestDatabase, requirePostgres } from '../helpers/postgres';
import type { TestDatabase } from '../helpers/postgres';
import { startServer, tempDir } from '../helpers/server-process';
import type { RunningServer } from '../helpers/server-process';

const ADMIN = { email: 'backup.admin@example.org', password: 'admin password for backups' };
const OBSERVER_PASSWORD = 'observer password for backups';
const FRONTLINE = {
  kind: 'frontline-practice',
  templateId: 'frontline-practice',
  templateVersion: 1,
};

async function seed(base: string): Promise<{ scopeId: string; emails: string[] }> {
  const admin = await signInHttp(base, ADMIN.email, ADMIN.password, 'Admin laptop');
  const service = await api<{ scope: { id: string } }>(
    base,
    '/api/admin/scopes',
    { name: 'Service', kind: 'service' },
    admin.token,
  );
  const emails = ['one@example.org', 'two@example.org'];
  for (const email of emails) {
    const res = await api(
      base,
      '/api/admin/users',
      { email, role: 'observer', password: OBSERVER_PASSWORD, scopeIds: [service.json.scope.id] },
      admin.token,
    );
    expect(res.status).toBe(201);
  }
  return { scopeId: service.json.scope.id, emails };
}

/** What the server must hold for this device if it applied exactly mutations 1..last. */
function expectedAfter(made: readonly Mutation[], last: number): Map<string, string> {
  const state = new Map<string, string>();
  for (const m of made.slice(0, last)) state.set(m.recordId, String(m.set['summary.strengths']));
  return state;
}

type Engine = {
  name: 'sqlite' | 'postgres';
  /** The environment of the live server (and of the backup command). */
  live: () => Promise<Record<string, string>>;
  /** A new place to restore into. */
  fresh: () => Promise<Record<string, string>>;
  target: (env: Record<string, string>) => StorageTarget;
};

const cleanups: (() => Promise<void> | void)[] = [];
/** A temporary folder removed after the suite. */
function dir(prefix: string): string {
  const d = tempDir(prefix);
  cleanups.push(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}
const engines: Engine[] = [
  {
    name: 'sqlite',
    live: async () => ({ DATA_DIR: dir('obs-backup-live-') }),
    fresh: async () => ({ DATA_DIR: dir('obs-backup-restored-') }),
    target: (env) => ({ engine: 'sqlite', file: path.join(env.DATA_DIR!, 'observations.sqlite') }),
  },
];
if (await requirePostgres('backup and restore on PostgreSQL')) {
  const db = async () => {
    const d: TestDatabase = await createTestDatabase('obs_backup');
    cleanups.push(() => d.drop());
    return { DATABASE_URL: d.url, DATA_DIR: dir('obs-backup-pg-') };
  };
  engines.push({
    name: 'postgres',
    live: db,
    fresh: db,
    target: (env) => ({ engine: 'postgres', url: env.DATABASE_URL! }),
  });
}
afterAll(async () => {
  for (const c of cleanups) await c();
});

for (const engine of engines) {
  describe(`backup and restore on ${engine.name}`, () => {
    let server: RunningServer | null = null;
    let restoredServer: RunningServer | null = null;
    afterAll(async () => {
      await server?.stop('SIGKILL');
      await restoredServer?.stop('SIGKILL');
    });

    test('a backup taken while pushes arrive restores to a consistent database', async () => {
      const liveEnv = await engine.live();
      server = await startServer({
        ...liveEnv,
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
      });
      const { scopeId, emails } = await seed(server.url);
      const base = server.url;
      const clients = await Promise.all(
        emails.map(
          async (e) => new HttpSyncClient(() => base, await signInHttp(base, e, OBSERVER_PASSWORD)),
        ),
      );

      // Each tablet keeps creating and editing observations, three changes a push, until told to stop.
      let stop = false;
      const work = clients.map(async (client, c) => {
        let n = 0;
        while (!stop) {
          for (let k = 0; k < 3; k++, n++) {
            const id = `t${c}-rec-${String(n % 40).padStart(3, '0')}-${client.session.deviceId.slice(0, 8)}`;
            client.add({
              recordId: id,
              type: 'observation',
              op: 'put',
              ...(n < 40 ? { scopeId } : {}),
              baseVersion: 0,
              set:
                n < 40
                  ? { ...FRONTLINE, 'summary.strengths': `created ${n}` }
                  : { 'summary.strengths': `edit ${n}` },
            });
          }
          await client.pushAll(3);
        }
      });
      while (clients.some((c) => c.acknowledged < 30)) await new Promise((r) => setTimeout(r, 20));

      const ackBefore = clients.map((c) => c.acknowledged);
      const backupFile = path.join(
        dir('obs-backup-file-'),
        engine.name === 'sqlite' ? 'observations.sqlite' : 'observations.dump',
      );
      const backup = await runAdmin(liveEnv, ['backup', '--to', backupFile]);
      const ackAfter = clients.map((c) => c.acknowledged);
      stop = true;
      await Promise.all(work);
      expect(backup.stderr).toBe('');
      expect(backup.code).toBe(0);
      expect(backup.stdout).toContain(`Backed up to ${backupFile}`);
      // Pushes really were being acknowledged while the backup ran.
      expect(ackAfter.some((a, i) => a > ackBefore[i]!)).toBe(true);
      // A second backup to the same name is refused: a backup never overwrites.
      const again = await runAdmin(liveEnv, ['backup', '--to', backupFile]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('already exists');

      // Restoring over the running server's data is refused, and changes nothing.
      const refused = await runAdmin(liveEnv, ['restore', '--from', backupFile]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        engine.name === 'sqlite'
          ? /Another server \(process \d+\) is already using the data directory/
          : /already holds tables/,
      );
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      await server.stop();
      server = null;

      const restoredEnv = await engine.fresh();
      const restore = await runAdmin(restoredEnv, ['restore', '--from', backupFile]);
      expect(restore.stderr).toBe('');
      expect(restore.code).toBe(0);
      expect(restore.stdout).toContain('The audit trail is intact');
      const verify = await runAdmin(restoredEnv, ['verify-audit']);
      expect(verify.code).toBe(0);
      expect(verify.stdout).toMatch(/^The audit trail is intact: \d+ entries checked\.$/m);

      const lasts: number[] = [];
      const storage = openStorage(engine.target(restoredEnv));
      try {
        await expect(verifyAudit(storage)).resolves.toMatchObject({ ok: true });
        for (const [i, client] of clients.entries()) {
          const deviceId = client.session.deviceId;
          const sc = await storage.db
            .selectFrom('sync_clients')
            .selectAll()
            .where('device_id', '=', deviceId)
            .executeTakeFirstOrThrow();
          const last = Number(sc.last_mutation_id);
          // Everything acknowledged before the backup began is in it; nothing beyond what it recorded.
          expect(last).toBeGreaterThanOrEqual(ackBefore[i]!);
          expect(last).toBeLessThanOrEqual(client.made.length);
          lasts.push(last);
          const results = await storage.db
            .selectFrom('mutation_results')
            .select('mutation_id')
            .where('device_id', '=', deviceId)
            .orderBy('mutation_id')
            .execute();
          expect(results.map((r) => Number(r.mutation_id))).toEqual(
            Array.from({ length: last }, (_, k) => k + 1),
          );

          const expected = expectedAfter(client.made, last);
          const rows = await storage.db
            .selectFrom('records')
            .select(['id', 'fields'])
            .where('id', 'like', `t${i}-rec-%`)
            .execute();
          expect(rows.length).toBe(expected.size);
          for (const row of rows) {
            expect(JSON.parse(row.fields)['summary.strengths'], row.id).toBe(expected.get(row.id));
          }
          // Each record was created once: one create entry in the audit trail each.
          const creates = await storage.db
            .selectFrom('audit_log')
            .select('record_id')
            .where('action', '=', 'create')
            .where('device_id', '=', deviceId)
            .execute();
          expect(creates.map((c) => c.record_id).sort()).toEqual([...expected.keys()].sort());
        }
      } finally {
        await storage.close();
      }

      // The snapshot was taken mid-stream: later pushes are not in it.
      expect(lasts.some((last, i) => last < clients[i]!.made.length)).toBe(true);

      // A server starts on the restored database and its people sign in.
      restoredServer = await startServer(restoredEnv);
      await expect(
        signInHttp(restoredServer.url, ADMIN.email, ADMIN.password),
      ).resolves.toMatchObject({ token: expect.any(String) });
    });
  });
}

describe('refused restores on sqlite', () => {
  test('a file that is not a backup, or no file, is refused before anything is moved', async () => {
    const env = { DATA_DIR: dir('obs-restore-refused-') };
    const made = await runAdmin(env, ['list-scopes']);
    expect(made.code).toBe(0);
    const dbFile = path.join(env.DATA_DIR, 'observations.sqlite');
    const before = fs.readFileSync(dbFile);
    const junk = path.join(dir('obs-junk-'), 'not-a-backup.sqlite');
    fs.writeFileSync(junk, 'this is not a database');
    const bad = await runAdmin(env, ['restore', '--from', junk]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/is not a SQLite database|could not be read as a backup|is damaged/);
    const missing = await runAdmin(env, ['restore', '--from', `${junk}.nothing`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no file');
    expect(fs.readFileSync(dbFile).equals(before)).toBe(true);
    expect(fs.readdirSync(env.DATA_DIR).filter((f) => f.includes('before-restore'))).toEqual([]);
    const usage = await runAdmin(env, ['restore']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--from is required.');
  });
});

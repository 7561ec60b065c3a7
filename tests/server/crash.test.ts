// The server process killed with SIGKILL again and again while two tablets push, with kills
// landing inside open push transactions (shown from the server's fault trace). After every
// restart the tablets' retries finish by themselves, and in the end every mutation is applied
// exactly once. Then: two server processes on one PostgreSQL database converge.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { openStorage } from '../../sync-server/src/storage/storage';
import { verifyAudit } from '../../sync-server/src/audit/verify';
import { HttpSyncClient, api, signInHttp } from '../helpers/http-client';
import { createTestDatabase, requirePostgres } from '../helpers/postgres';
import type { TestDatabase } from '../helpers/postgres';
import { freePort, startServer, tempDir } from '../helpers/server-process';
import type { RunningServer } from '../helpers/server-process';

const ADMIN = { email: 'admin@example.org', password: 'admin password for tests' };
const OBSERVER_PASSWORD = 'observer password for tests';
const FRONTLINE = {
  kind: 'frontline-practice',
  templateId: 'frontline-practice',
  templateVersion: 1,
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function seedPeople(base: string): Promise<{ scopeId: string; observerEmail: string }> {
  const admin = await signInHttp(base, ADMIN.email, ADMIN.password, 'Admin laptop');
  const service = await api<{ scope: { id: string } }>(
    base,
    '/api/admin/scopes',
    { name: 'Children and families', kind: 'service' },
    admin.token,
  );
  const group = await api<{ scope: { id: string } }>(
    base,
    '/api/admin/scopes',
    { name: 'Practice group A', kind: 'practice-group', parentId: service.json.scope.id },
    admin.token,
  );
  const observerEmail = 'observer@example.org';
  const user = await api(
    base,
    '/api/admin/users',
    {
      email: observerEmail,
      role: 'observer',
      password: OBSERVER_PASSWORD,
      scopeIds: [group.json.scope.id],
    },
    admin.token,
  );
  expect(user.status).toBe(201);
  return { scopeId: group.json.scope.id, observerEmail };
}

/** Each tablet creates its own observations and then edits them; returns the expected finals. */
function workload(
  client: HttpSyncClient,
  scopeId: string,
  label: string,
  records: number,
  edits: number,
) {
  const ids = Array.from(
    { length: records },
    (_, i) => `${label}-${String(i).padStart(4, '0')}-${client.session.deviceId.slice(0, 8)}`,
  );
  const expected = new Map<string, string>();
  for (const id of ids) {
    const text = `${label} created ${id}`;
    client.add({
      recordId: id,
      type: 'observation',
      op: 'put',
      scopeId,
      baseVersion: 0,
      set: { ...FRONTLINE, 'summary.strengths': text },
    });
    expected.set(id, text);
  }
  for (let e = 0; e < edits; e++) {
    const id = ids[e % ids.length]!;
    const text = `${label} edit ${e}`;
    // baseVersion 0: this tablet has not pulled, and its own writes never conflict with each other.
    client.add({
      recordId: id,
      type: 'observation',
      op: 'put',
      baseVersion: 0,
      set: { 'summary.strengths': text },
    });
    expected.set(id, text);
  }
  return expected;
}

function traceSummary(file: string, killedPids: Set<number>) {
  const lines = fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean)
    : [];
  const commits = new Set(
    lines.filter((l) => l.startsWith('commit ')).map((l) => l.slice('commit '.length)),
  );
  const openAtKill = lines
    .filter((l) => l.startsWith('begin '))
    .map((l) => l.slice('begin '.length))
    .filter((rest) => !commits.has(rest) && killedPids.has(Number(rest.split(' ')[3])));
  return {
    begins: lines.filter((l) => l.startsWith('begin ')).length,
    openAtKill: openAtKill.length,
  };
}

type Engine = {
  name: string;
  env: () => Promise<Record<string, string>>;
  cleanup: () => Promise<void>;
};

const engines: Engine[] = [];
{
  let dir = '';
  engines.push({
    name: 'sqlite',
    env: async () => {
      dir = tempDir('obs-crash-');
      return { DATA_DIR: dir };
    },
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  });
}
const pgAvailable = await requirePostgres('crash test on PostgreSQL');
let pgDb: TestDatabase | null = null;
if (pgAvailable) {
  engines.push({
    name: 'postgres',
    env: async () => {
      pgDb = await createTestDatabase('obs_crash');
      return { DATABASE_URL: pgDb.url, DATA_DIR: tempDir('obs-crash-pg-') };
    },
    cleanup: async () => pgDb?.drop(),
  });
}

for (const engine of engines) {
  describe(`crash safety on ${engine.name}`, () => {
    let server: RunningServer | null = null;
    afterAll(async () => {
      await server?.stop('SIGKILL');
      await engine.cleanup();
    });

    test('SIGKILL during a stream of pushes loses and duplicates nothing', async () => {
      const traceFile = path.join(tempDir('obs-trace-'), 'trace.log');
      const port = await freePort();
      const env: Record<string, string> = {
        ...(await engine.env()),
        PORT: String(port),
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        RATE_LIMIT_PER_MINUTE: '1000000',
        SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000',
        SYNC_FAULT_TRACE_FILE: traceFile,
        SYNC_FAULT_HOLD_MS: '40',
      };
      server = await startServer(env);
      const base = () => server!.url;
      const { scopeId, observerEmail } = await seedPeople(base());
      const a = new HttpSyncClient(
        base,
        await signInHttp(base(), observerEmail, OBSERVER_PASSWORD, 'Tablet A'),
      );
      const b = new HttpSyncClient(
        base,
        await signInHttp(base(), observerEmail, OBSERVER_PASSWORD, 'Tablet B'),
      );
      const expected = new Map([
        ...workload(a, scopeId, 'a', 40, 160),
        ...workload(b, scopeId, 'b', 40, 160),
      ]);

      let pushing = true;
      const killedPids = new Set<number>();
      const killer = (async () => {
        let kills = 0;
        while (pushing && kills < 8) {
          await sleep(100 + Math.floor(Math.random() * 200));
          // Aim inside a transaction: wait (briefly) until this process has begun one it has not
          // committed, then kill it.
          const pid = server!.proc.pid!;
          for (let i = 0; i < 50 && pushing; i++) {
            const last = fs.existsSync(traceFile)
              ? fs.readFileSync(traceFile, 'utf8').trimEnd().split('\n').pop()
              : '';
            if (last?.startsWith('begin ') && last.endsWith(` ${pid}`)) break;
            await sleep(5);
          }
          if (!pushing) break;
          killedPids.add(server!.proc.pid!);
          await server!.stop('SIGKILL');
          kills++;
          server = await startServer(env);
        }
        return kills;
      })();
      await Promise.all([a.pushAll(10), b.pushAll(10)]);
      pushing = false;
      const kills = await killer;

      const trace = traceSummary(traceFile, killedPids);
      // The kills really did land inside open transactions, and the clients really did retry.
      expect(kills).toBeGreaterThanOrEqual(3);
      expect(trace.openAtKill).toBeGreaterThanOrEqual(1);
      expect(a.failures + b.failures).toBeGreaterThan(0);

      // Everything each tablet made is acknowledged, and a fresh pull shows the final values.
      expect(a.acknowledged).toBe(a.made.length);
      expect(b.acknowledged).toBe(b.made.length);
      await a.pullAll();
      expect(a.records.size).toBe(expected.size);
      for (const [id, text] of expected)
        expect(a.records.get(id)?.fields['summary.strengths']).toBe(text);

      // Exactly once: one stored result and one audit entry per mutation, per device.
      await server!.stop('SIGTERM');
      server = null;
      const storage = openStorage(
        env.DATABASE_URL
          ? { engine: 'postgres', url: env.DATABASE_URL }
          : { engine: 'sqlite', file: path.join(env.DATA_DIR!, 'observations.sqlite') },
      );
      try {
        for (const c of [a, b]) {
          const results = await storage.db
            .selectFrom('mutation_results')
            .select('mutation_id')
            .where('device_id', '=', c.session.deviceId)
            .execute();
          expect(results.map((r) => Number(r.mutation_id)).sort((x, y) => x - y)).toEqual(
            c.made.map((m) => m.id),
          );
          const audited = await storage.db
            .selectFrom('audit_log')
            .select('seq')
            .where('device_id', '=', c.session.deviceId)
            .where('action', 'in', ['create', 'update'])
            .execute();
          expect(audited.length).toBe(c.made.length);
        }
        await expect(verifyAudit(storage)).resolves.toMatchObject({ ok: true, problems: [] });
      } finally {
        await storage.close();
      }
      console.log(
        `[crash ${engine.name}] kills=${kills} push transactions begun=${trace.begins} open when killed=${trace.openAtKill} client retries=${a.failures + b.failures}`,
      );
    });
  });
}

describe.skipIf(!pgAvailable)('two server processes on one PostgreSQL database', () => {
  const servers: RunningServer[] = [];
  let db: TestDatabase | null = null;
  afterAll(async () => {
    for (const s of servers) await s.stop('SIGKILL');
    await db?.drop();
  });

  test('tablets pushing to different processes converge, and the audit chain does not fork', async () => {
    db = await createTestDatabase('obs_two');
    const env = {
      DATABASE_URL: db.url,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      RATE_LIMIT_PER_MINUTE: '1000000',
      SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000',
    };
    servers.push(await startServer({ ...env, DATA_DIR: tempDir('obs-two-1-') }));
    servers.push(await startServer({ ...env, DATA_DIR: tempDir('obs-two-2-') }));
    const [s1, s2] = servers as [RunningServer, RunningServer];
    const { scopeId, observerEmail } = await seedPeople(s1.url);
    const a = new HttpSyncClient(
      () => s1.url,
      await signInHttp(s1.url, observerEmail, OBSERVER_PASSWORD, 'Tablet A'),
    );
    const b = new HttpSyncClient(
      () => s2.url,
      await signInHttp(s2.url, observerEmail, OBSERVER_PASSWORD, 'Tablet B'),
    );
    // Shared records, created by A; then both edit all of them at once through different servers.
    const ids = Array.from({ length: 30 }, (_, i) => `shared-${String(i).padStart(4, '0')}`);
    for (const id of ids)
      a.add({
        recordId: id,
        type: 'observation',
        op: 'put',
        scopeId,
        baseVersion: 0,
        set: { ...FRONTLINE, 'summary.strengths': 'start' },
      });
    await a.pushAll(30);
    await b.pullAll();
    for (let round = 0; round < 4; round++) {
      for (const id of ids) {
        a.add({
          recordId: id,
          type: 'observation',
          op: 'put',
          baseVersion: 0,
          set: { 'responses.participation.value': round % 2 ? 'good' : 'outstanding' },
        });
        b.add({
          recordId: id,
          type: 'observation',
          op: 'put',
          baseVersion: b.records.get(id)!.version,
          set: { 'summary.areasForDevelopment': `b round ${round}` },
        });
      }
    }
    await Promise.all([a.pushAll(25), b.pushAll(25)]);
    await Promise.all([a.pullAll(), b.pullAll()]);
    expect(a.records.size).toBe(ids.length);
    for (const id of ids) {
      expect(b.records.get(id)).toEqual(a.records.get(id));
      expect(a.records.get(id)!.fields).toMatchObject({
        'responses.participation.value': 'good',
        'summary.areasForDevelopment': 'b round 3',
        'summary.strengths': 'start',
      });
    }
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>(
        'select count(*) as n from mutation_results',
      );
      expect(Number(rows[0]!.n)).toBe(a.made.length + b.made.length);
    } finally {
      await client.end();
    }
    const storage = openStorage({ engine: 'postgres', url: db.url });
    try {
      await expect(verifyAudit(storage)).resolves.toMatchObject({ ok: true });
    } finally {
      await storage.close();
    }
  });
});

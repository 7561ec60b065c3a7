// Latency of a pull with nothing new, under 200 concurrent clients, with 10,000 and with 200,000
// records stored, on SQLite and PostgreSQL: what every tablet pays each time it checks in, and it
// must not grow with the total stored. The records (the throughput benchmark's documents) and the
// devices' sessions are written straight into the database before the server starts (pushing
// 200,000 through the API would only slow the benchmark down); then the real server process
// answers 200 clients, each pulling again as soon as its last answer arrives.
import { randomUUID } from 'node:crypto';
import { expect, test } from 'vitest';
import {
  createScope,
  createSession,
  createUser,
  registerDevice,
} from '../../sync-server/src/accounts/accounts-repository';
import { openStorage } from '../../sync-server/src/storage/storage';
import { CREATION_STAMP } from '../../sync-server/src/sync/apply-mutation';
import { encodeCursor } from '../../sync-server/src/sync/cursor';
import { useQuickPasswordHashing } from '../helpers/accounts';
import { makeFields } from './docs';
import { Api, VERSIONS, freshTarget, percentile, rssMb, startOurServer } from './our-server';
import type { Engine, Target } from './our-server';

useQuickPasswordHashing();

const TOTALS = (process.env.BENCH_TOTALS ?? '10000,200000').split(',').map(Number);
const ENGINES: Engine[] = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',') as Engine[];
const CLIENTS = 200;
const PULLS_EACH = 10;
const GROUPS = 20;

type Client = { token: string; deviceId: string; cursor: string };

/** 20 practice groups, an observer in each owning its records, QA leads of ten; 200 devices. */
async function seed(target: Target, total: number): Promise<Client[]> {
  const storage = openStorage(
    target.engine === 'sqlite'
      ? { engine: 'sqlite', file: `${target.env.DATA_DIR}/observations.sqlite` }
      : { engine: 'postgres', url: target.env.DATABASE_URL! },
  );
  try {
    await storage.migrate();
    const db = storage.db;
    const service = await createScope(db, { name: 'Children and families', kind: 'service' });
    const groups: Array<{ id: string }> = [];
    for (let g = 0; g < GROUPS; g++) {
      groups.push(
        await createScope(db, { name: `Group ${g}`, kind: 'practice-group', parentId: service.id }),
      );
    }
    const person = (role: 'observer' | 'qa-lead', g: number) =>
      createUser(db, {
        email: `${role}-${g}@example.org`,
        role,
        password: 'bench person password',
        scopeIds: [groups[g]!.id],
      });
    const observers: Array<{ id: string }> = [];
    for (let g = 0; g < GROUPS; g++) observers.push(await person('observer', g));
    const leads: Array<{ id: string }> = [];
    for (let g = 0; g < 10; g++) leads.push(await person('qa-lead', g));

    const now = new Date().toISOString();
    const deviceId = randomUUID();
    for (let i = 0; i < total; i += 500) {
      const rows = [];
      for (let k = i; k < Math.min(total, i + 500); k++) {
        const id = randomUUID();
        const owner = observers[k % GROUPS]!.id;
        rows.push({
          id,
          type: 'observation',
          scope_id: groups[k % GROUPS]!.id,
          parent_id: null,
          root_id: id,
          owner_id: owner,
          root_owner_id: owner,
          seq: k + 1,
          deleted: 0,
          fields: JSON.stringify(makeFields(k)),
          field_meta: JSON.stringify({
            [CREATION_STAMP]: { version: k + 1, editedAt: Date.now(), deviceId },
          }),
          created_at: now,
          updated_at: now,
        });
      }
      await db.insertInto('records').values(rows).execute();
    }
    await db.updateTable('sync_counter').set({ seq: total }).where('id', '=', 1).execute();

    // Ten tablets per QA lead (who see their group in full), five per observer (their own).
    const clients: Client[] = [];
    const add = async (userId: string, scopes: string[], n: number) => {
      for (let d = 0; d < n; d++) {
        const { device } = await registerDevice(db, { userId, name: `Tablet ${d}` });
        const s = await createSession(db, { userId, deviceId: device.id, ttlHours: 24 });
        // Where a device stands once it has everything: the head, with its full scopes.
        const cursor = encodeCursor({ v: 1, seq: total, id: '', horizon: 0, scopes });
        clients.push({ token: s.token, deviceId: device.id, cursor });
      }
    };
    for (let g = 0; g < 10; g++) await add(leads[g]!.id, [groups[g]!.id], 10);
    for (let g = 0; g < GROUPS; g++) await add(observers[g]!.id, [], 5);
    return clients;
  } finally {
    await storage.close();
  }
}

async function measure(engine: Engine, total: number) {
  const target = await freshTarget(engine);
  try {
    const clients = await seed(target, total);
    expect(clients).toHaveLength(CLIENTS);
    const server = await startOurServer(target);
    try {
      const api = new Api(server.url);
      const pullOnce = async (c: Client) => {
        const page = await api.call<{ records: unknown[]; reset: boolean; cursor: string }>(
          'POST',
          '/api/sync/pull',
          c.token,
          { ...VERSIONS, deviceId: c.deviceId, cursor: c.cursor },
        );
        if (page.records.length || page.reset) throw new Error('the pull was not a no-op');
        c.cursor = page.cursor;
      };
      // Each device checks in once (warm-up: the server's caches, every session's first use).
      for (let i = 0; i < clients.length; i += 20)
        await Promise.all(clients.slice(i, i + 20).map(pullOnce));
      const latencies: number[] = [];
      const started = performance.now();
      await Promise.all(
        clients.map(async (c) => {
          for (let r = 0; r < PULLS_EACH; r++) {
            const t0 = performance.now();
            await pullOnce(c);
            latencies.push(performance.now() - t0);
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      return {
        mean: latencies.reduce((a, b) => a + b, 0) / latencies.length,
        perSecond: latencies.length / seconds,
        median: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        samples: latencies.length,
        rss: rssMb(server.proc.pid!),
      };
    } finally {
      await server.stop();
    }
  } finally {
    await target.dispose();
  }
}

test('a pull with nothing new, 200 clients at once, 10,000 against 200,000 records stored', async () => {
  const say = (s: string) => process.stdout.write(`${s}\n`);
  say('');
  say(`No-op pull latency, ${CLIENTS} concurrent clients, ${PULLS_EACH} pulls each:`);
  say('engine      stored    median      p95     mean   pulls/s   server RSS');
  for (const engine of ENGINES) {
    const results = [];
    for (const total of TOTALS) {
      const r = await measure(engine, total);
      results.push(r);
      say(
        `${engine.padEnd(10)} ${total.toLocaleString('en-GB').padStart(7)}  ${r.median.toFixed(1).padStart(6)} ms ${r.p95
          .toFixed(1)
          .padStart(
            6,
          )} ms ${r.mean.toFixed(0).padStart(5)} ms ${r.perSecond.toFixed(0).padStart(7)}   ${r.rss.toFixed(0)} MB`,
      );
    }
    if (results.length === 2) {
      const [small, large] = results as [(typeof results)[0], (typeof results)[0]];
      say(
        `           ${TOTALS[1]!.toLocaleString('en-GB')} against ${TOTALS[0]!.toLocaleString('en-GB')}: median ×${(large.median / small.median).toFixed(2)}, p95 ×${(large.p95 / small.p95).toFixed(2)}`,
      );
    }
  }
});

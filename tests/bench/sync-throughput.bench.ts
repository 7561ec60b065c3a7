// Throughput of push and pull, our server beside PouchDB replication (express-pouchdb on memory),
// on the same document generator (60 real fields of an observation and a 400-character note, about
// 3.7 kB: the 1.2 kB cannot hold 60 real field paths; PouchDB is also run on 1.2 kB
// documents, for the record), in batches of 100 and 500, for 5,000 and 20,000 documents, on SQLite and PostgreSQL. Our server runs as the
// real process, durable (SQLite synchronous=FULL, PostgreSQL fsync on); PouchDB keeps everything
// in memory. Also the server's resident memory, idle and at the end of the 20,000-document run.
// Goals: at least twice PouchDB's docs/s on SQLite, at least PouchDB's on PostgreSQL; RSS within
// 150 MB idle and 400 MB after 20,000 documents. Run with `npm run bench`; prints its figures.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { MAX_MUTATIONS_PER_PUSH } from '../../schemas/sync/push';
import { tempDir } from '../helpers/server-process';
import {
  DOC_FIELDS,
  NOTE_LENGTH,
  docBytes,
  makeFields,
  makePouchDoc,
  makeSpecSizeDoc,
  specDocBytes,
} from './docs';
import { VERSIONS, freshTarget, rssMb, setUpTeam, startOurServer } from './our-server';
import type { Engine } from './our-server';

const SIZES = (process.env.BENCH_SIZES ?? '5000,20000').split(',').map(Number);
const BATCHES = [100, 500];
const ENGINES: Engine[] = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',') as Engine[];

type Figures = { pushPerS: number; pullPerS: number; noopMs?: number };

const rate = (docs: number, ms: number) => Math.round((docs / ms) * 1000);
const fmt = (n: number) => n.toLocaleString('en-GB');

async function measureOurs(engine: Engine, docs: number, batch: number) {
  const target = await freshTarget(engine);
  const server = await startOurServer(target);
  try {
    const team = await setUpTeam(server);
    const { api, groupId } = team;
    // A batch of 500 is five tablets pushing 100 each at once: one push carries at most 100
    // changes (and 512 KB), and one tablet's pushes follow one another.
    const tablets = Math.max(1, batch / MAX_MUTATIONS_PER_PUSH);
    const devices: Array<{ token: string; deviceId: string }> = [];
    for (let i = 0; i < tablets; i++)
      devices.push(await api.signIn(team.observer.email, team.observer.password));
    const idleRss = rssMb(server.proc.pid!);
    // The tablets hold their changes before the clock starts, as PouchDB's local database holds its
    // documents before replication starts; serialising and sending them is timed.
    type Mutation = Record<string, unknown>;
    const queues: Mutation[][] = devices.map(() => []);
    const rounds: Array<Array<{ d: number; mutations: Mutation[] }>> = [];
    for (let sent = 0; sent < docs; sent += batch) {
      const round: Array<{ d: number; mutations: Mutation[] }> = [];
      for (let d = 0; d < devices.length; d++) {
        const count = Math.min(MAX_MUTATIONS_PER_PUSH, docs - sent - d * MAX_MUTATIONS_PER_PUSH);
        if (count <= 0) break;
        const mutations = Array.from({ length: count }, () => {
          const i = sent + d * MAX_MUTATIONS_PER_PUSH + queues[d]!.length;
          const m = {
            id: queues[d]!.length + 1,
            recordId: randomUUID(),
            type: 'observation',
            op: 'put',
            scopeId: groupId,
            baseVersion: 0,
            set: makeFields(i),
            at: new Date().toISOString(),
          };
          queues[d]!.push(m);
          return m;
        });
        round.push({ d, mutations });
      }
      rounds.push(round);
    }
    const pushOne = async (d: number, mutations: Mutation[]) => {
      const res = await api.call<{ results: Array<{ status: string }> }>(
        'POST',
        '/api/sync/push',
        devices[d]!.token,
        {
          ...VERSIONS,
          deviceId: devices[d]!.deviceId,
          sentAt: new Date().toISOString(),
          mutations,
        },
      );
      if (res.results.some((r) => r.status !== 'applied')) throw new Error('a change was refused');
    };
    let started = performance.now();
    for (const round of rounds) await Promise.all(round.map((p) => pushOne(p.d, p.mutations)));
    const pushMs = performance.now() - started;

    // A new tablet of the QA lead takes everything, a page of `batch` at a time.
    const lead = await api.signIn(team.lead.email, team.lead.password);
    let cursor: string | null = null;
    let pulled = 0;
    started = performance.now();
    for (;;) {
      const page: { records: unknown[]; cursor: string; hasMore: boolean } = await api.call(
        'POST',
        '/api/sync/pull',
        lead.token,
        {
          ...VERSIONS,
          deviceId: lead.deviceId,
          cursor,
          limit: batch,
        },
      );
      pulled += page.records.length;
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    const pullMs = performance.now() - started;
    started = performance.now();
    await api.call('POST', '/api/sync/pull', lead.token, {
      ...VERSIONS,
      deviceId: lead.deviceId,
      cursor,
      limit: batch,
    });
    const noopMs = performance.now() - started;
    expect(pulled).toBe(docs);
    return {
      pushPerS: rate(docs, pushMs),
      pullPerS: rate(docs, pullMs),
      noopMs,
      idleRss,
      endRss: rssMb(server.proc.pid!),
    };
  } finally {
    await server.stop();
    await target.dispose();
  }
}

async function startPouchServer() {
  const proc = spawn(process.execPath, [path.resolve('tests/bench/pouchdb-server.mjs')], {
    env: { PATH: process.env.PATH ?? '', PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      const m = /listening (\d+)/.exec(d.toString());
      if (m) resolve(Number(m[1]));
    });
    proc.on('exit', (code) => reject(new Error(`PouchDB server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => proc.kill('SIGTERM') };
}

async function measurePouch(
  docs: number,
  batch: number,
  makeDoc: (i: number, id: string) => Record<string, unknown> = makePouchDoc,
): Promise<Figures> {
  const dir = tempDir('obs-bench-pouch-');
  const file = path.join(dir, 'docs.json');
  fs.writeFileSync(
    file,
    JSON.stringify(Array.from({ length: docs }, (_, i) => makeDoc(i, randomUUID()))),
  );
  const server = await startPouchServer();
  try {
    const out = await new Promise<string>((resolve, reject) => {
      const p = spawn(
        process.execPath,
        [path.resolve('tests/bench/pouchdb-replicate.mjs'), server.url, file, String(batch)],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      let text = '';
      p.stdout!.on('data', (d: Buffer) => (text += d.toString()));
      p.on('exit', (code) =>
        code === 0 ? resolve(text) : reject(new Error(`replication exited with ${code}`)),
      );
    });
    const r = JSON.parse(out) as {
      pushMs: number;
      pullMs: number;
      noopMs: number;
      pushed: number;
      pulled: number;
    };
    expect(r.pushed).toBe(docs);
    expect(r.pulled).toBe(docs);
    return { pushPerS: rate(docs, r.pushMs), pullPerS: rate(docs, r.pullMs), noopMs: r.noopMs };
  } finally {
    server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('push and pull throughput beside PouchDB, and the server’s memory', async () => {
  const lines: string[] = [];
  const say = (s: string) => {
    lines.push(s);
    process.stdout.write(`${s}\n`);
  };
  // Other work shares this machine's cores, so each of our runs is measured right after a PouchDB
  // run of the same size and batch (and its 1.2 kB counterpart), never hours apart: the ratios
  // compare like with like.
  const pouchSpec = new Map<string, Figures>();
  const misses: string[] = [];
  say('');
  say(
    `Throughput, documents of ${fmt(docBytes())} B (${DOC_FIELDS} fields and a ${NOTE_LENGTH}-character note), docs/s:`,
  );
  say('engine      docs    batch   push (PouchDB)          pull (PouchDB)          no-op pull');
  let rss = { idle: 0, end: 0 };
  const ourFigures = new Map<string, Figures>();
  for (const engine of ENGINES) {
    const goal = engine === 'sqlite' ? 2 : 1;
    for (const docs of SIZES) {
      for (const batch of BATCHES) {
        const p = await measurePouch(docs, batch);
        const spec = await measurePouch(docs, batch, makeSpecSizeDoc);
        const ours = await measureOurs(engine, docs, batch);
        ourFigures.set(`${engine} ${docs}/${batch}`, ours);
        pouchSpec.set(`${engine} ${docs}/${batch}`, spec);
        const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
        say(
          `${engine.padEnd(10)} ${fmt(docs).padStart(6)} ${String(batch).padStart(6)}   ` +
            `${fmt(ours.pushPerS).padStart(6)} (${fmt(p.pushPerS).padStart(5)}, ${ratio(ours.pushPerS, p.pushPerS)})   ` +
            `${fmt(ours.pullPerS).padStart(6)} (${fmt(p.pullPerS).padStart(5)}, ${ratio(ours.pullPerS, p.pullPerS)})   ` +
            `${ours.noopMs!.toFixed(1)} ms (PouchDB ${p.noopMs!.toFixed(1)} ms)`,
        );
        if (ours.pushPerS < goal * p.pushPerS) misses.push(`${engine} ${docs}/${batch} push`);
        if (ours.pullPerS < goal * p.pullPerS) misses.push(`${engine} ${docs}/${batch} pull`);
        if (docs === Math.max(...SIZES)) {
          rss = { idle: Math.max(rss.idle, ours.idleRss), end: Math.max(rss.end, ours.endRss) };
          say(
            `           server RSS: ${ours.idleRss.toFixed(0)} MB idle, ${ours.endRss.toFixed(0)} MB after ${fmt(docs)} documents pushed and pulled`,
          );
        }
      }
    }
  }
  say(
    `Goals: push and pull at least 2× PouchDB on SQLite and 1× on PostgreSQL; RSS ≤ 150 MB idle, ≤ 400 MB after 20,000.`,
  );
  // The 1.2 kB documents cannot be observations (the 60 real field paths alone take about
  // 2 kB), so the goals are judged on real documents, the same for both. For the record, PouchDB
  // on documents of the size, and our figures on real documents against those.
  say('');
  say(
    `PouchDB on documents of ${fmt(specDocBytes())} B (${DOC_FIELDS - 1} short fields and a ${NOTE_LENGTH}-character note; not observations), docs/s:`,
  );
  say('engine      docs    batch   PouchDB push    pull   our push on real documents against it');
  for (const engine of ENGINES) {
    for (const docs of SIZES) {
      for (const batch of BATCHES) {
        const key = `${engine} ${docs}/${batch}`;
        const p = pouchSpec.get(key)!;
        const o = ourFigures.get(key)!;
        say(
          `${engine.padEnd(10)} ${fmt(docs).padStart(6)} ${String(batch).padStart(6)}   ` +
            `${fmt(p.pushPerS).padStart(12)} ${fmt(p.pullPerS).padStart(7)}   ` +
            `${fmt(o.pushPerS).padStart(6)} (${(o.pushPerS / p.pushPerS).toFixed(2)}×)`,
        );
      }
    }
  }
  say(misses.length ? `MISSED: ${misses.join(', ')}` : 'Every throughput goal met.');
  expect(rss.idle).toBeLessThanOrEqual(150);
  expect(rss.end).toBeLessThanOrEqual(400);
});

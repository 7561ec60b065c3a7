// The server as an operator runs it: a real process, a real data directory.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runAdmin } from '../helpers/admin-command';
import { startServer, tempDir } from '../helpers/server-process';
import type { RunningServer } from '../helpers/server-process';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop('SIGKILL');
});

const digest = (dir: string) =>
  fs
    .readdirSync(dir)
    .sort()
    .map(
      (f) =>
        `${f}:${createHash('sha256')
          .update(fs.readFileSync(path.join(dir, f)))
          .digest('hex')}`,
    );

test('start-up creates the embedded database in the data directory and answers health checks', async () => {
  expect(fs.existsSync(path.join(server.dataDir, 'observations.sqlite'))).toBe(true);
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
});

test('a second server on the same data directory refuses with a clear message and touches nothing', async () => {
  const before = digest(server.dataDir);
  const second = await startServer({ DATA_DIR: server.dataDir }, { waitReady: false });
  const code = await second.exited;
  expect(code).toBe(1);
  expect(second.output().trim()).toBe(
    `Another server (process ${server.proc.pid}) is already using the data directory ${server.dataDir}. ` +
      'Stop it first, or set DATA_DIR to a different folder.',
  );
  expect(digest(server.dataDir)).toEqual(before);
  expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
});

test('a bad environment value stops the server with one line naming the variable', async () => {
  const bad = await startServer({ PORT: 'abc' }, { waitReady: false });
  expect(await bad.exited).toBe(1);
  expect(bad.output()).toBe(
    'Configuration error: PORT must be a whole number from 1 to 65535 (got "abc")\n',
  );
});

test('SIGTERM lets an in-flight request finish, then exits 0 and releases the lock', async () => {
  const own = await startServer();
  // A request whose body is still arriving when the signal comes is in flight for certain.
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      `${own.url}/api/nothing-here`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '11' } },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.write('{"half":');
    setTimeout(() => {
      own.proc.kill('SIGTERM');
      setTimeout(() => req.end('12}'), 300);
    }, 300);
  });
  const { status, body } = await response;
  expect(status).toBe(404);
  expect(JSON.parse(body)).toMatchObject({ error: { code: 'NOT_FOUND' } });
  expect(await own.exited).toBe(0);
  expect(fs.existsSync(path.join(own.dataDir, 'server.lock'))).toBe(false);
  // The next start on the same directory works.
  const again = await startServer({ DATA_DIR: own.dataDir });
  expect((await fetch(`${again.url}/readyz`)).status).toBe(200);
  await again.stop();
});

test('a lock left by a killed server does not block the next start', async () => {
  const own = await startServer();
  await own.stop('SIGKILL');
  expect(fs.existsSync(path.join(own.dataDir, 'server.lock'))).toBe(true);
  const again = await startServer({ DATA_DIR: own.dataDir });
  expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
  await again.stop();
});

test('the data directory, the database and its journal, the lock and backups are the server user’s alone', async () => {
  const mode = (f: string) => fs.statSync(f).mode & 0o777;
  const dataDir = path.join(tempDir('obs-private-'), 'data');
  const env = { DATA_DIR: dataDir };
  const own = await startServer(env);
  try {
    expect(mode(dataDir)).toBe(0o700);
    for (const f of ['observations.sqlite', 'observations.sqlite-wal', 'server.lock'])
      expect([f, mode(path.join(dataDir, f))]).toEqual([f, 0o600]);
  } finally {
    await own.stop();
  }
  const backup = path.join(dataDir, '..', 'backup.sqlite');
  const ran = await runAdmin(env, ['backup', '--to', backup]);
  expect(ran.code, ran.stderr).toBe(0);
  expect(mode(backup)).toBe(0o600);
  // A database an older release left readable by everyone is made private when next opened.
  const db = path.join(dataDir, 'observations.sqlite');
  fs.chmodSync(db, 0o644);
  const again = await startServer(env);
  await again.stop();
  expect(mode(db)).toBe(0o600);
});

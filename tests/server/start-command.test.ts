// `npm start` as an operator's service manager runs it: the command's own process is the server, so
// the stop signal it sends (SIGTERM, or Ctrl+C's SIGINT) stops the server gracefully, and nothing
// is left running without its parent, holding the port and the data directory.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { assertBuilt, freePort, tempDir } from '../helpers/server-process';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/readyz`)).ok;
  } catch {
    return false;
  }
}

async function startCommand(dataDir: string, port: number) {
  const proc = spawn(process.execPath, [path.resolve('scripts/start.mjs')], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  await expect.poll(() => answers(url), { timeout: 30_000, interval: 200 }).toBe(true);
  return { proc, exited, url, output: () => out };
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`${signal} to the start command stops the server: the port closes and the data directory is free again`, async () => {
    assertBuilt();
    const dataDir = tempDir('obs-start-');
    dirs.push(dataDir);
    const port = await freePort();
    const first = await startCommand(dataDir, port);
    first.proc.kill(signal);
    const code = await Promise.race([
      first.exited,
      new Promise<'still running'>((r) => setTimeout(() => r('still running'), 10_000)),
    ]);
    expect(code, first.output()).toBe(0);
    expect(await answers(first.url)).toBe(false);
    // The lock was released, so the next start on the same data directory comes up.
    const second = await startCommand(dataDir, port);
    second.proc.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 90_000);
}

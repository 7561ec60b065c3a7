// Starts the built server (dist/server/server.js) as a real child process, the way an operator
// runs it, on a free port and a data directory of the test's own.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { httpsRequest } from './https-client';

export const SERVER_ENTRY = path.resolve('dist/server/server.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix = 'obs-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export type RunningServer = {
  url: string;
  port: number;
  dataDir: string;
  proc: ChildProcess;
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
};

export function assertBuilt(): void {
  if (!fs.existsSync(SERVER_ENTRY) || !fs.existsSync(path.resolve('dist/app/index.html'))) {
    throw new Error('The app is not built: run `npm run build` first (npm test does this).');
  }
}

export async function startServer(
  env: Record<string, string> = {},
  opts: {
    waitReady?: boolean;
    /** The CA to trust when the server serves HTTPS. */ ca?: string;
    /** Options for node itself, before the entry (e.g. --cpu-prof to profile the server). */
    nodeArgs?: string[];
  } = {},
): Promise<RunningServer> {
  assertBuilt();
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const dataDir = env.DATA_DIR ?? tempDir('obs-data-');
  let out = '';
  const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), SERVER_ENTRY], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      APP_DIR: path.resolve('dist/app'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const url = `${env.TLS_CERT_FILE ? 'https' : 'http'}://127.0.0.1:${port}`;
  const server: RunningServer = {
    url,
    port,
    dataDir,
    proc,
    output: () => out,
    exited,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
  if (opts.waitReady !== false) await waitForReady(server, 20_000, opts.ca);
  return server;
}

export async function waitForReady(
  server: RunningServer,
  timeoutMs = 20_000,
  ca?: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server.proc.exitCode !== null) {
      throw new Error(`server exited with ${server.proc.exitCode}: ${server.output()}`);
    }
    try {
      if (ca) {
        if ((await httpsRequest(`${server.url}/readyz`, { ca })).status === 200) return;
      } else {
        const res = await fetch(`${server.url}/readyz`);
        if (res.ok) return;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server not ready: ${server.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// A tiny origin for real-Chromium tests of the device store: `src/db` bundled with esbuild into a
// temporary directory and served over HTTP on a free port, plus a way to crash the browser the way
// a dying tablet would (SIGKILL, no shutdown) and find what it left on disk.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { build } from 'esbuild';
import { freePort, tempDir } from './server-process';

export type DbTestPage = { url: string; close(): Promise<void> };

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Device store test</title>
<script type="module" src="/db.js"></script></head><body></body></html>`;

export async function serveDbTestPage(): Promise<DbTestPage> {
  const dir = tempDir('obs-db-page-');
  await build({
    entryPoints: [path.resolve('tests/helpers/db-page-entry.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    outfile: path.join(dir, 'db.js'),
    logLevel: 'silent',
  });
  const script = fs.readFileSync(path.join(dir, 'db.js'));
  const server = http.createServer((req, res) => {
    if (req.url === '/db.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    } else if (req.url === '/' || req.url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    } else {
      res.writeHead(404).end();
    }
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        fs.rmSync(dir, { recursive: true, force: true });
      }),
  };
}

/** Process ids of every Chromium process running on this profile (browser, renderers, services). */
export function chromiumPidsFor(profileDir: string): number[] {
  const flag = `--user-data-dir=${profileDir}`;
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue; // ended while we looked
    }
    if (cmdline.split('\0').includes(flag)) pids.push(Number(entry));
  }
  return pids;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Kills every process of this profile's Chromium at once with SIGKILL: no unload, no shutdown, no
 * chance to flush anything. Resolves once they are all gone.
 */
export async function crashChromium(profileDir: string): Promise<number> {
  const pids = chromiumPidsFor(profileDir);
  if (pids.length === 0) throw new Error(`no Chromium process found for ${profileDir}`);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + 10_000;
  while (pids.some(alive)) {
    if (Date.now() > deadline) throw new Error('Chromium did not die after SIGKILL');
    await new Promise((r) => setTimeout(r, 50));
  }
  return pids.length;
}

/** Every file under a directory, for searching what the browser wrote to disk. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));
}

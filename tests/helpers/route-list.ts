// Every route the app serves, read from the app itself, so a test built from a table of routes
// fails when a route is added without an entry.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

/** "METHOD /path" for every route (HEAD, which Fastify adds beside each GET, left out). */
export function listRoutes(app: FastifyInstance): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:│ {3}| {4})*)(?:├── |└── )(.+?)(?: \(([^)]*)\))?$/u.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const full = (stack[depth - 1] ?? '') + m[2]!;
    stack.push(full);
    for (const method of (m[3] ?? '').split(',').map((s) => s.trim())) {
      if (method && method !== 'HEAD') out.push(`${method} ${full}`);
    }
  }
  return [...new Set(out)].sort();
}

/**
 * The routes @fastify/static adds for the built app: one wildcard GET, which looks each file up on
 * disk as it is asked for (and the folder root).
 */
export const APP_FILE_ROUTES: readonly string[] = ['GET *', 'GET /'];

/** The address of every file of the built app, and of its root. */
export function appFileUrls(appDir: string): string[] {
  const out = ['/'];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(`/${path.relative(appDir, full).split(path.sep).join('/')}`);
    }
  };
  if (fs.existsSync(appDir)) walk(appDir);
  return out.sort();
}

// Rebuilds a part of the product when its output is missing or older than any of its sources.
// Shared by `npm start` and `npm run admin`, so neither runs stale code after a change.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');

function newest(target) {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let t = 0;
  for (const e of fs.readdirSync(target, { withFileTypes: true })) {
    t = Math.max(t, newest(path.join(target, e.name)));
  }
  return t;
}

/**
 * Runs `npm run <script>` when `output` is older than the newest of `sources` (paths relative to
 * the repository root). Build output goes to standard error so a command's own output stays clean.
 */
export function buildIfStale({ output, sources, script }) {
  const built = newest(path.join(root, output));
  const sourceTime = Math.max(...sources.map((s) => newest(path.join(root, s))));
  if (built >= sourceTime) return;
  const r = spawnSync('npm', ['run', '--silent', script], {
    cwd: root,
    stdio: ['ignore', process.stderr, 'inherit'],
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

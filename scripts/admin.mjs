// `npm run admin -- <verb>`: builds the server bundle when it is missing or older than the source,
// then runs the admin command (dist/server/admin.js) with the same arguments, standard input and
// exit code. Build output goes to standard error so the command's own output stays clean.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const entry = path.join(root, 'dist/server/admin.js');
const newest = (dir) => {
  let t = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else t = Math.max(t, fs.statSync(p).mtimeMs);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return t;
};
const built = fs.existsSync(entry) ? fs.statSync(entry).mtimeMs : 0;
const sourceTime = Math.max(...['schemas', 'sync-server'].map((d) => newest(path.join(root, d))));
if (built < sourceTime) {
  const b = spawnSync('npm', ['run', '--silent', 'build:server'], {
    cwd: root,
    stdio: ['ignore', process.stderr, 'inherit'],
  });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

const r = spawnSync(process.execPath, [entry, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);

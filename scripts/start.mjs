// `npm start`: builds the app and the server when the build is missing or older than the source,
// then runs the server in this process's place.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
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
const built = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);
const sourceTime = Math.max(
  ...['src', 'schemas', 'sync-server', 'public'].map((d) => newest(path.join(root, d))),
  built(path.join(root, 'index.html')),
  built(path.join(root, 'vite.config.ts')),
);
const run = (args) => {
  const r = spawnSync('npm', ['run', ...args], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
if (built(path.join(root, 'dist/app/index.html')) < sourceTime) run(['build:app']);
if (built(path.join(root, 'dist/server/server.js')) < sourceTime) run(['build:server']);

const r = spawnSync(process.execPath, [path.join(root, 'dist/server/server.js')], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);

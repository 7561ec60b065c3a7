// `npm start`: builds the app and the server when the build is missing or older than the source,
// then runs the server.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildIfStale, root } from './build-if-stale.mjs';

const appSources = ['src', 'schemas', 'public', 'index.html', 'vite.config.ts'];
buildIfStale({ output: 'dist/app/index.html', sources: appSources, script: 'build:app' });
buildIfStale({
  output: 'dist/server/server.js',
  sources: ['schemas', 'sync-server'],
  script: 'build:server',
});

const r = spawnSync(process.execPath, [path.join(root, 'dist/server/server.js')], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);

// `npm run admin -- <verb>`: builds the server bundle when it is missing or older than the source,
// then runs the admin command (dist/server/admin.js) with the same arguments, standard input and
// exit code.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildIfStale, root } from './build-if-stale.mjs';

buildIfStale({
  output: 'dist/server/admin.js',
  sources: ['schemas', 'sync-server'],
  script: 'build:server',
});
const r = spawnSync(
  process.execPath,
  [path.join(root, 'dist/server/admin.js'), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
process.exit(r.status ?? 1);

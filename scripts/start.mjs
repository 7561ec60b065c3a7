// `npm start`: builds the app and the server when the build is missing or older than the source,
// then runs the server in this process. A child process would be left running, holding the port
// and the data directory, when a service manager stops this one with SIGTERM (a synchronous
// spawn cannot pass the signal on); in this process the server's own graceful stop takes it.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildIfStale, root } from './build-if-stale.mjs';

const appSources = ['src', 'schemas', 'public', 'index.html', 'vite.config.ts'];
buildIfStale({ output: 'dist/app/index.html', sources: appSources, script: 'build:app' });
buildIfStale({
  output: 'dist/server/server.js',
  sources: ['schemas', 'sync-server'],
  script: 'build:server',
});

process.chdir(root);
await import(pathToFileURL(path.join(root, 'dist/server/server.js')).href);

// Bundles the sync server and its admin command into dist/server with esbuild. Packages stay
// external (they are installed by npm); our own TypeScript (sync-server/ and schemas/) is bundled.
import { build } from 'esbuild';

await build({
  entryPoints: {
    server: 'sync-server/src/server.ts',
    admin: 'sync-server/src/admin-cli.ts',
  },
  outdir: 'dist/server',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
console.log('built dist/server');

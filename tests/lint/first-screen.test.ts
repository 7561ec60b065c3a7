// The first screen (sign in, unlock) must load little: everything after unlock, and the pages
// read before signing in, load on demand. A static import from the entry's graph of zod, the
// store or the domain schemas would put them all in the first download (it did once: the public
// help page took the first screen from 19 kB to 99 kB gzipped). The bench (tests/bench) measures
// the bytes; this guards the graph.
import { build } from 'esbuild';
import { expect, test } from 'vitest';

test('the entry’s static import graph holds neither zod, Dexie nor the domain schemas', async () => {
  const result = await build({
    entryPoints: ['src/main.tsx'],
    bundle: true,
    splitting: true,
    format: 'esm',
    write: false,
    outdir: 'out',
    metafile: true,
    logLevel: 'silent',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    loader: { '.scss': 'empty', '.css': 'empty' },
  });
  const inputs = result.metafile.inputs;
  const reached = new Set(['src/main.tsx']);
  const queue = ['src/main.tsx'];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const i of inputs[file]?.imports ?? []) {
      if (i.kind !== 'import-statement' || reached.has(i.path)) continue;
      reached.add(i.path);
      queue.push(i.path);
    }
  }
  const heavy = [...reached].filter(
    (f) =>
      f.startsWith('node_modules/zod/') ||
      f.startsWith('node_modules/dexie/') ||
      f.startsWith('schemas/'),
  );
  expect(heavy).toEqual([]);
  // And the entry is reached at all: the graph was walked.
  expect(reached.has('src/app/app.tsx')).toBe(true);
});

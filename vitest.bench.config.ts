import { defineConfig } from 'vitest/config';

// Benchmarks (tests/bench/): not part of `npm test` (vitest.config.ts does not include them); run
// with `npm run bench`, which builds first (the tablet benchmark serves the built app, the sync
// benchmarks start the built server). One file at a time, so they do not share the machine's two
// cores, with their output printed as it comes.
export default defineConfig({
  test: {
    name: 'bench',
    environment: 'node',
    include: ['tests/bench/**/*.bench.ts'],
    fileParallelism: false,
    testTimeout: 3_600_000,
    hookTimeout: 1_800_000,
    disableConsoleIntercept: true,
    reporters: ['verbose'],
  },
});

import { defineConfig } from 'vitest/config';

// Benchmarks (tests/bench/): not part of `npm test` (vitest.config.ts does not include them); run
// with `npm run bench`. One file at a time, so they do not share the machine's two cores, and with
// their output printed as it comes.
export default defineConfig({
  test: {
    name: 'bench',
    environment: 'node',
    include: ['tests/bench/**/*.bench.ts'],
    fileParallelism: false,
    testTimeout: 3_600_000,
    hookTimeout: 600_000,
    disableConsoleIntercept: true,
  },
});

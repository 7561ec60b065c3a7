import { defineConfig } from 'vitest/config';

// Benchmarks: not part of `npm test`. Each file prints its figures; run with `npm run bench`.
export default defineConfig({
  test: {
    include: ['tests/bench/**/*.bench.ts'],
    environment: 'node',
    testTimeout: 1_800_000,
    hookTimeout: 1_800_000,
    fileParallelism: false,
    reporters: ['verbose'],
  },
});

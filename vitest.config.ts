import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';

// Four projects, so each runs in the environment it needs: the shared domain and the server in
// Node, the client in happy-dom with fake-indexeddb, and real-Chromium tests one file at a time.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['schemas/**/*.test.ts', 'tests/lint/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        plugins: [preact()],
        test: {
          name: 'client',
          environment: 'happy-dom',
          include: ['src/**/*.test.{ts,tsx}'],
          setupFiles: ['tests/helpers/client-setup.ts'],
        },
      },
      {
        test: {
          name: 'server',
          environment: 'node',
          include: ['tests/server/**/*.test.ts', 'tests/storage/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          environment: 'node',
          include: ['tests/browser/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

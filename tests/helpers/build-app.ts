// Builds the Fastify app in-process on a fresh SQLite or PostgreSQL database, for `inject` tests.
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../sync-server/src/app';
import type { BuildOptions } from '../../sync-server/src/app';
import { openStorage } from '../../sync-server/src/storage/storage';
import type { Storage } from '../../sync-server/src/storage/storage';
import type { EngineFixture } from './engines';
import { sqliteEngine } from './engines';

export type TestApp = { app: FastifyInstance; storage: Storage; close(): Promise<void> };

export const TEST_CONFIG = {
  appDir: path.resolve('dist/app'),
  RATE_LIMIT_PER_MINUTE: 100_000,
  TRUST_PROXY: false,
  LOG_LEVEL: 'silent',
  SESSION_TTL_HOURS: 720,
  // Suites sign in many times from one address; the sign-in limit has a test of its own.
  SIGN_IN_RATE_LIMIT_PER_MINUTE: 100_000,
} as const;

export async function buildTestApp(
  engine: EngineFixture = sqliteEngine,
  config: Partial<BuildOptions['config']> = {},
): Promise<TestApp | null> {
  const fixture = await engine.create();
  if (!fixture) return null;
  const storage = openStorage(fixture.target);
  await storage.migrate();
  const app = await buildApp({ config: { ...TEST_CONFIG, ...config }, storage, logger: false });
  await app.ready();
  return {
    app,
    storage,
    async close() {
      await app.close();
      await storage.close();
      await fixture.dispose();
    },
  };
}

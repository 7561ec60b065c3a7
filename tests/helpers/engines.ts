// The storage engines every contract suite runs against: a fresh SQLite file and a fresh
// PostgreSQL database per suite.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StorageTarget } from '../../sync-server/src/storage/engines';
import { createTestDatabase, requirePostgres } from './postgres';

export type EngineFixture = {
  name: 'sqlite' | 'postgres';
  /** null when the engine is unavailable here (only outside CI). */
  create(): Promise<{ target: StorageTarget; dispose(): Promise<void> } | null>;
};

export const sqliteEngine: EngineFixture = {
  name: 'sqlite',
  async create() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-sqlite-'));
    return {
      target: { engine: 'sqlite', file: path.join(dir, 'observations.sqlite') },
      async dispose() {
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

export const postgresEngine: EngineFixture = {
  name: 'postgres',
  async create() {
    if (!(await requirePostgres('PostgreSQL storage suite'))) return null;
    const db = await createTestDatabase();
    return { target: { engine: 'postgres', url: db.url }, dispose: () => db.drop() };
  },
};

export const ENGINES: EngineFixture[] = [sqliteEngine, postgresEngine];

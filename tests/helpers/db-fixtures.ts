// Builders for the device store's tests: a fresh database per test, server records and pull
// pages shaped like the sync server's, and raw reads that bypass the store's own code.
import { randomUUID } from 'node:crypto';
import { createRecordCipher, generateDataKey } from '../../src/db/cipher';
import type { RecordCipher } from '../../src/db/cipher';
import { LocalDatabase } from '../../src/db/database';
import type { OutboxRow, RecordRow } from '../../src/db/database';
import type { PullResponse } from '../../schemas/sync/pull';
import type { Mutation } from '../../schemas/sync/push';
import type { SyncRecord } from '../../schemas/sync/records';

export type TestStore = { db: LocalDatabase; cipher: RecordCipher; close(): Promise<void> };

export const SCOPE = 'scope-practice-group-a';
export const OWNER = 'user-observer-0001';

export const newId = (): string => randomUUID();

export async function freshStore(name = `obs-test-${randomUUID()}`): Promise<TestStore> {
  const db = new LocalDatabase(name);
  await db.open();
  const cipher = createRecordCipher(generateDataKey());
  return {
    db,
    cipher,
    async close() {
      db.close();
      await LocalDatabase.delete(name);
    },
  };
}

export function serverRecord(overrides: Partial<SyncRecord> & { id: string }): SyncRecord {
  return {
    type: 'observation',
    scopeId: SCOPE,
    parentId: null,
    ownerId: OWNER,
    version: 1,
    deleted: false,
    fields: {},
    conflicts: [],
    createdAt: '2026-05-01T09:00:00.000Z',
    updatedAt: '2026-05-01T09:00:00.000Z',
    ...overrides,
  };
}

let pageNo = 0;
export function pullPage(overrides: Partial<PullResponse> = {}): PullResponse {
  pageNo++;
  return {
    records: [],
    evict: [],
    cursor: `cursor-${pageNo}`,
    hasMore: false,
    lastMutationId: 0,
    reset: false,
    serverTime: '2026-05-01T10:00:00.000Z',
    ...overrides,
  };
}

export async function rawRecords(db: LocalDatabase): Promise<RecordRow[]> {
  return db.records.toArray();
}

export async function rawOutbox(db: LocalDatabase): Promise<OutboxRow[]> {
  return db.outbox.orderBy('id').toArray();
}

export async function outboxMutations(store: TestStore): Promise<Mutation[]> {
  const rows = await rawOutbox(store.db);
  return rows.map((r) => store.cipher.open<Mutation>({ table: 'outbox', key: r.id }, r.blob));
}

export async function metaValue(db: LocalDatabase, key: string): Promise<unknown> {
  return (await db.meta.get(key))?.value;
}

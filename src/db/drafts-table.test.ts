// Form drafts and rescued typing have a table of their own (`drafts`), so a write handed over as
// the page goes never waits behind a save or a sync holding `meta`; the upgrade that made it keeps
// every row written before; a live count of unfinished work follows writes made without Dexie.
import { randomUUID } from 'node:crypto';
import { Dexie } from 'dexie';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { freshStore } from '../../tests/helpers/db-fixtures';
import type { TestStore } from '../../tests/helpers/db-fixtures';
import { createRecordCipher, generateDataKey } from './cipher';
import { LocalDatabase } from './database';
import { watch } from './live';
import { applyRescues, rescueNow } from './rescue';
import type { Rescue } from './rescue';
import { getRecord } from './read-records';
import { localOnlyWork, readSealed, writeSealedNow } from './session-store';

let store: TestStore;
beforeEach(async () => {
  store = await freshStore();
});
afterEach(async () => {
  await store.close();
});

const RECORD = 'drafted-obs-0001';
const rescue = (text: string): Rescue => ({
  recordId: RECORD,
  type: 'observation',
  scopeId: 'scope-0000000001',
  changes: { 'summary.strengths': text },
  at: new Date().toISOString(),
  token: randomUUID(),
});

/**
 * Holds a read-write transaction on `meta` (as a save or a pull being written does) through a
 * connection of its own until the returned release is called.
 */
async function holdMeta(name: string): Promise<() => Promise<void>> {
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    const r = indexedDB.open(name);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  let release = false;
  const done = new Promise<void>((resolve) => {
    const tx = idb.transaction('meta', 'readwrite');
    tx.oncomplete = () => resolve();
    const meta = tx.objectStore('meta');
    const spin = () => {
      if (!release) meta.get('held').onsuccess = spin;
    };
    spin();
  });
  // The hold has begun once a request of it has run.
  await new Promise((r) => setTimeout(r, 20));
  return async () => {
    release = true;
    await done;
    idb.close();
  };
}

const within = <T>(ms: number, p: Promise<T>) =>
  Promise.race([
    p.then(() => 'done' as const),
    new Promise<'waiting'>((r) => setTimeout(() => r('waiting'), ms)),
  ]);

test('a form draft and a rescue handed over while `meta` is held are committed at once', async () => {
  const release = await holdMeta(store.db.name);
  try {
    const written = writeSealedNow(store.db, store.cipher, 'scratch:form:concern:new', {
      what: 'The child said she was scared to go home.',
    });
    expect(await within(1_000, written)).toBe('done');
    rescueNow(store.db, store.cipher, 'strengths', rescue('Typed as the page went'));
    await expect
      .poll(() => store.db.drafts.where('key').startsWith('sealed:scratch:rescue:').count())
      .toBe(1);
  } finally {
    await release();
  }
  expect(await localOnlyWork(store.db, store.cipher)).toEqual({ unfinished: 2, refused: 0 });
  expect(await store.db.meta.where('key').startsWith('sealed:scratch:').count()).toBe(0);
});

test('a live count of unfinished work follows a draft written without Dexie', async () => {
  const counts: number[] = [];
  const stop = watch(
    () => localOnlyWork(store.db, store.cipher),
    (w) => counts.push(w.unfinished),
    () => undefined,
  );
  try {
    await expect.poll(() => counts).toEqual([0]);
    await writeSealedNow(store.db, store.cipher, 'scratch:form:call:obs-1', { note: 'No answer' });
    await expect.poll(() => counts.at(-1)).toBe(1);
    rescueNow(store.db, store.cipher, 'strengths', rescue('More words'));
    await expect.poll(() => counts.at(-1)).toBe(2);
  } finally {
    stop();
  }
});

test('the upgrade moves the drafts kept in `meta` to their own table, where they still open', async () => {
  const name = `obs-test-${randomUUID()}`;
  const cipher = createRecordCipher(generateDataKey());
  // The store as version 3 left it: everything sealed in `meta`.
  const old = new Dexie(name);
  old.version(1).stores({
    records: 'id, type, [type+status], parentId, updatedAt, version, pending',
    outbox: 'id, recordId',
    rejections: 'id, recordId',
    meta: 'key',
  });
  old.version(2).stores({ concerns: 'id, at' });
  old.version(3).stores({ listing: 'id, type, [type+status], parentId' });
  await old.open();
  const sealedRow = (key: string, value: unknown) => ({
    key,
    value: cipher.seal({ table: 'meta', key }, value),
  });
  const formKey = 'sealed:scratch:form:concern:new';
  const rescueKey = `sealed:scratch:rescue:strengths:${RECORD}`;
  await old
    .table('meta')
    .bulkPut([
      sealedRow(formKey, { what: 'Kept from before the update' }),
      sealedRow(rescueKey, rescue('Rescued before the update')),
      sealedRow(`sealed:scratch:${RECORD}`, { 'context.caseId': 'AB-1' }),
      sealedRow('sealed:settings', { offlineUnlockDays: 7 }),
    ]);
  old.close();

  const db = new LocalDatabase(name);
  await db.open();
  try {
    expect((await db.drafts.toCollection().primaryKeys()).sort()).toEqual(
      [formKey, rescueKey].sort(),
    );
    expect((await db.meta.toCollection().primaryKeys()).sort()).toEqual(
      [`sealed:scratch:${RECORD}`, 'sealed:settings'].sort(),
    );
    expect(await readSealed(db, cipher, 'scratch:form:concern:new')).toEqual({
      what: 'Kept from before the update',
    });
    expect(await localOnlyWork(db, cipher)).toEqual({ unfinished: 3, refused: 0 });
    expect(await applyRescues(db, cipher)).toEqual({ applied: 1, leftFor: [] });
    expect((await getRecord(db, cipher, RECORD))?.fields['summary.strengths']).toBe(
      'Rescued before the update',
    );
  } finally {
    db.close();
    await Dexie.delete(name);
  }
});

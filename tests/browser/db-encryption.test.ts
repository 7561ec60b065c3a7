// Encryption at rest, in real Chromium: after a user saves a note naming a child's case and a
// practitioner, nothing in IndexedDB (read through the browser's own API, and the files on disk)
// contains those words, while the store itself reads them back.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchTablet } from '../helpers/browser';
import type { Tablet } from '../helpers/browser';
import type { ObsDbApi } from '../helpers/db-page-entry';
import { filesUnder, serveDbTestPage } from '../helpers/db-test-page';
import type { DbTestPage } from '../helpers/db-test-page';

const MARKERS = {
  note: 'Marker note zxqv-sensitive-7731',
  caseId: 'CASE-ZX7731Q',
  name: 'Philippa Quixbury-Marchbanks',
};
const RECORD_ID = 'observation-plain-id-0001';
const SERVER_RECORD_ID = 'observation-plain-id-0002';
const USER_ID = 'user-encryption-0001';

let site: DbTestPage;
let tablet: Tablet;
let page: Page;
const key = [...randomBytes(32)];

beforeAll(async () => {
  site = await serveDbTestPage();
  tablet = await launchTablet();
  page = await tablet.context.newPage();
  await page.goto(site.url);
  await page.waitForFunction(() => 'obsDb' in window);
});
afterAll(async () => {
  await tablet?.context.close();
  await site?.close();
  if (tablet) fs.rmSync(tablet.profileDir, { recursive: true, force: true });
});

test('the store reads back what it saved, through every table', async () => {
  const read = await page.evaluate(
    async ({ key, userId, recordId, serverRecordId, markers }) => {
      const api = (window as unknown as { obsDb: ObsDbApi }).obsDb;
      const { db, cipher } = await api.openLocalStore(userId, new Uint8Array(key));
      const changes = {
        kind: 'frontline-practice',
        status: 'draft',
        'summary.strengths': markers.note,
        'context.caseId': markers.caseId,
        'context.observedName': markers.name,
      };
      await api.saveFields(db, cipher, {
        recordId,
        type: 'observation',
        scopeId: 'scope-plain-0001',
        changes,
      });
      // A second edit the server refuses, so the rejections table holds the markers too.
      await api.saveFields(db, cipher, {
        recordId,
        type: 'observation',
        changes: { 'summary.reflection': markers.note },
      });
      await api.recordPushResults(db, cipher, {
        results: [
          { id: 1, status: 'applied' },
          { id: 2, status: 'rejected', code: 'INVALID', message: 'Refused' },
        ],
        lastMutationId: 2,
        serverTime: new Date().toISOString(),
      });
      // And a record from the server with a conflict, so synced copies are covered.
      await api.applyPullPage(db, cipher, {
        records: [
          {
            id: serverRecordId,
            type: 'observation',
            scopeId: 'scope-plain-0001',
            parentId: null,
            ownerId: 'user-other-0001',
            version: 3,
            deleted: false,
            fields: { ...changes, 'summary.reflection': markers.note },
            conflicts: [
              {
                id: 'conflict-plain-0001',
                path: 'summary.reflection',
                kind: 'text',
                current: markers.note,
                incoming: `${markers.name} ${markers.caseId}`,
                deviceId: 'device-other-0001',
                userId: 'user-other-0001',
                at: new Date().toISOString(),
              },
            ],
            createdAt: new Date().toISOString(),
            updatedAt: new Date().toISOString(),
          },
        ],
        evict: [],
        cursor: 'cursor-plain-0001',
        hasMore: true,
        lastMutationId: 0,
        reset: false,
        serverTime: new Date().toISOString(),
      });
      const mine = await api.getRecord(db, cipher, recordId);
      const theirs = await api.getRecord(db, cipher, serverRecordId);
      const outbox = await api.pendingMutations(db, cipher);
      const refused = await api.listRejections(db, cipher);
      db.close();
      return { mine, theirs, outbox, refused, dbName: db.name };
    },
    {
      key,
      userId: USER_ID,
      recordId: RECORD_ID,
      serverRecordId: SERVER_RECORD_ID,
      markers: MARKERS,
    },
  );
  expect(read.mine?.fields).toMatchObject({
    'summary.strengths': MARKERS.note,
    'context.caseId': MARKERS.caseId,
    'context.observedName': MARKERS.name,
    'summary.reflection': MARKERS.note,
  });
  expect(read.theirs?.conflicts[0]?.incoming).toBe(`${MARKERS.name} ${MARKERS.caseId}`);
  // Both edits were answered by the push, so nothing is left to send; the outbox still holds them
  // until a final pull acknowledges them.
  expect(read.outbox).toEqual([]);
  expect(read.refused[0]?.mutation.set).toEqual({ 'summary.reflection': MARKERS.note });
  expect(read.dbName).toMatch(/^obs-[0-9a-f]{64}$/);
});

/** Every database, store, key and value of this origin, as text (bytes as latin1 and UTF-8). */
async function dumpIndexedDb(page: Page) {
  return page.evaluate(async () => {
    const parts: string[] = [];
    const counts = { databases: 0, stores: 0, values: 0 };
    const seen = new Set<unknown>();
    const bytesText = (bytes: Uint8Array) =>
      String.fromCharCode(...bytes) + '\n' + new TextDecoder().decode(bytes);
    const walk = (value: unknown): void => {
      if (value === null || value === undefined) return;
      if (typeof value !== 'object') {
        parts.push(String(value));
        return;
      }
      if (seen.has(value)) return;
      seen.add(value);
      if (value instanceof ArrayBuffer) parts.push(bytesText(new Uint8Array(value)));
      else if (ArrayBuffer.isView(value))
        parts.push(bytesText(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)));
      else if (Array.isArray(value)) value.forEach(walk);
      else
        for (const [k, v] of Object.entries(value)) {
          parts.push(k);
          walk(v);
        }
    };
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      counts.databases++;
      parts.push(info.name);
      const db = await request(indexedDB.open(info.name));
      for (const storeName of Array.from(db.objectStoreNames)) {
        counts.stores++;
        parts.push(storeName);
        const store = db.transaction(storeName, 'readonly').objectStore(storeName);
        await new Promise<void>((resolve, reject) => {
          const cursor = store.openCursor();
          cursor.onerror = () => reject(cursor.error);
          cursor.onsuccess = () => {
            const c = cursor.result;
            if (!c) return resolve();
            counts.values++;
            walk(c.primaryKey);
            walk(c.value);
            c.continue();
          };
        });
      }
      db.close();
    }
    return { text: parts.join('\n'), counts };
  });
}

test('no database, store, key or value of the origin contains the markers', async () => {
  const { text, counts } = await dumpIndexedDb(page);
  // The dump really read the data: plain columns are there, in every store of the schema
  // (records, outbox, rejections, meta, concerns, listing, drafts).
  expect(counts).toMatchObject({ databases: 1, stores: 7 });
  expect(counts.values).toBeGreaterThanOrEqual(7);
  expect(text).toContain(RECORD_ID);
  expect(text).toContain(SERVER_RECORD_ID);
  expect(text).toContain('frontline-practice');
  expect(text).toContain('cursor-plain-0001');
  for (const marker of Object.values(MARKERS)) expect(text).not.toContain(marker);
  // Nor any fragment long enough to identify someone.
  expect(text).not.toContain('Quixbury');
  expect(text).not.toContain('ZX7731Q');
  expect(text).not.toContain(USER_ID);
});

test("the files Chromium wrote for the origin's IndexedDB do not contain the markers", async () => {
  // Closing the browser flushes everything it holds to disk.
  await tablet.context.close();
  const files = filesUnder(path.join(tablet.profileDir, 'Default', 'IndexedDB'));
  expect(files.length).toBeGreaterThan(0);
  const contents = files.map((f) => fs.readFileSync(f));
  const onDisk = (s: string) =>
    contents.some(
      (c) => c.includes(Buffer.from(s, 'utf8')) || c.includes(Buffer.from(s, 'utf16le')),
    );
  // The search can see what is there: a plain id is found on disk.
  expect(onDisk(RECORD_ID)).toBe(true);
  for (const marker of [...Object.values(MARKERS), 'Quixbury', 'ZX7731Q', USER_ID]) {
    expect(onDisk(marker), marker).toBe(false);
  }
  tablet = await launchTablet({ profileDir: tablet.profileDir });
});

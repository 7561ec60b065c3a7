// "Saved on this device" must survive the tablet dying: once saveFields resolves, the edit and its
// outbox entry are on disk. Chromium is killed with SIGKILL (no unload, no shutdown), relaunched on
// the same profile, and the store is read back.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchTablet } from '../helpers/browser';
import type { Tablet } from '../helpers/browser';
import type { ObsDbApi } from '../helpers/db-page-entry';
import { crashChromium, serveDbTestPage } from '../helpers/db-test-page';
import type { DbTestPage } from '../helpers/db-test-page';

const USER_ID = 'user-durability-0001';
const key = [...randomBytes(32)];

let site: DbTestPage;
let tablet: Tablet | undefined;
const profiles = new Set<string>();

beforeAll(async () => {
  site = await serveDbTestPage();
});
afterAll(async () => {
  await tablet?.context.close().catch(() => undefined);
  await site?.close();
  for (const dir of profiles) fs.rmSync(dir, { recursive: true, force: true });
});

async function openPage(profileDir?: string): Promise<Page> {
  if (!profileDir) await tablet?.context.close().catch(() => undefined);
  tablet = await launchTablet(profileDir ? { profileDir } : {});
  profiles.add(tablet.profileDir);
  const page = await tablet.context.newPage();
  await page.goto(site.url);
  await page.waitForFunction(() => 'obsDb' in window);
  return page;
}

/** Kills the browser outright and starts it again on the same profile. */
async function crashAndRelaunch(): Promise<Page> {
  const { profileDir, context } = tablet!;
  const killed = await crashChromium(profileDir);
  expect(killed).toBeGreaterThan(0);
  // Playwright notices the dead browser; the old context is gone and is not closed politely.
  await context.close().catch(() => undefined);
  return openPage(profileDir);
}

type Snapshot = {
  record: { fields: Record<string, unknown>; pending: boolean } | undefined;
  outbox: { id: number; recordId: string; set?: Record<string, unknown> }[];
  state: { nextMutationId: number };
};

async function readBack(page: Page, recordId: string): Promise<Snapshot> {
  return page.evaluate(
    async ({ key, userId, recordId }) => {
      const api = (window as unknown as { obsDb: ObsDbApi }).obsDb;
      const { db, cipher } = await api.openLocalStore(userId, new Uint8Array(key));
      const record = await api.getRecord(db, cipher, recordId);
      const outbox = await api.pendingMutations(db, cipher, 10_000);
      const state = await api.readSyncState(db);
      db.close();
      return { record, outbox, state };
    },
    { key, userId: USER_ID, recordId },
  );
}

test('an edit whose save resolved is there after SIGKILL, with its outbox entry', async () => {
  const page = await openPage();
  const recordId = 'observation-durable-0001';
  const saved = await page.evaluate(
    async ({ key, userId, recordId }) => {
      const api = (window as unknown as { obsDb: ObsDbApi }).obsDb;
      const { db, cipher } = await api.openLocalStore(userId, new Uint8Array(key));
      const result = await api.saveFields(db, cipher, {
        recordId,
        type: 'observation',
        scopeId: 'scope-durable-0001',
        changes: { status: 'draft', 'summary.strengths': 'Typed just before the battery died' },
      });
      // The connection stays open, as it would in the app: the crash comes with no warning.
      return result.mutationId;
    },
    { key, userId: USER_ID, recordId },
  );
  expect(saved).toBe(1);

  const after = await readBack(await crashAndRelaunch(), recordId);
  expect(after.record).toMatchObject({
    pending: true,
    fields: { status: 'draft', 'summary.strengths': 'Typed just before the battery died' },
  });
  expect(after.outbox.map((m) => [m.id, m.recordId])).toEqual([[1, recordId]]);
  expect(after.state.nextMutationId).toBe(2);
});

test('killed in the middle of a burst of saves: every resolved save survives, none half-written', async () => {
  const page = await openPage();
  const recordId = 'observation-burst-0001';
  // Saves one after another for as long as the page lives, counting those that resolved.
  await page.evaluate(
    ({ key, userId, recordId }) => {
      const api = (window as unknown as { obsDb: ObsDbApi }).obsDb;
      const w = window as unknown as { resolved: number };
      w.resolved = 0;
      void (async () => {
        const { db, cipher } = await api.openLocalStore(userId, new Uint8Array(key));
        for (let i = 0; ; i++) {
          await api.saveFields(db, cipher, {
            recordId,
            type: 'observation',
            scopeId: 'scope-durable-0001',
            changes: { 'summary.strengths': `Edit ${i}`, [`responses.item${i % 7}.value`]: i },
          });
          w.resolved = i + 1;
        }
      })();
    },
    { key, userId: USER_ID, recordId },
  );
  await page.waitForFunction(() => (window as unknown as { resolved: number }).resolved >= 25);
  const resolvedAtLeast = await page.evaluate(
    () => (window as unknown as { resolved: number }).resolved,
  );

  const after = await readBack(await crashAndRelaunch(), recordId);
  const burst = after.outbox.filter((m) => m.recordId === recordId);
  expect(burst.length).toBeGreaterThanOrEqual(resolvedAtLeast);
  // A fresh tablet: ids run from 1 without a gap, and the counter is past the last one.
  const ids = after.outbox.map((m) => m.id);
  expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => i + 1));
  expect(after.state.nextMutationId).toBe(ids.length + 1);
  // The record shows exactly the last edit that reached the outbox: never one without the other.
  const last = burst.at(-1);
  expect(after.record?.fields['summary.strengths']).toBe(last?.set?.['summary.strengths']);
  expect(after.record?.fields['summary.strengths']).toBe(`Edit ${burst.length - 1}`);
});

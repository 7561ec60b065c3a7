// What encryption at rest costs the tablet, measured in real Chromium on the device store alone:
// autosave (an edit and its outbox entry in one transaction) with 2,000 observations stored, and
// applying the first sync's pages of 5,000 observations, each with the real AES-GCM cipher and
// with a cipher that only encodes (the same work but for encryption).
import { afterAll, beforeAll, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchTablet } from '../helpers/browser';
import type { Tablet } from '../helpers/browser';
import { serveDbTestPage } from '../helpers/db-test-page';
import type { DbTestPage } from '../helpers/db-test-page';
import type { ObsDbApi } from '../helpers/db-page-entry';
import { observationFields } from '../helpers/seed-observations';

let site: DbTestPage;
let tablet: Tablet;
let page: Page;

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
});

test('autosave and first-sync cost, with and without encryption', async () => {
  const fields = observationFields(1, 'scope-service-0001');
  const result = await page.evaluate(async (sample) => {
    const db = (window as unknown as { obsDb: ObsDbApi }).obsDb;
    const enc = new TextEncoder();
    const dec = new TextDecoder();
    const plain = {
      seal: (_slot: unknown, value: unknown) => enc.encode(JSON.stringify(value)),
      open: <T>(_slot: unknown, blob: Uint8Array) => JSON.parse(dec.decode(blob)) as T,
      wipe: () => undefined,
    };
    const stats = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return { median: s[Math.floor(s.length / 2)]!, p95: s[Math.ceil(s.length * 0.95) - 1]! };
    };
    const out: Record<string, unknown> = {};
    for (const mode of ['encrypted', 'plain'] as const) {
      const local = await db.openLocalDatabase(`bench-${mode}-${Math.random()}`);
      const cipher = mode === 'encrypted' ? db.createRecordCipher(db.generateDataKey()) : plain;
      // First sync: 10 pages of 500 observations.
      const pageTimes: number[] = [];
      let n = 0;
      const t0 = performance.now();
      for (let p = 0; p < 10; p++) {
        const records = Array.from({ length: 500 }, () => {
          n++;
          return {
            id: `bench-obs-${String(n).padStart(6, '0')}`,
            type: 'observation' as const,
            scopeId: 'scope-practice-group-a',
            parentId: null,
            ownerId: 'user-observer-0001',
            version: n,
            deleted: false,
            fields: { ...sample, 'context.caseId': `AB-${n}` },
            conflicts: [],
            createdAt: '2026-05-01T09:00:00.000Z',
            updatedAt: '2026-05-01T09:00:00.000Z',
          };
        });
        const s = performance.now();
        await db.applyPullPage(
          local,
          cipher,
          {
            records,
            evict: [],
            cursor: `c${p}`,
            hasMore: p < 9,
            lastMutationId: 0,
            reset: false,
            serverTime: '2026-05-01T09:00:00.000Z',
          },
          { at: new Date() },
        );
        pageTimes.push(performance.now() - s);
      }
      const syncMs = performance.now() - t0;
      // Autosave: 200 edits to one record, with the 5,000 stored.
      const saves: number[] = [];
      for (let i = 0; i < 200; i++) {
        const s = performance.now();
        await db.saveFields(local, cipher, {
          recordId: 'bench-obs-000001',
          type: 'observation',
          changes: { 'summary.strengths': `Edit ${i} `.repeat(40) },
        });
        saves.push(performance.now() - s);
      }
      out[mode] = { syncMs, pageMs: stats(pageTimes), save: stats(saves) };
      local.close();
    }
    return out;
  }, fields);
  const e = result['encrypted'] as {
    syncMs: number;
    pageMs: { median: number };
    save: { median: number; p95: number };
  };
  const p = result['plain'] as typeof e;
  console.log(
    `autosave with encryption: median ${e.save.median.toFixed(2)} ms, p95 ${e.save.p95.toFixed(2)} ms`,
  );
  console.log(
    `autosave without encryption: median ${p.save.median.toFixed(2)} ms, p95 ${p.save.p95.toFixed(2)} ms`,
  );
  console.log(
    `first sync of 5,000 observations (10 pages applied) with encryption: ${(e.syncMs / 1000).toFixed(2)} s (${Math.round(5000 / (e.syncMs / 1000))} records/s, median page ${e.pageMs.median.toFixed(0)} ms)`,
  );
  console.log(
    `first sync of 5,000 observations without encryption: ${(p.syncMs / 1000).toFixed(2)} s (${Math.round(5000 / (p.syncMs / 1000))} records/s, median page ${p.pageMs.median.toFixed(0)} ms)`,
  );
  console.log(
    `encryption adds ${(e.save.median - p.save.median).toFixed(2)} ms to a median save and ${((e.syncMs - p.syncMs) / 1000).toFixed(2)} s to the first sync of 5,000`,
  );
}, 900_000);

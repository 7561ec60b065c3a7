// The tablet's sync in real Chromium against the real server on loopback: the first sync of a new
// tablet that has to download 5,000 observations (records per second, total time; budget 10 s),
// and the round trip after one edit (push and pull; budget 300 ms). Figures come from the sync
// engine's own User Timing (`obs:sync:*`).
import { afterAll, beforeAll, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchTablet, waitForServiceWorkerControl } from '../helpers/browser';
import type { Tablet } from '../helpers/browser';
import { PASSWORD, signInFirstTime, startWorld, syncNow } from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { seedObservations } from '../helpers/seed-observations';

const COUNT = Number(process.env.BENCH_SYNC_OBSERVATIONS ?? 5_000);
let world: World;
let tablet: Tablet;
let page: Page;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)] ?? NaN;

beforeAll(async () => {
  world = await startWorld();
  const service = await world.addScope('Children in need', 'service');
  const group = await world.addScope('CIN team 2', 'practice-group', service);
  await world.addUser({
    email: 'sam@example.org',
    role: 'observer',
    name: 'Sam Patel',
    scopeIds: [group],
  });
  await seedObservations({
    baseUrl: world.server.url,
    email: 'sam@example.org',
    password: PASSWORD,
    scopeId: group,
    serviceId: service,
    count: COUNT,
  });
  tablet = await launchTablet();
  page = await tablet.context.newPage();
  await page.goto(world.server.url);
  await waitForServiceWorkerControl(page);
}, 900_000);

afterAll(async () => {
  await tablet?.context.close();
  await world?.stop();
});

test(`first sync of ${COUNT} observations, and the round trip after one edit`, async () => {
  const t0 = Date.now();
  await signInFirstTime(page, world.server.url, 'sam@example.org');
  await page.waitForFunction(
    () =>
      performance
        .getEntriesByType('measure')
        .some(
          (m) =>
            m.name === 'obs:sync:synced' &&
            (m as PerformanceMeasure & { detail?: { pulledPages?: number } }).detail?.pulledPages,
        ),
    undefined,
    { timeout: 600_000 },
  );
  const wall = (Date.now() - t0) / 1000;
  const first = await page.evaluate(() => {
    const m = performance
      .getEntriesByType('measure')
      .find((e) => e.name === 'obs:sync:synced') as PerformanceMeasure & {
      detail: { pulledPages: number };
    };
    return { ms: m.duration, pages: m.detail.pulledPages };
  });
  const rate = COUNT / (first.ms / 1000);
  console.log(
    `first sync of ${COUNT} observations: ${(first.ms / 1000).toFixed(2)} s in ${first.pages} pages, ${Math.round(rate)} records/s (budget 10 s: ${first.ms <= 10_000 ? 'met' : 'MISSED'}); sign-in to synced ${wall.toFixed(1)} s`,
  );

  // One edit, then "send now": push it and pull, timed by the engine.
  await page.getByRole('link', { name: 'New observation' }).click();
  await page.getByLabel('Frontline practice observation', { exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('link', { name: 'Strengths and areas for development' }).click();
  const trips: number[] = [];
  for (let i = 0; i < 15; i++) {
    await page.getByLabel('Strengths').fill(`Round trip ${i}`);
    await page.getByTestId('save-status').filter({ hasText: 'Saved on this device' }).waitFor();
    await page.evaluate(() => performance.clearMeasures());
    await syncNow(page);
    const ms = await page.evaluate(() =>
      performance
        .getEntriesByType('measure')
        .filter((m) => m.name === 'obs:sync:synced')
        .map((m) => m.duration),
    );
    trips.push(...ms);
    await page.goBack();
    await page.getByLabel('Strengths').waitFor();
  }
  console.log(
    `round trip after one edit (push + pull), ${trips.length} runs: median ${median(trips).toFixed(1)} ms, p95 ${p95(trips).toFixed(1)} ms (budget 300 ms: ${median(trips) <= 300 ? 'met' : 'MISSED'})`,
  );
}, 1_800_000);

// Two windows of the app on one tablet (two tabs of one browser: one device id, one database),
// signed in as the same person, with the same note open, in real Chromium. A window not being
// typed in shows what the other saved; words typed in both within the autosave's pause are merged
// when they touch different parts of the note, and otherwise both are kept and shown to the
// person in both windows, who settles them: neither window's words are ever silently replaced.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchTablet, waitForServiceWorkerControl } from '../helpers/browser';
import type { Tablet } from '../helpers/browser';
import {
  addObserverAndQaLead,
  signInFirstTime,
  startWorld,
  syncNow,
  unlock,
  waitAllSent,
} from '../helpers/app-world';
import type { World } from '../helpers/app-world';

let world: World;
let tablet: Tablet;
let a: Page;
let b: Page;
let strengthsUrl: string;

const TOGETHER = { name: 'Changed in two places' } as const;

const saved = (page: Page) =>
  page.getByTestId('save-status').filter({ hasText: 'Saved on this device' }).waitFor();

/** What the Strengths box holds in a window, once it holds `expected`. */
async function strengthsShows(page: Page, expected: string): Promise<void> {
  await expect
    .poll(() => page.getByLabel('Strengths', { exact: true }).inputValue(), { timeout: 10_000 })
    .toBe(expected);
}

/** Sends and pulls in a window (from its Account page), then goes back to the note. */
async function syncThenBack(page: Page): Promise<void> {
  await syncNow(page);
  await page.goBack();
  await page.getByLabel('Strengths', { exact: true }).waitFor();
}

/** Types into both windows' Strengths box at once: well within the autosave's 300 ms pause. */
async function typeInBoth(textA: string, textB: string): Promise<void> {
  await Promise.all([
    a.getByLabel('Strengths', { exact: true }).fill(textA),
    b.getByLabel('Strengths', { exact: true }).fill(textB),
  ]);
  await Promise.all([saved(a), saved(b)]);
}

beforeAll(async () => {
  world = await startWorld();
  await addObserverAndQaLead(world);
  tablet = await launchTablet();
  a = await tablet.context.newPage();
  await a.goto(world.server.url);
  await waitForServiceWorkerControl(a);
  await signInFirstTime(a, world.server.url, 'sam@example.org');
  await a.getByRole('link', { name: 'New observation' }).click();
  await a.getByLabel('Frontline practice observation', { exact: true }).check();
  await a.getByRole('button', { name: 'Continue' }).click();
  await a.locator('.govuk-task-list').waitFor();
  await a.getByRole('link', { name: 'Strengths and areas for development' }).click();
  await a.getByLabel('Strengths', { exact: true }).fill('The worker was on time.');
  await saved(a);
  strengthsUrl = a.url();
  await waitAllSent(a);

  // The second window: the same browser, so the same keyring, database and device id.
  b = await tablet.context.newPage();
  await b.goto(strengthsUrl);
  await b.getByRole('heading', { name: 'The app is locked' }).waitFor();
  await unlock(b);
  await b.getByLabel('Strengths', { exact: true }).waitFor();
});

afterAll(async () => {
  await tablet?.context.close();
  await world?.stop();
});

test('a window not being typed in shows what the other window saved', async () => {
  await strengthsShows(b, 'The worker was on time.');
  await a.getByLabel('Strengths', { exact: true }).fill('The worker was on time and calm.');
  await saved(a);
  await strengthsShows(b, 'The worker was on time and calm.');
  // And back the other way.
  await b.getByLabel('Strengths', { exact: true }).fill('The worker was on time, calm and kind.');
  await saved(b);
  await strengthsShows(a, 'The worker was on time, calm and kind.');
});

test('words typed in both windows at once in different places are merged, in both windows', async () => {
  await typeInBoth(
    'Early: the worker was on time, calm and kind.',
    'The worker was on time, calm and kind. She listened.',
  );
  const merged = 'Early: the worker was on time, calm and kind. She listened.';
  await strengthsShows(a, merged);
  await strengthsShows(b, merged);
  expect(await a.getByRole('heading', TOGETHER).count()).toBe(0);
  await waitAllSent(a);
  await syncThenBack(b);
  await strengthsShows(b, merged);
});

test('words typed in both windows at once over the same words are both kept and shown to the person, who settles them', async () => {
  const base = 'Early: the worker was on time, calm and kind. She listened.';
  const fromA = `${base} Window A: she asked the child first.`;
  const fromB = `${base} Window B: the parents spoke first.`;
  await typeInBoth(fromA, fromB);

  // Neither window's words are gone: one is the answer, the other is kept beside it, in both.
  for (const page of [a, b]) {
    await page.getByRole('heading', TOGETHER).waitFor({ timeout: 10_000 });
    const answer = await page.getByLabel('Strengths', { exact: true }).inputValue();
    const replaced = await page.getByTestId('conflict-theirs').textContent();
    expect([answer, replaced].sort()).toEqual([fromA, fromB].sort());
    expect(await page.getByTestId('conflict-mine').textContent()).toBe(answer);
  }

  // Sent and pulled back: the server lost neither (the kept text is still on the tablet).
  await waitAllSent(a);
  await syncThenBack(a);
  await a.getByRole('heading', TOGETHER).waitFor();

  // The person writes the two together in one window; both windows then show that, and no panel.
  await b.getByRole('button', { name: 'Edit merged text' }).click();
  const together = `${base} Window A: she asked the child first. Window B: the parents spoke first.`;
  await b.getByLabel('Merged text').fill(together);
  await b.getByRole('button', { name: 'Save merged text' }).click();
  await strengthsShows(b, together);
  await strengthsShows(a, together);
  await expect.poll(() => a.getByRole('heading', TOGETHER).count()).toBe(0);
  await expect.poll(() => b.getByRole('heading', TOGETHER).count()).toBe(0);
  await waitAllSent(b);
  await syncThenBack(a);
  await strengthsShows(a, together);
});

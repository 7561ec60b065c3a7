// Nothing typed is lost: the browser killed mid-sentence (no page-hide handler runs), a reload
// or a closed tab a moment after the last key, a reload with no network, and an app update
// accepted while a draft is open.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchTablet } from '../helpers/browser';
import type { Tablet } from '../helpers/browser';
import {
  addObserver,
  launchSignedInTablet,
  startWorld,
  unlock,
  waitSavedOnDevice,
} from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { startFrontlineDraft } from '../helpers/start-draft';
import { tempDir } from '../helpers/server-process';

let world: World;
let tablet: Tablet;
let page: Page;
let appDir: string;
let draftUrl: string;

const PART_ONE =
  'The worker arrived on time and explained the purpose of the visit to both parents in plain words. ' +
  'She asked the younger child, in private, how things had been at school this week and listened. ';
const PART_TWO =
  'Then she used the three houses tool with the older child, who drew the house of worries first ';

/** SIGKILL the tablet's browser: nothing of the page gets to run, as when a battery dies. */
function killBrowser(profileDir: string): void {
  const out = execFileSync('pgrep', ['-f', `user-data-dir=${profileDir}`])
    .toString()
    .trim()
    .split('\n');
  for (const pid of out) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone with its parent
    }
  }
}

beforeAll(async () => {
  // The app is served from a copy, so the test can publish an "update" of it.
  appDir = tempDir('obs-app-');
  fs.cpSync(path.resolve('dist/app'), appDir, { recursive: true });
  world = await startWorld({ APP_DIR: appDir });
  await addObserver(world);
  ({ tablet, page } = await launchSignedInTablet(world.server.url, 'sam@example.org'));
});
afterAll(async () => {
  await tablet?.context.close().catch(() => undefined);
  await world?.stop();
});

async function openStrengths(p: Page): Promise<void> {
  await p.goto(`${draftUrl}`);
  await unlockIfAsked(p);
  await p.locator('.govuk-task-list').waitFor();
  await p.getByRole('link', { name: 'Strengths and areas for development' }).click();
  await p.getByLabel('Strengths').waitFor();
}

/** After a reload the app is locked (the data key lived only in memory): unlock it. */
async function unlockIfAsked(p: Page): Promise<void> {
  const locked = p.getByRole('heading', { name: 'The app is locked' });
  const open = p.getByTestId('sync-status');
  await Promise.race([locked.waitFor(), open.waitFor()]);
  if (await locked.isVisible()) {
    await unlock(p);
    await open.waitFor();
  }
}

test('the browser killed mid-sentence: everything typed up to the last pause is there, offline', async () => {
  await startFrontlineDraft(page);
  draftUrl = page.url();
  await tablet.context.setOffline(true);
  await page.getByRole('link', { name: 'Strengths and areas for development' }).click();
  const note = page.getByLabel('Strengths');
  await note.click();
  await page.keyboard.type(PART_ONE, { delay: 5 });
  // A pause: the autosave fires (at most 300 ms after the last key).
  await waitSavedOnDevice(page);
  await page.waitForTimeout(400);
  // Still typing, steadily, when the battery dies.
  const typing = page.keyboard.type(PART_TWO, { delay: 20 }).catch(() => undefined);
  await page.waitForTimeout(600);
  killBrowser(tablet.profileDir);
  await typing;
  await tablet.context.close().catch(() => undefined);

  tablet = await launchTablet({ profileDir: tablet.profileDir });
  await tablet.context.setOffline(true);
  page = await tablet.context.newPage();
  await openStrengths(page);
  const kept = await page.getByLabel('Strengths').inputValue();
  expect(kept.startsWith(PART_ONE.trimEnd())).toBe(true);
  expect((PART_ONE + PART_TWO).startsWith(kept)).toBe(true);
  // With no pause after the first part, the autosave never fired again: what was typed after it
  // is there because each keystroke was rescued into IndexedDB as it was typed.
  expect(kept.length - PART_ONE.length, kept).toBeGreaterThanOrEqual(10);
});

test('a reload or a closed tab mid-sentence, before any pause, loses nothing', async () => {
  const burst = async (p: Page, words: string) => {
    const note = p.getByLabel('Strengths');
    await note.click();
    await p.keyboard.press('End');
    await p.keyboard.type(words, { delay: 5 });
    return note.inputValue();
  };
  // Pull-to-refresh, or the reload button, a moment after the last key: no pause, no blur.
  const typed = await burst(page, ' She checked the child had understood what would happen next.');
  await page.reload();
  await unlockIfAsked(page);
  await page.getByLabel('Strengths').waitFor();
  expect(await page.getByLabel('Strengths').inputValue()).toBe(typed);

  // The tab closed a moment after the last key.
  const more = await burst(page, ' The parents agreed a time for the next visit.');
  await page.close({ runBeforeUnload: false });
  page = await tablet.context.newPage();
  await openStrengths(page);
  expect(await page.getByLabel('Strengths').inputValue()).toBe(more);
});

test('a reload with no network comes back from the service worker, with the draft', async () => {
  await page.reload();
  await unlockIfAsked(page);
  // Back where it was: the same page of the same draft.
  await page.getByLabel('Strengths').waitFor();
  expect((await page.getByLabel('Strengths').inputValue()).startsWith(PART_ONE.trimEnd())).toBe(
    true,
  );
});

test('an update accepted while a draft is open saves the draft first and loses nothing', async () => {
  await tablet.context.setOffline(false);
  // Publish a new version of the app: a changed service worker is an update.
  fs.appendFileSync(path.join(appDir, 'service-worker.js'), '\n// update for the test\n');
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    await registration?.update();
  });
  const update = page.getByRole('button', { name: 'Update now' });
  await update.waitFor({ timeout: 30_000 });

  const note = page.getByLabel('Strengths');
  await note.click();
  await page.keyboard.press('End');
  await page.keyboard.type(' Typed just before the update.', { delay: 2 });
  const before = await note.inputValue();
  // Clicking it does not wait for the debounce: the typed text is flushed, then the app reloads.
  await update.click();
  // The reload locks the app: proof the page really reloaded under the new version.
  await page.getByRole('heading', { name: 'The app is locked' }).waitFor({ timeout: 30_000 });
  await unlockIfAsked(page);
  await page.getByLabel('Strengths').waitFor();
  expect(await page.getByLabel('Strengths').inputValue()).toBe(before);
  const version = await page.evaluate(async () => {
    const r = await navigator.serviceWorker.getRegistration();
    return { waiting: r?.waiting !== null, active: r?.active?.state };
  });
  expect(version).toEqual({ waiting: false, active: 'activated' });
});

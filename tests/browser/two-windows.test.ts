// Two windows of the app on one tablet (two tabs of the same browser, or the installed app beside
// a tab), signed in as the same person, in real Chromium: Lock in one locks the other, with no
// record left on its screen; signing out in one signs the other out, and the person's database,
// deleted at sign-out, is not made again by the other window's next save.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { Tablet } from '../helpers/browser';
import { unlock, waitAllSent } from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { databaseNames } from '../helpers/raw-storage';
import {
  LOCKED,
  secondWindow,
  startObservation,
  startTabletSignedIn,
} from '../helpers/two-windows';
import type { TwoWindowTablet } from '../helpers/two-windows';

let started: TwoWindowTablet | undefined;
let world: World;
let tablet: Tablet;
let a: Page;
let b: Page;

const CASE_ID = 'TW-4821';

/** The person's own databases on the tablet (the keyring is the tablet's, not theirs). */
async function personDatabases(page: Page): Promise<string[]> {
  return (await databaseNames(page)).filter((n) => n.startsWith('obs-') && n !== 'obs-keyring');
}

/** Unlocks the page if it is showing the unlock screen; ends on a signed-in screen. */
async function openIfLocked(page: Page): Promise<void> {
  if ((await page.getByRole('heading', LOCKED).count()) > 0) await unlock(page);
  await page.getByRole('button', { name: 'Lock', exact: true }).waitFor();
}

beforeAll(async () => {
  started = await startTabletSignedIn();
  ({ world, tablet, first: a } = started);
  // An observation with a case ID on the screen, sent, so signing out later has nothing unsent.
  await startObservation(a);
  await a.getByRole('link', { name: 'About the observation' }).click();
  await a.getByLabel('Case ID', { exact: true }).fill(CASE_ID);
  await a.getByTestId('save-status').filter({ hasText: 'Saved on this device' }).waitFor();
  await a.getByRole('link', { name: 'Your observations' }).click();
  await waitAllSent(a);

  // The second window: the same browser, so the same keyring and database; it unlocks.
  b = await secondWindow(tablet, world.server.url);
  await b.getByText(CASE_ID).first().waitFor();
});

afterAll(async () => {
  await started?.stop();
});

test('Lock in one window locks the other: the unlock screen, and no record left on it', async () => {
  await a.getByRole('button', { name: 'Lock', exact: true }).click();
  await a.getByRole('heading', LOCKED).waitFor();
  await b.getByRole('heading', LOCKED).waitFor({ timeout: 10_000 });
  expect(await b.getByText(CASE_ID).count()).toBe(0);
  expect(await b.getByRole('button', { name: 'Lock', exact: true }).count()).toBe(0);
});

test('signing out in one window signs the other out, and its database stays deleted', async () => {
  await openIfLocked(a);
  await openIfLocked(b);
  // B has a form open (its words saved and sent, so A has nothing unsent to warn of).
  await b
    .getByRole('link', { name: /Frontline practice/ })
    .first()
    .click();
  await b.getByRole('link', { name: 'Strengths and areas for development' }).click();
  await b.getByLabel('Strengths').fill('Typed in the second window.');
  await b.getByTestId('save-status').filter({ hasText: 'Saved on this device' }).waitFor();
  await waitAllSent(b);
  expect(await personDatabases(b)).toHaveLength(1);

  await a.getByRole('link', { name: 'Account', exact: true }).click();
  await a.getByRole('button', { name: 'Sign out' }).click();
  await a.getByRole('heading', { name: 'Sign out' }).waitFor();
  await a.getByRole('button', { name: 'Sign out' }).click();
  await a.getByText('Your data has been removed from this tablet').waitFor();
  expect(await personDatabases(a)).toEqual([]);

  // B tries to save: more words if its form is still there, and whatever a page being hidden
  // saves. Neither may bring the deleted database back.
  await b
    .getByRole('button', { name: 'Sign in' })
    .waitFor({ timeout: 5_000 })
    .catch(() => undefined);
  const field = b.getByLabel('Strengths');
  if ((await field.count()) > 0) {
    await field.fill('Typed in the second window after the first signed out.');
    await b.waitForTimeout(1_000);
  }
  await b.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide')));
  await b.waitForTimeout(500);
  expect(await personDatabases(b)).toEqual([]);
  expect(await personDatabases(a)).toEqual([]);

  // B has left the signed-in screens: the sign-in form, no Lock button, no record.
  await b.getByRole('button', { name: 'Sign in' }).waitFor();
  expect(await b.getByRole('button', { name: 'Lock', exact: true }).count()).toBe(0);
  expect(await b.getByText(CASE_ID).count()).toBe(0);
});

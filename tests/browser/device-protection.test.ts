// Device protection in real Chromium: nothing typed is in plain text anywhere the origin stores
// data; the app locks when idle and unlocks offline; wrong secrets lock it out until an online
// sign-in (with the work kept); a revoked tablet erases itself; a second person on the same
// browser cannot read the first's data; signing out with unsent work warns and keeps it; the
// authority's number of unlock attempts and its limit on days without the server apply on the lock
// screen.
import { axeScan } from '../helpers/axe';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { Tablet } from '../helpers/browser';
import {
  addObserver,
  launchSignedInTablet,
  PASSWORD,
  SECRET,
  startWorld,
  syncNow,
  unlock,
  waitAllSent,
  waitSavedOnDevice,
} from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { startFrontlineDraft } from '../helpers/start-draft';
import { databaseNames, findInRawStorage, keyringKeys } from '../helpers/raw-storage';

let world: World;
let tablet: Tablet;
let page: Page;

const NOTE = 'Marker-note-Kq7 the younger child said she was frightened at night';
const CASE_ID = 'MK-9137';
const NAME = 'Zebedee Quartermaine';

beforeAll(async () => {
  world = await startWorld();
  const { group } = await addObserver(world);
  await world.addUser({
    email: 'alex@example.org',
    role: 'observer',
    name: 'Alex Other',
    scopeIds: [group],
  });
  ({ tablet, page } = await launchSignedInTablet(world.server.url, 'sam@example.org'));
});
afterAll(async () => {
  await tablet?.context.close();
  await world?.stop();
});

/** Sam's full sign-in with email and password, on the sign-in form already shown. */
async function signInAsSam(): Promise<void> {
  await page.getByLabel('Email address').fill('sam@example.org');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function newObservationWithMarkers(p: Page): Promise<string> {
  await startFrontlineDraft(p);
  const url = p.url();
  await p.getByRole('link', { name: 'About the observation' }).click();
  await p.locator('#f-context--observedName').fill(NAME);
  await p.getByLabel('Case ID', { exact: true }).fill(CASE_ID);
  await p.getByRole('link', { name: 'Return to the task list' }).first().click();
  await p.getByRole('link', { name: 'Strengths and areas for development' }).click();
  await p.getByLabel('Strengths').fill(NOTE);
  await waitSavedOnDevice(p);
  return url;
}

test('a note, a case ID and a name are nowhere in plain text, yet the app shows them after unlock', async () => {
  await newObservationWithMarkers(page);
  await syncNow(page);
  // Offline too: the outbox and pending edits are on the device, sealed.
  await tablet.context.setOffline(true);
  const { found, scanned } = await findInRawStorage(page, [NOTE, CASE_ID, NAME, 'Marker-note-Kq7']);
  expect(scanned.some((s) => s.startsWith('indexeddb:obs-') && s.endsWith('/records'))).toBe(true);
  expect(scanned.some((s) => s.includes('/outbox'))).toBe(true);
  expect(scanned.some((s) => s.startsWith('cache:'))).toBe(true);
  expect(found).toEqual([]);

  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await page.getByRole('heading', { name: 'The app is locked' }).waitFor();
  await unlock(page);
  await page.getByRole('link', { name: 'Your observations' }).click();
  await page.getByText(CASE_ID).first().waitFor();
  await tablet.context.setOffline(false);
});

test('the app locks itself when idle, and unlocks with no signal', async () => {
  // The page's clock is the test's from here: the idle timer starts after the next unlock.
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await page.clock.install();
  await unlock(page);
  await page.getByRole('link', { name: 'Account', exact: true }).click();
  await page.getByText('Locks after').waitFor();
  await tablet.context.setOffline(true);
  await page.clock.runFor('04:00');
  // Not yet: five minutes is the default.
  expect(await page.getByRole('heading', { name: 'The app is locked' }).count()).toBe(0);
  // A minute before the lock, a warning that the person can answer; nobody does here.
  await page.clock.runFor('00:10');
  await page.getByRole('alertdialog', { name: 'You will be locked soon' }).waitFor();
  expect(await axeScan(page, 'idle lock warning')).toEqual([]);
  await page.clock.runFor('01:20');
  // Time flows on its own again from here.
  await page.clock.resume();
  await page.getByRole('heading', { name: 'The app is locked' }).waitFor();
  await unlock(page);
  await page.getByTestId('sync-status').waitFor();
  await tablet.context.setOffline(false);
});

test('wrong unlock secrets lock it out; only an online sign-in opens it again, with the work kept', async () => {
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  for (let i = 0; i < 4; i++) {
    await unlock(page, `wrong secret number ${i}`);
    const left = 4 - i;
    await page
      .locator('.govuk-error-summary')
      .getByText(`You have ${left} ${left === 1 ? 'try' : 'tries'} left`, { exact: false })
      .waitFor();
  }
  await unlock(page, 'the fifth wrong secret');
  await page.getByRole('heading', { name: 'Sign in to open your work' }).waitFor();
  // A reload does not give more tries: the count is on the disk.
  await page.reload();
  await page.getByRole('heading', { name: 'Sign in to open your work' }).waitFor();
  // The right secret is no longer enough.
  await page.getByRole('button', { name: 'Sign in' }).click();
  await signInAsSam();
  // The full sign-in brings the server's half of this registration's key recovery, which unwraps
  // the data key: the work opens even for someone who has forgotten their secret.
  await page.getByRole('link', { name: 'Your observations' }).click();
  await page.getByText(CASE_ID).first().waitFor();
  // The lock-out is over and the secret still opens the app offline.
  await tablet.context.setOffline(true);
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await unlock(page, SECRET);
  await page.getByRole('button', { name: 'Lock', exact: true }).waitFor();
  await tablet.context.setOffline(false);
});

test('signing out with unsent work warns and keeps it; signing in again sends it', async () => {
  await tablet.context.setOffline(true);
  await page.getByRole('link', { name: 'Your observations' }).click();
  await page
    .getByRole('link', { name: /Frontline practice/ })
    .first()
    .click();
  await page.getByRole('link', { name: 'Strengths and areas for development' }).click();
  await page.getByLabel('Areas for development').fill('Written offline, just before signing out.');
  await waitSavedOnDevice(page);
  await page.getByRole('link', { name: 'Account', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: /changes? ha(s|ve) not been sent/ }).waitFor();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByText('Select what to do with the changes not sent').first().waitFor();
  await page.getByLabel('Sign out and keep them on this tablet').check();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByText(/changes that were not sent are kept on this tablet/).waitFor();
  expect(
    (await databaseNames(page)).filter((n) => n.startsWith('obs-') && n !== 'obs-keyring'),
  ).toHaveLength(1);

  await tablet.context.setOffline(false);
  await signInAsSam();
  // The password sign-in opens the kept data with this registration's recovery key.
  await page.getByRole('button', { name: 'Lock', exact: true }).waitFor();
  await page.getByRole('link', { name: 'Your observations' }).click();
  await waitAllSent(page);
  await page
    .getByRole('link', { name: /Frontline practice/ })
    .first()
    .click();
  await page.getByRole('link', { name: 'Strengths and areas for development' }).click();
  expect(await page.getByLabel('Areas for development').inputValue()).toBe(
    'Written offline, just before signing out.',
  );
});

/** The focused element: its tag and text. */
const focused = () =>
  page.evaluate(() => ({
    tag: document.activeElement?.tagName ?? '',
    text: document.activeElement?.textContent?.trim() ?? '',
  }));

test('a second person on the same browser sees none of the first person’s data', async () => {
  // With the keyboard, each sign-in screen takes focus to its heading as it replaces the last
  // (WCAG 2.4.3); before, focus was left on the body.
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await page.getByRole('link', { name: /Forgotten your unlock secret, or not you/ }).focus();
  await page.keyboard.press('Enter');
  await page.getByLabel('Email address').waitFor();
  await expect.poll(focused).toEqual({ tag: 'H1', text: 'Sign in' });
  const signInAsAlex = async () => {
    await page.getByLabel('Email address').fill('alex@example.org');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Choose an unlock secret for this tablet' }).waitFor();
    await expect
      .poll(focused)
      .toEqual({ tag: 'H1', text: 'Choose an unlock secret for this tablet' });
  };
  await signInAsAlex();
  await page.getByRole('button', { name: 'Cancel and sign out' }).focus();
  await page.keyboard.press('Enter');
  await page.getByLabel('Email address').waitFor();
  await expect.poll(focused).toEqual({ tag: 'H1', text: 'Sign in' });
  await signInAsAlex();
  await page.getByLabel('Unlock secret', { exact: true }).fill('harbour violet compass ember');
  await page.getByLabel('Enter the unlock secret again').fill('harbour violet compass ember');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await page.getByRole('heading', { name: 'Your observations' }).waitFor();
  await waitAllSent(page);
  expect(await page.getByText(CASE_ID).count()).toBe(0);
  expect(await page.getByText('You have no drafts.').count()).toBe(1);
  // Each person has their own database, and the first one's opens only with the first one's key.
  const dbs = (await databaseNames(page)).filter(
    (n) => n.startsWith('obs-') && n !== 'obs-keyring',
  );
  expect(dbs).toHaveLength(2);
  const { found } = await findInRawStorage(page, [NOTE, CASE_ID, NAME]);
  expect(found).toEqual([]);
});

test('a tablet revoked by an administrator erases its data and keys at its next contact', async () => {
  const list = await fetch(`${world.server.url}/api/admin/devices`, {
    headers: { authorization: `Bearer ${world.adminToken}` },
  });
  const { devices } = (await list.json()) as {
    devices: { id: string; userEmail: string; revokedAt: string | null }[];
  };
  const alexDevice = devices.find(
    (d) => d.userEmail === 'alex@example.org' && d.revokedAt === null,
  )!;
  const revoked = await fetch(`${world.server.url}/api/admin/devices/${alexDevice.id}/revoke`, {
    method: 'POST',
    headers: { authorization: `Bearer ${world.adminToken}` },
  });
  expect(revoked.status).toBe(200);
  // Its next contact is asked for from the Account page; a sync the tablet was due to make by
  // itself may be that contact first, taking the page away under the press: either way the
  // tablet must say it was removed.
  const removed = page.getByText(/removed this tablet from the service/);
  const press = async () => {
    await page.getByRole('link', { name: 'Account', exact: true }).click({ timeout: 5000 });
    await page.getByRole('button', { name: 'Send changes now' }).click({ timeout: 5000 });
  };
  await press().catch(async (err: unknown) => {
    const saidSo = await removed.waitFor({ timeout: 5000 }).then(
      () => true,
      () => false,
    );
    if (!saidSo) throw err;
  });
  await removed.waitFor();
  const dbs = (await databaseNames(page)).filter(
    (n) => n.startsWith('obs-') && n !== 'obs-keyring',
  );
  expect(dbs).toHaveLength(1);
  // Only Sam's keys and data remain; Alex's are gone from this tablet.
  expect(await keyringKeys(page)).toHaveLength(1);
});

test('the authority’s rules reach the lock screen: three wrong secrets, and a week without the server', async () => {
  const put = await fetch(`${world.server.url}/api/admin/settings`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${world.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ unlockAttempts: 3, offlineUnlockDays: 7 }),
  });
  expect(put.status, await put.text()).toBe(200);
  // Sam signs in again on this tablet and syncs: the settings arrive with the next clean sync.
  await page.goto(world.server.url);
  await signInAsSam();
  await page.getByRole('button', { name: 'Lock', exact: true }).waitFor();
  await syncNow(page);
  await page.getByText('7 days without reaching the server').waitFor();

  // Three wrong secrets, not five.
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await unlock(page, 'a wrong secret');
  await page.locator('.govuk-error-summary').getByText('You have 2 tries left').waitFor();
  await unlock(page, 'another wrong secret');
  await page.locator('.govuk-error-summary').getByText('You have 1 try left').waitFor();
  await unlock(page, 'a third wrong secret');
  await page.getByRole('heading', { name: 'Sign in to open your work' }).waitFor();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await signInAsSam();
  await page.getByRole('button', { name: 'Lock', exact: true }).waitFor();

  // Eight days later with no contact, the right secret no longer opens it; a sign-in does.
  await tablet.context.setOffline(true);
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await page.getByRole('heading', { name: 'The app is locked' }).waitFor();
  await page.clock.setSystemTime(new Date(Date.now() + 8 * 86_400_000));
  await unlock(page, SECRET);
  await page.getByRole('heading', { name: 'Sign in to open your work' }).waitFor();
  await page.getByText('has not reached the server for more than 7 days').waitFor();
  expect(await page.getByText('nothing has been deleted').count()).toBe(1);
  await tablet.context.setOffline(false);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await signInAsSam();
  await page.getByRole('link', { name: 'Your observations' }).click();
  await page.getByText(CASE_ID).first().waitFor();
});

// Nothing typed in one window is lost to what another does or to the page going, in real
// Chromium (two pages of one browser are two windows of the app on one tablet):
// - signing out in one window while the other is typing: the other saves what it has and locks
//   before anything is counted, and the sign-out counts it and asks (never erasing it unseen);
// - a page closed while another transaction holds the store's `meta` (a save, a sync writing its
//   state): the last keystrokes, handed over as the page goes, are kept, because they go to a
//   store of their own that nothing else holds.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { Tablet } from '../helpers/browser';
import { PASSWORD, SECRET, waitAllSent } from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { holdStore, releaseStore } from '../helpers/hold-store';
import { finishSigningOut } from '../helpers/sign-out';
import {
  OBSERVER,
  openUnlocked,
  startObservation,
  startTabletSignedIn,
} from '../helpers/two-windows';
import type { TwoWindowTablet } from '../helpers/two-windows';

let started: TwoWindowTablet | undefined;
let world: World;
let tablet: Tablet;
let a: Page;
let b: Page;
let draftPath: string;

const WORDS = 'Words typed in the second window as the first one signed out.';

/** A window of the app on the tablet, unlocked, at `path`. */
async function windowAt(path: string): Promise<Page> {
  const page = await tablet.context.newPage();
  await openAt(page, path);
  return page;
}

/** Records, from the page's own input events, what the box held last (whatever takes it away). */
async function recordTyping(page: Page, label: string): Promise<void> {
  await page.getByLabel(label).evaluate((box) =>
    box.addEventListener('input', () => {
      (window as { typed?: string }).typed = (box as HTMLTextAreaElement).value;
    }),
  );
}

const typedIn = (page: Page) => page.evaluate(() => (window as { typed?: string }).typed ?? '');

/** A opens the sign-out page, which shows nothing unsent. */
async function signOutPage(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Account', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByText('Everything you did on this tablet has been sent').waitFor();
}

/** Signs in again: the unlock secret again too if the sign-out erased everything. */
async function signInAgain(page: Page): Promise<void> {
  await page.goto(world.server.url);
  await page.getByLabel('Email address').fill(OBSERVER);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const home = page.getByRole('heading', { name: 'Your observations' });
  const choose = page.getByRole('heading', { name: 'Choose an unlock secret for this tablet' });
  await home.or(choose).first().waitFor({ timeout: 30_000 });
  if (await choose.isVisible()) {
    await page.getByLabel('Unlock secret', { exact: true }).fill(SECRET);
    await page.getByLabel('Enter the unlock secret again').fill(SECRET);
    await page.getByRole('button', { name: 'Save and continue' }).click();
  }
  await home.waitFor({ timeout: 30_000 });
}

/** Signs in again, and opens the note (the reload locks the app: unlocked with the secret). */
async function signInAndOpenNote(page: Page): Promise<string> {
  await signInAgain(page);
  await openNote(page);
  return page.getByLabel('Strengths').inputValue();
}

beforeAll(async () => {
  started = await startTabletSignedIn();
  ({ world, tablet, first: a } = started);
});

afterAll(async () => {
  await started?.stop();
});

/** A new observation, sent, whose Strengths page is the note the tests type into. */
async function newDraft(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Your observations' }).first().click();
  await startObservation(page);
  draftPath = new URL(page.url()).pathname;
  await page.getByRole('link', { name: 'Your observations' }).first().click();
  await waitAllSent(page);
}

/** Opens a page of the app afresh, which locks it: unlocked with the secret. */
async function openAt(page: Page, path: string): Promise<void> {
  await openUnlocked(page, `${world.server.url}${path}`);
  await page.getByRole('button', { name: 'Lock', exact: true }).waitFor();
}

async function openNote(page: Page): Promise<void> {
  await openAt(page, draftPath);
  await page.getByRole('link', { name: 'Strengths and areas for development' }).click();
  await page.getByLabel('Strengths').waitFor();
}

/**
 * Keeps the page's main thread busy for `ms` from now, as a slow tablet's window is while it
 * decrypts a page of records: the keys pressed meanwhile wait to be handled, and so does the
 * store's work they start.
 */
async function busyFor(page: Page, ms: number): Promise<void> {
  await page.evaluate((ms) => {
    setTimeout(() => {
      const end = performance.now() + ms;
      while (performance.now() < end) {
        // busy
      }
    }, 0);
  }, ms);
}

/**
 * The first window (`a`, on the sign-out page showing nothing unsent) signs out while keys are
 * pressed into the second's `box`, its main thread busy. No signal, so nothing typed is sent
 * meanwhile (sent, it would be nothing to warn of). Returns how the sign-out ended and what the
 * box held last.
 */
async function signOutWhileTyping(box: string): Promise<{ outcome: string; typed: string }> {
  await recordTyping(b, box);
  await b.getByLabel(box).click();
  await signOutPage(a);
  await tablet.context.setOffline(true);
  await busyFor(b, 1_500);
  const typing = b.keyboard.type(WORDS, { delay: 5 }).catch(() => undefined);
  await a.waitForTimeout(100);
  await a.getByRole('button', { name: 'Sign out' }).click();
  const outcome = await finishSigningOut(a);
  await typing;
  const typed = await typedIn(b);
  await b.getByRole('button', { name: 'Sign in' }).waitFor();
  // The page stopped taking input as it locked, and the screen after it takes input again.
  expect(await b.locator('#app').evaluate((app) => (app as HTMLElement).inert)).toBe(false);
  await tablet.context.setOffline(false);
  console.info(`typed in the second window: ${typed.length} characters; sign-out: ${outcome}`);
  return { outcome, typed };
}

/**
 * What the second window kept is exactly what was typed in it, counted and warned of before
 * anything was erased: a window asked to save and lock takes no key after its last save (the
 * page is inert from the moment it begins locking), so none is shown that is not kept.
 */
function expectKept(kept: string, typed: string, outcome: string): void {
  expect(kept).toBe(typed);
  if (typed.length > 0) expect(outcome).toBe('warned');
}

test('the first window signs out while a note is typed in the second: the words are counted and asked about, never erased unseen', async () => {
  await newDraft(a);
  b = await windowAt(draftPath);
  await b.getByRole('link', { name: 'Strengths and areas for development' }).click();

  const { outcome, typed } = await signOutWhileTyping('Strengths');
  // Either the second window locked before the keys reached the note (nothing typed), or what
  // was typed was saved, counted, shown to the person and kept.
  const kept = await signInAndOpenNote(b);
  expectKept(kept, typed, outcome);
  await a.close();
});

test('the first window signs out while a safety concern is typed in the second: the same', async () => {
  a = await windowAt('/');
  await waitAllSent(a);
  await openAt(b, '/concerns/new');

  const { outcome, typed } = await signOutWhileTyping('What is the concern?');
  await signInAgain(b);
  await openAt(b, '/concerns/new');
  const kept = await b.getByLabel('What is the concern?').inputValue();
  expectKept(kept, typed, outcome);
  // Not raised: not unfinished work for what comes next.
  await b.getByLabel('What is the concern?').fill('');
  await a.close();
});

test('a page closed while `meta` is held keeps its last keystrokes: a note and a concern', async () => {
  await openNote(b);
  const note = b.getByLabel('Strengths');
  await note.fill('Saved before.');
  await b.getByTestId('save-status').filter({ hasText: 'Saved on this device' }).waitFor();
  // Another window's transaction on `meta` is under way (a sync writing its state).
  const other = await tablet.context.newPage();
  await other.goto(world.server.url);
  await holdStore(other);
  await note.click();
  await b.keyboard.press('End');
  await b.keyboard.type(' Typed while the store was busy.');
  const typed = await note.inputValue();
  await b.close({ runBeforeUnload: false });
  await releaseStore(other);

  b = await tablet.context.newPage();
  await openNote(b);
  expect(await b.getByLabel('Strengths').inputValue()).toBe(typed);

  // A safety concern being written: its draft is handed over as the page goes.
  await openAt(b, '/concerns/new');
  const what = b.getByLabel('What is the concern?');
  await what.waitFor();
  await holdStore(other);
  await what.click();
  await b.keyboard.type('The child said she did not want to go home tonight.');
  const concern = await what.inputValue();
  await b.close({ runBeforeUnload: false });
  await releaseStore(other);

  b = await tablet.context.newPage();
  await openAt(b, '/concerns/new');
  await expect.poll(() => b.getByLabel('What is the concern?').inputValue()).toBe(concern);
});

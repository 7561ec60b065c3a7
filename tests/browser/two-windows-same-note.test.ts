// Two windows of the app on one tablet (two tabs of one browser: one device id, one database),
// signed in as the same person, with the same note open, in real Chromium. A window not being
// typed in shows what the other saved; words typed in both within the autosave's pause are merged
// when they touch different parts of the note, and otherwise both are kept and shown to the
// person in both windows, who settles them: neither window's words are ever silently replaced.
// The list on the home screen marks an observation with a text kept aside. A window opened while
// another is typing leaves that window's rescue copy alone (the writer is alive), and one that
// crashed has its copy replayed: by a window opened after, and by one already open.
import { afterAll, beforeAll, expect, onTestFinished, test } from 'vitest';
import type { Page } from 'playwright-core';
import { axeScan } from '../helpers/axe';
import type { Tablet } from '../helpers/browser';
import { syncNow, waitAllSent } from '../helpers/app-world';
import {
  openUnlocked,
  secondWindow,
  startObservation,
  startTabletSignedIn,
} from '../helpers/two-windows';
import type { TwoWindowTablet } from '../helpers/two-windows';

let started: TwoWindowTablet | undefined;
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

/** Puts a window on the note (opened afresh, so unlocked again, when it is elsewhere). */
async function openNote(page: Page): Promise<void> {
  const note = page.getByLabel('Strengths', { exact: true });
  if ((await note.count()) > 0) return;
  await openUnlocked(page, strengthsUrl);
  await note.waitFor();
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
  started = await startTabletSignedIn();
  ({ tablet, first: a } = started);
  await startObservation(a);
  await a.getByRole('link', { name: 'Strengths and areas for development' }).click();
  await a.getByLabel('Strengths', { exact: true }).fill('The worker was on time.');
  await saved(a);
  strengthsUrl = a.url();
  await waitAllSent(a);

  // The second window: the same browser, so the same keyring, database and device id.
  b = await secondWindow(tablet, strengthsUrl);
  await b.getByLabel('Strengths', { exact: true }).waitFor();
});

afterAll(async () => {
  await started?.stop();
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

test('the home list marks an observation with a text kept aside, and counts it', async () => {
  const base = await a.getByLabel('Strengths', { exact: true }).inputValue();
  await typeInBoth(`${base} A: the home was calm.`, `${base} B: the dog barked.`);
  await a.getByRole('heading', TOGETHER).waitFor({ timeout: 10_000 });
  // Whatever happens below, the next test starts with nothing kept aside and both on the note; a
  // tidy-up that fails after a failure must not hide that failure.
  const tidy = async () => {
    const keep = a.getByRole('button', { name: 'Keep the answer now' });
    if ((await keep.count()) > 0) await keep.first().click();
    await expect.poll(() => a.getByRole('heading', TOGETHER).count()).toBe(0);
    await openNote(b);
  };
  try {
    await b.getByRole('link', { name: 'Your observations' }).click();
    const drafts = b.getByRole('table', { name: 'Your drafts' });
    const row = drafts.getByRole('row').filter({ hasText: 'Frontline practice' });
    await row.getByText('Changed in two places').waitFor({ timeout: 10_000 });
    expect(await row.getByTestId('needs-decision').textContent()).toBe(
      '1 answer needs your decision',
    );
    expect(await axeScan(b, 'home, with a text kept aside')).toEqual([]);
    // Settled in the other window: the mark goes from the list.
    await a.getByRole('button', { name: 'Keep the answer now' }).click();
    await expect.poll(() => row.getByText('Changed in two places').count()).toBe(0);
  } catch (err) {
    await tidy().catch(() => undefined);
    throw err;
  }
  await tidy();
});

/** A long sentence typed steadily, never pausing long enough for the autosave to fire. */
const STEADY =
  ' Then she sat with the younger child on the floor and asked what a good day at home looks like,' +
  ' and wrote the answer down in the child’s own words, reading it back to check it was right.';

test('a window opened while another is typing replays none of its typing: no text is kept aside', async () => {
  await openNote(b);
  const note = a.getByLabel('Strengths', { exact: true });
  await saved(a);
  await note.click();
  await a.keyboard.press('Control+End');
  let finished = false;
  const typing = a.keyboard.type(STEADY, { delay: 40 }).then(() => {
    finished = true;
  });
  // A has rescue copies on the disk now: typing, and no pause to save.
  await a.waitForTimeout(500);
  const c = await secondWindow(tablet, strengthsUrl);
  onTestFinished(() => c.close());
  await c.getByLabel('Strengths', { exact: true }).waitFor();
  // The window opened, and read the store, while A was still typing.
  expect(finished).toBe(false);
  await typing;
  await saved(a);
  const whole = await note.inputValue();
  expect(whole.endsWith(STEADY)).toBe(true);
  for (const page of [a, b, c]) await strengthsShows(page, whole);
  await waitAllSent(a);
  for (const page of [a, b, c]) expect(await page.getByRole('heading', TOGETHER).count()).toBe(0);
});

test('a window killed mid-typing: its rescue is replayed, in the window open beside it and in one opened after', async () => {
  await openNote(b);
  // Nothing left kept aside by a test before.
  for (const keep of await a.getByRole('button', { name: 'Keep the answer now' }).all())
    await keep.click();
  const k = await secondWindow(tablet, strengthsUrl);
  const note = k.getByLabel('Strengths', { exact: true });
  await note.waitFor();
  const before = await note.inputValue();
  await strengthsShows(b, before);
  await note.click();
  await k.keyboard.press('Control+End');
  const typing = k.keyboard.type(STEADY, { delay: 20 }).catch(() => undefined);
  await k.waitForTimeout(1_200);
  // The tab's renderer dies at once, as when the browser kills a tab: no page-hide, no save.
  const crashed = k.waitForEvent('crash');
  const cdp = await tablet.context.newCDPSession(k);
  void cdp.send('Page.crash').catch(() => undefined);
  await crashed;
  await typing;

  // Its words typed since the last save exist only in its rescue copy. The window open beside it
  // replays that copy once the killed window has gone, and shows it.
  const rescued = (text: string) =>
    text.startsWith(before) &&
    (before + STEADY).startsWith(text) &&
    text.length >= before.length + 10;
  await expect
    .poll(() => b.getByLabel('Strengths', { exact: true }).inputValue(), { timeout: 10_000 })
    .toSatisfy(rescued);
  const kept = await b.getByLabel('Strengths', { exact: true }).inputValue();

  // A window opened after finds the same, and nothing is kept aside anywhere.
  const d = await secondWindow(tablet, strengthsUrl);
  onTestFinished(() => d.close());
  await strengthsShows(d, kept);
  await strengthsShows(a, kept);
  for (const page of [a, b, d]) expect(await page.getByRole('heading', TOGETHER).count()).toBe(0);
});

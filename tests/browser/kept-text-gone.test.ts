// A text kept on the tablet when two windows typed over the same words, whose observation is then
// deleted on the person's other tablet, in real Chromium: the offer to restore it shows the kept
// text; left deleted, the observation leaves the tablet and the text is still there to copy, from
// the home screen, the account page and signing out, until the person removes it. Every screen
// on the way is checked with axe.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { createAxeLog } from '../helpers/axe';
import { launchTablet, waitForServiceWorkerControl } from '../helpers/browser';
import type { Tablet } from '../helpers/browser';
import {
  addObserverAndQaLead,
  signInFirstTime,
  startWorld,
  syncNow,
  unlock,
} from '../helpers/app-world';
import type { World } from '../helpers/app-world';

let world: World;
let tablet: Tablet;
let other: Tablet;
let a: Page;
let b: Page;
let elsewhere: Page;
let observationPath: string;
const axe = createAxeLog();

const saved = (page: Page) =>
  page.getByTestId('save-status').filter({ hasText: 'Saved on this device' }).waitFor();

beforeAll(async () => {
  world = await startWorld();
  await addObserverAndQaLead(world);
  tablet = await launchTablet();
  other = await launchTablet();
  a = await tablet.context.newPage();
  await a.goto(world.server.url);
  await waitForServiceWorkerControl(a);
  await signInFirstTime(a, world.server.url, 'sam@example.org');
  await a.getByRole('link', { name: 'New observation' }).click();
  await a.getByLabel('Frontline practice observation', { exact: true }).check();
  await a.getByRole('button', { name: 'Continue' }).click();
  await a.locator('.govuk-task-list').waitFor();
  observationPath = new URL(a.url()).pathname;
  await a.getByRole('link', { name: 'Strengths and areas for development' }).click();
  await a.getByLabel('Strengths', { exact: true }).fill('The worker was on time.');
  await saved(a);
  const strengths = a.url();
  await syncNow(a);

  // The person's other tablet has the draft too.
  elsewhere = await other.context.newPage();
  await signInFirstTime(elsewhere, world.server.url, 'sam@example.org');
  await syncNow(elsewhere);

  // A second window of the first tablet, on the same note.
  await a.goto(strengths);
  await a.getByRole('heading', { name: 'The app is locked' }).waitFor();
  await unlock(a);
  b = await tablet.context.newPage();
  await b.goto(strengths);
  await b.getByRole('heading', { name: 'The app is locked' }).waitFor();
  await unlock(b);
  for (const page of [a, b]) await page.getByLabel('Strengths', { exact: true }).waitFor();
});

afterAll(async () => {
  await tablet?.context.close();
  await other?.context.close();
  await world?.stop();
});

test('deleted on the other tablet: the kept text is on the restore offer, then on its own page until removed', async () => {
  // With no signal, both windows type over the same words: one text is kept aside.
  await tablet.context.setOffline(true);
  const fromA = 'The worker was on time. Window A: she asked the child first.';
  const fromB = 'The worker was on time. Window B: the parents spoke first.';
  await Promise.all([
    a.getByLabel('Strengths', { exact: true }).fill(fromA),
    b.getByLabel('Strengths', { exact: true }).fill(fromB),
  ]);
  await Promise.all([saved(a), saved(b)]);
  await a.getByRole('heading', { name: 'Changed in two places' }).waitFor({ timeout: 10_000 });
  const answer = await a.getByLabel('Strengths', { exact: true }).inputValue();
  const replaced = answer === fromA ? fromB : fromA;

  // Meanwhile the other tablet deletes the draft and sends that first.
  await elsewhere.getByRole('link', { name: 'Your observations' }).click();
  await elsewhere.locator(`main a[href="${observationPath}"]`).first().click();
  await elsewhere.getByRole('link', { name: 'Delete this draft' }).click();
  await elsewhere.getByRole('button', { name: 'Delete draft' }).click();
  await elsewhere.getByRole('heading', { name: 'Your observations' }).waitFor();
  await syncNow(elsewhere);

  // The signal comes back: the edits meet the deletion, and the restore is offered.
  await tablet.context.setOffline(false);
  await syncNow(a);
  await a.getByRole('link', { name: 'Your observations' }).click();
  await a.getByTestId('deleted-elsewhere').getByRole('link').click();
  await a
    .getByRole('heading', { name: 'This observation was deleted on another device' })
    .waitFor();
  const onOffer = a.getByTestId('kept-on-restore');
  expect(await onOffer.getByText(replaced).count()).toBe(1);
  await axe.scan(a, 'restore offer, with a kept text');

  // Left deleted: the observation goes from the tablet; the kept text does not.
  await a.getByRole('button', { name: 'Leave it deleted' }).click();
  await syncNow(a);
  await a.getByRole('link', { name: 'Your observations' }).click();
  const pointer = a.getByTestId('kept-left-behind');
  await pointer.waitFor();
  expect(await a.locator(`main a[href="${observationPath}"]`).count()).toBe(0);
  await axe.scan(a, 'home, with a kept text of a record gone');

  await a.getByRole('link', { name: 'Account', exact: true }).click();
  const row = a.locator('.govuk-summary-list__row').filter({
    hasText: 'Text kept from records that have gone',
  });
  expect(await row.getByRole('link', { name: /see it and copy what you need/ }).textContent()).toBe(
    '1: see it and copy what you need',
  );
  await axe.scan(a, 'account, with a kept text of a record gone');
  await a.locator('main a[href="/sign-out"]').click();
  await a.getByTestId('kept-left-behind').waitFor();
  await axe.scan(a, 'sign out, with a kept text of a record gone');
  await a.getByTestId('kept-left-behind').getByRole('link').click();

  await a.getByRole('heading', { name: 'Text kept from records that have gone' }).waitFor();
  const card = a.locator('.govuk-summary-card').filter({ hasText: replaced });
  await card.waitFor();
  expect(await card.getByText('Strengths', { exact: true }).count()).toBe(1);
  expect(await card.locator('.govuk-summary-card__title').textContent()).toBe(
    'Frontline practice observation without a case ID',
  );
  await axe.scan(a, 'text kept from records that have gone');
  await card.getByRole('button', { name: /^Remove this text/ }).click();
  await a.getByText('The text was removed from this tablet.').waitFor();
  await a.getByText(/There is none/).waitFor();
  await axe.scan(a, 'text kept from records that have gone, none left');

  expect(axe.findings).toEqual([]);
});

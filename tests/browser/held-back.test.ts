// What is typed past a field's limit is kept on the tablet but not sent (it would fail the
// server's check). Before, the tablet still said "Saved on this device", Check your answers showed
// no problem and Submit sent the record with the last valid value: the end of the note stayed on
// the tablet, unsent and unmentioned. Now the status says it is held back, Check your answers lists
// it (and an action's over-long name) linked to the field, Submit is refused until it is fixed,
// and the fixed text, all of it, reaches the server. axe runs on every screen of the way.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchTablet } from '../helpers/browser';
import type { Tablet } from '../helpers/browser';
import {
  addObserverAndQaLead,
  PASSWORD,
  signInFirstTime,
  startWorld,
  waitAllSent,
} from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { createAxeLog } from '../helpers/axe';
import { completeObservation } from '../helpers/fill-observation';
import { HttpSyncClient, signInHttp } from '../helpers/http-client';

let world: World;
let tablet: Tablet;
let page: Page;
const axe = createAxeLog();

const BASE = 'word '.repeat(1998); // 9,990 characters
const TAIL = 'LAST SENTENCE TYPED BY THE OBSERVER.'; // 36 more: 26 past the 10,000 limit
const HELD = 'Kept on this device – 1 answer is not sent until fixed';
const STRENGTHS_PROBLEM = 'Strengths: you have 26 characters too many';
const OWNER_PROBLEM = 'Action 1, who will do it: you have 5 characters too many';

beforeAll(async () => {
  world = await startWorld();
  await addObserverAndQaLead(world);
  tablet = await launchTablet();
  page = await tablet.context.newPage();
  await signInFirstTime(page, world.server.url, 'sam@example.org');
});
afterAll(async () => {
  await tablet?.context.close().catch(() => undefined);
  await world?.stop();
});

/** What the server holds, as the QA lead pulls it. */
async function onServer() {
  await waitAllSent(page);
  const qa = new HttpSyncClient(
    () => world.server.url,
    await signInHttp(world.server.url, 'qa@example.org', PASSWORD),
  );
  await qa.pullAll();
  const records = [...qa.records.values()];
  return {
    observation: records.find((r) => r.type === 'observation')!,
    action: records.find((r) => r.type === 'action')!,
  };
}

const status = () => page.getByTestId('save-status').first();

async function toCheckYourAnswers(): Promise<void> {
  await page.getByRole('link', { name: 'Return to the task list' }).first().click();
  await page.locator('.govuk-task-list').waitFor();
  await page.getByRole('button', { name: 'Check your answers' }).click();
  await page.getByRole('heading', { name: 'Check your answers' }).waitFor();
}

test('a note typed past its limit: held back, listed on Check your answers, Submit refused until fixed, then all of it sent', async () => {
  await page.getByRole('link', { name: 'New observation' }).click();
  await page.getByLabel('Frontline practice observation', { exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await completeObservation(page, 'OV-1001');

  // The Strengths note holds 9,990 characters; the observer types on.
  await page.getByRole('link', { name: 'Back', exact: true }).click();
  await page.locator('.govuk-task-list').waitFor();
  await page.getByRole('link', { name: 'Strengths and areas for development' }).click();
  const note = page.getByLabel('Strengths');
  await note.fill(BASE);
  await status().filter({ hasText: 'Saved on this device' }).waitFor();
  await note.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(TAIL, { delay: 10 });
  expect(await note.inputValue()).toBe(BASE + TAIL);
  await page.getByText('You have 26 characters too many', { exact: true }).waitFor();
  await status().filter({ hasText: HELD }).waitFor();
  expect(await status().textContent()).not.toContain('Saved on this device');
  await axe.scan(page, 'strengths typed past the limit');

  // And an action's owner typed past the 200 characters a name may have.
  await page.getByRole('link', { name: 'Return to the task list' }).first().click();
  await page.getByRole('link', { name: 'Improvement actions' }).click();
  await page.getByRole('link', { name: /Change\s*action 1/ }).click();
  await page.getByLabel('Who will do it').fill('A'.repeat(205));
  await status().filter({ hasText: HELD }).waitFor();
  await page.getByRole('button', { name: 'Save and return to the actions' }).click();
  const actionSummary = page.locator('.govuk-error-summary');
  await actionSummary.getByRole('link', { name: OWNER_PROBLEM }).waitFor();
  expect(page.url()).toMatch(/\/actions\/[^/]+$/);
  await axe.scan(page, 'action: save and return refused');
  await page.getByRole('link', { name: 'Back', exact: true }).click();
  await page.getByRole('button', { name: 'Add an action' }).waitFor();

  await toCheckYourAnswers();
  // Beside the answer the record holds: what was typed after it is not sent.
  await page.getByText(`Kept on this tablet, not sent – ${STRENGTHS_PROBLEM}`).waitFor();
  await page.getByText(`Kept on this tablet, not sent – ${OWNER_PROBLEM}`).waitFor();
  await axe.scan(page, 'check your answers, held back');
  await page.getByRole('button', { name: 'Submit' }).click();
  const summary = page.locator('.govuk-error-summary');
  await summary.getByRole('link', { name: STRENGTHS_PROBLEM }).waitFor();
  await summary.getByRole('link', { name: OWNER_PROBLEM }).waitFor();
  expect(await summary.getByRole('link').count()).toBe(2);
  expect(page.url()).toMatch(/\/check$/);
  await axe.scan(page, 'check your answers, submit refused');
  // Refused: the server has a draft, with the note as it was before its last sentence.
  const refused = await onServer();
  expect(refused.observation.fields['status']).toBe('draft');
  expect(String(refused.observation.fields['summary.strengths']).endsWith(TAIL)).toBe(false);

  // The link goes to the field, which says the same; the observer cuts the note's start.
  await summary.getByRole('link', { name: STRENGTHS_PROBLEM }).click();
  await page.getByRole('heading', { name: 'Strengths and areas for development' }).waitFor();
  expect(page.url()).toMatch(/\/summary\/strengths\?check=1&from=check#f-summary--strengths$/);
  await page
    .locator('#f-summary--strengths-error')
    .filter({ hasText: STRENGTHS_PROBLEM })
    .waitFor();
  await axe.scan(page, 'strengths from the error summary');
  await note.click();
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < 30; i++) await page.keyboard.press('Delete');
  const fixed = BASE.slice(30) + TAIL;
  expect(await note.inputValue()).toBe(fixed);
  await status().filter({ hasText: 'Saved on this device' }).waitFor();

  await toCheckYourAnswers();
  await page.getByRole('button', { name: 'Submit' }).click();
  await summary.getByRole('link', { name: OWNER_PROBLEM }).click();
  await page.getByRole('heading', { name: 'Improvement action' }).waitFor();
  await page.getByLabel('Who will do it').fill('Alex Morgan, social worker');
  await status().filter({ hasText: 'Saved on this device' }).waitFor();
  await page.getByRole('button', { name: 'Save and return to the actions' }).click();
  await page.getByRole('button', { name: 'Add an action' }).waitFor();

  await toCheckYourAnswers();
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('heading', { name: /submitted$/ }).waitFor();
  await page.getByTestId('send-state').filter({ hasText: 'It has reached the server.' }).waitFor();
  await axe.scan(page, 'submitted');
  const sent = await onServer();
  expect(sent.observation.fields['status']).toBe('submitted');
  expect(sent.observation.fields['summary.strengths']).toBe(fixed);
  expect(sent.action.fields['ownerName']).toBe('Alex Morgan, social worker');

  if (axe.findings.length) console.log(JSON.stringify(axe.findings, null, 1));
  expect(axe.findings).toEqual([]);
}, 600_000);

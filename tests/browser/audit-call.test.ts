// A single case audit and its family feedback call: the call is started from the audit's family
// feedback section, linked to it with the case ID filled in; the call's set-up names the audit;
// the audit shows the call's summary and adds it to its own answer without replacing what the
// auditor typed; the call leads back to its audit. A call started on its own is linked on its
// set-up page. A mis-tapped call attempt is corrected, another removed, offline. axe on each
// screen.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { Tablet } from '../helpers/browser';
import { PASSWORD, startObserverTablet, syncNow, waitSavedOnDevice } from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { createAxeLog } from '../helpers/axe';
import { HttpSyncClient, signInHttp } from '../helpers/http-client';

let world: World;
let tablet: Tablet;
let page: Page;
const axe = createAxeLog();

beforeAll(async () => {
  ({ world, tablet, page } = await startObserverTablet());
});
afterAll(async () => {
  await tablet?.context.close();
  await world?.stop();
});

/** Goes to a screen of the app without reloading it (a reload would lock it). */
async function go(path: string) {
  await page.evaluate((to) => {
    history.pushState(null, '', to);
    dispatchEvent(new PopStateEvent('popstate'));
  }, path);
}

const idFromUrl = () => /\/observations\/([0-9a-f-]{36})/.exec(page.url())![1]!;

async function start(kind: string): Promise<string> {
  await page.getByRole('link', { name: 'New observation' }).click();
  await page.getByLabel(kind, { exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(/\/observations\/[0-9a-f-]{36}$/);
  return idFromUrl();
}

test('an audit starts its family feedback call, and takes the call’s summary without losing its own words', async () => {
  const auditId = await start('Single case audit');
  await go(`/observations/${auditId}/context`);
  await page.getByLabel('Case ID').fill('AC-4001');
  await page.getByLabel('Name of the social worker whose case you audited').fill('Jo Bloggs');
  await page.getByLabel('Their role').fill('Senior social worker');
  await waitSavedOnDevice(page);

  await go(`/observations/${auditId}/sections/family-feedback`);
  await page.getByRole('heading', { name: 'The family feedback call' }).waitFor();
  await axe.scan(page, 'audit: family feedback, no call yet');
  await page.getByRole('button', { name: 'Start the family feedback call for this audit' }).click();
  await page.waitForURL((url) => !url.pathname.includes(auditId));
  const callId = idFromUrl();

  await go(`/observations/${callId}/context`);
  const link = page.getByLabel('Which audit is this call for?');
  expect(await link.inputValue()).toBe(auditId);
  // Named once the tablet's audits are read.
  await expect.poll(() => link.locator('option:checked').textContent()).toContain('Case AC-4001');
  expect(await page.getByLabel('Case ID').inputValue()).toBe('AC-4001');
  // The audit's social worker is the family's: not asked for again (WCAG 3.3.7).
  expect(await page.getByLabel('Name of the social worker for the case').inputValue()).toBe(
    'Jo Bloggs',
  );
  expect(await page.getByLabel('Their role').inputValue()).toBe('Senior social worker');
  await axe.scan(page, 'call: set-up linked to its audit');

  await go(`/observations/${callId}/summary/family-voice`);
  await page
    .getByLabel('Your summary for the audit')
    .fill('Mother feels listened to; reports arrive late.');
  await waitSavedOnDevice(page);

  await go(`/observations/${auditId}/sections/family-feedback`);
  await page.getByText('Mother feels listened to; reports arrive late.').waitFor();
  const answer = page.getByLabel('Summary of the family’s feedback');
  await answer.fill('Spoke to the mother on 3 June.');
  await page.getByRole('button', { name: 'Add the call’s summary to this audit' }).click();
  await page.getByRole('status').filter({ hasText: 'The call’s summary was added' }).waitFor();
  expect(await answer.inputValue()).toBe(
    'Spoke to the mother on 3 June.\n\nMother feels listened to; reports arrive late.',
  );
  await waitSavedOnDevice(page);
  await axe.scan(page, 'audit: family feedback with its call');
  await page.getByRole('link', { name: 'Open the family feedback call' }).click();
  await page.waitForURL(new RegExp(`/observations/${callId}$`));
  // The call leads back to its audit: its check your answers names it, and Back goes there.
  await go(`/observations/${callId}/check`);
  await page.getByText('Case AC-4001, audit not dated yet').waitFor();
  await axe.scan(page, 'call: check your answers naming its audit');
  await go(`/observations/${callId}`);
  const back = page.getByRole('link', { name: 'Back', exact: true });
  await expect.poll(() => back.getAttribute('href')).toBe(`/observations/${auditId}`);
  await back.click();
  await page.waitForURL(new RegExp(`/observations/${auditId}$`));
  await page.getByRole('heading', { name: 'Single case audit' }).waitFor();

  await syncNow(page);
  const qa = new HttpSyncClient(
    () => world.server.url,
    await signInHttp(world.server.url, 'qa@example.org', PASSWORD),
  );
  await qa.pullAll();
  expect(qa.records.get(callId)?.fields['context.linkedObservationId']).toBe(auditId);
  expect(qa.records.get(auditId)?.fields['responses.family-feedback-summary.value']).toBe(
    'Spoke to the mother on 3 June.\n\nMother feels listened to; reports arrive late.',
  );
});

test('Save and continue stays on the audit’s set-up page while an answer is malformed or its date is after today, keeping what was typed', async () => {
  const auditId = await start('Single case audit');
  await go(`/observations/${auditId}/context`);
  const date = page.getByRole('group', { name: 'Date of the audit' });
  const typeDate = async (day: string, month: string, year: string) => {
    await date.getByLabel('Day').fill(day);
    await date.getByLabel('Month').fill(month);
    await date.getByLabel('Year').fill(year);
  };
  await page.getByLabel('Case ID').fill('AB');
  await typeDate('31', '2', '2026');
  await page.getByLabel('Start time (optional)').fill('25:99');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  const summary = page.locator('.govuk-error-summary');
  await summary.getByRole('heading', { name: 'There is a problem' }).waitFor();
  expect(await summary.getByRole('link').count()).toBe(3);
  await expect(summary.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
  expect(page.url()).toMatch(new RegExp(`/observations/${auditId}/context$`));
  expect(await page.getByLabel('Case ID').inputValue()).toBe('AB');
  await axe.scan(page, 'audit: set-up, malformed answers');

  // Years ahead, as the tester typed: saved as a draft, but it cannot be the day of an audit.
  const ahead = new Date();
  ahead.setFullYear(ahead.getFullYear() + 4);
  await page.getByLabel('Case ID').fill('AC-4002');
  await page.getByLabel('Start time (optional)').fill('09:30');
  await typeDate('3', '12', String(ahead.getFullYear()));
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await summary
    .getByRole('link', { name: 'Date of the audit must be today or in the past' })
    .waitFor();
  expect(await summary.getByRole('link').count()).toBe(1);
  await date.getByText('Date of the audit must be today or in the past').waitFor();
  await axe.scan(page, 'audit: set-up, date after today');

  // Check your answers says so too, so it cannot be submitted.
  await go(`/observations/${auditId}/check`);
  await page.getByRole('button', { name: /^Submit/ }).click();
  await summary
    .getByRole('link', { name: 'Date of the audit must be today or in the past' })
    .waitFor();
  expect(page.url()).toMatch(new RegExp(`/observations/${auditId}/check$`));

  // Today's date: Save and continue moves on; the empty answers do not stop it.
  await go(`/observations/${auditId}/context`);
  const today = new Date();
  await typeDate(
    String(today.getDate()),
    String(today.getMonth() + 1),
    String(today.getFullYear()),
  );
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/context'));
});

test('a call started on its own is linked to an audit on its set-up page', async () => {
  const callId = await start('Family feedback call');
  await go(`/observations/${callId}/context`);
  const link = page.getByLabel('Which audit is this call for?');
  expect(await link.inputValue()).toBe('');
  // A name typed here first stays; what is still empty comes from the audit chosen.
  await page.getByLabel('Name of the social worker for the case').fill('Sam Typed');
  const audit = await link.locator('option', { hasText: 'Case AC-4001' }).getAttribute('value');
  await link.selectOption(audit!);
  expect(await page.getByLabel('Case ID').inputValue()).toBe('AC-4001');
  expect(await page.getByLabel('Name of the social worker for the case').inputValue()).toBe(
    'Sam Typed',
  );
  expect(await page.getByLabel('Their role').inputValue()).toBe('Senior social worker');
  await waitSavedOnDevice(page);
  await go(`/observations/${callId}`);
  await go(`/observations/${callId}/context`);
  expect(await page.getByLabel('Which audit is this call for?').inputValue()).toBe(audit);
  expect(axe.findings).toEqual([]);
});

test('a mis-tapped call attempt is corrected and another removed offline, and the server ends with both changes after sync', async () => {
  const callId = await start('Family feedback call');
  await go(`/observations/${callId}/calls`);
  const addAttempt = async (time: string, outcome: string) => {
    await page.getByLabel('Time of the call').fill(time);
    await page.getByLabel(outcome, { exact: true }).check();
    await page.getByRole('button', { name: 'Add call attempt' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Call attempt added: ${outcome}` })
      .waitFor();
  };
  await addAttempt('09:00', 'Declined to take part');
  await addAttempt('11:00', 'Asked to be called back');
  await syncNow(page);
  const qa = new HttpSyncClient(
    () => world.server.url,
    await signInHttp(world.server.url, 'qa@example.org', PASSWORD),
  );
  await qa.pullAll();
  const attempts = () =>
    [...qa.records.values()].filter((r) => r.type === 'call-attempt' && r.parentId === callId);
  const [declined, callBack] = ['declined', 'call-back'].map(
    (o) => attempts().find((a) => a.fields['outcome'] === o)!.id,
  );
  await go(`/observations/${callId}/calls`);
  await page.getByRole('table', { name: 'Attempts so far: 2' }).waitFor();
  await axe.scan(page, 'call: attempts with Change and Remove');

  await tablet.context.setOffline(true);
  // The 09:00 call was never answered: not a refusal.
  await page.getByRole('link', { name: /^Change the call attempt of .* at 9am$/ }).click();
  await page.getByRole('heading', { name: 'Change a call attempt' }).waitFor();
  await page.getByLabel('No answer', { exact: true }).check();
  await page.getByLabel('Note (optional)').fill('Rang out, no voicemail');
  await axe.scan(page, 'call: changing an attempt');
  await page.getByRole('button', { name: 'Save and return to the call attempts' }).click();
  await page.waitForURL(new RegExp(`/observations/${callId}/calls$`));
  await page.getByRole('cell', { name: 'No answer' }).waitFor();

  // The 11:00 call was entered on the wrong case.
  await page.getByRole('link', { name: /^Remove the call attempt of .* at 11am$/ }).click();
  await page
    .getByRole('heading', { name: 'Are you sure you want to remove this call attempt?' })
    .waitFor();
  await axe.scan(page, 'call: removing an attempt');
  await page.getByRole('button', { name: 'Remove call attempt' }).click();
  const said = page.getByText('The call attempt was removed.');
  await said.waitFor();
  await expect.poll(() => said.evaluate((el) => el === document.activeElement)).toBe(true);
  await page.getByRole('table', { name: 'Attempts so far: 1' }).waitFor();
  await axe.scan(page, 'call: an attempt removed');

  await tablet.context.setOffline(false);
  await syncNow(page);
  await qa.pullAll();
  // A removed row comes back from the server as a tombstone, without its fields.
  expect(qa.records.get(callBack!)?.deleted).toBe(true);
  expect(qa.records.get(declined!)).toMatchObject({
    deleted: false,
    fields: expect.objectContaining({ outcome: 'no-answer', note: 'Rang out, no voicemail' }),
  });
  expect(attempts().filter((a) => !a.deleted)).toHaveLength(1);
  expect(axe.findings).toEqual([]);
});

// After submission an observation is read-only; a change is an amendment with a reason, kept in
// its history and delivered to the server as an append-only row.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchTablet, waitForServiceWorkerControl } from '../helpers/browser';
import type { Tablet } from '../helpers/browser';
import {
  addObserverAndQaLead,
  PASSWORD,
  signInFirstTime,
  startWorld,
  syncNow,
} from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { completeObservation } from '../helpers/fill-observation';
import { HttpSyncClient, signInHttp } from '../helpers/http-client';

let world: World;
let tablet: Tablet;
let page: Page;

beforeAll(async () => {
  world = await startWorld();
  await addObserverAndQaLead(world);
  tablet = await launchTablet();
  page = await tablet.context.newPage();
  await page.goto(world.server.url);
  await waitForServiceWorkerControl(page);
  await signInFirstTime(page, world.server.url, 'sam@example.org');
});
afterAll(async () => {
  await tablet?.context.close();
  await world?.stop();
});

test('a submitted observation is read-only; an amendment with a reason is kept in its history', async () => {
  await page.getByRole('link', { name: 'New observation' }).click();
  await page.getByLabel('Family feedback call', { exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await completeObservation(page, 'AM-3001');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('heading', { name: 'Family feedback call submitted' }).waitFor();
  await page.getByRole('button', { name: 'Go to your observations' }).click();
  await page
    .getByRole('link', { name: /Family feedback call/ })
    .first()
    .click();

  // Read-only: no form fields, an "Amend" button instead.
  await page.getByRole('button', { name: 'Amend this observation' }).waitFor();
  expect(await page.locator('main textarea, main input[type=text]').count()).toBe(0);

  await page.getByRole('button', { name: 'Amend this observation' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByText('Enter why you are amending this observation').first().waitFor();
  await page.getByLabel('Reason for the amendment').fill('The family rang back with more to say.');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: 'Amending this observation' }).waitFor();
  await page.getByRole('link', { name: 'The family’s feedback' }).click();
  const summary = page.getByLabel('Your summary for the audit');
  await summary.fill('Updated after the family called back: they feel listened to.');
  await page.getByTestId('save-status').filter({ hasText: 'Saved on this device' }).waitFor();
  await page.getByRole('link', { name: 'Return to the task list' }).first().click();
  await page
    .getByRole('link', { name: /Amend|Continue amending/ })
    .first()
    .click()
    .catch(() => undefined);
  await page.getByRole('button', { name: 'Finish amending' }).click();
  await page.getByText('History of amendments').waitFor();
  await page.getByText('The family rang back with more to say.').waitFor();
  await syncNow(page);

  const qa = new HttpSyncClient(
    () => world.server.url,
    await signInHttp(world.server.url, 'qa@example.org', PASSWORD),
  );
  await qa.pullAll();
  const amendment = [...qa.records.values()].find((r) => r.type === 'amendment');
  expect(amendment?.fields['reason']).toBe('The family rang back with more to say.');
  const changed = Object.entries(amendment?.fields ?? {})
    .filter(([k]) => /^changes\.\d+\.path$/.test(k))
    .map(([, v]) => v);
  expect(changed).toContain('family.auditorSummary');
  const observation = [...qa.records.values()].find((r) => r.type === 'observation');
  expect(observation?.fields['family.auditorSummary']).toBe(
    'Updated after the family called back: they feel listened to.',
  );
  expect(observation?.fields['status']).toBe('submitted');
});

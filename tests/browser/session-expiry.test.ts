// A session that ends while the tablet is offline: the work stays, the tablet asks the person to
// sign in again once back online, takes them back to the page they were on, and then sends
// everything.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { Tablet } from '../helpers/browser';
import {
  PASSWORD,
  startObserverTablet,
  waitAllSent,
  waitSavedOnDevice,
} from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { expireTabletSessions } from '../helpers/server-db';
import { startAuditWithCaseId } from '../helpers/start-draft';
import { HttpSyncClient, signInHttp } from '../helpers/http-client';

let world: World;
let tablet: Tablet;
let page: Page;

beforeAll(async () => {
  ({ world, tablet, page } = await startObserverTablet());
});
afterAll(async () => {
  await tablet?.context.close();
  await world?.stop();
});

test('an expired session keeps the work, asks to sign in again, returns to the page, then sends it all', async () => {
  await tablet.context.setOffline(true);
  const auditPage = await startAuditWithCaseId(page, 'EX-7001');

  // While the tablet is away, its session runs out.
  expireTabletSessions(world);

  await tablet.context.setOffline(false);
  await page.getByRole('link', { name: 'Account', exact: true }).click();
  await page.getByRole('button', { name: 'Send changes now' }).click();
  await page
    .getByText('Sign in again to send your changes. They are saved on this tablet.')
    .waitFor();
  expect(await page.getByTestId('sync-waiting').textContent()).toMatch(/waiting to send/);

  // Back at the audit, the person goes on typing, then signs in again from there.
  await page.goBack();
  await page.getByRole('heading', { name: 'About the audit' }).waitFor();
  await page.getByLabel('Their role', { exact: true }).fill('Team manager');
  await waitSavedOnDevice(page);
  await page.getByRole('link', { name: 'Sign in again' }).click();
  await page.getByRole('heading', { name: 'Sign in again' }).waitFor();
  expect(await page.getByLabel('Email address').inputValue()).toBe('sam@example.org');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();

  // Back where they were, with everything they typed.
  await page.getByRole('heading', { name: 'About the audit' }).waitFor();
  expect(new URL(page.url()).pathname).toBe(auditPage);
  expect(await page.getByLabel('Case ID', { exact: true }).inputValue()).toBe('EX-7001');
  expect(await page.getByLabel('Their role', { exact: true }).inputValue()).toBe('Team manager');
  await waitAllSent(page);

  const qa = new HttpSyncClient(
    () => world.server.url,
    await signInHttp(world.server.url, 'qa@example.org', PASSWORD),
  );
  await qa.pullAll();
  const audit = [...qa.records.values()].find((r) => r.fields['context.caseId'] === 'EX-7001');
  expect(audit?.fields['context.observedRole']).toBe('Team manager');
});

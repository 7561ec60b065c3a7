// A session that ends while the tablet is offline: the work stays, the tablet asks the person to
// sign in again once back online, takes them back to the page they were on, and then sends
// everything.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchTablet, waitForServiceWorkerControl } from '../helpers/browser';
import type { Tablet } from '../helpers/browser';
import {
  addObserverAndQaLead,
  PASSWORD,
  signInFirstTime,
  startWorld,
  waitAllSent,
} from '../helpers/app-world';
import type { World } from '../helpers/app-world';
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

test('an expired session keeps the work, asks to sign in again, returns to the page, then sends it all', async () => {
  await tablet.context.setOffline(true);
  await page.getByRole('link', { name: 'New observation' }).click();
  await page.getByLabel('Single case audit', { exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('link', { name: 'About the audit' }).click();
  await page.getByLabel('Case ID', { exact: true }).fill('EX-7001');
  await page.getByTestId('save-status').filter({ hasText: 'Saved on this device' }).waitFor();
  const auditPage = new URL(page.url()).pathname;

  // While the tablet is away, its session runs out.
  const db = new Database(path.join(world.server.dataDir, 'observations.sqlite'));
  db.prepare(
    "update sessions set expires_at = '2020-01-01T00:00:00.000Z' where revoked_at is null and device_id in (select id from devices where name = 'Tablet')",
  ).run();
  db.close();

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
  await page.getByTestId('save-status').filter({ hasText: 'Saved on this device' }).waitFor();
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

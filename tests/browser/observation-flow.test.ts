// The tablet app in real Chromium: signed in online, then with no network, one observation of
// each kind from start to finish, with axe on every screen; back online, everything reaches the
// server.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { OBSERVATION_KINDS } from '../../schemas/entities/observation-kind';
import { launchTablet, waitForServiceWorkerControl } from '../helpers/browser';
import type { Tablet } from '../helpers/browser';
import {
  addObserverAndQaLead,
  signInFirstTime,
  startWorld,
  waitAllSent,
} from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { createAxeLog } from '../helpers/axe';
import { completeObservation } from '../helpers/fill-observation';
import { HttpSyncClient, signInHttp } from '../helpers/http-client';
import { PASSWORD } from '../helpers/app-world';

const LABELS: Record<string, string> = {
  'cp-conference-chairing': 'Child protection conference chairing',
  'lac-review-chairing': 'Looked-after child review chairing',
  'frontline-practice': 'Frontline practice observation',
  'family-feedback-call': 'Family feedback call',
  'single-case-audit': 'Single case audit',
};

let world: World;
let tablet: Tablet;
let page: Page;
const axe = createAxeLog();

beforeAll(async () => {
  world = await startWorld({ DUTY_PHONE: '020 7946 0000' });
  await addObserverAndQaLead(world);
  tablet = await launchTablet();
  page = await tablet.context.newPage();
});
afterAll(async () => {
  await tablet?.context.close();
  await world?.stop();
});

test('signed in online, the tablet records and submits one of each kind with no network', async () => {
  await page.goto(world.server.url);
  await waitForServiceWorkerControl(page);
  await axe.scan(page, 'sign in');
  await signInFirstTime(page, world.server.url, 'sam@example.org');
  await axe.scan(page, 'home');
  await waitAllSent(page);

  await tablet.context.setOffline(true);
  let n = 0;
  for (const kind of OBSERVATION_KINDS) {
    n++;
    await page.getByRole('link', { name: 'New observation' }).click();
    await page.getByRole('heading', { name: 'What are you recording?' }).waitFor();
    if (n === 1) await axe.scan(page, 'choose kind');
    await page.getByLabel(LABELS[kind]!, { exact: true }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await completeObservation(page, `AB-${1000 + n}`, (screen) =>
      axe.scan(page, `${kind}: ${screen}`),
    );
    await page.getByRole('button', { name: /^Submit/ }).click();
    await page.getByRole('heading', { name: /submitted$/ }).waitFor();
    await expect(page.getByTestId('send-state').textContent()).resolves.toContain(
      'saved on this tablet',
    );
    await axe.scan(page, `${kind}: submitted`);
    await page.getByRole('button', { name: 'Go to your observations' }).click();
    console.log(`submitted ${kind} offline; ${axe.findings.length} axe findings so far`);
  }
  await page
    .getByTestId('on-device')
    .filter({ hasText: /changes have not been sent/ })
    .waitFor();

  await tablet.context.setOffline(false);
  await waitAllSent(page, 60_000);
  // The server has each of them exactly once, submitted, with its answers and child rows.
  const qa = new HttpSyncClient(
    () => world.server.url,
    await signInHttp(world.server.url, 'qa@example.org', PASSWORD),
  );
  await qa.pullAll();
  const observations = [...qa.records.values()].filter((r) => r.type === 'observation');
  expect(observations.map((o) => o.fields['kind']).sort()).toEqual([...OBSERVATION_KINDS].sort());
  expect(
    observations.every(
      (o) => o.fields['status'] === 'submitted' && typeof o.fields['submittedAt'] === 'string',
    ),
  ).toBe(true);
  expect(observations.map((o) => o.fields['context.caseId']).sort()).toEqual([
    'AB-1001',
    'AB-1002',
    'AB-1003',
    'AB-1004',
    'AB-1005',
  ]);
  expect([...qa.records.values()].filter((r) => r.type === 'call-attempt')).toHaveLength(1);
  expect([...qa.records.values()].filter((r) => r.type === 'action').length).toBeGreaterThanOrEqual(
    1,
  );
  if (axe.findings.length) console.log(JSON.stringify(axe.findings, null, 1));
  expect(axe.findings).toEqual([]);
  expect(axe.screens.length).toBeGreaterThan(30);
}, 900_000);

// The director is always told: a concern raised on a tablet with no signal waits on that tablet,
// saying it is not sent and to phone; it reaches the server when the signal returns, and the
// tablet then says truthfully how the Director is told (this server sends no email or alert: only
// in the app, so phone). It shows in the director's safety concern log on another tablet; a QA
// lead's acknowledgement is recorded beside it but does not settle it; the Director's Acknowledge
// does, with who and when, and reaches every device by pull. Until then the director's home screen
// and menu say it waits for them, offline too. The log stays readable offline, until a concern
// in it is deleted under retention: the sync that brings the deletion drops the kept copy. A QA
// lead of another service sees none of it.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { concernLogSchema } from '../../schemas/reports/concern-log';
import { launchTablet, waitForServiceWorkerControl } from '../helpers/browser';
import type { Tablet } from '../helpers/browser';
import { ADMIN, PASSWORD, signInFirstTime, startWorld, syncNow } from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { keepConcernOffline } from '../helpers/concern-form';
import { startFrontlineDraft } from '../helpers/start-draft';
import { createAxeLog } from '../helpers/axe';
import { HttpSyncClient, signInHttp } from '../helpers/http-client';

let world: World;
const tablets: Tablet[] = [];
let observerTablet: Tablet;
let directorTablet: Tablet;
let observer: Page;
let director: Page;
let directorId: string;
const axe = createAxeLog();

async function tablet(email: string): Promise<{ tablet: Tablet; page: Page }> {
  const t = await launchTablet();
  tablets.push(t);
  const page = await t.context.newPage();
  await page.goto(world.server.url);
  await waitForServiceWorkerControl(page);
  await signInFirstTime(page, world.server.url, email);
  return { tablet: t, page };
}

async function concernLog(email: string) {
  const { token } = await signInHttp(world.server.url, email, PASSWORD);
  const res = await fetch(`${world.server.url}/api/reports/concerns`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  return concernLogSchema.parse(await res.json());
}

beforeAll(async () => {
  world = await startWorld();
  const service = await world.addScope('Children in need', 'service');
  const group = await world.addScope('CIN team 2', 'practice-group', service);
  const elsewhere = await world.addScope('Fostering', 'service');
  await world.addUser({
    email: 'sam@example.org',
    role: 'observer',
    name: 'Sam Patel',
    scopeIds: [group],
  });
  directorId = await world.addUser({
    email: 'dee@example.org',
    role: 'director',
    name: 'Dee Director',
    scopeIds: [service],
  });
  await world.addUser({
    email: 'qa@example.org',
    role: 'qa-lead',
    name: 'Quinn Adams',
    scopeIds: [service],
  });
  await world.addUser({
    email: 'qa2@example.org',
    role: 'qa-lead',
    name: 'Robin Lee',
    scopeIds: [elsewhere],
  });
  ({ tablet: observerTablet, page: observer } = await tablet('sam@example.org'));
  ({ tablet: directorTablet, page: director } = await tablet('dee@example.org'));
}, 240_000);

afterAll(async () => {
  for (const t of tablets) await t.context.close();
  await world?.stop();
});

test('a concern raised offline reaches the director, who acknowledges it; every device hears', async () => {
  // The observer, with no signal, raises a concern from a draft observation.
  await startFrontlineDraft(observer);
  await observerTablet.context.setOffline(true);
  await observer.getByRole('button', { name: 'Report a safety concern' }).first().click();
  await observer.getByText('No signal: phone now').waitFor();
  expect(await observer.locator('main').innerText()).not.toMatch(/straight away|being told now/);
  await axe.scan(observer, 'report a safety concern, offline');
  await keepConcernOffline(observer, {
    what: 'Bruising seen on the younger child’s arm.',
    caseId: 'SC-7001',
    toldName: 'Pat Duty',
    toldRole: 'Duty manager',
  });
  await observer.getByText('Not sent yet: phone now').waitFor();
  await observer
    .getByText(/follow your local procedure for telling the Director of Children’s Social Care/)
    .first()
    .waitFor();
  await axe.scan(observer, 'safety concern not sent yet');
  expect((await concernLog('dee@example.org')).concerns).toHaveLength(0);

  // The signal comes back: the concern goes on its own, and the page says how the Director is
  // told: this server sends no email or alert, so only in the app, and the observer must phone.
  await observerTablet.context.setOffline(false);
  await expect
    .poll(async () => (await concernLog('dee@example.org')).concerns.length, { timeout: 60_000 })
    .toBe(1);
  await observer.getByRole('heading', { name: 'How the Director is being told' }).waitFor();
  await observer
    .getByText(
      'This server is not set up to send email or alerts, so the Director of Children’s Social Care is not sent anything: they will see this concern only when they next open the app.',
    )
    .waitFor();
  await observer.getByText('The Director has not been told yet: phone now').waitFor();
  await axe.scan(observer, 'safety concern sent, the Director told only in the app');

  // A QA lead of the team acknowledges it first: recorded, but the concern stays unsettled.
  const concernId = (await concernLog('dee@example.org')).concerns[0]!.concern.id;
  const qaSession = await signInHttp(world.server.url, 'qa@example.org', PASSWORD);
  const byQa = await fetch(`${world.server.url}/api/concerns/${concernId}/acknowledge`, {
    method: 'POST',
    headers: { authorization: `Bearer ${qaSession.token}` },
  });
  expect(byQa.status).toBe(200);

  // It reaches the director's tablet at its next sync. With no signal, the home screen says it
  // waits for them (a count and a link, nothing of the concern) and so does the menu; the link
  // leads to the log, which, with no log fetched yet, lists what the tablet pulled.
  await syncNow(director);
  await directorTablet.context.setOffline(true);
  await director
    .getByRole('link', { name: /^Your observations/ })
    .first()
    .click();
  const waiting = director.getByRole('region', { name: 'Important' });
  await waiting.getByText('1 safety concern is waiting for you to acknowledge.').waitFor();
  expect(await waiting.innerText()).not.toMatch(/SC-7001|Bruising/);
  await director.getByRole('link', { name: 'Safety concerns, 1 waiting', exact: true }).waitFor();
  await axe.scan(director, 'home screen, a safety concern waiting, offline');
  await waiting.getByRole('link', { name: 'See the safety concerns' }).click();
  await director.getByRole('heading', { name: 'Safety concerns', level: 1 }).waitFor();
  await director.getByTestId('log-local').waitFor();
  const pulledEntry = director.getByTestId('concern-entry').filter({ hasText: 'SC-7001' });
  await pulledEntry.getByText('Bruising seen on the younger child’s arm.').waitFor();
  await pulledEntry
    .locator('.govuk-tag')
    .filter({ hasText: /^Not acknowledged by the Director$/ })
    .waitFor();
  expect(await director.getByRole('button', { name: /Acknowledge/ }).count()).toBe(0);
  await axe.scan(director, 'safety concern log, from the tablet');
  await directorTablet.context.setOffline(false);

  // Online, the director's log from the server.
  await director.getByRole('link', { name: 'Your observations', exact: true }).click();
  await director.getByRole('link', { name: 'Safety concerns, 1 waiting', exact: true }).click();
  await director.getByRole('heading', { name: 'Safety concerns' }).waitFor();
  const entry = director.getByTestId('concern-entry').filter({ hasText: 'SC-7001' });
  await entry.waitFor();
  await entry.getByText('Bruising seen on the younger child’s arm.').waitFor();
  await entry.getByText(/Pat Duty \(Duty manager\) on \d{1,2} [A-Z][a-z]+ \d{4} at \d/).waitFor();
  await entry
    .locator('.govuk-tag')
    .filter({ hasText: /^Not acknowledged by the Director$/ })
    .waitFor();
  await entry
    .getByText(/^Quinn Adams \(Quality assurance lead\) on \d{1,2} [A-Z][a-z]+ \d{4} at \d/)
    .waitFor();
  // Who raised it, so the Director knows whom to ring back.
  await entry.getByText('Sam Patel (Observer)', { exact: true }).waitFor();
  await axe.scan(director, 'safety concern log');
  await entry.getByRole('button', { name: /Acknowledge/ }).click();
  await director.getByText('Concern for case SC-7001 acknowledged.').waitFor();
  await entry.getByText(/^By you on /).waitFor();
  await entry
    .locator('.govuk-tag')
    .filter({ hasText: /^Acknowledged by the Director$/ })
    .waitFor();
  await axe.scan(director, 'safety concern log, acknowledged');

  // The server recorded who and when, once.
  const log = await concernLog('qa@example.org');
  expect(log.concerns[0]!.concern.acknowledgedBy).toBe(directorId);
  expect(log.summary.unacknowledged).toBe(0);
  // A QA lead of another service sees nothing of it.
  expect((await concernLog('qa2@example.org')).concerns).toHaveLength(0);

  // Every device hears by pull (here the QA lead's), and the director's tablet syncs it too.
  const qa = new HttpSyncClient(
    () => world.server.url,
    await signInHttp(world.server.url, 'qa@example.org', PASSWORD),
  );
  await qa.pullAll();
  const pulled = [...qa.records.values()].find((r) => r.type === 'safety-concern');
  expect(pulled?.fields['acknowledgedBy']).toBe(directorId);
  await syncNow(director);

  // Offline, the director still reads the log as last pulled, and cannot acknowledge; nothing
  // waits for them any more, on the home screen or in the menu.
  await directorTablet.context.setOffline(true);
  await director.getByRole('link', { name: 'Your observations', exact: true }).click();
  await director.getByRole('heading', { name: 'Your observations', level: 1 }).waitFor();
  expect(await director.getByRole('region', { name: 'Important' }).count()).toBe(0);
  await director.getByRole('link', { name: 'Safety concerns', exact: true }).click();
  await director.getByTestId('report-cached').waitFor();
  await director
    .getByTestId('concern-entry')
    .filter({ hasText: 'SC-7001' })
    .getByText(/^By you on /)
    .waitFor();
  await director
    .getByTestId('concern-entry')
    .filter({ hasText: 'SC-7001' })
    .getByText('Sam Patel (Observer)', { exact: true })
    .waitFor();
  expect(await director.getByRole('button', { name: /Acknowledge/ }).count()).toBe(0);
  await axe.scan(director, 'safety concern log, offline');
  await directorTablet.context.setOffline(false);
}, 400_000);

test('a concern deleted under retention leaves the kept log at the sync that brings its deletion', async () => {
  // The director's tablet keeps the log as it last fetched it, with the concern in it.
  await director.getByRole('link', { name: 'Safety concerns', exact: true }).click();
  await director.getByTestId('concern-entry').filter({ hasText: 'SC-7001' }).first().waitFor();
  const concernId = (await concernLog('qa@example.org')).concerns.find(
    (c) => c.concern.caseId === 'SC-7001',
  )!.concern.id;
  const { token } = await signInHttp(world.server.url, ADMIN.email, ADMIN.password);
  const asAdmin = (method: 'PUT' | 'POST', url: string, body: object) =>
    fetch(`${world.server.url}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  expect(
    (await asAdmin('PUT', '/api/admin/retention/policy', { periods: { 'safety-concern': 30 } }))
      .status,
  ).toBe(200);
  // Time passes: the concern was last touched 400 days ago.
  const db = new Database(path.join(world.server.dataDir, 'observations.sqlite'));
  db.prepare('update records set updated_at = ? where root_id = ?').run(
    new Date(Date.now() - 400 * 86_400_000).toISOString(),
    concernId,
  );
  db.close();
  const deleted = await asAdmin('POST', '/api/admin/retention/delete', {
    recordIds: [concernId],
    confirm: true,
  });
  expect(deleted.status, await deleted.text()).toBe(200);

  await syncNow(director);
  await directorTablet.context.setOffline(true);
  await director.getByRole('link', { name: 'Your observations', exact: true }).click();
  await director.getByRole('heading', { name: 'Your observations', level: 1 }).waitFor();
  await director.getByRole('link', { name: 'Safety concerns', exact: true }).click();
  await director.getByTestId('log-local').waitFor();
  expect(await director.getByTestId('report-cached').count()).toBe(0);
  expect(await director.getByText('SC-7001').count()).toBe(0);
  await directorTablet.context.setOffline(false);
}, 120_000);

test('only the director and QA leads see the concern log in the menu', async () => {
  expect(await observer.getByRole('link', { name: 'Safety concerns', exact: true }).count()).toBe(
    0,
  );
  expect(await director.getByRole('link', { name: 'Safety concerns', exact: true }).count()).toBe(
    1,
  );
});

test('axe finds nothing on the concern log', () => {
  expect(axe.screens).toHaveLength(8);
  expect(axe.findings).toEqual([]);
});

// The recovery file round trip in real Chromium: a tablet that cannot sync saves its unsent work and
// the safety concern waiting on it as a file sealed to the server's key (nothing readable in it);
// an administrator imports it in the app; the concern reaches the director and the work is on the
// server; a second import and the tablet's own later sync add nothing twice. Both screens pass axe.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchTablet, waitForServiceWorkerControl } from '../helpers/browser';
import type { Tablet } from '../helpers/browser';
import { ADMIN, PASSWORD, signInFirstTime, startWorld, syncNow } from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { axeScan } from '../helpers/axe';
import { signInHttp } from '../helpers/http-client';

let world: World;
let sam: Tablet;
let samPage: Page;
let office: Tablet;
let adminPage: Page;
let directorToken: string;

const NOTE = 'Recovery-marker-T4 the father spoke openly about the new routine';
const CASE_ID = 'RF-2231';
const CONCERN = 'Recovery-concern-T4 the baby was left alone upstairs during the visit';

const adminGet = async <T>(path: string): Promise<T> => {
  const res = await fetch(`${world.server.url}${path}`, {
    headers: { authorization: `Bearer ${world.adminToken}` },
  });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
};

/** The observation of a case as the server holds it (subject access by case ID). */
async function serverObservation(caseId: string) {
  const found = await adminGet<{
    records: { record: { id: string; type: string; fields: Record<string, unknown> } }[];
  }>(`/api/admin/subject-access?caseId=${encodeURIComponent(caseId)}&thirdParty=include`);
  // The safety concern raised from it carries the same case ID.
  const observations = found.records.filter((r) => r.record.type === 'observation');
  expect(observations).toHaveLength(1);
  return observations[0]!.record;
}

/** The safety concerns the director sees for the case. */
async function directorConcerns(): Promise<{ id: string; what: string }[]> {
  const res = await fetch(`${world.server.url}/api/concerns`, {
    headers: { authorization: `Bearer ${directorToken}` },
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { concerns: { concern: { id: string; what: string } }[] };
  return body.concerns.map((c) => c.concern).filter((c) => c.what === CONCERN);
}

/** The changes applied to a record, from its audit trail. */
async function appliedChanges(recordId: string): Promise<number> {
  const trail = await adminGet<{ entries: { action: string; recordId: string | null }[] }>(
    `/api/admin/audit?recordId=${recordId}&limit=1000`,
  );
  return trail.entries.filter(
    (e) => e.recordId === recordId && (e.action === 'create' || e.action === 'update'),
  ).length;
}

beforeAll(async () => {
  world = await startWorld();
  const service = await world.addScope('Children in need', 'service');
  const group = await world.addScope('CIN team 4', 'practice-group', service);
  await world.addUser({
    email: 'sam@example.org',
    role: 'observer',
    name: 'Sam Patel',
    scopeIds: [group],
  });
  await world.addUser({
    email: 'dana@example.org',
    role: 'director',
    name: 'Dana Director',
    scopeIds: [service],
  });
  directorToken = (await signInHttp(world.server.url, 'dana@example.org', PASSWORD)).token;
  sam = await launchTablet();
  samPage = await sam.context.newPage();
  await samPage.goto(world.server.url);
  await waitForServiceWorkerControl(samPage);
  await signInFirstTime(samPage, world.server.url, 'sam@example.org');
  // One clean sync while there is a signal: the tablet keeps the server's key from it.
  await syncNow(samPage);

  office = await launchTablet();
  adminPage = await office.context.newPage();
  await adminPage.goto(world.server.url);
  await waitForServiceWorkerControl(adminPage);
  await adminPage.getByLabel('Email address').fill(ADMIN.email);
  await adminPage.getByLabel('Password').fill(ADMIN.password);
  await adminPage.getByRole('button', { name: 'Sign in' }).click();
  await adminPage
    .getByRole('heading', { name: 'Choose an unlock secret for this tablet' })
    .waitFor();
  await adminPage.getByLabel('Unlock secret', { exact: true }).fill('quartz meadow violin harbour');
  await adminPage.getByLabel('Enter the unlock secret again').fill('quartz meadow violin harbour');
  await adminPage.getByRole('button', { name: 'Save and continue' }).click();
  await adminPage.getByRole('link', { name: 'Account', exact: true }).waitFor({ timeout: 30_000 });
});
afterAll(async () => {
  await sam?.context.close();
  await office?.context.close();
  await world?.stop();
});

test('saved on a tablet with no signal, imported by an admin, applied exactly once', async () => {
  // The tablet loses its signal and the work goes on.
  await sam.context.setOffline(true);
  await samPage.getByRole('link', { name: 'New observation' }).click();
  await samPage.getByLabel('Frontline practice observation', { exact: true }).check();
  await samPage.getByRole('button', { name: 'Continue' }).click();
  await samPage.locator('.govuk-task-list').waitFor();
  await samPage.getByRole('link', { name: 'About the observation' }).click();
  await samPage.getByLabel('Case ID', { exact: true }).fill(CASE_ID);
  await samPage.getByRole('link', { name: 'Return to the task list' }).first().click();
  await samPage.getByRole('link', { name: 'Strengths and areas for development' }).click();
  await samPage.getByLabel('Strengths').fill(NOTE);
  await samPage.getByTestId('save-status').filter({ hasText: 'Saved on this device' }).waitFor();
  // A safety concern, with no signal to send it: it waits on the tablet.
  await samPage.getByRole('link', { name: 'Return to the task list' }).first().click();
  await samPage.getByRole('button', { name: 'Report a safety concern' }).first().click();
  await samPage.getByLabel('What is the concern?').fill(CONCERN);
  await samPage.getByLabel('Name').fill('Pat Duty');
  await samPage.getByLabel('Role').fill('Duty manager');
  await samPage
    .getByRole('button', { name: 'Keep the concern to send when there is a signal' })
    .click();
  await samPage
    .getByRole('heading', { name: 'Your safety concern has not been sent yet' })
    .waitFor();

  await samPage.getByRole('link', { name: 'Account', exact: true }).click();
  await samPage.getByRole('heading', { name: 'If this tablet cannot send your changes' }).waitFor();
  await samPage.getByText('A safety concern has not been sent from this tablet.').waitFor();
  expect(await axeScan(samPage, 'account with a recovery file to save')).toEqual([]);
  const [download] = await Promise.all([
    samPage.waitForEvent('download'),
    samPage.getByRole('button', { name: 'Save a recovery file' }).click(),
  ]);
  await samPage.getByRole('heading', { name: 'Recovery file saved' }).waitFor();
  await samPage.getByText(/holds \d+ changes? and 1 safety concern\./).waitFor();
  expect(download.suggestedFilename()).toMatch(/^recovery-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}\.json$/);
  const path = await download.path();
  const fileText = await readFile(path, 'utf8');
  // Sealed: neither the note nor the case ID nor any field name is readable in the file.
  expect(fileText).not.toContain(NOTE);
  expect(fileText).not.toContain(CASE_ID);
  expect(fileText).not.toContain('summary');
  expect(fileText).not.toContain('Recovery-concern');
  expect(await axeScan(samPage, 'account after saving a recovery file')).toEqual([]);

  // The administrator imports it from their own tablet.
  await adminPage.getByRole('link', { name: 'Account', exact: true }).click();
  await adminPage.getByRole('link', { name: 'Import a recovery file from a tablet' }).click();
  await adminPage.getByRole('heading', { name: 'Import a recovery file' }).waitFor();
  // Nothing chosen: the error summary takes focus and names the field.
  await adminPage.getByRole('button', { name: 'Import changes' }).click();
  await adminPage.locator('.govuk-error-summary').getByText('Select a recovery file').waitFor();
  expect(await axeScan(adminPage, 'recovery import with an error')).toEqual([]);

  await adminPage.getByLabel('Upload a recovery file').setInputFiles(path);
  await adminPage.getByRole('button', { name: 'Import changes' }).click();
  await adminPage.getByRole('heading', { name: 'Recovery file imported' }).waitFor();
  const added = Number(
    await adminPage
      .locator('.govuk-summary-list__row', { hasText: 'Changes added' })
      .locator('dd')
      .innerText(),
  );
  expect(added).toBeGreaterThan(0);
  await adminPage.getByText('1 safety concern was raised').waitFor();
  // This server sends no email or alert: the page says so, and that someone must phone.
  await adminPage
    .getByText(/is not sent anything: they will see this concern only when they next open the app/)
    .waitFor();
  await adminPage.getByTestId('import-phone').waitFor();
  const raisedRow = adminPage
    .locator('.govuk-summary-list__row', { hasText: 'Safety concerns raised' })
    .locator('dd');
  expect(await raisedRow.innerText()).toBe('1');
  expect(await axeScan(adminPage, 'recovery import done')).toEqual([]);

  // The director has the concern now, while the tablet is still offline.
  expect(await directorConcerns()).toHaveLength(1);

  // The work is on the server now, while the tablet is still offline.
  const record = await serverObservation(CASE_ID);
  expect(record.fields['summary.strengths']).toBe(NOTE);
  const changes = await appliedChanges(record.id);
  expect(changes).toBeGreaterThan(0);

  // A second import adds nothing.
  await adminPage.getByLabel('Upload a recovery file').setInputFiles(path);
  await adminPage.getByRole('button', { name: 'Import changes' }).click();
  await adminPage
    .locator('.govuk-summary-list__row', { hasText: 'Already on the server' })
    .locator('dd')
    .filter({ hasText: new RegExp(`^${added}$`) })
    .waitFor();
  expect(
    await adminPage
      .locator('.govuk-summary-list__row', { hasText: 'Changes added' })
      .locator('dd')
      .innerText(),
  ).toBe('0');
  expect(
    await adminPage
      .locator('.govuk-summary-list__row', { hasText: 'Safety concerns already raised' })
      .locator('dd')
      .innerText(),
  ).toBe('1');

  // The tablet comes back and syncs as usual: its changes are acknowledged, none applied twice.
  await sam.context.setOffline(false);
  await syncNow(samPage);
  await samPage
    .locator('.govuk-summary-list__row', { hasText: 'Changes not sent' })
    .locator('dd')
    .filter({ hasText: /^0$/ })
    .waitFor();
  expect((await serverObservation(CASE_ID)).fields['summary.strengths']).toBe(NOTE);
  expect(await appliedChanges(record.id)).toBe(changes);
  // Its waiting concern is confirmed by the server and leaves the tablet; still one concern.
  await samPage.getByText('A safety concern has not been sent from this tablet.').waitFor({
    state: 'detached',
    timeout: 60_000,
  });
  expect(await directorConcerns()).toHaveLength(1);
});

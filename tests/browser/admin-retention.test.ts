// Retention in real Chromium: a record past its period is listed on the administrator's screen,
// exported, confirmed and deleted; it leaves the observer's tablet at its next sync, and the audit
// trail screen shows who deleted it. Subject access and the audit browser pass axe too.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchTablet } from '../helpers/browser';
import type { Tablet } from '../helpers/browser';
import { ADMIN, signInFirstTime, startWorld, syncNow } from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { openAdminScreen } from '../helpers/admin-screen';
import { createAxeLog } from '../helpers/axe';
import { startFrontlineDraft } from '../helpers/start-draft';

let world: World;
let adminTablet: Tablet;
let observerTablet: Tablet;
let admin: Page;
let observer: Page;
const axe = createAxeLog();
const DAY = 86_400_000;

beforeAll(async () => {
  world = await startWorld();
  const service = await world.addScope('Children in need', 'service');
  await world.addUser({
    email: 'sam@example.org',
    role: 'observer',
    name: 'Sam Patel',
    scopeIds: [service],
  });
  adminTablet = await launchTablet();
  observerTablet = await launchTablet();
  admin = await adminTablet.context.newPage();
  observer = await observerTablet.context.newPage();
}, 120_000);
afterAll(async () => {
  await adminTablet?.context.close();
  await observerTablet?.context.close();
  await world?.stop();
});

const adminGo = (link: string, heading: string) => openAdminScreen(admin, link, heading);

test('a record past its period is listed, exported, confirmed, deleted and leaves the tablet', async () => {
  await signInFirstTime(observer, world.server.url, 'sam@example.org');
  await startFrontlineDraft(observer);
  const recordPath = new URL(observer.url()).pathname;
  const recordId = recordPath.split('/').pop()!;
  await syncNow(observer);
  await observer.getByRole('link', { name: 'Your observations', exact: true }).click();
  // The list loads from IndexedDB after the heading: wait for it before counting.
  await observer.locator(`a[href="${recordPath}"]`).first().waitFor();
  expect(await observer.locator(`a[href="${recordPath}"]`).count()).toBe(1);

  await signInFirstTime(admin, world.server.url, ADMIN.email, ADMIN.password);
  await adminGo('Retention', 'Retention');
  await admin.getByText('No records are past their retention period.').waitFor();
  await axe.scan(admin, 'retention: nothing due');
  await admin.getByLabel('Frontline practice observation, days').fill('thirty');
  await admin.getByRole('button', { name: 'Save retention periods' }).click();
  await admin.locator('.govuk-error-summary').waitFor();
  await axe.scan(admin, 'retention: errors');
  await admin.getByLabel('Frontline practice observation, days').fill('30');
  await admin.getByRole('button', { name: 'Save retention periods' }).click();
  await admin.getByText('Retention periods saved.').waitFor();

  // Time passes: the observation was last touched 400 days ago.
  const db = new Database(path.join(world.server.dataDir, 'observations.sqlite'));
  db.prepare('update records set updated_at = ? where root_id = ?').run(
    new Date(Date.now() - 400 * DAY).toISOString(),
    recordId,
  );
  db.close();

  await adminGo('Retention', 'Retention');
  await admin
    .getByRole('cell', { name: recordId })
    .or(admin.getByRole('rowheader', { name: recordId }))
    .first()
    .waitFor();
  await axe.scan(admin, 'retention: due');
  const [download] = await Promise.all([
    admin.waitForEvent('download'),
    admin.getByRole('button', { name: `Export record ${recordId}` }).click(),
  ]);
  const file = await download.path();
  const exported = JSON.parse(fs.readFileSync(file, 'utf8')) as { record: { id: string } };
  expect(exported.record.id).toBe(recordId);
  await admin.getByRole('button', { name: 'Delete selected records' }).click();
  await admin.locator('.govuk-error-summary').waitFor();
  await admin.getByLabel(`Delete record ${recordId}`).check();
  await admin.getByRole('button', { name: 'Delete selected records' }).click();
  await admin.getByRole('heading', { name: 'Delete these records for good?' }).waitFor();
  await axe.scan(admin, 'retention: confirm deletion');
  await admin.getByRole('button', { name: 'Delete for good' }).click();
  await admin.getByText('One record was deleted').waitFor();
  await admin.getByText('No records are past their retention period.').waitFor();
  await axe.scan(admin, 'retention: deleted');

  // The audit trail shows who deleted it.
  await admin.getByRole('link', { name: `Audit trail of ${recordId}` }).click();
  await admin.getByRole('heading', { name: 'Audit trail', level: 1 }).waitFor();
  const deletion = admin.getByRole('row').filter({ hasText: 'admin:retention-delete' });
  await deletion.waitFor();
  expect(await deletion.textContent()).toContain(ADMIN.email);
  const creation = admin.getByRole('row').filter({ hasText: 'sam@example.org' }).first();
  expect(await creation.textContent()).toContain('Erased under retention');
  await axe.scan(admin, 'audit trail');

  // The observer's tablet lets it go at its next sync.
  await syncNow(observer);
  await observer.getByRole('link', { name: 'Your observations', exact: true }).click();
  await observer.getByRole('heading', { name: 'Your observations' }).waitFor();
  await observer.getByText('You have no drafts.').waitFor();
  expect(await observer.locator(`a[href="${recordPath}"]`).count()).toBe(0);
}, 240_000);

test('subject access and the audit search pass axe', async () => {
  await adminGo('Subject access', 'Subject access');
  await axe.scan(admin, 'subject access');
  await admin.getByRole('button', { name: 'Export' }).click();
  await admin.locator('.govuk-error-summary').waitFor();
  await axe.scan(admin, 'subject access: errors');
  await admin.getByLabel('A member of staff').check();
  await admin.getByLabel('Sam Patel').check();
  await Promise.all([
    admin.waitForEvent('download'),
    admin.getByRole('button', { name: 'Export' }).click(),
  ]);
  await admin.getByRole('heading', { name: 'Exported' }).waitFor();
  expect(await admin.locator('.govuk-summary-list').textContent()).toContain('sam@example.org');
  await admin.getByTestId('third-party-notice').waitFor();
  await admin
    .getByText(/only by a typed name, not linked to their account, are not included:/)
    .waitFor();
  await axe.scan(admin, 'subject access: exported');
  await adminGo('Audit trail', 'Audit trail');
  await admin.getByRole('button', { name: 'Show audit trail' }).click();
  await admin.locator('.govuk-error-summary').waitFor();
  await axe.scan(admin, 'audit trail: errors');
  console.log(`axe scanned ${axe.screens.length} screens: ${axe.screens.join('; ')}`);
  expect(axe.findings).toEqual([]);
}, 120_000);

// A QA lead changes the programme after planning it, in real Chromium against the real server:
// one audit moves from an auditor who is off sick to a colleague, with a later due date, and one
// planned twice is withdrawn with the reason. The auditors' tablets follow at their next sync:
// the moved audit leaves Ann's tablet and reaches Bo's, the withdrawn one leaves Ann's. axe runs
// on both screens, with and without their errors.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { Tablet } from '../helpers/browser';
import { PASSWORD, signedInTablet, startWorld, syncNow } from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { createAxeLog } from '../helpers/axe';
import { api, signInHttp } from '../helpers/http-client';
import { addDays } from '../../schemas/calendar/dates';
import { financialYearBounds, financialYearOf } from '../../schemas/rules/expectations';
import { londonDateOf } from '../../schemas/calendar/london-time';

let world: World;
const tablets: Tablet[] = [];
const axe = createAxeLog();
let group = '';
let annId = '';

const tablet = (email: string) => signedInTablet(world, tablets, email);

// Dates from today, not fixed ones, so the test means the same in any month: the audits fall due
// today (not yet overdue, so a later date may be given) and the moved one about four weeks later,
// both within this financial year, which Coverage shows unless asked otherwise.
const today = londonDateOf(new Date());
const dueFirst = today;
const yearEnd = financialYearBounds(financialYearOf(today)).to;
const dueMoved = addDays(today, 28) < yearEnd ? addDays(today, 28) : yearEnd;
const inWords = (date: string) =>
  new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));

beforeAll(async () => {
  world = await startWorld();
  const service = await world.addScope('Safeguarding', 'service');
  group = await world.addScope('Hillside', 'practice-group', service);
  await world.addUser({
    email: 'qa@example.org',
    role: 'qa-lead',
    name: 'Quinn Adams',
    scopeIds: [service],
  });
  annId = await world.addUser({
    email: 'ann@example.org',
    role: 'observer',
    name: 'Ann Auditor',
    scopeIds: [group],
  });
  await world.addUser({
    email: 'bo@example.org',
    role: 'observer',
    name: 'Bo Auditor',
    scopeIds: [group],
  });
});
afterAll(async () => {
  for (const t of tablets) await t.context.close().catch(() => undefined);
  await world?.stop();
});

async function assignmentLinks(page: Page): Promise<string[]> {
  await syncNow(page);
  await page.getByRole('link', { name: 'My assignments', exact: true }).click();
  await page.getByRole('heading', { name: 'My assignments' }).waitFor();
  // Both are due the same day, so in no particular order.
  return (await page.locator('main table a.govuk-link').allTextContents()).sort();
}

test('an audit moved to another auditor and date, and one withdrawn; the tablets follow', async () => {
  const session = await signInHttp(world.server.url, 'qa@example.org', PASSWORD);
  const planned = await api<unknown>(
    world.server.url,
    '/api/programme/assignments',
    {
      assignments: ['AB-4001', 'AB-4002'].map((caseId) => ({
        scopeId: group,
        kind: 'single-case-audit',
        observerUserId: annId,
        caseId,
        dueDate: dueFirst,
        month: dueFirst.slice(0, 7),
      })),
    },
    session.token,
  );
  expect(planned.status).toBe(201);

  const ann = await tablet('ann@example.org');
  const bo = await tablet('bo@example.org');
  await expect
    .poll(() => assignmentLinks(ann), { timeout: 30_000 })
    .toEqual(['Single case audit: Case AB-4001', 'Single case audit: Case AB-4002']);
  await expect(assignmentLinks(bo)).resolves.toEqual([]);

  // Ann is off sick: the QA lead gives AB-4001 to Bo, due a month later.
  const qa = await tablet('qa@example.org');
  await qa.getByRole('link', { name: 'Coverage', exact: true }).click();
  await qa.getByRole('heading', { name: 'Coverage' }).waitFor();
  await qa.getByRole('link', { name: 'Change Case AB-4001' }).click();
  await qa.getByRole('heading', { name: 'Change the assignment' }).waitFor();
  await qa.locator('#observer option', { hasText: 'Bo Auditor' }).waitFor({ state: 'attached' });
  await expect(qa.locator('#observer').inputValue()).resolves.toBe(annId);
  await axe.scan(qa, 'change assignment');
  // Saving with nothing changed says what to do.
  await qa.getByRole('button', { name: 'Save the changes' }).click();
  await qa.getByText('Choose another observer or enter another due date').first().waitFor();
  await axe.scan(qa, 'change assignment: error');
  await qa.locator('#observer').selectOption({ label: 'Bo Auditor' });
  // 31 February is no date: refused, not saved as the old one.
  await qa.getByLabel('Day', { exact: true }).fill('31');
  await qa.getByLabel('Month', { exact: true }).fill('2');
  await qa.getByRole('button', { name: 'Save the changes' }).click();
  await qa
    .getByText(/^Enter the due date as a real date$/)
    .first()
    .waitFor();
  const [year, month, day] = dueMoved.split('-').map(Number);
  await qa.getByLabel('Day', { exact: true }).fill(String(day));
  await qa.getByLabel('Month', { exact: true }).fill(String(month));
  await qa.getByLabel('Year', { exact: true }).fill(String(year));
  await qa.getByRole('button', { name: 'Save the changes' }).click();
  await qa.getByRole('heading', { name: 'Coverage' }).waitFor();
  const row = qa.locator('main table tbody tr', { hasText: 'AB-4001' });
  await row.getByText('Bo Auditor').waitFor();
  await row.getByRole('cell', { name: inWords(dueMoved), exact: true }).waitFor();

  // AB-4002 was planned twice: withdrawn, with the reason.
  await qa.getByRole('link', { name: 'Withdraw Case AB-4002' }).click();
  await qa.getByRole('heading', { name: 'Withdraw the assignment' }).waitFor();
  await axe.scan(qa, 'withdraw assignment');
  await qa.getByRole('button', { name: 'Withdraw the assignment' }).click();
  await qa.getByText('Enter why the assignment is being withdrawn').first().waitFor();
  await axe.scan(qa, 'withdraw assignment: error');
  await qa.getByLabel('Why is it being withdrawn?').fill('Planned twice for the same case');
  await qa.getByRole('button', { name: 'Withdraw the assignment' }).click();
  await qa.getByRole('heading', { name: 'Coverage' }).waitFor();
  await qa.locator('main table tbody tr', { hasText: 'AB-4001' }).waitFor();
  await expect(qa.locator('main table tbody tr', { hasText: 'AB-4002' }).count()).resolves.toBe(0);

  // At their next sync, Ann's tablet holds neither; Bo's holds the one moved to him, due later.
  await expect.poll(() => assignmentLinks(ann), { timeout: 30_000 }).toEqual([]);
  await expect
    .poll(() => assignmentLinks(bo), { timeout: 30_000 })
    .toEqual(['Single case audit: Case AB-4001']);
  await bo.getByText(inWords(dueMoved)).waitFor();
  if (axe.findings.length) console.log(JSON.stringify(axe.findings, null, 1));
  expect(axe.findings).toEqual([]);
}, 180_000);

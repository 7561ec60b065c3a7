// The observation and audit programme in real Chromium against the real server: a QA lead plans
// a month's audits for three practice groups; two auditors receive theirs, go offline and finish
// them on their tablets (one with a family feedback call that takes three attempts); a head of
// service exempts the third for sickness; coverage then shows two done and one exempted, with the
// dates. axe runs on every programme screen.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { formatDate, londonDateOf } from '../../schemas/calendar/london-time';
import type { Page } from 'playwright-core';
import type { Tablet } from '../helpers/browser';
import { PASSWORD, signedInTablet, startWorld, syncNow, waitAllSent } from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { createAxeLog } from '../helpers/axe';
import { completeObservation } from '../helpers/fill-observation';
import { HttpSyncClient, signInHttp } from '../helpers/http-client';

let world: World;
const tablets: Tablet[] = [];
const axe = createAxeLog();
const groups: Record<string, string> = {};

const longDate = formatDate;
const londonToday = () => londonDateOf(new Date());

const tablet = (email: string) => signedInTablet(world, tablets, email);

beforeAll(async () => {
  world = await startWorld();
  const service = await world.addScope('Safeguarding', 'service');
  for (const name of ['Hillside', 'Riverside', 'Lakeside'])
    groups[name] = await world.addScope(name, 'practice-group', service);
  await world.addUser({
    email: 'qa@example.org',
    role: 'qa-lead',
    name: 'Quinn Adams',
    scopeIds: [service],
  });
  await world.addUser({
    email: 'hos@example.org',
    role: 'head-of-service',
    name: 'Harper Shah',
    scopeIds: [service],
  });
  await world.addUser({
    email: 'ann@example.org',
    role: 'observer',
    name: 'Ann Auditor',
    scopeIds: [groups['Hillside']!, groups['Lakeside']!],
  });
  await world.addUser({
    email: 'bo@example.org',
    role: 'observer',
    name: 'Bo Auditor',
    scopeIds: [groups['Riverside']!],
  });
});
afterAll(async () => {
  for (const t of tablets) await t.context.close().catch(() => undefined);
  await world?.stop();
});

async function openAssignment(page: Page, caseId: string) {
  await page.getByRole('link', { name: 'My assignments', exact: true }).click();
  await page.getByRole('link', { name: `Single case audit: Case ${caseId}` }).click();
  await page.getByRole('heading', { name: 'Single case audit' }).waitFor();
}

/** Completes the record open at its task list and submits it: an audit is done only then. */
async function submitObservation(page: Page, caseId: string) {
  await completeObservation(page, caseId);
  await page.getByRole('button', { name: /^Submit/ }).click();
  await page.getByRole('heading', { name: /submitted$/ }).waitFor();
}

async function finishAudit(page: Page, caseId: string) {
  await openAssignment(page, caseId);
  for (const part of [
    'Case file audit',
    'Family feedback call',
    'Social worker’s reflection',
    'Improvement plan',
  ]) {
    await page.getByLabel(part, { exact: true }).check();
  }
  // Each part is dated as it is ticked; the page shows the four dates before "done" is allowed.
  await expect
    .poll(() => page.getByText(`Done ${longDate(londonToday())}`, { exact: true }).count())
    .toBe(4);
  await page.getByRole('button', { name: 'Mark as done' }).click();
  await page.locator('.govuk-summary-list').getByText('Done', { exact: true }).waitFor();
}

test('a month’s audits planned, done offline on two tablets, one exempted, counted by coverage', async () => {
  const today = londonToday();
  const [y, m] = today.split('-').map(Number) as [number, number];
  const monthEnd = `${today.slice(0, 7)}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;

  // The QA lead plans the month: one case and auditor per group.
  const qa = await tablet('qa@example.org');
  await qa.getByRole('link', { name: 'Plan audits', exact: true }).click();
  await qa.getByRole('heading', { name: 'Plan a month’s audits' }).waitFor();
  await qa
    .locator(`#auditor-${groups['Hillside']!} option`, { hasText: 'Ann Auditor' })
    .waitFor({ state: 'attached' });
  await axe.scan(qa, 'plan audits');
  const plan: [string, string, string][] = [
    ['Hillside', 'AB-2001', 'Ann Auditor'],
    ['Riverside', 'AB-2002', 'Bo Auditor'],
    ['Lakeside', 'AB-2003', 'Ann Auditor'],
  ];
  for (const [group, caseId, auditor] of plan) {
    await qa.locator(`#case-${groups[group]!}`).fill(caseId);
    await qa.locator(`#auditor-${groups[group]!}`).selectOption({ label: auditor });
  }
  await qa.getByRole('button', { name: 'Plan these audits' }).click();
  await qa.getByText('3 audits planned.').waitFor();
  await axe.scan(qa, 'audits planned');

  // Each auditor signs in, receives theirs, and goes offline.
  const ann = await tablet('ann@example.org');
  const bo = await tablet('bo@example.org');
  for (const [page, cases] of [
    [ann, ['AB-2001', 'AB-2003']],
    [bo, ['AB-2002']],
  ] as const) {
    await page.getByRole('link', { name: 'My assignments', exact: true }).click();
    for (const c of cases)
      await page.getByRole('link', { name: `Single case audit: Case ${c}` }).waitFor();
    await expect(page.locator('main table tbody tr').count()).resolves.toBe(cases.length);
    await page.context().setOffline(true);
  }
  await expect(ann.getByText(`${longDate(monthEnd)}`).count()).resolves.toBe(2);
  await axe.scan(ann, 'my assignments');

  // Ann, offline: starts the Hillside audit from its assignment (the case is filled in), finishes.
  await openAssignment(ann, 'AB-2001');
  await axe.scan(ann, 'assignment');
  await ann.getByRole('button', { name: 'Start the audit' }).click();
  await ann.locator('.govuk-task-list').waitFor();
  await ann.locator('a.govuk-task-list__link[href$="/context"]').click();
  await expect(ann.locator('main input[id="f-context--caseId"]').inputValue()).resolves.toBe(
    'AB-2001',
  );
  await ann.getByRole('link', { name: 'Return to the task list' }).first().click();
  await submitObservation(ann, 'AB-2001');
  // The auditor makes telephone contact with the family (QAF 2d): with no call recorded, its part
  // is not ticked and says what to record, beside it.
  await openAssignment(ann, 'AB-2001');
  await ann.getByLabel('Family feedback call', { exact: true }).click();
  await ann
    .locator('#parts-error')
    .getByText(/Record the family feedback call/)
    .waitFor();
  expect(await ann.getByLabel('Family feedback call', { exact: true }).isChecked()).toBe(false);
  await axe.scan(ann, 'assignment: no family feedback call');
  await ann.getByRole('button', { name: 'Record the family feedback call' }).click();
  await submitObservation(ann, 'AB-2001');
  await finishAudit(ann, 'AB-2001');
  await axe.scan(ann, 'assignment done');

  // Bo, offline: the audit and its family feedback call, which takes three attempts.
  await openAssignment(bo, 'AB-2002');
  await bo.getByRole('button', { name: 'Start the audit' }).click();
  await submitObservation(bo, 'AB-2002');
  await openAssignment(bo, 'AB-2002');
  await bo.getByRole('button', { name: 'Record the family feedback call' }).click();
  await bo.locator('.govuk-task-list').waitFor();
  await bo.locator('a.govuk-task-list__link[href$="/calls"]').click();
  for (const [n, outcome] of [
    [1, 'No answer'],
    [2, 'Asked to be called back'],
    [3, 'Completed'],
  ] as const) {
    await bo.getByLabel(outcome, { exact: true }).check();
    await bo.getByRole('button', { name: 'Add call attempt' }).click();
    await bo.getByText(`Attempts so far: ${n}`).waitFor();
  }
  await bo.getByRole('link', { name: 'Return to the task list' }).first().click();
  await submitObservation(bo, 'AB-2002');
  await finishAudit(bo, 'AB-2002');

  for (const page of [ann, bo]) {
    await page.context().setOffline(false);
    await waitAllSent(page, 60_000);
  }

  // The head of service exempts the third, for sickness.
  const hos = await tablet('hos@example.org');
  await hos.getByRole('link', { name: 'Coverage', exact: true }).click();
  await hos.getByRole('link', { name: 'Exempt Case AB-2003' }).click();
  await hos.getByRole('heading', { name: 'Why is this assignment exempt?' }).waitFor();
  await axe.scan(hos, 'exempt');
  await hos.getByRole('button', { name: 'Exempt the assignment' }).click();
  await hos.getByText('Select leave or sickness').first().waitFor();
  await axe.scan(hos, 'exempt: error');
  await hos.getByLabel('Sickness', { exact: true }).check();
  await hos.getByLabel('Note (optional)').fill('Auditor off sick for the rest of the month');
  await hos.getByRole('button', { name: 'Exempt the assignment' }).click();
  await hos.getByRole('heading', { name: 'Coverage' }).waitFor();
  await hos.getByText(`Sickness, ${longDate(today)}`).waitFor();

  // Coverage for the QA lead: two done and one exempted, with their dates.
  await qa.getByRole('link', { name: 'Coverage', exact: true }).click();
  await qa.getByRole('heading', { name: 'Coverage' }).waitFor();
  await qa.getByText(`Sickness, ${longDate(today)}`).waitFor();
  await axe.scan(qa, 'coverage');
  const cells = async (table: number) =>
    qa
      .locator('main table')
      .nth(table)
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? '')),
      );
  expect(await cells(0)).toEqual([
    ['Hillside', '1', '0', '0', '0'],
    ['Lakeside', '0', '0', '0', '1'],
    ['Riverside', '1', '0', '0', '0'],
  ]);
  const listed = (await cells(1)).map((r) => [r[0], r[1], r[2], r[3], r[4], r[5]]);
  expect(listed.sort()).toEqual(
    [
      [
        'Hillside',
        'Single case audit: Case AB-2001',
        'Ann Auditor',
        longDate(monthEnd),
        'Done',
        `Done ${longDate(today)}`,
      ],
      [
        'Lakeside',
        'Single case audit: Case AB-2003',
        'Ann Auditor',
        longDate(monthEnd),
        'Exempted',
        `Sickness, ${longDate(today)}`,
      ],
      [
        'Riverside',
        'Single case audit: Case AB-2002',
        'Bo Auditor',
        longDate(monthEnd),
        'Done',
        `Done ${longDate(today)}`,
      ],
    ].sort(),
  );

  // Another period, in the GOV.UK date boxes: a half-typed date or an end before the start is
  // pointed out, and a period before any of it counts nothing.
  const from = qa.getByRole('group', { name: 'From' });
  const to = qa.getByRole('group', { name: 'To' });
  const show = qa.getByRole('button', { name: 'Show coverage' });
  const past = String(Number(today.slice(0, 4)) - 2);
  await from.getByLabel('Year').fill('');
  await show.click();
  await qa.getByRole('link', { name: 'Enter the first day to count, as a real date' }).waitFor();
  // The title is set just after the error summary is drawn: read until it has been.
  await expect.poll(() => qa.title()).toMatch(/^Error: /);
  await axe.scan(qa, 'coverage: a half-typed date');
  for (const [group, day, month, year] of [
    [from, '1', '1', past],
    [to, '31', '12', String(Number(past) - 1)],
  ] as const) {
    await group.getByLabel('Day').fill(day);
    await group.getByLabel('Month').fill(month);
    await group.getByLabel('Year').fill(year);
  }
  await show.click();
  await qa
    .getByRole('link', { name: 'The last day must be the same as or after the first' })
    .waitFor();
  await to.getByLabel('Year').fill(past);
  await show.click();
  await qa.getByRole('table', { name: `From 1 January ${past} to 31 December ${past}` }).waitFor();
  await qa.getByText('Nothing was due in this period.').waitFor();

  // The server holds Bo's three attempts on the family call, linked to the audit and assignment.
  const lead = new HttpSyncClient(
    () => world.server.url,
    await signInHttp(world.server.url, 'qa@example.org', PASSWORD),
  );
  await lead.pullAll();
  const records = [...lead.records.values()];
  const calls = records.filter(
    (r) => r.type === 'observation' && r.fields['kind'] === 'family-feedback-call',
  );
  // Ann's call and Bo's: every audit has one.
  expect(calls).toHaveLength(2);
  const auditOf = (c: (typeof calls)[number]) =>
    records.find((r) => r.id === c.fields['context.linkedObservationId']);
  const call = calls.find((c) => auditOf(c)?.fields['context.caseId'] === 'AB-2002')!;
  const audit = auditOf(call)!;
  expect(audit.fields['context.caseId']).toBe('AB-2002');
  expect(typeof audit.fields['context.assignmentId']).toBe('string');
  expect(records.filter((r) => r.type === 'call-attempt' && r.parentId === call.id)).toHaveLength(
    3,
  );

  // Ann's tablet hears of the exemption at its next pull.
  await syncNow(ann);
  await ann.getByRole('link', { name: 'My assignments', exact: true }).click();
  const closed = ann.locator('main table', { hasText: 'Done or exempted' });
  await closed.getByText('Exempted', { exact: true }).waitFor();
  await expect(closed.locator('tbody tr').count()).resolves.toBe(2);
  // A recurring expectation: each CP chair, two peer observations a year; the dates shown first.
  await qa.getByRole('link', { name: 'Plan audits', exact: true }).click();
  await qa.getByRole('link', { name: 'plan a recurring expectation' }).click();
  await qa.getByRole('heading', { name: 'Plan a recurring expectation' }).waitFor();
  await qa.locator('#observer option', { hasText: 'Ann Auditor' }).waitFor({ state: 'attached' });
  await qa.getByLabel('Child protection conference chairing', { exact: true }).check();
  await qa.getByLabel('How many').fill('2');
  await qa.getByLabel('A year', { exact: true }).check();
  const fy = m >= 4 ? y : y - 1;
  await qa.getByLabel('Financial year starting in April of').fill(String(fy));
  await expect
    .poll(() => qa.getByTestId('due-dates').locator('li').allTextContents())
    .toEqual([longDate(`${fy}-09-30`), longDate(`${fy + 1}-03-31`)]);
  await qa.getByRole('button', { name: 'Plan the assignments' }).click();
  await qa.getByText('Add at least one person to the plan').first().waitFor();
  await axe.scan(qa, 'recurring expectation: error');
  // The one observed is of the team the plan is for: Bo is of Riverside, observed by Ann.
  await qa.locator('#team').selectOption({ label: 'Riverside' });
  await qa.locator('#observer').selectOption({ label: 'Ann Auditor' });
  await qa.locator('#observed').selectOption({ label: 'Bo Auditor' });
  await qa.getByRole('button', { name: 'Add to the plan' }).click();
  await qa.getByRole('button', { name: 'Plan the assignments' }).click();
  await qa.getByText('2 assignments planned.').waitFor();
  await axe.scan(qa, 'recurring expectation: planned');

  if (axe.findings.length) console.log(JSON.stringify(axe.findings, null, 1));
  expect(axe.findings).toEqual([]);
}, 600_000);

// The monthly audit report in real Chromium (Southwark QAF 2a, 2k): a QA lead, with no signal,
// reaches it from Reports by keyboard, chooses the service and last month, and reads the service's
// audits by case ID, worked out on the tablet from what it pulled, and downloads them as CSV made
// on the tablet; printed, the menu, form and links go and the report stays. axe checks it on
// screen and in print.
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { addDays, addMonths } from '../../schemas/calendar/dates';
import { londonDateOf } from '../../schemas/calendar/london-time';
import type { Tablet } from '../helpers/browser';
import {
  PASSWORD,
  addObserverAndQaLead,
  signedInTablet,
  startWorld,
  syncNow,
} from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { createAxeLog } from '../helpers/axe';
import { signInHttp } from '../helpers/http-client';
import { seedSubmittedAudit } from '../helpers/seed-observations';

// Last month, from today: the test never goes stale.
const today = londonDateOf(new Date());
const lastMonth = addMonths(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
const auditDay = `${lastMonth}-05`;
const dueDay = addDays(`${today.slice(0, 7)}-01`, -1);
const monthWords = new Intl.DateTimeFormat('en-GB', {
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
}).format(new Date(`${lastMonth}-01T00:00:00Z`));

/** A downloaded CSV file's rows, as a spreadsheet reads them. */
const csvRows = (text: string): string[][] =>
  parse(text.replace(/^\uFEFF/, ''), { record_delimiter: '\r\n' }) as string[][];

let world: World;
const tablets: Tablet[] = [];
let qa: Page;
const axe = createAxeLog();

beforeAll(async () => {
  world = await startWorld();
  const { group, observerId: samId } = await addObserverAndQaLead(world);
  const lead = await signInHttp(world.server.url, 'qa@example.org', PASSWORD);
  // Last month's audit, planned for Sam and left undone, and Sam's audit of another case.
  const planned = await fetch(`${world.server.url}/api/programme/assignments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${lead.token}` },
    body: JSON.stringify({
      assignments: [
        { scopeId: group, kind: 'single-case-audit', observerUserId: samId, dueDate: dueDay },
      ],
    }),
  });
  expect(planned.ok).toBe(true);
  await seedSubmittedAudit({
    baseUrl: world.server.url,
    email: 'sam@example.org',
    password: PASSWORD,
    scopeId: group,
    date: auditDay,
    caseId: 'MA-3141',
  });
  qa = await signedInTablet(world, tablets, 'qa@example.org');
}, 240_000);

afterAll(async () => {
  for (const t of tablets) await t.context.close();
  await world?.stop();
});

test('a QA lead reads and prints the service’s month with no signal, keyboard only', async () => {
  await syncNow(qa);
  await tablets[0]!.context.setOffline(true);
  await qa.getByRole('link', { name: 'Reports', exact: true }).focus();
  await qa.keyboard.press('Enter');
  await qa.getByRole('link', { name: 'Monthly audit report' }).focus();
  await qa.keyboard.press('Enter');
  await qa.getByRole('heading', { level: 1, name: 'Monthly audit report' }).waitFor();

  await qa.getByLabel('Service', { exact: true }).and(qa.locator('select')).focus();
  await qa.keyboard.press('Tab');
  expect(await qa.evaluate(() => document.activeElement?.id)).toBe('monthly-month');
  expect(await qa.getByLabel('Month').inputValue()).toBe(lastMonth);
  await qa.keyboard.press('Tab');
  await qa.keyboard.press('Enter');

  const report = qa.getByTestId('monthly-audit-report');
  await report.waitFor();
  const audits = report.getByRole('table', { name: /^Audits of / });
  await expect.poll(() => audits.getByRole('row').count()).toBe(2);
  expect(await audits.getByRole('rowheader').first().textContent()).toBe('MA-3141');
  const planned = report.getByRole('table', { name: 'Audits planned, by team' });
  expect(
    await planned
      .getByRole('row', { name: /^Total/ })
      .getByRole('cell')
      .allTextContents(),
  ).toEqual(['1', '0', '0', '1', '0']);
  await axe.scan(qa, 'monthly audit report, offline');
  // Reflow (WCAG 1.4.10): at 320 pixels wide the report's tables scroll in their own regions and
  // the page never sideways (the scan checks it).
  const tabletSize = qa.viewportSize()!;
  await qa.setViewportSize({ width: 320, height: 640 });
  await axe.scan(qa, 'monthly audit report, offline, 320 pixels wide');
  await qa.setViewportSize(tabletSize);

  // Still offline, the report shown downloads as CSV, made on the tablet: what the page shows.
  const [auditsFile] = await Promise.all([
    qa.waitForEvent('download'),
    qa.getByRole('link', { name: `Audits (CSV) for Children in need, ${monthWords}` }).click(),
  ]);
  expect(auditsFile.suggestedFilename()).toBe(`monthly-audit-children-in-need-${lastMonth}.csv`);
  const auditRows = csvRows(fs.readFileSync((await auditsFile.path())!, 'utf8'));
  const shownRow = await audits
    .getByRole('row')
    .nth(1)
    .evaluate((r) => [...r.children].map((c) => (c as HTMLElement).innerText));
  expect(auditRows.map((r) => r.slice(2, 6))).toEqual([
    ['Case ID', 'Team', 'Date of audit', 'Overall judgement'],
    [shownRow[0], shownRow[1], auditDay, shownRow[3]],
  ]);
  expect(auditRows[1]!.slice(2, 6)).toEqual(['MA-3141', 'CIN team 2', auditDay, 'Good']);

  const [summaryFile] = await Promise.all([
    qa.waitForEvent('download'),
    qa.getByRole('link', { name: `Summary (CSV) for Children in need, ${monthWords}` }).click(),
  ]);
  expect(summaryFile.suggestedFilename()).toBe(
    `monthly-audit-summary-children-in-need-${lastMonth}.csv`,
  );
  const [head, line] = csvRows(fs.readFileSync((await summaryFile.path())!, 'utf8'));
  const summary = Object.fromEntries(head!.map((h, i) => [h, line![i]]));
  const shown = (key: string) =>
    report
      .locator('.govuk-summary-list__row', { has: qa.getByText(key, { exact: true }) })
      .locator('dd')
      .innerText();
  expect(await shown('Audits planned')).toBe(
    `${summary['Audits due']} due in ${monthWords}: ${summary['Audits completed']} completed (${summary['Of which late']} late), ${summary['Audits overdue']} overdue, ${summary['Audits exempted']} exempted`,
  );
  expect(await shown('Audits submitted')).toBe(summary['Audits submitted']);
  expect([summary['Audits due'], summary['Audits overdue'], summary['Audits submitted']]).toEqual([
    '1',
    '1',
    '1',
  ]);

  await qa.emulateMedia({ media: 'print' });
  expect(await qa.locator('.app-header').isVisible()).toBe(false);
  expect(await qa.getByRole('button', { name: 'Show report' }).isVisible()).toBe(false);
  expect(await audits.isVisible()).toBe(true);
  expect(await qa.getByRole('link', { name: /^Audits \(CSV\)/ }).isVisible()).toBe(false);
  expect(await qa.getByText(/printed by Quinn Adams on/).isVisible()).toBe(true);
  await axe.scan(qa, 'monthly audit report, printed');
  await qa.emulateMedia({ media: 'screen' });
  await tablets[0]!.context.setOffline(false);
  expect(axe.findings).toEqual([]);
}, 240_000);

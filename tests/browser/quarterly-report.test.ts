// The quarterly report page in real Chromium: figures from the server for the quarters chosen,
// every chart an SVG image with its figures in words and in a table beside it, CSV downloads,
// a print stylesheet that leaves a clean document (axe run with print media emulated), the
// print-ready single observation, and the last report readable offline.
import fs from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import {
  TABLET_LANDSCAPE,
  TABLET_PORTRAIT,
  launchTablet,
  waitForServiceWorkerControl,
} from '../helpers/browser';
import type { Tablet } from '../helpers/browser';
import { PASSWORD, signInFirstTime, startWorld, syncNow, waitAllSent } from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { createAxeLog } from '../helpers/axe';
import { HttpSyncClient, signInHttp } from '../helpers/http-client';
import { observationFields } from '../helpers/seed-observations';
import { londonDateOf } from '../../schemas/calendar/london-time';

let world: World;
let tablet: Tablet;
let qa: Page;
const axe = createAxeLog();

beforeAll(async () => {
  world = await startWorld();
  const service = await world.addScope('Children in need', 'service');
  const group = await world.addScope('CIN team 2', 'practice-group', service);
  const samId = await world.addUser({
    email: 'sam@example.org',
    role: 'observer',
    name: 'Sam Patel',
    scopeIds: [group],
  });
  const qaId = await world.addUser({
    email: 'qa@example.org',
    role: 'qa-lead',
    name: 'Quinn Adams',
    scopeIds: [service],
  });
  // The programme: three assignments for Sam, two due in Q1 and done by submitting the
  // observations started from them (today, so late), and one in Q2 left open (overdue, since
  // today is later).
  const qaSession = await signInHttp(world.server.url, 'qa@example.org', PASSWORD);
  const planned = await fetch(`${world.server.url}/api/programme/assignments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${qaSession.token}` },
    body: JSON.stringify({
      assignments: ['2026-05-31', '2026-06-30', '2026-08-31'].map((dueDate) => ({
        scopeId: group,
        kind: 'frontline-practice',
        observerUserId: samId,
        observedName: 'Practitioner 1',
        dueDate,
      })),
    }),
  });
  expect(planned.ok).toBe(true);
  const made = ((await planned.json()) as { assignments: { id: string }[] }).assignments;
  // Five submitted observations in 2026-27 Q1 (one with an outstanding overall judgement), one
  // in Q3, and one draft that does not count.
  const sam = new HttpSyncClient(
    () => world.server.url,
    await signInHttp(world.server.url, 'sam@example.org', PASSWORD),
  );
  const ids: string[] = [];
  for (let i = 0; i < 7; i++) {
    const recordId = crypto.randomUUID();
    ids.push(recordId);
    const fields = observationFields(i, service);
    if (i === 5) fields['context.date'] = '2026-10-15';
    if (i === 3 || i === 4) fields['context.assignmentId'] = made[i - 3]!.id;
    fields['summary.overallGrade'] = i === 1 ? 'outstanding' : 'good';
    fields['summary.overallReasons'] = 'What was seen.';
    sam.add({
      recordId,
      type: 'observation',
      op: 'put',
      scopeId: group,
      baseVersion: 0,
      set: fields,
    });
    if (i !== 6)
      sam.add({
        recordId,
        type: 'observation',
        op: 'put',
        baseVersion: 0,
        set: { status: 'submitted' },
      });
  }
  await sam.pushAll();
  // The QA lead moderates two overall judgements: agrees with one, grades the other lower.
  const qaClient = new HttpSyncClient(() => world.server.url, qaSession);
  qaClient.add({
    recordId: crypto.randomUUID(),
    type: 'review-comment',
    op: 'put',
    parentId: ids[0]!,
    baseVersion: 0,
    set: { agrees: true, reason: 'Fits the evidence.' },
  });
  qaClient.add({
    recordId: crypto.randomUUID(),
    type: 'review-comment',
    op: 'put',
    parentId: ids[1]!,
    baseVersion: 0,
    set: { agrees: false, moderatorGrade: 'good', reason: 'Good, not outstanding.' },
  });
  // And acknowledges good practice on one of Q1's.
  qaClient.add({
    recordId: ids[2]!,
    type: 'observation',
    op: 'put',
    baseVersion: 0,
    set: {
      'goodPractice.what': 'practice',
      'goodPractice.note': 'The child’s wishes were heard and written in their own words.',
      'goodPractice.by': qaId,
      'goodPractice.byName': 'Quinn Adams',
      'goodPractice.on': londonDateOf(new Date()),
    },
  });
  await qaClient.pushAll();

  tablet = await launchTablet();
  qa = await tablet.context.newPage();
  await qa.goto(world.server.url);
  await waitForServiceWorkerControl(qa);
  await signInFirstTime(qa, world.server.url, 'qa@example.org');
}, 240_000);

afterAll(async () => {
  await tablet?.context.close();
  await world?.stop();
});

test('on a tablet the header keeps to the name’s row and the menu’s rows, even with a QA lead’s menu', async () => {
  const box = async (selector: string) => (await qa.locator(selector).first().boundingBox())!;
  const name = await box('.govuk-service-navigation__service-name');
  const nameBottom = name.y + name.height;
  // Account and Lock share the name's row rather than adding rows of their own under the menu.
  expect((await box('.app-lock-button')).y).toBeLessThan(nameBottom);
  expect((await box('.app-header__account')).y).toBeLessThan(nameBottom);
  // Nine menu items on two rows at 768 px: the header is well under a quarter of the screen.
  expect((await box('.app-header')).height).toBeLessThan(256);
});

test('the report shows the figures as charts and tables, downloads CSV and prints cleanly', async () => {
  await qa.getByRole('link', { name: 'Reports', exact: true }).click();
  await qa.getByRole('heading', { name: 'Quarterly report' }).waitFor();
  // Today is in 2026-27 Q3 or later; the range chosen is from 2026-27 Q1 to 2026-27 Q3.
  await qa.getByLabel('From', { exact: true }).selectOption('2026-27-Q1');
  await qa.getByLabel('To', { exact: true }).selectOption('2026-27-Q3');
  await qa.getByRole('button', { name: 'Show report' }).click();
  const report = qa.getByTestId('quarterly-report');
  await report.getByRole('heading', { name: '2026-27 Q1 to 2026-27 Q3' }).waitFor();

  // Hand-computed: 6 counted (the draft does not), 5 in Q1, 0 in Q2, 1 in Q3; overall judgements
  // 1 outstanding and 5 good; moderation agreement 1 of 2.
  const summary = report.locator('.govuk-summary-list').first();
  await expect.poll(() => summary.textContent(), { timeout: 20_000 }).toContain('Observations6');
  expect(await summary.textContent()).toContain('50% (1 of 2 moderated judgements)');
  expect(await summary.textContent()).toContain('Good practice acknowledged1 of 6 observations');
  const trend = report.getByRole('img', { name: 'Observations by quarter' });
  expect(await trend.locator('desc').textContent()).toBe(
    '2026-27 Q1: 5 observations; 2026-27 Q2: 0 observations; 2026-27 Q3: 1 observations.',
  );
  const trendRows = await report
    .getByRole('table', { name: 'Figures by quarter' })
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).innerText.split('\t').slice(0, 2)));
  expect(trendRows).toEqual([
    ['2026-27 Q1', '5'],
    ['2026-27 Q2', '0'],
    ['2026-27 Q3', '1'],
  ]);
  const overall = report.getByRole('img', { name: 'Overall judgements by grade' });
  expect(await overall.locator('desc').textContent()).toBe(
    'Outstanding: 1 observations; Good: 5 observations; Requires improvement to be good: 0 observations; Inadequate: 0 observations.',
  );
  // Every chart is a figure with a caption, an image with a title and description, and a table.
  const figures = report.locator('figure.app-chart');
  expect(await figures.count()).toBeGreaterThanOrEqual(6);
  for (let i = 0; i < (await figures.count()); i++) {
    const f = figures.nth(i);
    expect(await f.locator('figcaption').count()).toBe(1);
    expect(await f.locator('svg[role="img"] > title').count()).toBe(1);
    expect(await f.locator('svg[role="img"] > desc').count()).toBe(1);
    expect(await f.locator('table').count()).toBe(1);
  }
  // The programme, by quarter of due date: Q1 2 due, 2 done, both late; Q2 1 due, overdue.
  const programme = report.getByRole('img', {
    name: 'Programme assignments due in these quarters, by what became of them',
  });
  expect(await programme.locator('desc').textContent()).toBe(
    'Due: 3 assignments; Done: 2 assignments; Of which late: 2 assignments; Overdue: 1 assignments; Exempted: 0 assignments.',
  );
  const programmeRows = await report
    .getByRole('table', { name: 'Programme assignments by quarter, service and practice group' })
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).innerText.split('\t')));
  expect(programmeRows).toEqual([
    ['2026-27 Q1', 'Children in need: CIN team 2', '2', '2', '2', '0', '0'],
    ['2026-27 Q2', 'Children in need: CIN team 2', '1', '0', '0', '1', '0'],
    ['', 'Total', '3', '2', '2', '1', '0'],
  ]);
  // By service and practice group: overall judgements by grade beside the other figures, the
  // service's total after its groups, then the total. Cells are read through their table roles.
  const scopeTable = report.getByRole('table', {
    name: 'Overall judgements and outcomes by service, practice group, quarter and kind, with each service’s total',
  });
  const readTable = () =>
    scopeTable
      .getByRole('row')
      .evaluateAll((rows) =>
        rows.map((r) =>
          [...r.querySelectorAll('[role="columnheader"], [role="rowheader"], [role="cell"]')].map(
            (c) => (c.querySelector('.app-stack-table__value') ?? c).textContent!.trim(),
          ),
        ),
      );
  expect(await readTable()).toEqual([
    [
      'Team',
      'Quarter',
      'Kind',
      'Observations',
      'Outstanding',
      'Good',
      'Requires improvement to be good',
      'Inadequate',
      'Moderation agreement',
      'In time',
      'Late',
      'Actions overdue',
      'Good practice acknowledged',
    ],
    ...[
      [
        'Children in need: CIN team 2',
        '2026-27 Q1',
        'Frontline practice observation',
        '5',
        '1',
        '4',
      ],
      [
        'Children in need: CIN team 2',
        '2026-27 Q3',
        'Frontline practice observation',
        '1',
        '0',
        '1',
      ],
      ['Children in need: total', '2026-27 Q1 to 2026-27 Q3', 'Every kind', '6', '1', '5'],
      ['Total, every team', '2026-27 Q1 to 2026-27 Q3', 'Every kind', '6', '1', '5'],
    ].map((r, i) => [...r, '0', '0', i === 1 ? '–' : '50%', '0', '0', '0', i === 1 ? '0' : '1']),
  ]);
  // On a tablet held upright the table is too wide to be a table: each row stands as a block,
  // each figure named, and nothing scrolls sideways, the page or the table.
  const fits = () =>
    scopeTable.evaluate((t) => ({
      table: t.scrollWidth <= t.clientWidth + 1,
      page: document.documentElement.scrollWidth <= document.documentElement.clientWidth,
      stacked: getComputedStyle(t).display === 'block',
    }));
  expect(await fits()).toEqual({ table: true, page: true, stacked: true });
  expect(
    await scopeTable.getByRole('row').nth(1).locator('.app-stack-table__label').first().isVisible(),
  ).toBe(true);
  // Turned sideways too: the table is wider than the page's column on any screen.
  await qa.setViewportSize(TABLET_LANDSCAPE);
  expect(await fits()).toEqual({ table: true, page: true, stacked: true });
  await qa.setViewportSize(TABLET_PORTRAIT);
  await axe.scan(qa, 'quarterly report');

  // The table as CSV: the same lines, the service's total and the total included.
  const [tableFile] = await Promise.all([
    qa.waitForEvent('download'),
    qa.getByRole('link', { name: 'Figures by service and practice group (CSV)' }).click(),
  ]);
  const table = fs
    .readFileSync((await tableFile.path())!, 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(table.map((l) => l.split(',').slice(0, 6))).toEqual([
    ['Line', 'Service', 'Practice group', 'Quarter', 'Kind', 'Observations'],
    [
      'Practice group',
      'Children in need',
      'CIN team 2',
      '2026-27 Q1',
      'Frontline practice observation',
      '5',
    ],
    [
      'Practice group',
      'Children in need',
      'CIN team 2',
      '2026-27 Q3',
      'Frontline practice observation',
      '1',
    ],
    ['Service total', 'Children in need', '', '2026-27 Q1 to 2026-27 Q3', 'Every kind', '6'],
    ['Total', '', '', '2026-27 Q1 to 2026-27 Q3', 'Every kind', '6'],
  ]);

  // A CSV download: one row per counted observation, after the header.
  const [download] = await Promise.all([
    qa.waitForEvent('download'),
    qa.getByRole('link', { name: 'Observations (CSV)' }).click(),
  ]);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  const lines = csv.trim().split('\r\n');
  expect(lines[0]).toMatch(/^\uFEFF?id,/);
  expect(lines).toHaveLength(1 + 6);

  // Printing: no menu, no form, no buttons; the report itself stays; axe on the printed page.
  await qa.emulateMedia({ media: 'print' });
  expect(await qa.locator('.app-header').isVisible()).toBe(false);
  expect(await qa.getByRole('button', { name: 'Show report' }).isVisible()).toBe(false);
  expect(await qa.getByRole('link', { name: 'Observations (CSV)' }).isVisible()).toBe(false);
  expect(await trend.isVisible()).toBe(true);
  expect(await programme.isVisible()).toBe(true);
  expect(await report.getByTestId('programme-table').isVisible()).toBe(true);
  expect(await qa.getByText(/printed by Quinn Adams on/).isVisible()).toBe(true);
  await axe.scan(qa, 'quarterly report, printed');
  await qa.emulateMedia({ media: 'screen' });
}, 300_000);

test('the report already pulled stays readable offline', async () => {
  await tablet.context.setOffline(true);
  await qa.getByRole('link', { name: 'Your observations', exact: true }).click();
  await qa.getByRole('link', { name: 'Reports', exact: true }).click();
  await qa.getByLabel('From', { exact: true }).selectOption('2026-27-Q1');
  await qa.getByLabel('To', { exact: true }).selectOption('2026-27-Q3');
  await qa.getByRole('button', { name: 'Show report' }).click();
  await qa.getByTestId('report-cached').waitFor();
  const summary = qa.getByTestId('quarterly-report').locator('.govuk-summary-list').first();
  expect(await summary.textContent()).toContain('Observations6');
  await axe.scan(qa, 'quarterly report, offline');
  await tablet.context.setOffline(false);
});

test('a single observation prints as a clean document', async () => {
  await syncNow(qa);
  await qa.getByRole('link', { name: 'Moderation', exact: true }).click();
  await qa.getByRole('link', { name: /Frontline practice observation of Practitioner 1$/ }).click();
  await qa.getByRole('link', { name: 'Print this observation' }).click();
  await qa.getByRole('heading', { name: 'Frontline practice observation' }).waitFor();
  await qa.getByText('Case AB-10001').waitFor();
  await qa.getByText('Good, not outstanding.').waitFor();
  await axe.scan(qa, 'observation for printing');
  await qa.emulateMedia({ media: 'print' });
  expect(await qa.locator('.app-header').isVisible()).toBe(false);
  expect(await qa.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
  expect(await qa.getByRole('heading', { name: 'Moderation' }).isVisible()).toBe(true);
  await axe.scan(qa, 'observation, printed');
  await qa.emulateMedia({ media: 'screen' });
}, 120_000);

test('the report narrows to one kind of observation', async () => {
  await qa.getByRole('link', { name: 'Reports', exact: true }).click();
  await qa.getByLabel('From', { exact: true }).selectOption('2026-27-Q1');
  await qa.getByLabel('To', { exact: true }).selectOption('2026-27-Q3');
  await qa.getByLabel('Kind of observation').selectOption('family-feedback-call');
  await qa.getByRole('button', { name: 'Show report' }).click();
  const summary = qa.getByTestId('quarterly-report').locator('.govuk-summary-list').first();
  await expect.poll(() => summary.textContent(), { timeout: 20_000 }).toContain('Observations0');
  await qa.getByLabel('Kind of observation').selectOption('frontline-practice');
  await qa.getByRole('button', { name: 'Show report' }).click();
  await expect.poll(() => summary.textContent(), { timeout: 20_000 }).toContain('Observations6');
});

// Good practice acknowledged offline, the report opened offline, then a signal: the report asked
// the server at once, before the sync had sent the acknowledgement, and never again, and Show
// report sent no request for the quarters already shown, so it said 1 of 6 after "All changes
// sent" until a reload. Now it asks again once this tablet has sent all its changes, Show report
// always asks, and the report says when its figures were worked out.
test('acknowledged offline, then online: the report counts it once sent, and Show report asks again', async () => {
  await syncNow(qa);
  await qa.getByRole('link', { name: 'Moderation', exact: true }).click();
  await qa.getByRole('link', { name: /Frontline practice observation of Practitioner 3$/ }).click();
  await tablet.context.setOffline(true);
  await qa.getByRole('button', { name: 'Acknowledge good practice' }).click();
  await qa.getByRole('heading', { name: 'Acknowledge good practice' }).waitFor();
  await qa.getByLabel('The practice observed', { exact: true }).check();
  await qa.getByLabel('What was good?').fill('The plan was explained in the child’s own words.');
  await qa.getByRole('button', { name: 'Save acknowledgement' }).click();
  await qa.locator('#acknowledged').waitFor();

  await qa.getByRole('link', { name: 'Reports', exact: true }).click();
  await qa.getByLabel('From', { exact: true }).selectOption('2026-27-Q1');
  await qa.getByLabel('To', { exact: true }).selectOption('2026-27-Q3');
  // The report last fetched, kept on the tablet (the test before's).
  await qa.getByLabel('Kind of observation').selectOption('frontline-practice');
  await qa.getByRole('button', { name: 'Show report' }).click();
  await qa.getByTestId('report-cached').waitFor();
  const summary = qa.getByTestId('quarterly-report').locator('.govuk-summary-list').first();
  expect(await summary.textContent()).toContain('Good practice acknowledged1 of 6 observations');

  const asked: string[] = [];
  qa.on('request', (r) => {
    if (r.url().includes('/api/reports/quarterly')) asked.push(r.url());
  });
  await tablet.context.setOffline(false);
  await waitAllSent(qa, 60_000);
  await expect
    .poll(() => summary.textContent(), { timeout: 30_000 })
    .toContain('Good practice acknowledged2 of 6 observations');
  expect(await qa.getByTestId('report-cached').count()).toBe(0);
  expect(await qa.getByTestId('report-as-at').textContent()).toMatch(
    /^Figures as at \d{1,2} [A-Z][a-z]+ \d{4} at (\d{1,2}(:\d{2})?(am|pm)|midday|midnight)\.$/,
  );
  await axe.scan(qa, 'quarterly report, refreshed once sent');

  // Show report for the quarters already shown still asks the server.
  const before = asked.length;
  await qa.getByRole('button', { name: 'Show report' }).click();
  await expect.poll(() => asked.length, { timeout: 20_000 }).toBe(before + 1);
}, 240_000);

test('axe finds nothing on the report and print screens', () => {
  expect(axe.screens).toHaveLength(6);
  expect(axe.findings).toEqual([]);
});

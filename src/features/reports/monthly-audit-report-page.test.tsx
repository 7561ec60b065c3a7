// A QA lead collates a service's single case audits of a month for the Strategy, Planning and
// Performance Team (Southwark QAF 2a, 2k): worked out on the tablet from what it has pulled, so it
// reads with no signal; children by case ID only; GOV.UK tables that print; no axe findings.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import axe from 'axe-core';
import { parse } from 'csv-parse/sync';
import { LocationProvider } from 'preact-iso';
import { afterEach, expect, test, vi } from 'vitest';
import { addDays, addMonths } from '../../../schemas/calendar/dates';
import type { FieldValue } from '../../../schemas/entities/field-value';
import { discussionsDueBy } from '../../../schemas/rules/sample-discussion';
import type { ScopeSummary } from '../../../schemas/api/account';
import type { SyncRecord } from '../../../schemas/sync/records';
import { applyPullPage } from '../../db';
import { pullPage, serverRecord } from '../../../tests/helpers/db-fixtures';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { londonDateOf } from '../../../schemas/calendar/london-time';
import { formatMonth } from '../../lib/observation-records';
import { MonthlyAuditReportPage } from './monthly-audit-report-page';

const SERVICE = 'scope-service-0001';
const GROUP_A = 'scope-practice-group-a';
const GROUP_B = 'scope-practice-group-b';
const OTHER = 'scope-service-0002';

// Dates from today, so the test never goes stale: the audits are this month's.
const today = londonDateOf(new Date());
const month = today.slice(0, 7);
const firstDay = `${month}-01`;
const lastDay = addDays(addMonths(firstDay, 1), -1);
const lastMonth = addMonths(firstDay, -1).slice(0, 7);

let fx: ServicesFixture | undefined;
afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  await fx?.store.close();
  fx = undefined;
});

const audit = (id: string, scopeId: string, fields: Record<string, FieldValue>): SyncRecord =>
  serverRecord({
    id,
    scopeId,
    fields: {
      kind: 'single-case-audit',
      templateId: 'single-case-audit',
      templateVersion: 1,
      status: 'submitted',
      serviceId: SERVICE,
      submittedAt: `${firstDay}T10:00:00.000Z`,
      'context.date': firstDay,
      // The social worker observed, and the family's own words: never in the report.
      'context.observedName': 'Robin Practitioner',
      'family.familyWords': 'Jamie Smith said the plan was clear',
      ...fields,
    },
  });

const LEAD_SCOPES: ScopeSummary[] = [
  { id: SERVICE, name: 'Children in need', kind: 'service', parentId: null },
  { id: GROUP_A, name: 'CIN team 2', kind: 'practice-group', parentId: SERVICE },
  { id: GROUP_B, name: 'CIN team 3', kind: 'practice-group', parentId: SERVICE },
  { id: OTHER, name: 'Looked-after children', kind: 'service', parentId: null },
];

async function leadWithAudits(online = true, scopes = LEAD_SCOPES) {
  vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
  fx = await servicesFixture({ online });
  fx.services.user = {
    ...fx.services.user,
    id: 'user-lead-0001',
    role: 'qa-lead',
    displayName: 'Sam Lead',
    scopes,
  };
  await applyPullPage(
    fx.store.db,
    fx.store.cipher,
    pullPage({
      records: [
        audit('obs-audit-0001', GROUP_A, {
          'context.caseId': 'CASE-1001',
          'summary.overallGrade': 'good',
          'responses.assessment-judgement.value': 'good',
          'responses.planning-judgement.value': 'inadequate',
          'goodPractice.what': 'both',
          'goodPractice.on': today,
          'sampleDiscussion.heldOn': today,
        }),
        audit('obs-audit-0002', GROUP_B, {
          'context.caseId': 'CASE-2002',
          'summary.overallGrade': 'requires-improvement-to-be-good',
        }),
        // Another service's audit, and a draft: neither is this service's month.
        audit('obs-audit-0003', OTHER, { 'context.caseId': 'CASE-3003', serviceId: OTHER }),
        audit('obs-audit-0004', GROUP_A, { 'context.caseId': 'CASE-4004', status: 'draft' }),
        serverRecord({
          id: 'action-0001',
          type: 'action',
          scopeId: GROUP_A,
          parentId: 'obs-audit-0001',
          fields: { what: 'Update the chronology', status: 'open', dueDate: '2000-01-01' },
        }),
        serverRecord({
          id: 'action-0002',
          type: 'action',
          scopeId: GROUP_A,
          parentId: 'obs-audit-0001',
          fields: { what: 'Genogram', status: 'done', dueDate: lastDay },
        }),
        serverRecord({
          id: 'assignment-0001',
          type: 'assignment',
          scopeId: GROUP_A,
          fields: {
            kind: 'single-case-audit',
            dueDate: lastDay,
            completedAt: `${firstDay}T12:00:00.000Z`,
          },
        }),
        serverRecord({
          id: 'assignment-0002',
          type: 'assignment',
          scopeId: GROUP_B,
          fields: { kind: 'single-case-audit', dueDate: lastDay, 'exemption.reason': 'leave' },
        }),
      ],
    }),
  );
  return fx;
}

const show = (f: ServicesFixture) =>
  render(
    <f.Wrapper>
      <LocationProvider>
        <main id="main-content">
          <MonthlyAuditReportPage />
        </main>
      </LocationProvider>
    </f.Wrapper>,
  );

async function choose(service: string, chosenMonth: string) {
  const serviceSelect = (await screen.findByLabelText('Service')) as HTMLSelectElement;
  const monthSelect = screen.getByLabelText('Month') as HTMLSelectElement;
  fireEvent.change(serviceSelect, { target: { value: service } });
  fireEvent.change(monthSelect, { target: { value: chosenMonth } });
  fireEvent.click(screen.getByRole('button', { name: 'Show report' }));
}

const rowsOf = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) =>
      within(r)
        .getAllByRole(/cell|rowheader/)
        .map((c) => c.textContent),
    );

test('the service’s month, worked out on the tablet with no signal, case IDs only, no axe findings', async () => {
  const f = await leadWithAudits(false);
  show(f);
  await screen.findByRole('heading', { level: 1, name: 'Monthly audit report' });
  // The services overseen are offered, and months newest first, last month chosen to begin with.
  const serviceSelect = screen.getByLabelText('Service') as HTMLSelectElement;
  expect([...serviceSelect.options].map((o) => o.textContent)).toEqual([
    'Children in need',
    'Looked-after children',
  ]);
  const monthSelect = screen.getByLabelText('Month') as HTMLSelectElement;
  expect(monthSelect.options[0]!.value).toBe(month);
  expect(monthSelect.value).toBe(lastMonth);

  await choose(SERVICE, month);
  const report = await screen.findByTestId('monthly-audit-report');
  expect(
    within(report).getByRole('heading', {
      level: 2,
      name: `Children in need: ${formatMonth(month)}`,
    }),
  ).toBeTruthy();
  expect(screen.getByTestId('report-shown').textContent).toBe(
    `Showing the report for Children in need, ${formatMonth(month)}.`,
  );

  const audits = within(report).getByRole('table', { name: `Audits of ${formatMonth(month)}` });
  expect(rowsOf(audits).map((r) => r.slice(0, 2))).toEqual([
    ['CASE-1001', 'CIN team 2'],
    ['CASE-2002', 'CIN team 3'],
  ]);
  const planned = within(report).getByRole('table', { name: 'Audits planned, by team' });
  expect(rowsOf(planned)).toEqual([
    ['CIN team 2', '1', '1', '0', '0', '0'],
    ['CIN team 3', '1', '0', '0', '0', '1'],
    ['Total', '2', '1', '0', '0', '1'],
  ]);
  const grades = within(report).getByRole('table', { name: 'Overall judgements' });
  expect(rowsOf(grades)).toEqual([
    ['Outstanding', '0'],
    ['Good', '1'],
    ['Requires improvement to be good', '1'],
    ['Inadequate', '0'],
  ]);
  const actions = within(report).getByRole('table', { name: 'Improvement actions' });
  expect(rowsOf(actions)).toEqual([['2', '1', '1', '1', '0']]);
  expect(within(report).getByText(/Judgement for assessment/)).toBeTruthy();
  expect(within(report).getByText(/Judgement for planning/)).toBeTruthy();
  expect(within(report).getByText('Sample discussed')).toBeTruthy();

  // No child or family names, nor anyone else's: the other service's and the draft's cases not.
  const text = report.textContent ?? '';
  expect(text).not.toMatch(/Jamie|Smith|Robin|CASE-3003|CASE-4004/);

  const result = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
  expect(result.violations.map((v) => v.id)).toEqual([]);
});

test('controls are native, reachable by keyboard, and the form answers Enter; Print is offered', async () => {
  const f = await leadWithAudits();
  const print = vi.fn();
  vi.stubGlobal('print', print);
  show(f);
  const serviceSelect = (await screen.findByLabelText('Service')) as HTMLSelectElement;
  const monthSelect = screen.getByLabelText('Month') as HTMLSelectElement;
  const button = screen.getByRole('button', { name: 'Show report' });
  // A form named by its heading, as the quarterly report's: found in a screen reader's list.
  const form = screen.getByRole('form', { name: 'Choose what the report covers' });
  expect(form).toBe(serviceSelect.form);
  for (const control of [serviceSelect, monthSelect, button]) {
    expect(control.tabIndex).toBe(0);
    expect((control as HTMLButtonElement).disabled).toBe(false);
  }
  fireEvent.change(monthSelect, { target: { value: month } });
  // Enter in a field submits its form.
  fireEvent.submit(monthSelect.form!);
  const report = await screen.findByTestId('monthly-audit-report');
  expect(
    within(report).getByRole('table', { name: `Audits of ${formatMonth(month)}` }),
  ).toBeTruthy();
  fireEvent.click(screen.getByRole('button', { name: 'Print this report' }));
  expect(print).toHaveBeenCalledTimes(1);
});

test('a month with no audits says so, and another service shows only its own', async () => {
  const f = await leadWithAudits();
  show(f);
  await choose(SERVICE, lastMonth);
  const report = await screen.findByTestId('monthly-audit-report');
  expect(
    within(report).getByText(
      `No single case audits of ${formatMonth(lastMonth)} have been submitted.`,
    ),
  ).toBeTruthy();
  expect(
    within(report).getByText(
      `No single case audits of the programme were due in ${formatMonth(lastMonth)}.`,
    ),
  ).toBeTruthy();
  expect(within(report).queryByRole('table', { name: 'Audits planned, by team' })).toBeNull();

  await choose(OTHER, month);
  await waitFor(() =>
    expect(
      screen.getByRole('heading', {
        level: 2,
        name: `Looked-after children: ${formatMonth(month)}`,
      }),
    ).toBeTruthy(),
  );
  const audits = screen.getByRole('table', { name: `Audits of ${formatMonth(month)}` });
  expect(rowsOf(audits).map((r) => r[0])).toEqual(['CASE-3003']);
});

test('for the roles that oversee: an observer, whose tablet holds only their own work, is told so', async () => {
  const f = await leadWithAudits();
  f.services.user = { ...f.services.user, role: 'observer' };
  show(f);
  await screen.findByText(
    'The monthly audit report is for QA leads, heads of service and the director.',
  );
  expect(screen.queryByLabelText('Service')).toBeNull();
  expect(screen.queryByRole('button', { name: 'Show report' })).toBeNull();
});

/** A download link's file: its name, and its rows as a spreadsheet would read them. */
function fileOf(link: HTMLElement): { name: string | null; rows: string[][]; text: string } {
  const href = link.getAttribute('href') ?? '';
  const prefix = 'data:text/csv;charset=utf-8,';
  expect(href.startsWith(prefix)).toBe(true);
  const text = decodeURIComponent(href.slice(prefix.length));
  expect(text.startsWith('\uFEFF')).toBe(true);
  return {
    name: link.getAttribute('download'),
    rows: parse(text.slice(1), { record_delimiter: '\r\n' }) as string[][],
    text,
  };
}

test('CSV downloads made on the tablet with no signal, of the report shown, named with its month', async () => {
  const f = await leadWithAudits(false);
  show(f);
  await choose(SERVICE, month);
  const report = await screen.findByTestId('monthly-audit-report');
  const monthName = formatMonth(month);
  const summaryLink = screen.getByRole('link', {
    name: `Summary (CSV) for Children in need, ${monthName}`,
  });
  const auditsLink = screen.getByRole('link', {
    name: `Audits (CSV) for Children in need, ${monthName}`,
  });

  // One row per audit, as the page's table lists them, by case ID alone.
  const audits = fileOf(auditsLink);
  expect(audits.name).toBe(`monthly-audit-children-in-need-${month}.csv`);
  expect(audits.rows[0]).toEqual([
    'Service',
    'Month',
    'Case ID',
    'Team',
    'Date of audit',
    'Overall judgement',
    'Actions raised',
    'Actions open',
    'Actions overdue',
    'Actions done',
    'Discussed on',
    'Good practice',
  ]);
  const shown = rowsOf(within(report).getByRole('table', { name: `Audits of ${monthName}` }));
  expect(audits.rows.slice(1).map((r) => [r[2], r[3], r[5]])).toEqual(
    shown.map((r) => [r[0], r[1], r[3]]),
  );
  expect(audits.rows.slice(1)).toEqual([
    [
      'Children in need',
      month,
      'CASE-1001',
      'CIN team 2',
      firstDay,
      'Good',
      '2',
      '1',
      '1',
      '1',
      today,
      'Both the practice and the quality of the audit',
    ],
    [
      'Children in need',
      month,
      'CASE-2002',
      'CIN team 3',
      firstDay,
      'Requires improvement to be good',
      '0',
      '0',
      '0',
      '0',
      '',
      '',
    ],
  ]);

  // The summary at the top of the page, in one row: a month's return, stacked under the last.
  const summary = fileOf(summaryLink);
  expect(summary.name).toBe(`monthly-audit-summary-children-in-need-${month}.csv`);
  expect(summary.rows).toHaveLength(2);
  const line = Object.fromEntries(summary.rows[0]!.map((h, i) => [h, summary.rows[1]![i]]));
  expect(line).toEqual({
    Service: 'Children in need',
    Teams: 'Children in need; CIN team 2; CIN team 3',
    Month: month,
    'Overdue judged on': today,
    'Audits due': '2',
    'Audits completed': '1',
    'Of which late': '0',
    'Audits overdue': '0',
    'Audits exempted': '1',
    'Audits submitted': '2',
    'Actions raised': '2',
    'Actions open': '1',
    'Of which overdue': '1',
    'Actions done': '1',
    'Actions cancelled': '0',
    'Good practice acknowledged': '1',
    'Sample discussion': 'Sample discussed',
    'Audits discussed': '1',
    'Discussed in time': '1',
    'Discussion due by': discussionsDueBy(month),
  });
  // No one's name nor the family's words: the page's rule.
  expect(audits.text + summary.text).not.toMatch(/Jamie|Smith|Robin|CASE-3003|CASE-4004/);
  const result = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
  expect(result.violations.map((v) => v.id)).toEqual([]);

  // A month chosen but not yet shown changes nothing: the files are of the report on the screen.
  fireEvent.change(screen.getByLabelText('Month'), { target: { value: lastMonth } });
  expect(
    screen.getByRole('link', { name: `Audits (CSV) for Children in need, ${monthName}` }),
  ).toBe(auditsLink);
  expect(fileOf(auditsLink).text).toBe(audits.text);
  fireEvent.click(screen.getByRole('button', { name: 'Show report' }));
  const lastMonthLink = await screen.findByRole('link', {
    name: `Audits (CSV) for Children in need, ${formatMonth(lastMonth)}`,
  });
  const none = fileOf(lastMonthLink);
  expect(none.name).toBe(`monthly-audit-children-in-need-${lastMonth}.csv`);
  expect(none.rows).toHaveLength(1);

  await choose(OTHER, month);
  const other = fileOf(
    await screen.findByRole('link', {
      name: `Audits (CSV) for Looked-after children, ${monthName}`,
    }),
  );
  expect(other.name).toBe(`monthly-audit-looked-after-children-${month}.csv`);
  expect(other.rows.slice(1).map((r) => r[2])).toEqual(['CASE-3003']);
});

// A QA lead in one practice group alone is sent no row of its service, only its name with the
// group: the choice, the report and the files name the group with its service, never as one.
test('a practice group overseen without its service is named with its service, on the page and in the files', async () => {
  const f = await leadWithAudits(false, [
    {
      id: GROUP_A,
      name: 'CIN team 2',
      kind: 'practice-group',
      parentId: SERVICE,
      parentName: 'Children in need',
    },
  ]);
  show(f);
  const serviceSelect = (await screen.findByLabelText('Service')) as HTMLSelectElement;
  expect([...serviceSelect.options].map((o) => o.textContent)).toEqual([
    'CIN team 2 (Children in need)',
  ]);
  await choose(GROUP_A, month);
  const report = await screen.findByTestId('monthly-audit-report');
  const monthName = formatMonth(month);
  within(report).getByRole('heading', {
    level: 2,
    name: `CIN team 2 (Children in need): ${monthName}`,
  });
  const planned = rowsOf(within(report).getByRole('table', { name: 'Audits planned, by team' }));
  expect(planned.map((r) => r[0])).toEqual(['CIN team 2', 'Total']);
  const shown = rowsOf(within(report).getByRole('table', { name: `Audits of ${monthName}` }));
  expect(shown.map((r) => r.slice(0, 2))).toEqual([['CASE-1001', 'CIN team 2']]);

  const audits = fileOf(
    screen.getByRole('link', {
      name: `Audits (CSV) for CIN team 2 (Children in need), ${monthName}`,
    }),
  );
  expect(audits.name).toBe(`monthly-audit-children-in-need-cin-team-2-${month}.csv`);
  expect(audits.rows.slice(1).map((r) => [r[0], r[2], r[3]])).toEqual([
    ['Children in need', 'CASE-1001', 'CIN team 2'],
  ]);
  const summary = fileOf(
    screen.getByRole('link', {
      name: `Summary (CSV) for CIN team 2 (Children in need), ${monthName}`,
    }),
  );
  expect(summary.rows[1]!.slice(0, 2)).toEqual(['Children in need', 'CIN team 2']);
  expect(audits.text + summary.text + (report.textContent ?? '')).not.toMatch(/Unknown/);
});

// A call's checklist holds the caller's own items beside the family's answers, and the table
// counts both: it is not called the family's answers.
test('the answers recorded on the month’s calls are not all called the family’s', async () => {
  const f = await leadWithAudits(false);
  await applyPullPage(
    f.store.db,
    f.store.cipher,
    pullPage({
      records: [
        serverRecord({
          id: 'obs-call-0001',
          scopeId: GROUP_A,
          fields: {
            kind: 'family-feedback-call',
            templateId: 'family-feedback-call',
            templateVersion: 1,
            status: 'submitted',
            serviceId: SERVICE,
            'context.date': firstDay,
            'responses.purpose-and-confidentiality-explained.value': 'yes',
            'responses.knows-why-involved.value': 'yes',
          },
        }),
      ],
    }),
  );
  show(f);
  await choose(SERVICE, month);
  const report = await screen.findByTestId('monthly-audit-report');
  const table = within(report).getByRole('table', { name: 'Answers recorded on the calls' });
  expect(rowsOf(table).map((r) => r[0])).toContain(
    'You explained the purpose of the call, that answers will be recorded, and the limits of confidentiality',
  );
  expect(within(report).queryByRole('table', { name: 'The family’s answers' })).toBeNull();
});

test('no downloads before a report is shown', async () => {
  const f = await leadWithAudits();
  show(f);
  await screen.findByLabelText('Service');
  expect(screen.queryByRole('link', { name: /\(CSV\)/ })).toBeNull();
});

// Choosing quarters the wrong way round is an error as on any GOV.UK form: the error summary takes
// focus and the page title says "Error:", so a screen reader hears it. Before, only a message
// beside the quarters appeared, focus stayed on Show report and nothing was announced.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import axe from 'axe-core';
import { LocationProvider } from 'preact-iso';
import { afterEach, expect, test, vi } from 'vitest';
import type { FieldValue } from '../../../schemas/entities/field-value';
import { DEFAULT_LOCAL_SETTINGS } from '../../../schemas/entities/local-settings';
import { buildQuarterlyReport } from '../../../schemas/reports/quarterly-report';
import type { ScopeRef } from '../../../schemas/reports/quarterly-report';
import type { ReportRecord } from '../../../schemas/reports/report-facts';
import { parseQuarterKey } from '../../../schemas/rules/quarters';
import { londonDateOf } from '../../../schemas/calendar/london-time';
import { quarterChoices } from './report-words';
import { builtInTemplates } from '../../../schemas/templates/catalogue';
import { ServicesContext } from '../../lib/services';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { QuarterlyReportPage } from './quarterly-report-page';

let fx: ServicesFixture | undefined;
afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  await fx?.store.close();
  fx = undefined;
});

const SERVICE: ScopeRef = {
  id: 'scope-service-0001',
  name: 'Children in need',
  kind: 'service',
  parentId: null,
};

/**
 * A submitted frontline practice observation of `date`, as the reporting table holds it, with
 * good practice of `what` acknowledged that day (none when null) and any `more` fields.
 */
function submittedObservation(
  id: string,
  scopeId: string,
  date: string,
  what: string | null,
  more: Record<string, FieldValue> = {},
): ReportRecord {
  return {
    id,
    type: 'observation',
    scopeId,
    parentId: null,
    deleted: false,
    createdAt: '2026-05-01T09:00:00Z',
    fields: {
      kind: 'frontline-practice',
      templateId: 'frontline-practice',
      templateVersion: 1,
      status: 'submitted',
      'context.date': date,
      ...more,
      ...(what === null ? {} : { 'goodPractice.what': what, 'goodPractice.on': date }),
    },
  };
}

/** The server's answer to a request for the report, worked out from these records by the shared code. */
function reportAnswer(
  path: string,
  records: ReportRecord[],
  scopes: ScopeRef[] = [SERVICE],
  asOf = '2026-12-01',
): Promise<Response> {
  const q = new URL(path, 'https://tablet.example').searchParams;
  const report = buildQuarterlyReport(records, {
    query: { from: q.get('from')!, to: q.get('to')!, asOf },
    scopes,
    viewerScopeIds: scopes.map((s) => s.id),
    gradeScale: DEFAULT_LOCAL_SETTINGS.gradeScale,
    timescales: DEFAULT_LOCAL_SETTINGS.timescales,
    templates: builtInTemplates,
  });
  return Promise.resolve(
    new Response(JSON.stringify(report), { headers: { 'content-type': 'application/json' } }),
  );
}

const noSignal = () => Promise.reject(new TypeError('Failed to fetch'));

/** The page as a QA lead sees it, the server answering `fetch` (online unless said). */
async function showAsQaLead(
  fetch: (path: string) => Promise<Response>,
  { online = true, main = false }: { online?: boolean; main?: boolean } = {},
) {
  vi.stubGlobal('fetch', fetch);
  fx = await servicesFixture({ online });
  fx.services.user = { ...fx.services.user, role: 'qa-lead' };
  const page = <QuarterlyReportPage />;
  render(
    <fx.Wrapper>
      <LocationProvider>{main ? <main id="main-content">{page}</main> : page}</LocationProvider>
    </fx.Wrapper>,
  );
}

test('the last quarter before the first: an error summary that takes focus, linked to the field', async () => {
  await showAsQaLead(noSignal, { online: false });
  const from = (await screen.findByLabelText('From')) as HTMLSelectElement;
  const to = screen.getByLabelText('To') as HTMLSelectElement;
  // The newest quarter is offered first.
  fireEvent.change(from, { target: { value: from.options[0]!.value } });
  fireEvent.change(to, { target: { value: to.options[to.options.length - 1]!.value } });
  fireEvent.click(screen.getByRole('button', { name: 'Show report' }));

  const summary = await screen.findByRole('alert');
  const link = screen.getByRole('link', { name: 'The last quarter must not be before the first' });
  expect(link.getAttribute('href')).toBe('#report-to');
  await waitFor(() => expect(document.activeElement).toBe(summary.parentElement));
  await waitFor(() => expect(document.title).toMatch(/^Error: Quarterly report/));
});

// Show report keeps focus on the button and changes the report below: a polite status says once
// which quarters it now shows, when they have arrived (not while the last one is still shown).
test('showing other quarters says which, once they have arrived', async () => {
  const asked: string[] = [];
  await showAsQaLead((path: string) => {
    asked.push(path);
    return reportAnswer(path, []);
  });
  await screen.findByTestId('quarterly-report');
  const status = screen.getByTestId('report-shown');
  expect(status.getAttribute('role')).toBe('status');
  // Arriving on the page says nothing: the page itself is read from its start.
  expect(status.textContent).toBe('');

  const from = screen.getByLabelText('From') as HTMLSelectElement;
  const to = screen.getByLabelText('To') as HTMLSelectElement;
  const oldest = from.options[from.options.length - 1]!;
  fireEvent.change(from, { target: { value: oldest.value } });
  fireEvent.change(to, { target: { value: oldest.value } });
  fireEvent.click(screen.getByRole('button', { name: 'Show report' }));
  const label = oldest.textContent!.replace(/ \(.*\)$/, '');
  await waitFor(() => expect(status.textContent).toBe(`Showing the report for ${label}.`));
  expect(asked.at(-1)).toContain(`from=${oldest.value}`);
});

// Good practice acknowledged by a QA lead or head of service (QAF 2h) is counted once per
// observation or audit, whatever was acknowledged: a column of its own in the table by service
// and practice group (a line per quarter), headed for screen readers like the others, and in the
// summary. Not in the chart's table by quarter, which would no longer fit beside its chart.
test('good practice acknowledged: a column of the table by team, a line per quarter, and the summary', async () => {
  const service = 'scope-service-0001';
  const group = 'scope-group-0001';
  const observation = (n: number, date: string, what: string | null) =>
    submittedObservation(`obs-${n}`, group, date, what, { 'summary.overallGrade': 'good' });
  // The quarter before this one and this one, as the page offers them whatever today is; each
  // observation on the first day of its quarter, which is never after today.
  const [now, before] = quarterChoices(londonDateOf(new Date())).map((c) => c.value);
  const first = parseQuarterKey(before!)!.start;
  const second = parseQuarterKey(now!)!.start;
  const records = [
    observation(1, first, 'practice'),
    observation(2, first, 'both'),
    observation(3, first, null),
    observation(4, second, 'record-quality'),
    observation(5, second, null),
  ];
  await showAsQaLead(
    (path: string) =>
      reportAnswer(path, records, [
        SERVICE,
        { id: group, name: 'CIN team 1', kind: 'practice-group', parentId: service },
      ]),
    { main: true },
  );
  await screen.findByTestId('quarterly-report');
  const from = screen.getByLabelText('From') as HTMLSelectElement;
  const to = screen.getByLabelText('To') as HTMLSelectElement;
  fireEvent.change(from, { target: { value: before } });
  fireEvent.change(to, { target: { value: now } });
  fireEvent.click(screen.getByRole('button', { name: 'Show report' }));
  // The report asked for, not the one of the default quarters shown first.
  await waitFor(() => expect(screen.getByTestId('report-shown').textContent).toMatch(/^Showing/));
  const table = await screen.findByRole('table', {
    name: /^Overall judgements and outcomes by service, practice group, quarter and kind/,
  });
  await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(1 + 4));

  const heads = within(table).getAllByRole('columnheader');
  const column = heads.findIndex((h) => h.textContent === 'Good practice acknowledged');
  expect(column).toBeGreaterThan(0);
  expect(heads[column]!.getAttribute('scope')).toBe('col');
  // Each line's figure, read as a screen reader meets it: the value, under its column's header.
  const figures = within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => {
      const cells = [...row.querySelectorAll('[role="rowheader"], [role="cell"]')] as HTMLElement[];
      const cell = cells[column]!;
      return [
        cells[0]!.textContent,
        cell.querySelector('.app-stack-table__value')!.textContent,
        cell.querySelector('.app-stack-table__label')!.getAttribute('aria-hidden'),
      ];
    });
  expect(figures).toEqual([
    ['Children in need: CIN team 1', '2', 'true'],
    ['Children in need: CIN team 1', '1', 'true'],
    ['Children in need: total', '3', 'true'],
    ['Total, every team', '3', 'true'],
  ]);

  const summary = screen.getByTestId('quarterly-report').querySelector('.govuk-summary-list')!;
  expect(summary.textContent).toContain('Good practice acknowledged3 of 5 observations');

  const result = await axe.run(screen.getByTestId('quarterly-report'), {
    rules: { 'color-contrast': { enabled: false } },
  });
  expect(result.violations.map((v) => v.id)).toEqual([]);
});

// A QA lead in one practice group alone oversees no service: the report's scopes hold the group
// with its service's name, never the service, and every table names the service by it.
test('a practice group overseen without its service: its service named in the tables, never "Unknown team"', async () => {
  const service = 'scope-service-0001';
  const group = 'scope-group-0001';
  await showAsQaLead((path: string) => {
    const start = parseQuarterKey(
      new URL(path, 'https://tablet.example').searchParams.get('from')!,
    )!.start;
    const assignment: ReportRecord = {
      id: 'assignment-1',
      type: 'assignment',
      scopeId: group,
      parentId: null,
      deleted: false,
      createdAt: '2026-05-01T09:00:00Z',
      fields: { kind: 'frontline-practice', dueDate: start, completedAt: `${start}T12:00:00Z` },
    };
    return reportAnswer(
      path,
      [submittedObservation('obs-1', group, start, null), assignment],
      [
        {
          id: group,
          name: 'CIN team 1',
          kind: 'practice-group',
          parentId: service,
          parentName: 'Children in need',
        },
      ],
    );
  });
  const report = await screen.findByTestId('quarterly-report');
  const table = await screen.findByRole('table', {
    name: /^Overall judgements and outcomes by service, practice group, quarter and kind/,
  });
  const heads = within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => row.querySelector('[role="rowheader"]')!.textContent);
  expect(heads).toContain('Children in need: CIN team 1');
  const programme = within(screen.getByTestId('programme-table'))
    .getAllByRole('rowheader')
    .map((h) => h.textContent);
  expect(programme).toEqual(['Children in need: CIN team 1', 'Total']);
  expect(report.textContent).not.toContain('Unknown team');
});

// The moderation rule (schemas/rules/moderation-agreement.ts): a moderator who agrees without a
// grade agrees, and so does one who disagreed but gave the observer's own grade. The note under
// the report says so, not only "where the moderator's grade equals the observer's".
test('moderation agreement counts agreeing without a grade, and its note says so', async () => {
  const [now] = quarterChoices(londonDateOf(new Date())).map((c) => c.value);
  const day = parseQuarterKey(now!)!.start;
  const graded = (n: number) =>
    submittedObservation(`obs-${n}`, SERVICE.id, day, null, { 'summary.overallGrade': 'good' });
  const comment = (n: number, fields: Record<string, FieldValue>): ReportRecord => ({
    id: `comment-${n}`,
    type: 'review-comment',
    scopeId: SERVICE.id,
    parentId: `obs-${n}`,
    deleted: false,
    createdAt: '2026-05-02T09:00:00Z',
    fields: { reason: 'Read the whole record.', ...fields },
  });
  const records = [
    graded(1),
    comment(1, { agrees: true }),
    graded(2),
    comment(2, { agrees: false, moderatorGrade: 'good' }),
    graded(3),
    comment(3, { agrees: false }),
  ];
  await showAsQaLead((path: string) => reportAnswer(path, records));
  const report = await screen.findByTestId('quarterly-report');
  const summary = report.querySelector('.govuk-summary-list')!;
  await waitFor(() => expect(summary.textContent).toContain('(2 of 3 moderated judgements)'));
  expect(report.textContent).toContain(
    'Moderation agreement is the share of moderated judgements where the moderator agreed with the observer: gave the same grade or, giving none, said they agree.',
  );
});

// The choices above the report are a form of their own: named by the heading above them, so a
// screen reader's list of landmarks and forms says what it is for.
test('the choices are a form named by its heading', async () => {
  await showAsQaLead(noSignal, { online: false });
  const form = await screen.findByRole('form', { name: 'Choose what the report covers' });
  expect(screen.getByRole('heading', { level: 2, name: 'Choose what the report covers' })).toBe(
    document.getElementById(form.getAttribute('aria-labelledby')!),
  );
  expect(within(form).getByRole('group', { name: 'Which financial quarters?' })).toBeTruthy();
  expect(within(form).getByRole('button', { name: 'Show report' })).toBeTruthy();
});

// The downloads are of the quarters last shown: each link says which, in months, so it makes sense
// heard alone in a screen reader's list of links.
test('each CSV download names the quarters it holds', async () => {
  await showAsQaLead(noSignal, { online: false });
  const from = (await screen.findByLabelText('From')) as HTMLSelectElement;
  const to = screen.getByLabelText('To') as HTMLSelectElement;
  // The oldest quarter offered is a Q1 (April to June) and the fourth oldest the Q4 after it.
  const first = from.options[from.options.length - 1]!;
  const fourth = to.options[to.options.length - 4]!;
  const [, firstMonth, , firstYear] = /\((\w+) to (\w+) (\d{4})\)$/.exec(first.textContent!)!;
  const [, , lastMonth, lastYear] = /\((\w+) to (\w+) (\d{4})\)$/.exec(fourth.textContent!)!;
  const months = `${firstMonth} ${firstYear} to ${lastMonth} ${lastYear}`;
  expect(months).toMatch(/^April (\d{4}) to March \d{4}$/);
  fireEvent.change(from, { target: { value: first.value } });
  fireEvent.change(to, { target: { value: fourth.value } });
  fireEvent.click(screen.getByRole('button', { name: 'Show report' }));

  for (const what of ['Figures by service and practice group', 'Observations'])
    await screen.findByRole('link', { name: `${what} (CSV) for ${months}` });
  const link = screen.getByRole('link', { name: `Observations (CSV) for ${months}` });
  expect(link.getAttribute('href')).toContain(`from=${first.value}&to=${fourth.value}`);
});

test('the monthly audit report is offered from the reports area, before the report', async () => {
  await showAsQaLead(noSignal, { online: false });
  const link = await screen.findByRole('link', { name: 'Monthly audit report' });
  expect(link.getAttribute('href')).toBe('/reports/monthly-audit');
  // Before the form, so it is reached without passing the quarterly report's controls.
  expect(
    link.compareDocumentPosition(screen.getByLabelText('From')) & Node.DOCUMENT_POSITION_FOLLOWING,
  ).toBeTruthy();
});

/** A server whose reporting table holds `acknowledged.n` observations, one with good practice
 * acknowledged per `acknowledged.n`; every request it answers is in `asked`. */
function reportServer(asked: string[], acknowledged: { n: number }) {
  return (path: string) => {
    asked.push(path);
    const q = new URL(path, 'https://tablet.example').searchParams;
    const start = parseQuarterKey(q.get('from')!)!.start;
    const records = Array.from({ length: acknowledged.n }, (_, i) =>
      submittedObservation(`obs-${i}`, SERVICE.id, start, 'practice'),
    );
    return reportAnswer(path, records, [SERVICE], start);
  };
}

const goodPracticeLine = () =>
  screen.getByTestId('quarterly-report').querySelector('.govuk-summary-list')!.textContent;

// Show report pressed again for the same quarters asked the server nothing (the request was keyed
// by its query alone), so a QA lead who had just acknowledged good practice saw the old figures.
test('Show report asks the server again for the same quarters, and shows its new figures', async () => {
  const asked: string[] = [];
  const acknowledged = { n: 0 };
  await showAsQaLead(reportServer(asked, acknowledged));
  await screen.findByTestId('quarterly-report');
  expect(goodPracticeLine()).toContain('Good practice acknowledged0 of 0 observations');
  const before = asked.length;

  acknowledged.n = 1;
  fireEvent.click(screen.getByRole('button', { name: 'Show report' }));
  await waitFor(() =>
    expect(goodPracticeLine()).toContain('Good practice acknowledged1 of 1 observations'),
  );
  expect(asked).toHaveLength(before + 1);
});

// The report says when its figures were worked out, in GOV.UK style, so a reader can tell how old
// they are.
test('the report says when its figures were worked out', async () => {
  await showAsQaLead(reportServer([], { n: 0 }));
  const report = await screen.findByTestId('quarterly-report');
  expect(within(report).getByTestId('report-as-at').textContent).toMatch(
    /^Figures as at \d{1,2} [A-Z][a-z]+ \d{4} at (\d{1,2}(:\d{2})?(am|pm)|midday|midnight)\.$/,
  );
});

// Going online, the report was asked for at once, before the sync had sent what was done offline,
// and never again: it showed 0 of 1 after "All changes sent". It asks again once this tablet's own
// changes have all been sent after it was asked for; changes merely received from the server (a
// pull) do not make it ask, so every sync does not cost a report.
test('the report asks again once this tablet has sent all its changes, not after a pull', async () => {
  const asked: string[] = [];
  const acknowledged = { n: 0 };
  vi.stubGlobal('fetch', reportServer(asked, acknowledged));
  fx = await servicesFixture();
  fx.services.user = { ...fx.services.user, role: 'qa-lead' };
  const idle = {
    phase: 'idle' as const,
    failure: null,
    attempt: 0,
    nextRetryAt: null,
    lastSentAt: null,
    lastReceivedAt: null,
    following: false,
  };
  const services = fx.services;
  const shown = (sync: Partial<typeof services.sync>) => (
    <ServicesContext.Provider value={{ ...services, sync: { ...services.sync, ...sync } }}>
      <LocationProvider>
        <QuarterlyReportPage />
      </LocationProvider>
    </ServicesContext.Provider>
  );
  const { rerender } = render(shown({ state: { ...idle, phase: 'syncing' }, unsentCount: 1 }));
  await screen.findByTestId('quarterly-report');
  expect(goodPracticeLine()).toContain('Good practice acknowledged0 of 0 observations');
  const before = asked.length;

  // The server has it; this tablet's push was answered after the report was asked for.
  acknowledged.n = 1;
  const sent = new Date(Date.now() + 1_000).toISOString();
  rerender(shown({ state: { ...idle, phase: 'syncing', lastSentAt: sent }, unsentCount: 1 }));
  // Still a change to send: not yet.
  expect(asked).toHaveLength(before);
  rerender(shown({ state: { ...idle, lastSentAt: sent }, unsentCount: 0 }));
  await waitFor(() =>
    expect(goodPracticeLine()).toContain('Good practice acknowledged1 of 1 observations'),
  );
  expect(asked).toHaveLength(before + 1);

  // A pull alone changes nothing this tablet did.
  rerender(
    shown({
      state: {
        ...idle,
        lastSentAt: sent,
        lastReceivedAt: new Date(Date.now() + 2_000).toISOString(),
      },
      unsentCount: 0,
    }),
  );
  await new Promise((r) => setTimeout(r, 50));
  expect(asked).toHaveLength(before + 1);
});

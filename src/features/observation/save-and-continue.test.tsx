// "Save and continue" stays on the page while something entered there is malformed (GOV.UK
// question pages): an error summary at the top, focused, and the message beside each field. What
// was typed stays on the device. Answers left empty do not stop the person moving on.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { addDays } from '../../../schemas/calendar/dates';
import { getRecord, readScratch } from '../../db';
import { applyPullPage } from '../../db/apply-pull';
import { londonDateOf } from '../../../schemas/calendar/london-time';
import { pullPage, serverRecord } from '../../../tests/helpers/db-fixtures';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { ContextPage } from './context-page';
import { SectionPage } from './section-page';
import { SummaryPage } from './summary-page';

const ID = 'obs-continue-0001';
let fx: ServicesFixture | undefined;
beforeEach(() => history.replaceState(null, '', '/'));
afterEach(async () => {
  await fx?.store.close();
  fx = undefined;
});

async function open(kind: string, page: preact.ComponentChild, extra: Record<string, string> = {}) {
  fx = await servicesFixture();
  await applyPullPage(
    fx.store.db,
    fx.store.cipher,
    pullPage({
      records: [
        serverRecord({
          id: ID,
          scopeId: 'scope-practice-group-a',
          ownerId: 'user-observer-0001',
          fields: { kind, templateId: kind, templateVersion: 1, status: 'draft', ...extra },
        }),
      ],
    }),
  );
  render(
    <fx.Wrapper>
      <LocationProvider>{page}</LocationProvider>
    </fx.Wrapper>,
  );
  return fx;
}

const typeDate = async (legend: string, day: string, month: string, year: string) => {
  const group = await screen.findByRole('group', { name: legend });
  fireEvent.input(within(group).getByLabelText('Day'), { target: { value: day } });
  fireEvent.input(within(group).getByLabelText('Month'), { target: { value: month } });
  fireEvent.input(within(group).getByLabelText('Year'), { target: { value: year } });
};

const errorSummary = () =>
  waitFor(() => {
    const summary = document.querySelector<HTMLElement>('.govuk-error-summary');
    expect(summary).not.toBeNull();
    return summary!;
  });

const boxesOf = (date: string) => {
  const [year, month, day] = date.split('-') as [string, string, string];
  return [String(Number(day)), String(Number(month)), year] as const;
};

test('malformed answers keep the person on the page with a focused error summary and inline errors; what was typed is kept', async () => {
  const f = await open('single-case-audit', <ContextPage id={ID} />);
  fireEvent.input(await screen.findByLabelText('Case ID'), { target: { value: 'AB' } });
  await typeDate('Date of the audit', '31', '2', '2026');
  fireEvent.input(screen.getByLabelText('Start time (optional)'), { target: { value: '25:99' } });
  fireEvent.click(screen.getByRole('button', { name: 'Save and continue' }));

  const summary = await errorSummary();
  expect(within(summary).getByText('There is a problem')).toBeTruthy();
  const links = within(summary).getAllByRole('link');
  expect(links.map((l) => l.getAttribute('href'))).toEqual([
    '#f-context--caseId',
    '#f-context--date',
    '#f-context--startTime',
  ]);
  expect(links[1]!.textContent).toBe('Date of the audit: enter a real date');
  await waitFor(() => expect(document.activeElement).toBe(summary.closest('.govuk-error-summary')));
  // Inline, beside the date.
  const date = screen.getByRole('group', { name: /Date of the audit/ });
  expect(within(date).getByText(/Enter a real date/)).toBeTruthy();
  // Still here, with what was typed.
  expect(location.pathname).toBe('/');
  expect((screen.getByLabelText(/Case ID/) as HTMLInputElement).value).toBe('AB');
  await waitFor(async () =>
    expect(Object.keys(await readScratch(f.store.db, f.store.cipher, ID)).sort()).toEqual([
      'context.caseId',
      'context.startTime',
      'partial:context.date',
    ]),
  );
});

test('a date after today is saved as a draft, but Save and continue says it must be today or in the past', async () => {
  const f = await open('single-case-audit', <ContextPage id={ID} />);
  const tomorrow = addDays(londonDateOf(new Date()), 1);
  await typeDate('Date of the audit', ...boxesOf(tomorrow));
  await waitFor(async () =>
    expect((await getRecord(f.store.db, f.store.cipher, ID))?.fields['context.date']).toBe(
      tomorrow,
    ),
  );
  fireEvent.click(screen.getByRole('button', { name: 'Save and continue' }));
  const summary = await errorSummary();
  expect(within(summary).getByRole('link').textContent).toBe(
    'Date of the audit must be today or in the past',
  );
  expect(
    within(screen.getByRole('group', { name: /Date of the audit/ })).getByText(
      /Date of the audit must be today or in the past/,
    ),
  ).toBeTruthy();
  expect(location.pathname).toBe('/');

  // Put right, the person moves on; answers left empty do not stop them.
  await typeDate('Date of the audit', ...boxesOf(londonDateOf(new Date())));
  fireEvent.click(screen.getByRole('button', { name: 'Save and continue' }));
  await waitFor(() => expect(location.pathname).toMatch(new RegExp(`^/observations/${ID}/`)));
});

test('a date a template asks, years ahead, stops Save and continue on its section', async () => {
  await open('cp-conference-chairing', <SectionPage id={ID} sectionId="about-the-conference" />);
  const years = addDays(londonDateOf(new Date()), 1500);
  await typeDate('Date of the strategy discussion (initial conferences)', ...boxesOf(years));
  fireEvent.click(screen.getByRole('button', { name: 'Save and continue' }));
  const summary = await errorSummary();
  expect(within(summary).getByRole('link').textContent).toBe(
    'Date of the strategy discussion (initial conferences) must be today or in the past',
  );
  expect(location.pathname).toBe('/');
});

test('the feedback conversation’s date after today stops Save and continue on its page', async () => {
  await open('frontline-practice', <SummaryPage id={ID} part="feedback" />);
  fireEvent.click(await screen.findByLabelText('Yes'));
  await typeDate(
    'Date of the feedback conversation',
    ...boxesOf(addDays(londonDateOf(new Date()), 2)),
  );
  fireEvent.click(screen.getByRole('button', { name: 'Save and continue' }));
  const summary = await errorSummary();
  expect(within(summary).getByRole('link').textContent).toBe(
    'Date of the feedback conversation must be today or in the past',
  );
  expect(location.pathname).toBe('/');
});

// The same rule as a head of service's discussion of an audited case: not before the record's day.
test('a feedback conversation dated before the observation stops Save and continue, inline and in the summary', async () => {
  await open('frontline-practice', <SummaryPage id={ID} part="feedback" />, {
    'context.date': '2026-12-01',
  });
  fireEvent.click(await screen.findByLabelText('Yes'));
  await typeDate('Date of the feedback conversation', '1', '11', '2026');
  fireEvent.click(screen.getByRole('button', { name: 'Save and continue' }));
  const message =
    'Date of the feedback conversation must be on or after the day of the observation, 1 December 2026';
  const summary = await errorSummary();
  const link = within(summary).getByRole('link');
  expect(link.textContent).toBe(message);
  expect(link.getAttribute('href')).toBe('#f-summary--feedback--date');
  const group = screen.getByRole('group', { name: 'Date of the feedback conversation' });
  expect(within(group).getByText(message)).toBeTruthy();
  expect(location.pathname).toBe('/');
});

test('a review before the child became looked after is not called in time, and Save and continue says which date is wrong', async () => {
  await open('lac-review-chairing', <SectionPage id={ID} sectionId="about-the-review" />, {
    'context.date': '2026-01-23',
    'responses.review-number.value': 'first',
  });
  const legend = 'Date the child became looked after (first reviews)';
  await typeDate(legend, '1', '2', '2026');
  const note = await screen.findByText(/This date is after the review observed on 23 January 2026/);
  expect(note.closest('[data-testid="timeliness"]')!.textContent).not.toMatch(/in time\.|late/);
  fireEvent.click(screen.getByRole('button', { name: 'Save and continue' }));
  const summary = await errorSummary();
  const message = 'Date the child became looked after must be on or before the date of the review';
  const link = within(summary).getByRole('link');
  expect(link.textContent).toBe(message);
  expect(link.getAttribute('href')).toBe('#f-responses--date-became-looked-after--value');
  expect(
    within(screen.getByRole('group', { name: new RegExp(legend.slice(0, 20)) })).getByText(
      new RegExp(message),
    ),
  ).toBeTruthy();
  expect(location.pathname).toBe('/');

  // On the day of the review it is in time, and the person moves on.
  await typeDate(legend, '23', '1', '2026');
  expect(
    await screen.findByText(/The review observed on 23 January 2026 was in time/),
  ).toBeTruthy();
  fireEvent.click(screen.getByRole('button', { name: 'Save and continue' }));
  await waitFor(() => expect(location.pathname).toMatch(new RegExp(`^/observations/${ID}/`)));
});

// Check your answers shows a row for every answer the error summary asks for (consent given by
// whom and how, the feedback conversation's date), each with its error beside it and a Change
// link; the meeting's timeliness under the date it runs from; no row for a date the type of
// meeting does not ask; and a Change link's hidden words keep a proper noun's capitals. Found by
// an exploratory tester driving the app.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, expect, test } from 'vitest';
import type { FieldValue } from '../../../schemas/entities/field-value';
import { saveFields } from '../../db';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { CheckPage } from './check-page';

const ID = 'obs-cya-rows-0001';
let fx: ServicesFixture | undefined;
afterEach(async () => {
  cleanup();
  await fx?.store.close();
  fx = undefined;
  history.replaceState(null, '', '/');
});

async function check(kind: string, fields: Record<string, FieldValue>) {
  fx = await servicesFixture();
  await saveFields(fx.store.db, fx.store.cipher, {
    recordId: ID,
    type: 'observation',
    scopeId: 'scope-practice-group-a',
    changes: { kind, templateId: kind, templateVersion: 1, status: 'draft', ...fields },
  });
  history.replaceState(null, '', `/observations/${ID}/check`);
  render(
    <fx.Wrapper>
      <LocationProvider>
        <CheckPage id={ID} />
      </LocationProvider>
    </fx.Wrapper>,
  );
  await screen.findByRole('heading', { name: 'Check your answers' });
}

const rowOf = (key: string) =>
  screen.getByText(key, { selector: 'dt' }).closest<HTMLElement>('.govuk-summary-list__row')!;
const keys = () =>
  [...document.querySelectorAll('.govuk-summary-list__key')].map((k) => k.textContent);

const submit = async () => {
  fireEvent.click(screen.getByRole('button', { name: 'Submit' }));
  return waitFor(() => {
    const summary = document.querySelector<HTMLElement>('.govuk-error-summary');
    expect(summary).not.toBeNull();
    return summary!;
  });
};

/**
 * Every error the summary lists is said again in a row of the page, or on the card of the call
 * attempts or improvement actions it is about, and a row's Change link opens the page it links to.
 */
function expectEveryErrorOnThePage(summary: HTMLElement) {
  const links = within(summary).getAllByRole('link');
  expect(links.length).toBeGreaterThan(0);
  for (const link of links) {
    const text = link.textContent!;
    const inline = [...document.querySelectorAll('.govuk-error-message')].find((e) =>
      e.textContent!.endsWith(text),
    );
    expect(inline, `no error beside an answer for “${text}”`).toBeDefined();
    const row = inline!.closest('.govuk-summary-list__row');
    if (row === null) {
      expect(inline!.closest('.govuk-summary-card')).not.toBeNull();
      continue;
    }
    const change = row.querySelector<HTMLAnchorElement>('.govuk-summary-list__actions a');
    expect(change, `no Change link beside “${text}”`).not.toBeNull();
    expect(new URL(change!.href).pathname).toBe(
      new URL(link.getAttribute('href')!, location.origin).pathname,
    );
  }
}

test('consent given but not who or how: their rows say Not answered, with the error and a Change link', async () => {
  await check('frontline-practice', {
    'context.consent.given': 'yes',
    'summary.feedback.held': true,
  });
  expect(rowOf('Consent given by').textContent).toContain('Not answered');
  expect(rowOf('How consent was given').textContent).toContain('Not answered');
  expect(rowOf('Date of the feedback conversation').textContent).toContain('Not answered');
  const summary = await submit();
  expect(within(summary).getByRole('link', { name: 'Enter who gave consent' })).toBeTruthy();
  expect(within(rowOf('Consent given by')).getByText(/Enter who gave consent/)).toBeTruthy();
  expect(
    within(rowOf('Consent given by'))
      .getByRole('link', { name: 'Change consent given by' })
      .getAttribute('href'),
  ).toBe(`/observations/${ID}/context?from=check#f-context--consent--byWhom`);
  expect(
    within(rowOf('How consent was given')).getByText(/Enter how consent was given/),
  ).toBeTruthy();
  expect(
    within(rowOf('Date of the feedback conversation')).getByRole('link', {
      name: 'Change date of the feedback conversation',
    }),
  ).toBeTruthy();
  expectEveryErrorOnThePage(summary);
});

test('consent refused: no rows for who gave it or how', async () => {
  await check('frontline-practice', { 'context.consent.given': 'no' });
  expect(keys()).not.toContain('Consent given by');
  expect(keys()).not.toContain('How consent was given');
});

test('every error of an empty looked-after review is beside its answer on the page', async () => {
  await check('lac-review-chairing', {
    'context.date': '2026-01-23',
    'context.consent.given': 'partly',
    'responses.review-number.value': 'first',
    'responses.date-became-looked-after.value': '2026-02-01',
    'summary.feedback.held': true,
  });
  const summary = await submit();
  const message = 'Date the child became looked after must be on or before the date of the review';
  expect(within(summary).getByRole('link', { name: message })).toBeTruthy();
  const row = rowOf('Date the child became looked after (first reviews)');
  expect(within(row).getByText(new RegExp(message))).toBeTruthy();
  // Not judged from a date after the review.
  expect(row.textContent).not.toMatch(/in time|late/);
  expectEveryErrorOnThePage(summary);
});

test('a review conference held a day late says so under the previous review’s date, and is not asked the strategy discussion', async () => {
  await check('cp-conference-chairing', {
    'context.date': '2026-12-04',
    'responses.conference-type.value': 'review',
    'responses.previous-review-conference-date.value': '2026-06-03',
  });
  const row = rowOf('Date of the previous review conference (later review conferences)');
  expect(within(row).getByText('Late')).toBeTruthy();
  expect(row.textContent).toContain(
    'Due by 3 December 2026. The conference observed on 4 December 2026 was 1 day late.',
  );
  expect(keys()).not.toContain('Date of the strategy discussion (initial conferences)');
  // A first review conference runs from the initial conference: still asked.
  expect(keys()).toContain('Date of the initial conference (first review conferences)');
});

test('an initial conference in time says so under the strategy discussion; review dates are not asked of it', async () => {
  await check('cp-conference-chairing', {
    'context.date': '2026-01-20',
    'responses.conference-type.value': 'initial',
    'responses.strategy-discussion-date.value': '2026-01-05',
  });
  expect(rowOf('Date of the strategy discussion (initial conferences)').textContent).toContain(
    'The conference observed on 20 January 2026 was in time.',
  );
  expect(keys()).not.toContain('Date of the initial conference (first review conferences)');
  expect(keys()).not.toContain('Date of the previous review conference (later review conferences)');
});

test('a Change link’s hidden words keep Signs of Safety as written', async () => {
  await check('cp-conference-chairing', {});
  expect(
    screen.getByRole('link', {
      name: 'Change Signs of Safety: a danger statement and a safety goal were agreed',
    }),
  ).toBeTruthy();
  expect(screen.getByRole('link', { name: 'Change case ID' })).toBeTruthy();
});

test('whether the feedback conversation was restorative is shown beside its date', async () => {
  await check('frontline-practice', {
    'summary.feedback.held': true,
    'summary.feedback.date': '2026-03-02',
    'summary.feedback.restorative': false,
  });
  expect(rowOf('Restorative, two-way conversation').textContent).toContain('No');
  expect(
    within(rowOf('Restorative, two-way conversation')).getByRole('link', {
      name: 'Change restorative, two-way conversation',
    }),
  ).toBeTruthy();
});

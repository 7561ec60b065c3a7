// A call attempt has happened: one dated after today is not added to the log (the rule check your
// answers and the server apply, schemas/rules/past-dates.ts), and the page says so, in place of the
// last attempt's "added". The attempt that reached the family dates a call that has no date yet.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, expect, test } from 'vitest';
import { addDays } from '../../../schemas/calendar/dates';
import { getRecord, listChildren, saveFields } from '../../db';
import { applyPullPage } from '../../db/apply-pull';
import { londonDateOf } from '../../../schemas/calendar/london-time';
import { pullPage, serverRecord } from '../../../tests/helpers/db-fixtures';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { CallsPage } from './calls-page';

const ID = 'obs-calls-0001';
let fx: ServicesFixture | undefined;
afterEach(async () => {
  await fx?.store.close();
  fx = undefined;
});

async function openCalls() {
  fx = await servicesFixture();
  const f = fx;
  const kind = 'family-feedback-call';
  await applyPullPage(
    f.store.db,
    f.store.cipher,
    pullPage({
      records: [
        serverRecord({
          id: ID,
          scopeId: 'scope-practice-group-a',
          ownerId: 'user-observer-0001',
          fields: { kind, templateId: kind, templateVersion: 1, status: 'draft' },
        }),
      ],
    }),
  );
  render(
    <f.Wrapper>
      <LocationProvider>
        <CallsPage id={ID} />
      </LocationProvider>
    </f.Wrapper>,
  );
  return f;
}

/** Types a date three days after today into the attempt's date boxes. */
async function typeFutureDate() {
  const [year, month, day] = addDays(londonDateOf(new Date()), 3).split('-') as [
    string,
    string,
    string,
  ];
  const date = await screen.findByRole('group', { name: 'Date of the call' });
  fireEvent.input(within(date).getByLabelText('Day'), { target: { value: String(Number(day)) } });
  fireEvent.input(within(date).getByLabelText('Month'), {
    target: { value: String(Number(month)) },
  });
  fireEvent.input(within(date).getByLabelText('Year'), { target: { value: year } });
  return date;
}

test('a call attempt dated after today is not added: the date must be today or in the past', async () => {
  const f = await openCalls();
  const date = await typeFutureDate();
  fireEvent.click(screen.getByLabelText('Completed'));
  fireEvent.click(screen.getByRole('button', { name: 'Add call attempt' }));
  await waitFor(() =>
    expect(within(date).getByText(/Date of the call must be today or in the past/)).toBeTruthy(),
  );
  const summary = document.querySelector('.govuk-error-summary')!;
  expect(within(summary as HTMLElement).getByRole('link').textContent).toBe(
    'Date of the call must be today or in the past',
  );
  expect(await listChildren(f.store.db, f.store.cipher, ID)).toEqual([]);
});

// The success of the attempt before is not said beside the error of the next one.
test('an error on the next attempt takes the place of the last one’s “added”', async () => {
  await openCalls();
  fireEvent.click(await screen.findByLabelText('No answer'));
  fireEvent.click(screen.getByRole('button', { name: 'Add call attempt' }));
  await screen.findByText('Call attempt added: No answer');
  const date = await typeFutureDate();
  fireEvent.click(screen.getByLabelText('Completed'));
  fireEvent.click(screen.getByRole('button', { name: 'Add call attempt' }));
  await waitFor(() =>
    expect(within(date).getByText(/Date of the call must be today or in the past/)).toBeTruthy(),
  );
  expect(screen.queryByText(/Call attempt added/)).toBeNull();
});

/** Types a date into the attempt's date boxes. */
async function typeDate(day: string, month: string, year: string) {
  const date = await screen.findByRole('group', { name: 'Date of the call' });
  fireEvent.input(within(date).getByLabelText('Day'), { target: { value: day } });
  fireEvent.input(within(date).getByLabelText('Month'), { target: { value: month } });
  fireEvent.input(within(date).getByLabelText('Year'), { target: { value: year } });
}

// WCAG 3.3.7: the day of the attempt that reached the family is the call's date, not asked again.
test('the attempt that reached the family dates the call, when it has no date', async () => {
  const f = await openCalls();
  await typeDate('4', '3', '2025');
  fireEvent.click(screen.getByLabelText('No answer'));
  fireEvent.click(screen.getByRole('button', { name: 'Add call attempt' }));
  await screen.findByText('Call attempt added: No answer');
  expect((await getRecord(f.store.db, f.store.cipher, ID))?.fields['context.date']).toBeUndefined();
  await typeDate('5', '3', '2025');
  fireEvent.click(screen.getByLabelText('Completed'));
  fireEvent.click(screen.getByRole('button', { name: 'Add call attempt' }));
  await screen.findByText('Call attempt added: Completed');
  await waitFor(async () =>
    expect((await getRecord(f.store.db, f.store.cipher, ID))?.fields['context.date']).toBe(
      '2025-03-05',
    ),
  );
});

test('a date the call already has is never replaced by its attempt’s', async () => {
  const f = await openCalls();
  await saveFields(f.store.db, f.store.cipher, {
    recordId: ID,
    type: 'observation',
    changes: { 'context.date': '2025-03-06' },
  });
  await typeDate('5', '3', '2025');
  fireEvent.click(screen.getByLabelText('Completed'));
  fireEvent.click(screen.getByRole('button', { name: 'Add call attempt' }));
  await screen.findByText('Call attempt added: Completed');
  expect((await getRecord(f.store.db, f.store.cipher, ID))?.fields['context.date']).toBe(
    '2025-03-06',
  );
});

// A call attempt has happened: one dated after today is not added to the log (the rule check your
// answers and the server apply, schemas/rules/past-dates.ts), and the page says so.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, expect, test } from 'vitest';
import { addDays } from '../../../schemas/calendar/dates';
import { listChildren } from '../../db';
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

test('a call attempt dated after today is not added: the date must be today or in the past', async () => {
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

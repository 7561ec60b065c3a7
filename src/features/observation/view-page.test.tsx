// A submitted observation whose last words were held back on this tablet (submitted before Submit
// was refused for them) says so on its view, beside the answer that was sent, and how to send it.
import { cleanup, render, screen, within } from '@testing-library/preact';
import axe from 'axe-core';
import { LocationProvider } from 'preact-iso';
import { afterEach, expect, test } from 'vitest';
import { writeScratch } from '../../db';
import { lacReviewChairingV1 } from '../../../schemas/templates/lac-review-chairing';
import { saveObservation } from '../../../tests/helpers/observation-fixtures';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { OverviewPage } from './overview-page';

const ID = 'obs-view-0001';
let fx: ServicesFixture | undefined;
afterEach(async () => {
  cleanup();
  await fx?.store.close();
  fx = undefined;
});

test('a value held back on a submitted observation is shown as not sent, with the way to send it', async () => {
  fx = await servicesFixture();
  await saveObservation(fx.store, ID, { 'summary.strengths': 'A clear plan.' });
  await writeScratch(fx.store.db, fx.store.cipher, ID, 'summary.strengths', 's'.repeat(10_012));
  render(
    <fx.Wrapper>
      <LocationProvider>
        <OverviewPage id={ID} />
      </LocationProvider>
    </fx.Wrapper>,
  );
  const warning = await screen.findByText(/was not sent/);
  expect(warning.textContent).toContain('Amend the observation to fix it and send it.');
  const row = screen.getByText('Strengths', { selector: 'dt' }).closest('div')!;
  expect(within(row as HTMLElement).getByText('A clear plan.')).toBeTruthy();
  expect(
    within(row as HTMLElement)
      .getByText(/not sent/)
      .closest('p')!.textContent,
  ).toBe('Kept on this tablet, not sent – Strengths: you have 12 characters too many');
});

test('"If not, why not?" is shown only under "No": words left in it under "Yes" are shown as a comment', async () => {
  fx = await servicesFixture();
  await saveObservation(fx.store, ID, {
    'responses.child-seen-alone.value': 'yes',
    'responses.child-seen-alone.evidence': 'Mother was present at first; seen alone later.',
  });
  render(
    <fx.Wrapper>
      <LocationProvider>
        <main id="main-content">
          <OverviewPage id={ID} />
        </main>
      </LocationProvider>
    </fx.Wrapper>,
  );
  const row = (
    await screen.findByText('The child was seen or spoken to alone', { selector: 'dt' })
  ).closest('div')!;
  expect(within(row).queryByText(/why not/)).toBeNull();
  within(row).getByText('Comment:');
  within(row).getByText('Mother was present at first; seen alone later.');
  const result = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
  expect(result.violations.map((v) => v.id)).toEqual([]);
});

test('a submitted looked-after review held late says so under the date it runs from, for a moderator to see', async () => {
  fx = await servicesFixture();
  await saveObservation(
    fx.store,
    ID,
    {
      'context.date': '2026-05-11',
      'responses.review-number.value': 'second',
      'responses.first-review-date.value': '2026-02-02',
    },
    lacReviewChairingV1,
  );
  render(
    <fx.Wrapper>
      <LocationProvider>
        <OverviewPage id={ID} />
      </LocationProvider>
    </fx.Wrapper>,
  );
  const key = await screen.findByText('Date of the first review (for a second review)', {
    selector: 'dt',
  });
  const row = key.closest<HTMLElement>('.govuk-summary-list__row')!;
  expect(within(row).getByText('Late')).toBeTruthy();
  expect(row.textContent).toContain(
    'Due by 2 May 2026. The review observed on 11 May 2026 was 9 days late.',
  );
  // A second review does not run from the day the child became looked after: not asked of it.
  expect(screen.queryByText('Date the child became looked after (first reviews)')).toBeNull();
});

test('the observer’s page shows their record of the reflection and the practitioner’s own response, each credited', async () => {
  fx = await servicesFixture();
  await saveObservation(fx.store, ID, {
    sharedWithPractitioner: true,
    'context.observedName': 'Alex Jones',
    'summary.reflection': 'They said the visit felt rushed.',
    practitionerResponse: 'It did; I will plan more time.',
  });
  render(
    <fx.Wrapper>
      <LocationProvider>
        <OverviewPage id={ID} />
      </LocationProvider>
    </fx.Wrapper>,
  );
  const theirs = (await screen.findByText('Their reflection', { selector: 'dt' })).closest('div')!;
  expect(within(theirs as HTMLElement).getByText('They said the visit felt rushed.')).toBeTruthy();
  expect(within(theirs as HTMLElement).getByText('Recorded by the observer')).toBeTruthy();
  const response = screen.getByText('Their own response', { selector: 'dt' }).closest('div')!;
  expect(within(response as HTMLElement).getByText('It did; I will plan more time.')).toBeTruthy();
  expect(
    within(response as HTMLElement).getByText('Written by Alex Jones, the practitioner observed'),
  ).toBeTruthy();
  // The response is the practitioner's: the observer is offered no way to change it.
  expect(within(response as HTMLElement).queryByRole('link')).toBeNull();
});

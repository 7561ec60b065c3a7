// A submitted observation whose last words were held back on this tablet (submitted before Submit
// was refused for them) says so on its view, beside the answer that was sent, and how to send it.
import { cleanup, render, screen, within } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, expect, test } from 'vitest';
import { saveFields, writeScratch } from '../../db';
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
  await saveFields(fx.store.db, fx.store.cipher, {
    recordId: ID,
    type: 'observation',
    scopeId: 'scope-practice-group-a',
    changes: {
      kind: 'frontline-practice',
      templateId: 'frontline-practice',
      templateVersion: 1,
      status: 'submitted',
      'summary.strengths': 'A clear plan.',
    },
  });
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

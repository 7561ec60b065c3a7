// The overall judgement page asks one question: its legend is the page's heading (GOV.UK), so the
// words "Overall judgement" are not said twice, once as a heading and again as the question.
import { render, screen, waitFor } from '@testing-library/preact';
import axe from 'axe-core';
import { LocationProvider } from 'preact-iso';
import { afterEach, expect, test } from 'vitest';
import { saveObservation } from '../../../tests/helpers/observation-fixtures';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { SummaryPage } from './summary-page';

const ID = 'obs-summary-0001';

let fx: ServicesFixture | undefined;
afterEach(async () => {
  await fx?.store.close();
  fx = undefined;
});

test('the overall judgement’s legend is the page’s one heading, and the title says the same', async () => {
  fx = await servicesFixture();
  await saveObservation(fx.store, ID, { status: 'draft' });
  const f = fx;
  render(
    <f.Wrapper>
      <LocationProvider>
        <main id="main-content">
          <SummaryPage id={ID} part="overall-judgement" />
        </main>
      </LocationProvider>
    </f.Wrapper>,
  );
  const radios = await screen.findByRole('group', { name: 'Overall judgement' });
  const headings = screen.getAllByRole('heading', { level: 1 });
  expect(headings.map((h) => h.textContent)).toEqual(['Overall judgement']);
  expect(radios.querySelector('legend h1')).toBe(headings[0]);
  expect(screen.getAllByText('Overall judgement')).toHaveLength(1);
  await waitFor(() => expect(document.title).toBe('Overall judgement – Practice observations'));
  const result = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
  expect(result.violations.map((v) => v.id)).toEqual([]);
});

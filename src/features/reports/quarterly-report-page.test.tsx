// Choosing quarters the wrong way round is an error as on any GOV.UK form: the error summary takes
// focus and the page title says "Error:", so a screen reader hears it. Before, only a message
// beside the quarters appeared, focus stayed on Show report and nothing was announced.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, expect, test, vi } from 'vitest';
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

test('the last quarter before the first: an error summary that takes focus, linked to the field', async () => {
  vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
  fx = await servicesFixture({ online: false });
  fx.services.user = { ...fx.services.user, role: 'qa-lead' };
  render(
    <fx.Wrapper>
      <LocationProvider>
        <QuarterlyReportPage />
      </LocationProvider>
    </fx.Wrapper>,
  );
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

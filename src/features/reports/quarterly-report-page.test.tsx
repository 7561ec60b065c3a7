// Choosing quarters the wrong way round is an error as on any GOV.UK form: the error summary takes
// focus and the page title says "Error:", so a screen reader hears it. Before, only a message
// beside the quarters appeared, focus stayed on Show report and nothing was announced.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, expect, test, vi } from 'vitest';
import { DEFAULT_LOCAL_SETTINGS } from '../../../schemas/entities/local-settings';
import { buildQuarterlyReport } from '../../../schemas/reports/quarterly-report';
import { builtInTemplates } from '../../../schemas/templates/catalogue';
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

// Show report keeps focus on the button and changes the report below: a polite status says once
// which quarters it now shows, when they have arrived (not while the last one is still shown).
test('showing other quarters says which, once they have arrived', async () => {
  const asked: string[] = [];
  vi.stubGlobal('fetch', (path: string) => {
    asked.push(path);
    const q = new URL(path, 'https://tablet.example').searchParams;
    const report = buildQuarterlyReport([], {
      query: { from: q.get('from')!, to: q.get('to')!, asOf: '2026-12-01' },
      scopes: [
        { id: 'scope-service-0001', name: 'Children in need', kind: 'service', parentId: null },
      ],
      viewerScopeIds: ['scope-service-0001'],
      gradeScale: DEFAULT_LOCAL_SETTINGS.gradeScale,
      timescales: DEFAULT_LOCAL_SETTINGS.timescales,
      templates: builtInTemplates,
    });
    return Promise.resolve(
      new Response(JSON.stringify(report), { headers: { 'content-type': 'application/json' } }),
    );
  });
  fx = await servicesFixture();
  fx.services.user = { ...fx.services.user, role: 'qa-lead' };
  render(
    <fx.Wrapper>
      <LocationProvider>
        <QuarterlyReportPage />
      </LocationProvider>
    </fx.Wrapper>,
  );
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

test('the monthly audit report is offered from the reports area, before the report', async () => {
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
  const link = await screen.findByRole('link', { name: 'Monthly audit report' });
  expect(link.getAttribute('href')).toBe('/reports/monthly-audit');
  // Before the form, so it is reached without passing the quarterly report's controls.
  expect(
    link.compareDocumentPosition(screen.getByLabelText('From')) & Node.DOCUMENT_POSITION_FOLLOWING,
  ).toBeTruthy();
});

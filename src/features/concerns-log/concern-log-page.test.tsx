// The Director acknowledges a concern from the log: the Acknowledge button goes as the card is
// settled, so the confirmation takes focus in its place. Without it focus fell to the page body, a
// screen reader said nothing and the next Tab started again from the top (WCAG 2.4.3, 4.1.3).
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, expect, test, vi } from 'vitest';
import type { ConcernLog, ConcernLogEntry } from '../../../schemas/reports/concern-log';
import type { DirectoryPerson } from '../../../schemas/api/directory';
import type { ConcernView } from '../../../schemas/sync/concerns';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { ConcernLogPage } from './concern-log-page';

let fx: ServicesFixture | undefined;
afterEach(async () => {
  vi.unstubAllGlobals();
  await fx?.store.close();
  fx = undefined;
});

const DIRECTOR = 'user-director-0001';
const concern = (caseId: string, acknowledged: boolean): ConcernLogEntry['concern'] => ({
  id: `concern-${caseId}`,
  caseId,
  what: 'Bruising seen.',
  raisedAt: '2026-11-30T09:00:00.000Z',
  raisedBy: 'user-observer-0001',
  receivedAt: '2026-11-30T09:00:02.000Z',
  whoWasTold: [],
  ...(acknowledged ? { acknowledgedBy: DIRECTOR, acknowledgedAt: '2026-11-30T10:00:00.000Z' } : {}),
});

/** The server: the log with these cases, each acknowledged once the Director has done so. */
function server(caseIds: string[], people: DirectoryPerson[] = []) {
  const done = new Set<string>();
  const log = (): ConcernLog => ({
    generatedAt: '2026-11-30T10:00:00.000Z',
    acknowledgeHours: 4,
    summary: {
      total: caseIds.length,
      unacknowledged: caseIds.length - done.size,
      overdue: 0,
      notificationsPending: 0,
    },
    concerns: caseIds.map((caseId) => ({
      concern: concern(caseId, done.has(caseId)),
      scopeId: 'scope-practice-group-a',
      serviceId: 'scope-service-0001',
      scopeName: 'CIN team 2',
      acknowledgeBy: '2026-11-30T13:00:02.000Z',
      overdue: false,
      acknowledgedLate: false,
      notifications: [],
    })),
    truncated: false,
  });
  const json = (value: unknown) =>
    Promise.resolve(
      new Response(JSON.stringify(value), { headers: { 'content-type': 'application/json' } }),
    );
  vi.stubGlobal('fetch', (path: string) => {
    const acknowledging = /^\/api\/concerns\/concern-(.+)\/acknowledge$/.exec(path);
    if (acknowledging) {
      const caseId = decodeURIComponent(acknowledging[1]!);
      done.add(caseId);
      const view: ConcernView = {
        concern: concern(caseId, true),
        scopeId: 'scope-practice-group-a',
        created: false,
        directorNotice: { email: null, webhook: null, inApp: true },
      };
      return json(view);
    }
    if (path.startsWith('/api/reports/concerns')) return json(log());
    return json({ people });
  });
}

async function asDirector() {
  fx = await servicesFixture();
  fx.services.user = { ...fx.services.user, id: DIRECTOR, role: 'director' };
  render(
    <fx.Wrapper>
      <LocationProvider>
        <ConcernLogPage />
      </LocationProvider>
    </fx.Wrapper>,
  );
}

test('acknowledging takes focus to the confirmation, and again for the next concern', async () => {
  server(['SC-7001', 'SC-7002']);
  await asDirector();
  const first = await screen.findByRole('button', {
    name: 'Acknowledge the concern for case SC-7001',
  });
  first.focus();
  fireEvent.click(first);
  const banner = await screen.findByText('Concern for case SC-7001 acknowledged.');
  await waitFor(() => expect(document.activeElement).toBe(banner.closest('#acknowledged')));

  const second = await screen.findByRole('button', {
    name: 'Acknowledge the concern for case SC-7002',
  });
  second.focus();
  fireEvent.click(second);
  const again = await screen.findByText('Concern for case SC-7002 acknowledged.');
  await waitFor(() => expect(document.activeElement).toBe(again.closest('#acknowledged')));
});

test('what the viewer acknowledged reads "by you" mid-sentence', async () => {
  server(['SC-7003']);
  await asDirector();
  fireEvent.click(
    await screen.findByRole('button', { name: 'Acknowledge the concern for case SC-7003' }),
  );
  expect(await screen.findByText(/^By you on 30 November 2026 at 10am$/)).toBeTruthy();
  expect(screen.queryByText(/By You/)).toBeNull();
});

test('each concern says who raised it, by name and role, so the Director can ring them back', async () => {
  server(
    ['SC-7004'],
    [
      {
        id: 'user-observer-0001',
        displayName: 'Sam Patel',
        role: 'observer',
        scopeIds: ['scope-practice-group-a'],
      },
    ],
  );
  await asDirector();
  const card = await screen.findByTestId('concern-entry');
  await waitFor(() => expect(rowValue(card, 'Raised by')).toBe('Sam Patel (Observer)'));
});

test('a concern raised by someone not among the people the tablet knows says so', async () => {
  server(['SC-7005']);
  await asDirector();
  const card = await screen.findByTestId('concern-entry');
  await waitFor(() => expect(rowValue(card, 'Raised by')).toBe('Someone no longer in your teams'));
});

/** The value beside a key in a card's summary list. */
function rowValue(card: HTMLElement, key: string): string | undefined {
  const row = [...card.querySelectorAll('.govuk-summary-list__row')].find(
    (r) => r.querySelector('.govuk-summary-list__key')?.textContent?.trim() === key,
  );
  return row?.querySelector('.govuk-summary-list__value')?.textContent?.trim();
}

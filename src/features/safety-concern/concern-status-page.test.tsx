import { act, render, screen, waitFor } from '@testing-library/preact';
import axe from 'axe-core';
import { LocationProvider } from 'preact-iso';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { ConcernView, DirectorNotice } from '../../../schemas/sync/concerns';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { Banners } from '../../app/banners';
import type { SessionController } from '../../app/session';
import { keepReportCopy } from '../../lib/use-online-report';
import { CONCERN_STATUS_CACHE, ConcernStatusPage, concernPath } from './concern-status-page';

const ID = 'concern-0001-aaaa';
let fx: ServicesFixture;
afterEach(async () => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  await fx.store.close();
});

const view = (directorNotice: DirectorNotice): ConcernView => ({
  concern: {
    id: ID,
    caseId: 'AB-1234',
    what: 'Bruising seen.',
    raisedAt: '2026-05-01T09:00:00.000Z',
    raisedBy: 'user-observer-0001',
    // 10:00 in London.
    receivedAt: '2026-05-01T09:00:02.000Z',
    whoWasTold: [],
  },
  scopeId: 'scope-practice-group-a',
  created: false,
  directorNotice,
});

/** The server answering GET /api/concerns/:id with each of `answers` in turn (the last repeats). */
function server(...answers: DirectorNotice[]) {
  const asked: string[] = [];
  vi.stubGlobal('fetch', (path: string) => {
    asked.push(path);
    const notice = answers.length > 1 ? answers.shift()! : answers[0]!;
    return Promise.resolve(
      new Response(JSON.stringify(view(notice)), {
        headers: { 'content-type': 'application/json' },
      }),
    );
  });
  return asked;
}

function show(f: ServicesFixture) {
  return render(
    <f.Wrapper>
      <LocationProvider>
        <ConcernStatusPage id={ID} />
      </LocationProvider>
    </f.Wrapper>,
  );
}

const FALSE_CLAIMS = /straight away|being told now|are being told/;

describe('after a safety concern is sent', () => {
  test('no email or alert set up: it says the Director sees it only in the app, and to phone as the local procedure says', async () => {
    server({ email: null, webhook: null, inApp: true });
    fx = await servicesFixture();
    show(fx);
    await screen.findByText(
      'This server is not set up to send email or alerts, so the Director of Children’s Social Care is not sent anything: they will see this concern only when they next open the app.',
    );
    expect(screen.getByText('Received at 10am')).toBeTruthy();
    expect(screen.getByText('The Director has not been told yet: phone now')).toBeTruthy();
    expect(screen.getByTestId('duty-phone').textContent).toBe(
      'Phone the duty team now on 020 7946 0000 and follow your local procedure for telling the Director of Children’s Social Care.',
    );
    expect(document.body.textContent).not.toMatch(FALSE_CLAIMS);
  });

  test('an email being sent: it says so, asks again, and says when it went', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const asked = server(
      { email: { state: 'queued', sentAt: null }, webhook: null, inApp: true },
      { email: { state: 'sent', sentAt: '2026-05-01T09:00:04.000Z' }, webhook: null, inApp: true },
    );
    fx = await servicesFixture();
    show(fx);
    await screen.findByText(
      'An email to the Director of Children’s Social Care is being sent now.',
    );
    expect(
      screen.getByText('This page checks again every few seconds until it has gone.'),
    ).toBeTruthy();
    expect(screen.queryByText(/phone now/)).toBeNull();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(5_000);
    });
    await screen.findByText('An email went to the Director of Children’s Social Care at 10am.');
    expect(screen.queryByText(/checks again/)).toBeNull();
    expect(asked).toEqual([concernPath(ID), concernPath(ID)]);
    // Nothing more to wait for: it stops asking.
    await act(async () => {
      await vi.advanceTimersByTimeAsync(20_000);
    });
    expect(asked).toHaveLength(2);
  });

  test('the mail server refusing: not gone yet, still trying, and to phone', async () => {
    server({ email: { state: 'retrying', sentAt: null }, webhook: null, inApp: true });
    fx = await servicesFixture();
    show(fx);
    await screen.findByText(/has not gone yet: the mail server could not be reached/);
    expect(screen.getByText('The Director has not been told yet: phone now')).toBeTruthy();
  });

  test('no signal now: what the server said when it was sent, marked as such', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    fx = await servicesFixture({ online: false });
    await keepReportCopy(
      fx.store,
      CONCERN_STATUS_CACHE,
      concernPath(ID),
      view({ email: null, webhook: { state: 'queued', sentAt: null }, inApp: true }),
    );
    show(fx);
    await screen.findByTestId('notice-cached');
    expect(screen.getByText('The authority’s alerting system is being told now.')).toBeTruthy();
    expect(screen.queryByText(/checks again/)).toBeNull();
  });

  test('no signal and nothing kept: it says it cannot tell, and to phone if unsure', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    fx = await servicesFixture({ online: false });
    show(fx);
    await screen.findByTestId('notice-unknown');
    expect(screen.getByText('The server has it')).toBeTruthy();
  });

  test('still waiting on the tablet: not sent, phone per the local procedure, and no word of the Director being told', async () => {
    const asked = server({ email: null, webhook: null, inApp: true });
    fx = await servicesFixture();
    (fx.services.sync as { unsentConcerns: unknown }).unsentConcerns = [
      {
        scopeId: 'scope-practice-group-a',
        concern: view({ email: null, webhook: null, inApp: true }).concern,
        reason: 'no-signal',
        attempts: 1,
      },
    ];
    show(fx);
    expect(
      screen.getByRole('heading', { name: 'Your safety concern has not been sent yet' }),
    ).toBeTruthy();
    expect(screen.getByText('Not sent yet: phone now')).toBeTruthy();
    expect(screen.getByTestId('duty-phone').textContent).toContain(
      'follow your local procedure for telling the Director of Children’s Social Care',
    );
    expect(document.body.textContent).toContain('Until then it is not sent.');
    expect(document.body.textContent).not.toMatch(FALSE_CLAIMS);
    await waitFor(() => expect(asked).toEqual([]));
  });
});

// What a screen reader announces of itself: live regions, alerts and statuses.
const announcers = () =>
  [
    ...document.querySelectorAll<HTMLElement>(
      '[aria-live]:not([aria-live="off"]), [role="alert"], [role="status"], [role="log"]',
    ),
  ].filter((el) => el.textContent?.trim());

// Heard once: how the Director is being told, and that nobody has told them yet, arrive together in
// one polite live region drawn before the server answers (a region drawn with its words already
// in it may not be read at all), rather than in a live region and an alert read one after the other.
test('the news of the Director is announced once, from one live region, with no axe findings', async () => {
  server({ email: { state: 'retrying', sentAt: null }, webhook: null, inApp: true });
  fx = await servicesFixture();
  render(
    <fx.Wrapper>
      <LocationProvider>
        <main id="main-content">
          <ConcernStatusPage id={ID} />
        </main>
      </LocationProvider>
    </fx.Wrapper>,
  );
  const region = document.querySelector('[aria-live="polite"]');
  expect(region).not.toBeNull();
  const line = await screen.findByText(/has not gone yet: the mail server could not be reached/);
  const phone = screen.getByText('The Director has not been told yet: phone now');
  const heard = announcers();
  expect(heard).toEqual([region]);
  expect(heard[0]!.contains(line) && heard[0]!.contains(phone)).toBe(true);
  expect(screen.queryByRole('alert')).toBeNull();
  const result = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
  expect(result.violations.map((v) => v.id)).toEqual([]);
});

// Not sent yet: the app's own banner above every page already alerts that a concern has not gone
// and gives the duty number, so this page's "phone now" is read with the page, not as a second
// alert saying the same.
test('waiting to be sent: one alert, the app’s banner, with no axe findings', async () => {
  const asked = server({ email: null, webhook: null, inApp: true });
  fx = await servicesFixture();
  (fx.services.sync as { unsentConcerns: unknown }).unsentConcerns = [
    {
      scopeId: 'scope-practice-group-a',
      concern: view({ email: null, webhook: null, inApp: true }).concern,
      reason: 'no-signal',
      attempts: 1,
    },
  ];
  render(
    <fx.Wrapper>
      <LocationProvider>
        <Banners controller={{} as SessionController} />
        <main id="main-content">
          <ConcernStatusPage id={ID} />
        </main>
      </LocationProvider>
    </fx.Wrapper>,
  );
  expect(screen.getByText('Not sent yet: phone now')).toBeTruthy();
  const alerts = screen.getAllByRole('alert');
  expect(alerts.map((a) => a.textContent)).toEqual([
    expect.stringContaining('Safety concern not sent'),
  ]);
  const result = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
  expect(result.violations.map((v) => v.id)).toEqual([]);
  expect(asked).toEqual([]);
});

import { render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, test } from 'vitest';
import type { Services } from '../lib/services';
import { ServicesContext } from '../lib/services';
import type { SyncEngineState } from '../sync/engine';
import { servicesFixture } from '../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../tests/helpers/services-fixture';
import { Banners } from './banners';
import type { SessionController } from './session';

const idle: SyncEngineState = {
  phase: 'idle',
  failure: null,
  attempt: 0,
  nextRetryAt: null,
  lastSentAt: null,
  lastReceivedAt: null,
  following: false,
};

let fx: ServicesFixture | undefined;
afterEach(async () => {
  await fx?.store.close();
});

function Shown({ services, sync }: { services: Services; sync: Partial<Services['sync']> }) {
  return (
    <ServicesContext.Provider value={{ ...services, sync: { ...services.sync, ...sync } }}>
      <Banners controller={{} as SessionController} />
    </ServicesContext.Provider>
  );
}

const liveRegionOf = (el: Element) => el.closest('[aria-live], [role="status"], [role="alert"]');

describe('the sync status', () => {
  test('routine sending is shown but not announced; no signal is announced', async () => {
    fx = await servicesFixture();
    const { services } = fx;
    const { rerender } = render(
      <Shown services={services} sync={{ state: { ...idle, phase: 'syncing' }, unsentCount: 2 }} />,
    );
    expect(liveRegionOf(screen.getByText('Sending 2 changes'))).toBeNull();
    // Outside main, so in a landmark of its own (axe: all content in landmarks).
    expect(screen.getByRole('region', { name: 'Sending your changes' }).textContent).toMatch(
      /^Sending 2 changes/,
    );
    const region = screen.getByTestId('sync-message');
    expect(region.getAttribute('role')).toBe('status');
    expect(region.textContent).toBe('');

    rerender(<Shown services={services} sync={{ state: idle, unsentCount: 0 }} />);
    expect(liveRegionOf(screen.getByText('All changes sent'))).toBeNull();
    expect(region.textContent).toBe('');

    rerender(
      <Shown
        services={services}
        sync={{ state: { ...idle, phase: 'waiting', failure: 'offline' }, unsentCount: 1 }}
      />,
    );
    expect(screen.getByTestId('sync-message')).toBe(region);
    expect(region.textContent).toMatch(/^Not sent: no signal/);
  });

  test('sign in again and refused changes are announced', async () => {
    fx = await servicesFixture();
    render(
      <Shown
        services={fx.services}
        sync={{
          state: { ...idle, phase: 'needs-sign-in', failure: 'session-expired' },
          unsentCount: 1,
          rejectedCount: 1,
        }}
      />,
    );
    const region = screen.getByTestId('sync-message');
    expect(region.textContent).toMatch(/Sign in again to send your changes/);
    expect(region.textContent).toMatch(/1 change was not accepted/);
  });
});

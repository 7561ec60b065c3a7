// A safety concern waiting for the Director (or a QA lead or head of service) is impossible to
// miss: an important banner at the top of the home screen says how many, with a link to them, and
// the menu item's name carries the count. Both come from what the tablet holds, so they read with
// no signal and change as pulls bring concerns and acknowledgements. The banner is a region, not
// an alert: a screen reader is not interrupted again at every sync. Nothing personal: counts only.
import { render, screen, waitFor, within } from '@testing-library/preact';
import axe from 'axe-core';
import { LocationProvider } from 'preact-iso';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { RoleKey } from '../../schemas/api/account';
import type { FieldValue } from '../../schemas/entities/field-value';
import { OWNER, pullPage, serverRecord } from '../../tests/helpers/db-fixtures';
import { servicesFixture } from '../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../tests/helpers/services-fixture';
import { applyPullPage, listRecords } from '../db';
import type * as Db from '../db';
import { HomePage } from '../features/home/home-page';
import { useAppNav } from './app-nav';
import { Header } from './header';

// The store as it is, with its reads of safety concerns counted (the count's one live query).
vi.mock('../db', async (original) => {
  const db = await original<typeof Db>();
  return { ...db, listRecords: vi.fn(db.listRecords) };
});
const concernReads = () =>
  vi.mocked(listRecords).mock.calls.filter(([, , type]) => type === 'safety-concern').length;

let fx: ServicesFixture | undefined;
afterEach(async () => {
  await fx?.store.close();
  fx = undefined;
});

const ME = 'user-oversight-0001';

function concern(n: number, more: Record<string, FieldValue> = {}) {
  return serverRecord({
    id: `concern-000${n}`,
    type: 'safety-concern',
    version: 1 + Object.keys(more).length,
    fields: {
      caseId: `SC-700${n}`,
      what: 'Bruising seen on the younger child’s arm.',
      raisedAt: '2026-11-30T09:00:00.000Z',
      raisedBy: OWNER,
      receivedAt: '2026-11-30T09:00:02.000Z',
      'whoWasTold.0.name': 'Pat Duty',
      'whoWasTold.0.role': 'Duty manager',
      'whoWasTold.0.at': '2026-11-30T09:05:00.000Z',
      ...more,
    },
  });
}

const settled = {
  acknowledgedBy: 'user-director-0002',
  acknowledgedAt: '2026-11-30T10:00:00.000Z',
};

function Screen() {
  return (
    <>
      <Header nav={useAppNav()} current="/" />
      <main>
        <HomePage />
      </main>
    </>
  );
}

async function homeAs(role: RoleKey, records: ReturnType<typeof concern>[]) {
  fx = await servicesFixture();
  fx.services.user = { ...fx.services.user, id: ME, role };
  await pull(records);
  render(
    <fx.Wrapper>
      <LocationProvider>
        <Screen />
      </LocationProvider>
    </fx.Wrapper>,
  );
  await screen.findByRole('heading', { name: 'Your observations' });
}

const pull = (records: ReturnType<typeof concern>[]) =>
  applyPullPage(fx!.store.db, fx!.store.cipher, pullPage({ records }));

const banner = () => screen.queryByRole('region', { name: 'Important' });
const menu = () => within(screen.getByRole('navigation', { name: 'Menu' }));

describe('safety concerns waiting, on the home screen and in the menu', () => {
  test('the Director: how many wait, a link to them, and the count goes down as they are acknowledged', async () => {
    await homeAs('director', [concern(1), concern(2), concern(3, settled)]);
    const region = await screen.findByRole('region', { name: 'Important' });
    expect(region.textContent).toContain('2 safety concerns are waiting for you to acknowledge');
    expect(within(region).getByRole('link', { name: 'See the safety concerns' })).toHaveProperty(
      'href',
      expect.stringMatching(/\/concerns-log$/),
    );
    // First on the home screen, before its heading, and not an alert that fires again.
    expect(document.querySelector('main')!.firstElementChild).toBe(region);
    expect(document.querySelector('[role="alert"], [role="status"], [aria-live]')).toBeNull();
    expect(region.textContent).not.toMatch(/SC-700|Bruising/);
    expect(await menu().findByRole('link', { name: 'Safety concerns, 2 waiting' })).toHaveProperty(
      'href',
      expect.stringMatching(/\/concerns-log$/),
    );
    const result = await axe.run(document.body, {
      rules: { 'color-contrast': { enabled: false } },
    });
    expect(result.violations.map((v) => v.id)).toEqual([]);

    // Acknowledged elsewhere (by this Director on another tablet): it arrives by pull.
    await pull([concern(1, settled)]);
    await waitFor(() =>
      expect(banner()?.textContent).toContain('1 safety concern is waiting for you to acknowledge'),
    );
    expect(await menu().findByRole('link', { name: 'Safety concerns, 1 waiting' })).toBeTruthy();

    await pull([concern(2, settled)]);
    await waitFor(() => expect(banner()).toBeNull());
    expect(await menu().findByRole('link', { name: 'Safety concerns' })).toBeTruthy();
  });

  test('a concern arriving by pull shows at once, with no signal needed', async () => {
    await homeAs('director', []);
    expect(banner()).toBeNull();
    await pull([concern(4)]);
    await waitFor(() =>
      expect(banner()?.textContent).toContain('1 safety concern is waiting for you to acknowledge'),
    );
    expect(await menu().findByRole('link', { name: 'Safety concerns, 1 waiting' })).toBeTruthy();
  });

  test('a QA lead: those they have acknowledged no longer wait for them, though the Director has not', async () => {
    await homeAs('qa-lead', [
      concern(1),
      concern(2, {
        'alsoAcknowledged.0.by': ME,
        'alsoAcknowledged.0.role': 'qa-lead',
        'alsoAcknowledged.0.at': '2026-11-30T09:30:00.000Z',
      }),
    ]);
    await waitFor(() =>
      expect(banner()?.textContent).toContain('1 safety concern is waiting for you to acknowledge'),
    );
    expect(await menu().findByRole('link', { name: 'Safety concerns, 1 waiting' })).toBeTruthy();
  });

  test.each(['observer', 'practitioner', 'guest', 'admin'] as const)(
    '%s: no banner and no count, whatever the tablet holds',
    async (role) => {
      await homeAs(role, [concern(1)]);
      // Given time to read the store, there is still nothing.
      await screen.findByTestId('on-device');
      await waitFor(() =>
        expect(screen.getByTestId('on-device').textContent).not.toBe('Checking…'),
      );
      expect(banner()).toBeNull();
      expect(screen.queryByRole('link', { name: /waiting/ })).toBeNull();
    },
  );

  test('one live query serves the banner and the menu: one read of the concerns a change', async () => {
    vi.mocked(listRecords).mockClear();
    await homeAs('director', [concern(1), concern(2)]);
    await waitFor(() =>
      expect(banner()?.textContent).toContain(
        '2 safety concerns are waiting for you to acknowledge',
      ),
    );
    expect(await menu().findByRole('link', { name: 'Safety concerns, 2 waiting' })).toBeTruthy();
    expect(concernReads()).toBe(1);

    await pull([concern(1, settled)]);
    await waitFor(() =>
      expect(banner()?.textContent).toContain('1 safety concern is waiting for you to acknowledge'),
    );
    expect(await menu().findByRole('link', { name: 'Safety concerns, 1 waiting' })).toBeTruthy();
    expect(concernReads()).toBe(2);
  });
});

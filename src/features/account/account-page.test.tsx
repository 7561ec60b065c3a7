// The account page says how long the tablet waits before it locks, in words that fit the number.
import { render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, test } from 'vitest';
import { DEFAULT_LOCAL_SETTINGS } from '../../../schemas/entities/local-settings';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { AccountPage } from './account-page';

let fx: ServicesFixture | undefined;
afterEach(async () => {
  await fx?.store.close();
  fx = undefined;
});

async function lockingAfter(minutes: number) {
  fx = await servicesFixture({ settings: { ...DEFAULT_LOCAL_SETTINGS, idleLockMinutes: minutes } });
  render(
    <fx.Wrapper>
      <AccountPage />
    </fx.Wrapper>,
  );
}

describe('the account page', () => {
  test('one minute is one minute, not “1 minutes”', async () => {
    await lockingAfter(1);
    expect(await screen.findByText('1 minute without use')).toBeTruthy();
  });

  test('more than one minute is minutes', async () => {
    await lockingAfter(15);
    expect(await screen.findByText('15 minutes without use')).toBeTruthy();
  });
});

import { fireEvent, render, screen } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { PlanPage } from './plan-page';

let fx: ServicesFixture | undefined;
beforeEach(() => {
  vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await fx?.store.close();
  fx = undefined;
});

async function open() {
  fx = await servicesFixture();
  return render(
    <fx.Wrapper>
      <LocationProvider>
        <PlanPage />
      </LocationProvider>
    </fx.Wrapper>,
  );
}

describe('planning a month’s audits', () => {
  test('the title begins “Error:” while the error summary shows', async () => {
    await open();
    await expect.poll(() => document.title).toBe('Plan a month’s audits – Practice observations');
    fireEvent.click(screen.getByRole('button', { name: 'Plan these audits' }));
    await screen.findByRole('link', { name: 'Enter a case ID for at least one group' });
    await expect
      .poll(() => document.title)
      .toBe('Error: Plan a month’s audits – Practice observations');
  });
});

import { fireEvent, render, screen } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { ExpectationPage } from './expectation-page';

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
        <ExpectationPage />
      </LocationProvider>
    </fx.Wrapper>,
  );
}

describe('planning a recurring expectation', () => {
  test('the title begins “Error:” while the error summary shows', async () => {
    await open();
    await expect
      .poll(() => document.title)
      .toBe('Plan a recurring expectation – Practice observations');
    fireEvent.click(screen.getByRole('button', { name: 'Plan the assignments' }));
    await screen.findByRole('link', { name: 'Select what is observed' });
    await expect
      .poll(() => document.title)
      .toBe('Error: Plan a recurring expectation – Practice observations');
  });
});

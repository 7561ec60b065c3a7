// A page shown as the app shows it, for component tests: with the fixture's services, a location,
// inside the main landmark; and axe run over what is on the screen.
import { render } from '@testing-library/preact';
import axe from 'axe-core';
import type { ComponentChildren } from 'preact';
import { LocationProvider } from 'preact-iso';
import { expect } from 'vitest';
import type { ServicesFixture } from './services-fixture';

export const showPage = (f: ServicesFixture, page: ComponentChildren) =>
  render(
    <f.Wrapper>
      <LocationProvider>
        <main id="main-content">{page}</main>
      </LocationProvider>
    </f.Wrapper>,
  );

/** No axe findings on the page (colour contrast aside: happy-dom lays nothing out). */
export async function noAxeFindings(): Promise<void> {
  const result = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
  expect(result.violations.map((v) => v.id)).toEqual([]);
}

// The home screen offers "Start a new observation" (a link styled as a start button, so role
// button) only to the roles the server lets start one (schemas/api/account.ts OBSERVING_ROLES); a
// guest observer is pointed to their assignments, and a practitioner or administrator is offered
// nothing they would be refused.
import { render, screen } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, describe, expect, test } from 'vitest';
import { ROLE_KEYS } from '../../../schemas/api/account';
import type { RoleKey } from '../../../schemas/api/account';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { HomePage } from './home-page';

let fx: ServicesFixture | undefined;
afterEach(async () => {
  await fx?.store.close();
  fx = undefined;
});

async function homeAs(role: RoleKey) {
  fx = await servicesFixture();
  fx.services.user = { ...fx.services.user, role };
  const view = render(
    <fx.Wrapper>
      <LocationProvider>
        <HomePage />
      </LocationProvider>
    </fx.Wrapper>,
  );
  await screen.findByRole('heading', { name: 'Your observations' });
  return view;
}

describe('starting an observation from the home screen', () => {
  const starts: Record<RoleKey, boolean> = {
    observer: true,
    'qa-lead': true,
    'head-of-service': true,
    director: true,
    practitioner: false,
    admin: false,
    guest: false,
  };
  test.each(ROLE_KEYS.map((r) => [r, starts[r]] as const))(
    '%s: offered %s',
    async (role, offered) => {
      const view = await homeAs(role);
      expect(screen.queryByRole('button', { name: 'Start a new observation' }) !== null).toBe(
        offered,
      );
      expect(screen.queryByTestId('start-hint') !== null).toBe(role === 'guest');
      view.unmount();
    },
  );

  test('a guest is pointed to their assignments', async () => {
    await homeAs('guest');
    expect(screen.getByRole('link', { name: 'My assignments' }).getAttribute('href')).toBe(
      '/assignments',
    );
  });
});

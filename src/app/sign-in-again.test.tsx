// Signing in again after a session ends takes the person back to the page they were on (the part
// of an observation they were typing in), not to the home screen; anyone else starts from home.
import { fireEvent, render, screen } from '@testing-library/preact';
import { LocationProvider, Route, Router } from 'preact-iso';
import { afterEach, describe, expect, test } from 'vitest';
import { servicesFixture } from '../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../tests/helpers/services-fixture';
import type { Services } from '../lib/services';
import { ServicesContext } from '../lib/services';
import { Banners } from './banners';
import { ControllerContext } from './controller-context';
import { useRememberPage } from './return-page';
import type { Phase, SessionController } from './session';
import { SignInAgainPage } from './sign-in-again-page';

let fx: ServicesFixture | undefined;
afterEach(async () => {
  await fx?.store.close();
  history.replaceState(null, '', '/');
});

/** A controller whose sign-in leaves the app open for `signedInAs`. */
function controllerSigningIn(signedInAs: string): SessionController {
  let phase = { name: 'locked' } as Phase;
  return {
    get phase() {
      return phase;
    },
    ssoAvailable: async () => false,
    signIn: async () => {
      phase = { name: 'open', session: { user: { id: signedInAs } } } as Phase;
      return { ok: true };
    },
  } as unknown as SessionController;
}

function Shell({ services }: { services: Services }) {
  useRememberPage(services.user.id);
  return (
    <>
      <Banners controller={{} as SessionController} />
      <Router>
        <Route path="/" component={() => <h1>Your observations</h1>} />
        <Route
          path="/observations/:id/sections/:sectionId"
          component={({ sectionId }: { sectionId: string }) => <h1>Section {sectionId}</h1>}
        />
        <Route path="/sign-in-again" component={SignInAgainPage} />
      </Router>
    </>
  );
}

/** The app open at `at`, its session ended; signing in again is done by the same person or not. */
async function showApp(at: string, who: 'themselves' | 'someone else') {
  fx = await servicesFixture();
  const services: Services = {
    ...fx.services,
    sync: {
      ...fx.services.sync,
      state: {
        phase: 'needs-sign-in',
        failure: 'session-expired',
        attempt: 0,
        nextRetryAt: null,
        lastSentAt: null,
        lastReceivedAt: null,
        following: false,
      },
      unsentCount: 1,
    },
  };
  const signedInAs = who === 'themselves' ? services.user.id : 'user-someone-else-0002';
  history.replaceState(null, '', at);
  render(
    <ControllerContext.Provider value={controllerSigningIn(signedInAs)}>
      <ServicesContext.Provider value={services}>
        <LocationProvider>
          <Shell services={services} />
        </LocationProvider>
      </ServicesContext.Provider>
    </ControllerContext.Provider>,
  );
}

async function signInAgain() {
  fireEvent.click(screen.getByRole('link', { name: 'Sign in again' }));
  await screen.findByRole('heading', { name: 'Sign in again' });
  fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'a password' } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('signing in again', () => {
  test('returns the person to the page they were on, with its query', async () => {
    await showApp('/observations/obs-1/sections/s-2?from=check', 'themselves');
    await screen.findByRole('heading', { name: 'Section s-2' });
    await signInAgain();
    await screen.findByRole('heading', { name: 'Section s-2' });
    expect(location.pathname + location.search).toBe('/observations/obs-1/sections/s-2?from=check');
  });

  test('someone else signing in starts from the home screen, not the last person’s page', async () => {
    await showApp('/observations/obs-1/sections/s-2', 'someone else');
    await screen.findByRole('heading', { name: 'Section s-2' });
    await signInAgain();
    await screen.findByRole('heading', { name: 'Your observations' });
    expect(location.pathname).toBe('/');
  });
});

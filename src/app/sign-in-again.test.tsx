// Signing in again after a session ends takes the person back to the page they were on (the part
// of an observation they were typing in), not to the home screen; anyone else starts from home.
// Through a reload of "Sign in again" too, and through the organisation's provider, which comes
// back with a full page load: each is the app's modules loaded afresh in the same tab.
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { LocationProvider, Route, Router } from 'preact-iso';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { servicesFixture } from '../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../tests/helpers/services-fixture';
import type { Services } from '../lib/services';
import type { Phase, SessionController } from './session';

let fx: ServicesFixture | undefined;
afterEach(async () => {
  await fx?.store.close();
  fx = undefined;
  history.replaceState(null, '', '/');
  sessionStorage.clear();
});

/** The app's modules as a page load finds them: nothing kept in memory from before. */
async function loadApp() {
  vi.resetModules();
  const [{ useRememberPage }, { SignInAgainPage }, { ServicesContext }, { ControllerContext }] =
    await Promise.all([
      import('./return-page'),
      import('./sign-in-again-page'),
      import('../lib/services'),
      import('./controller-context'),
    ]);
  const { Banners } = await import('./banners');
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
  return { Shell, ServicesContext, ControllerContext };
}

const SOMEONE_ELSE = 'user-someone-else-0002';
const started: string[] = [];

/** A controller whose sign-in leaves the app open for `signedInAs`; it offers single sign-on. */
function controllerSigningIn(signedInAs: string): SessionController {
  let phase = { name: 'locked' } as Phase;
  return {
    get phase() {
      return phase;
    },
    ssoAvailable: async () => true,
    startSso: async () => void started.push('sso'),
    signIn: async () => {
      phase = { name: 'open', session: { user: { id: signedInAs } } } as Phase;
      return { ok: true };
    },
  } as unknown as SessionController;
}

/**
 * The app (loaded afresh) open at `at`, its session ended; signing in again is done by the same
 * person or not.
 */
async function showApp(
  at: string,
  who: 'themselves' | 'someone else',
  openFor: 'them' | 'someone else' = 'them',
) {
  fx ??= await servicesFixture();
  const { Shell, ServicesContext, ControllerContext } = await loadApp();
  const services: Services = {
    ...fx.services,
    user: openFor === 'them' ? fx.services.user : { ...fx.services.user, id: SOMEONE_ELSE },
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
  const signedInAs = who === 'themselves' ? services.user.id : SOMEONE_ELSE;
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
  await signInWithPassword();
}

async function signInWithPassword() {
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

  test('returns the person to their page after "Sign in again" is reloaded', async () => {
    await showApp('/observations/obs-1/sections/s-2?from=check', 'themselves');
    await screen.findByRole('heading', { name: 'Section s-2' });
    fireEvent.click(screen.getByRole('link', { name: 'Sign in again' }));
    await screen.findByRole('heading', { name: 'Sign in again' });
    cleanup();
    await showApp('/sign-in-again', 'themselves');
    await screen.findByRole('heading', { name: 'Sign in again' });
    await signInWithPassword();
    await screen.findByRole('heading', { name: 'Section s-2' });
    expect(location.pathname + location.search).toBe('/observations/obs-1/sections/s-2?from=check');
  });
});

describe('signing in again through the organisation’s provider', () => {
  /** At their page, the session ends; they sign in again through the provider and come back. */
  async function viaProvider(backAs: 'them' | 'someone else') {
    await showApp('/observations/obs-1/sections/s-2', 'themselves');
    await screen.findByRole('heading', { name: 'Section s-2' });
    fireEvent.click(screen.getByRole('link', { name: 'Sign in again' }));
    fireEvent.click(
      await screen.findByRole('button', { name: 'Sign in with your organisation’s account' }),
    );
    expect(started).toEqual(['sso']);
    started.length = 0;
    cleanup();
    // The provider's answer comes back to the home address, and the app opens there.
    await showApp('/', 'themselves', backAs);
  }

  test('returns the person to the page they were on, once', async () => {
    await viaProvider('them');
    await screen.findByRole('heading', { name: 'Section s-2' });
    expect(location.pathname).toBe('/observations/obs-1/sections/s-2');
    // Used: the app's next start at home stays at home.
    cleanup();
    await showApp('/', 'themselves');
    await screen.findByRole('heading', { name: 'Your observations' });
    await new Promise((r) => setTimeout(r, 50));
    expect(location.pathname).toBe('/');
  });

  test('someone else signing in through the provider starts from the home screen', async () => {
    await viaProvider('someone else');
    await screen.findByRole('heading', { name: 'Your observations' });
    await new Promise((r) => setTimeout(r, 50));
    expect(location.pathname).toBe('/');
  });
});

describe('single sign-on from "Sign in again" that ends without signing in', () => {
  /**
   * The app's first screen loaded afresh at `at`, as the provider's answer (or a person coming
   * back without one) opens it; shown once it has dealt with the answer.
   */
  async function bootApp(at: string, exchange: 'refused' | 'not tried', shown: string) {
    vi.resetModules();
    const { App } = await import('./app');
    const exchanged: string[] = [];
    const controller = {
      phase: { name: 'signed-out', reason: null },
      subscribe: () => () => undefined,
      boot: async () => undefined,
      ssoAvailable: async () => true,
      completeSso: async (code: string) => {
        exchanged.push(code);
        return { ok: false, message: 'That sign-in has expired. Sign in again.' };
      },
    } as unknown as SessionController;
    history.replaceState(null, '', at);
    render(<App controller={controller} />);
    await screen.findByText(shown, { selector: 'h1, p' });
    expect(exchanged).toEqual(exchange === 'refused' ? ['code-1'] : []);
    cleanup();
  }

  test.each([
    [
      'cancelled at the provider',
      '/#/sign-in-failed?reason=SSO_CANCELLED',
      'not tried',
      'Signing in with your organisation’s account was cancelled.',
    ],
    [
      'an error at the provider',
      '/#/sign-in-failed?reason=SSO_FAILED',
      'not tried',
      'Signing in with your organisation’s account did not work. Try again.',
    ],
    [
      'its answer refused by the server',
      '/#/signed-in?code=code-1',
      'refused',
      'That sign-in has expired. Sign in again.',
    ],
    ['back without an answer', '/', 'not tried', 'Sign in'],
  ] as const)('%s: a later unlock does not go back to the page', async (_, at, exchange, shown) => {
    await showApp('/observations/obs-1/sections/s-2', 'themselves');
    await screen.findByRole('heading', { name: 'Section s-2' });
    fireEvent.click(screen.getByRole('link', { name: 'Sign in again' }));
    fireEvent.click(
      await screen.findByRole('button', { name: 'Sign in with your organisation’s account' }),
    );
    started.length = 0;
    cleanup();
    await bootApp(at, exchange, shown);
    // Later, the same person unlocks the app at home: it stays there.
    await showApp('/', 'themselves');
    await screen.findByRole('heading', { name: 'Your observations' });
    await new Promise((r) => setTimeout(r, 50));
    expect(location.pathname).toBe('/');
  });

  test('a password sign-in on "Sign in again" afterwards still returns to the page', async () => {
    await showApp('/observations/obs-1/sections/s-2', 'themselves');
    await screen.findByRole('heading', { name: 'Section s-2' });
    fireEvent.click(screen.getByRole('link', { name: 'Sign in again' }));
    fireEvent.click(
      await screen.findByRole('button', { name: 'Sign in with your organisation’s account' }),
    );
    started.length = 0;
    cleanup();
    await bootApp(
      '/#/sign-in-failed?reason=SSO_CANCELLED',
      'not tried',
      'Signing in with your organisation’s account was cancelled.',
    );
    await showApp('/sign-in-again', 'themselves');
    await screen.findByRole('heading', { name: 'Sign in again' });
    await signInWithPassword();
    await screen.findByRole('heading', { name: 'Section s-2' });
  });
});

describe('what the tab kept is checked before it is used', () => {
  test('anything malformed, outside the app or not a page to return to is ignored', async () => {
    fx ??= await servicesFixture();
    const userId = fx.services.user.id;
    const kept = (url: unknown) => JSON.stringify({ userId, url, afterSso: true });
    const malformed = [
      'not json',
      'null',
      JSON.stringify({ url: '/observations/obs-1', afterSso: true }),
      kept(42),
      kept('https://elsewhere.example/observations/obs-1'),
      kept('//elsewhere.example/observations/obs-1'),
      kept('javascript:alert(1)'),
      kept('/sign-out'),
    ];
    for (const text of malformed) {
      // Reloaded at "Sign in again", then signing in with a password.
      sessionStorage.setItem('obs-return-page', text);
      await showApp('/sign-in-again', 'themselves');
      await screen.findByRole('heading', { name: 'Sign in again' });
      await signInWithPassword();
      await screen.findByRole('heading', { name: 'Your observations' });
      expect(location.pathname, text).toBe('/');
      cleanup();
      // Back from the provider.
      sessionStorage.setItem('obs-return-page', text);
      await showApp('/', 'themselves');
      await screen.findByRole('heading', { name: 'Your observations' });
      await new Promise((r) => setTimeout(r, 50));
      expect(location.pathname, text).toBe('/');
      cleanup();
    }
  });
});

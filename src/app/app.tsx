import type { ComponentChildren, ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ChooseSecretPage } from '../features/sign-in/choose-secret-page';
import { SignInPage } from '../features/sign-in/sign-in-page';
import { UnlockPage } from '../features/sign-in/unlock-page';
import { Header } from './header';
import { endReturnAfterSso } from './kept-page';
import { UpdateBanner } from './update-banner';
import { Layout } from './layout';
import { publicHelpPage } from './public-help';
import type { Phase, SessionController } from './session';

type OpenAppComponent = ComponentType<{
  controller: SessionController;
  phase: Extract<Phase, { name: 'open' }>;
}>;

// Everything after unlock loads on demand (from the service worker's cache when offline), so the
// first screen appears quickly on a tablet.
let openAppModule: Promise<OpenAppComponent> | null = null;
const loadOpenApp = () => (openAppModule ??= import('./open-app').then((m) => m.OpenApp));

function OpenAppLoader(props: {
  controller: SessionController;
  phase: Extract<Phase, { name: 'open' }>;
}) {
  const [Component, setComponent] = useState<OpenAppComponent | null>(null);
  useEffect(() => {
    void loadOpenApp().then((c) => setComponent(() => c));
  }, []);
  return Component ? <Component {...props} /> : <p class="govuk-body">Opening…</p>;
}

type SetupProps = {
  onSetUp: (email: string, password: string) => Promise<void>;
  onCancel: () => void;
};

// First-run setup is for one person once, so it loads (with the network code) only at /setup.
function SetupLoader(props: SetupProps) {
  const [Component, setComponent] = useState<ComponentType<SetupProps> | null>(null);
  useEffect(() => {
    void import('../features/sign-in/setup-page').then((m) => setComponent(() => m.SetupPage));
  }, []);
  return Component ? <Component {...props} /> : <p class="govuk-body">Opening…</p>;
}

// The statement and notice read before signing in bring the schemas and the store with them:
// loaded only when opened, so the first screen stays small.
function PublicLegalLoader({ page }: { page: 'accessibility' | 'privacy' }) {
  const [Component, setComponent] = useState<ComponentType<{
    page: 'accessibility' | 'privacy';
  }> | null>(null);
  useEffect(() => {
    void import('./public-legal-page').then((m) => setComponent(() => m.PublicLegalPage));
  }, []);
  return Component ? <Component page={page} /> : <p class="govuk-body">Opening…</p>;
}

const signedOutNotice: Record<string, string> = {
  'signed-out': 'You have signed out. Your data has been removed from this tablet.',
  'device-removed':
    'An administrator has removed this tablet from the service, so everything it held has been erased from it. Sign in again to use it.',
  'kept-unsent':
    'You have signed out. Your changes that were not sent are kept on this tablet, encrypted, and will be sent when you next sign in.',
};

const ssoFailures: Record<string, string> = {
  SSO_CANCELLED: 'Signing in with your organisation’s account was cancelled.',
  SSO_NO_ACCOUNT:
    'Your organisation’s account is not set up for this service. Ask your administrator to add you.',
  SSO_EMAIL_UNVERIFIED: 'Your organisation has not confirmed your email address.',
  ACCOUNT_DISABLED: 'Your account for this service has been disabled. Ask your administrator.',
};
const SSO_FAILED = 'Signing in with your organisation’s account did not work. Try again.';

/** The provider's answer, which the server put in the address after `#`, taken out of it. */
function takeSsoAnswer(): { code: string } | { failed: string } | null {
  const hash = location.hash;
  if (!hash.startsWith('#/signed-in?') && !hash.startsWith('#/sign-in-failed?')) return null;
  const params = new URLSearchParams(hash.slice(hash.indexOf('?') + 1));
  history.replaceState(null, '', location.pathname);
  const code = params.get('code');
  if (hash.startsWith('#/signed-in?') && code) return { code };
  return { failed: ssoFailures[params.get('reason') ?? ''] ?? SSO_FAILED };
}

export function App({ controller }: { controller: SessionController }) {
  const [phase, setPhase] = useState<Phase>(controller.phase);
  const [signingIn, setSigningIn] = useState(false);
  const [ssoEnabled, setSsoEnabled] = useState(false);
  const [ssoMessage, setSsoMessage] = useState<string | null>(null);
  // Read before the first phase change sends a signed-out visitor to '/'.
  const [settingUp, setSettingUp] = useState(() => location.pathname === '/setup');
  // Asked only where a sign-in form can show: the unlock screen, the first screen of a tablet in
  // use, then loads none of the network code.
  const mayShowSignIn =
    phase.name === 'signed-out' || (phase.name === 'locked' && (signingIn || phase.lockedOut));
  useEffect(() => {
    if (!mayShowSignIn) return;
    void controller.ssoAvailable().then(setSsoEnabled, () => setSsoEnabled(false));
  }, [controller, mayShowSignIn]);
  const onSso = ssoEnabled ? () => void controller.startSso() : null;
  useEffect(() => {
    let lockedFor: string | null = null;
    const stop = controller.subscribe((p) => {
      // Someone else: they start from the home screen, never where the last person was.
      if (p.name === 'locked') lockedFor ??= p.userId;
      const someoneElse =
        p.name === 'signed-out' ||
        p.name === 'choose-secret' ||
        (p.name === 'open' && lockedFor !== null && p.session.user.id !== lockedFor);
      // The accessibility statement and privacy notice stay open to anyone who asked for them.
      if (someoneElse && location.pathname !== '/' && !publicHelpPage(location.pathname))
        history.replaceState(null, '', '/');
      if (p.name === 'open' || p.name === 'signed-out')
        lockedFor = p.name === 'open' ? p.session.user.id : null;
      setPhase(p);
      if (p.name !== 'locked' || p.afterSignIn) setSigningIn(false);
    });
    const answer = takeSsoAnswer();
    // Only a sign-in through the provider goes back to the page "Sign in again" left from: one
    // that ends otherwise (cancelled, refused, or no answer at all) must not leave a later unlock
    // taken there.
    if (!answer || 'failed' in answer) endReturnAfterSso();
    void controller.boot().then(async () => {
      if (!answer) return;
      if ('failed' in answer) return setSsoMessage(answer.failed);
      const outcome = await controller.completeSso(answer.code);
      if (!outcome.ok) {
        endReturnAfterSso();
        setSsoMessage(outcome.message);
      }
    });
    return stop;
  }, [controller]);

  const plain = (children: ComponentChildren) => (
    <Layout header={<Header nav={[]} current="" />} banners={<UpdateBanner />}>
      {children}
    </Layout>
  );

  // Reachable from the footer before signing in, and while locked.
  const help = phase.name === 'open' ? null : publicHelpPage(location.pathname);
  if (help && phase.name !== 'booting') return plain(<PublicLegalLoader page={help} />);

  switch (phase.name) {
    case 'booting':
      return plain(<p class="govuk-body">Opening…</p>);
    case 'signed-out':
      if (settingUp)
        return plain(
          <SetupLoader
            onSetUp={async (email, password) => {
              const outcome = await controller.signIn(email, password);
              setSettingUp(false);
              if (!outcome.ok) setSsoMessage(outcome.message);
            }}
            onCancel={() => setSettingUp(false)}
          />,
        );
      return plain(
        <SignInPage
          notice={ssoMessage ?? (phase.reason ? signedOutNotice[phase.reason] : null)}
          onSignIn={(email, password) => controller.signIn(email, password)}
          onSso={onSso}
        />,
      );
    case 'choose-secret':
      return plain(
        <ChooseSecretPage
          displayName={phase.user.displayName}
          email={phase.user.email}
          onChoose={(secret) => controller.chooseSecret(secret)}
          onCancel={() => controller.cancelChooseSecret()}
        />,
      );
    case 'locked':
      if (signingIn || (phase.lockedOut && signingIn)) {
        return plain(
          <SignInPage
            heading="Sign in"
            notice={
              ssoMessage ??
              (ssoEnabled
                ? 'Sign in online to open your work.'
                : 'Sign in with your email address and password to open your work.')
            }
            onSignIn={(email, password) => controller.signIn(email, password)}
            onSso={onSso}
          />,
        );
      }
      return plain(
        <UnlockPage
          lockedOut={phase.lockedOut}
          offlineDays={phase.offlineDays}
          afterSignIn={phase.afterSignIn}
          email={phase.email}
          onUnlock={(secret) => controller.unlock(secret)}
          onSignIn={() => setSigningIn(true)}
        />,
      );
    case 'open':
      return <OpenAppLoader controller={controller} phase={phase} />;
  }
}

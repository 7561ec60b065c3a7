import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { SignInPage } from '../features/sign-in/sign-in-page';
import { useServices } from '../lib/services';
import { useController } from './controller-context';
import { pageToReturnTo, returnAfterSso } from './return-page';

/**
 * The session ended while the app was open: sign in again; nothing on the tablet is touched, and
 * the person goes back to the page they were on (someone else signing in starts from home).
 */
export function SignInAgainPage() {
  const controller = useController();
  const { user, sync } = useServices();
  const { route } = useLocation();
  const [sso, setSso] = useState(false);
  useEffect(() => {
    void controller.ssoAvailable().then(setSso, () => setSso(false));
  }, [controller]);
  return (
    <SignInPage
      onSso={
        sso
          ? () => {
              returnAfterSso(user.id);
              void controller.startSso();
            }
          : null
      }
      heading="Sign in again"
      email={user.email}
      notice="Your session has ended. Everything you did is saved on this tablet and will be sent once you sign in."
      onSignIn={async (email, password) => {
        const result = await controller.signIn(email, password);
        if (result.ok) {
          sync.syncNow();
          const now = controller.phase;
          route(now.name === 'open' ? pageToReturnTo(now.session.user.id) : '/');
        }
        return result;
      }}
    />
  );
}

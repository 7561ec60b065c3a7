import { useState } from 'preact/hooks';
import { Button } from '../../ui/content';
import { ErrorSummary } from '../../ui/error-summary';
import { usePageTitle } from '../../ui/page-title';
import { TextInput } from '../../ui/text-input';
import { useFocusOnArrival } from './focus-on-arrival';

export type SignInResult =
  { ok: true } | { ok: false; message: string; field?: 'email' | 'password' };

type Props = {
  onSignIn: (email: string, password: string) => Promise<SignInResult>;
  /** Why the person is here: shown above the form. */
  notice?: string | null;
  heading?: string;
  /** Filled in when signing in again as the same person. */
  email?: string;
  /** Offered when the server has single sign-on: sends the browser to the organisation. */
  onSso?: (() => void) | null;
};

/** Sign in online, once per tablet (and again when a session ends). */
export function SignInPage({
  onSignIn,
  notice,
  heading = 'Sign in',
  email: knownEmail,
  onSso,
}: Props) {
  const [email, setEmail] = useState(knownEmail ?? '');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ href: string; text: string; field: string }[]>([]);
  const [busy, setBusy] = useState(false);
  usePageTitle(heading, errors.length > 0);
  const headingRef = useFocusOnArrival();

  const submit = async (event: Event) => {
    event.preventDefault();
    const found: { href: string; text: string; field: string }[] = [];
    if (!email.trim())
      found.push({ href: '#email', text: 'Enter your email address', field: 'email' });
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim()))
      found.push({
        href: '#email',
        text: 'Enter an email address in the correct format, like name@example.org',
        field: 'email',
      });
    if (!password)
      found.push({ href: '#password', text: 'Enter your password', field: 'password' });
    setErrors(found);
    if (found.length > 0) return;
    setBusy(true);
    try {
      const result = await onSignIn(email, password);
      if (!result.ok) {
        const field = result.field ?? 'email';
        setErrors([{ href: `#${field}`, text: result.message, field }]);
      }
    } finally {
      setBusy(false);
    }
  };
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.text;

  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} focusKey={errors} />
        <h1 class="govuk-heading-l" tabIndex={-1} ref={headingRef}>
          {heading}
        </h1>
        {notice ? <p class="govuk-body">{notice}</p> : null}
        <p class="govuk-body">
          You need a signal to sign in. Afterwards the app opens and works on this tablet without
          one.
        </p>
        {onSso ? (
          <>
            <button
              type="button"
              class="govuk-button govuk-button--secondary"
              data-module="govuk-button"
              onClick={onSso}
            >
              Sign in with your organisation’s account
            </button>
            <p class="govuk-body">Or sign in with a password for this service:</p>
          </>
        ) : null}
        <form onSubmit={submit} noValidate>
          <TextInput
            id="email"
            label="Email address"
            type="email"
            autocomplete="username"
            spellcheck={false}
            value={email}
            onInput={setEmail}
            error={errorFor('email')}
          />
          <TextInput
            id="password"
            label="Password"
            type="password"
            autocomplete="current-password"
            value={password}
            onInput={setPassword}
            error={errorFor('password')}
          />
          <Button type="submit" disabled={busy} aria-disabled={busy}>
            Sign in
          </Button>
        </form>
      </div>
    </div>
  );
}

import { useState } from 'preact/hooks';
import { Button } from '../../ui/content';
import { ErrorSummary } from '../../ui/error-summary';
import { usePageTitle } from '../../ui/page-title';
import { TextInput } from '../../ui/text-input';
import { useFocusOnArrival } from './focus-on-arrival';
import { SecretUsername } from './secret-username';

type Outcome =
  { ok: true } | { ok: false; message: string; lockedOut: boolean; attemptsLeft: number };

type Props = {
  lockedOut: boolean;
  /** Locked out for going longer than this many days without reaching the server. */
  offlineDays?: number | null;
  afterSignIn: boolean;
  /** Known while the app is running (locked after use, or just signed in); not after a restart. */
  email?: string | null;
  onUnlock: (secret: string) => Promise<Outcome>;
  onSignIn: () => void;
};

/** The tablet locked itself (idle, hidden, or restarted): the unlock secret opens it, offline too. */
export function UnlockPage({
  lockedOut,
  offlineDays,
  afterSignIn,
  email,
  onUnlock,
  onSignIn,
}: Props) {
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const heading = useFocusOnArrival();
  usePageTitle('Unlock the app', error !== null);

  if (lockedOut) {
    return (
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l" tabIndex={-1} ref={heading}>
            Sign in to open your work
          </h1>
          <p class="govuk-body">
            {offlineDays
              ? `This tablet has not reached the server for more than ${offlineDays} ${offlineDays === 1 ? 'day' : 'days'}, so your authority asks for a full sign-in before it opens again.`
              : 'The unlock secret was entered wrongly too many times.'}{' '}
            Your work is still on this tablet, encrypted; nothing has been deleted.
          </p>
          <p class="govuk-body">
            Sign in with your email address and password while online to open it again.
          </p>
          <Button onClick={onSignIn}>Sign in</Button>
        </div>
      </div>
    );
  }
  const submit = async (event: Event) => {
    event.preventDefault();
    setAttempt((n) => n + 1);
    if (!secret) {
      setError('Enter your unlock secret');
      return;
    }
    setBusy(true);
    try {
      const result = await onUnlock(secret);
      if (!result.ok) {
        setError(result.message);
        setSecret('');
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <ErrorSummary
          errors={error ? [{ href: '#unlock-secret', text: error }] : []}
          focusKey={attempt}
        />
        <h1 class="govuk-heading-l" tabIndex={-1} ref={heading}>
          {afterSignIn ? 'Enter your unlock secret' : 'The app is locked'}
        </h1>
        <p class="govuk-body">
          {afterSignIn
            ? 'You are signed in. Enter the unlock secret you chose for this tablet to open your work.'
            : 'It locks itself when it has not been used for a while, to protect the records on this tablet.'}
        </p>
        <form onSubmit={submit} noValidate>
          {email ? <SecretUsername email={email} /> : null}
          <TextInput
            id="unlock-secret"
            label="Unlock secret"
            type="password"
            autocomplete="current-password"
            value={secret}
            onInput={setSecret}
            error={error ?? undefined}
          />
          <Button type="submit" disabled={busy}>
            Unlock
          </Button>
        </form>
        <p class="govuk-body">
          <a
            href="/sign-in"
            class="govuk-link"
            onClick={(e) => {
              e.preventDefault();
              onSignIn();
            }}
          >
            Forgotten your unlock secret, or not you? Sign in
          </a>
        </p>
      </div>
    </div>
  );
}

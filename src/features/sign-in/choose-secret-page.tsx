import { useState } from 'preact/hooks';
import { checkSecret } from '../../lib/secret-strength';
import { Button, ButtonGroup, Details } from '../../ui/content';
import { ErrorSummary } from '../../ui/error-summary';
import { usePageTitle } from '../../ui/page-title';
import { TextInput } from '../../ui/text-input';
import { useFocusOnArrival } from './focus-on-arrival';
import { SecretUsername } from './secret-username';

type Props = {
  displayName: string;
  email: string;
  onChoose: (secret: string) => Promise<void>;
  onCancel: () => void;
};

/**
 * After the first sign-in on a tablet: the secret that unlocks this person's data on it. It must
 * resist guessing offline from a copied disk, so it is longer than a PIN.
 */
export function ChooseSecretPage({ displayName, email, onChoose, onCancel }: Props) {
  const [secret, setSecret] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<{ href: string; text: string }[]>([]);
  const [busy, setBusy] = useState(false);
  usePageTitle('Choose an unlock secret for this tablet', errors.length > 0);
  const heading = useFocusOnArrival();

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const verdict = await checkSecret(secret, [email, displayName, ...displayName.split(/\s+/)]);
      const found: { href: string; text: string }[] = [];
      if (!verdict.ok) found.push({ href: '#secret', text: verdict.message });
      else if (secret !== again)
        found.push({
          href: '#secret-again',
          text: 'The two unlock secrets do not match. Enter the same secret twice.',
        });
      setErrors(found);
      if (found.length === 0) await onChoose(secret);
    } finally {
      setBusy(false);
    }
  };
  const first = errors.find((e) => e.href === '#secret')?.text;
  const second = errors.find((e) => e.href === '#secret-again')?.text;
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} focusKey={errors} />
        <h1 class="govuk-heading-l" tabIndex={-1} ref={heading}>
          Choose an unlock secret for this tablet
        </h1>
        <p class="govuk-body">
          Your observations are stored on this tablet encrypted. The unlock secret opens them when
          the app has been locked, with or without a signal. Nobody else can read them without it,
          even with the tablet in their hands.
        </p>
        <p class="govuk-body">
          Use at least 12 characters. Four or more random words work well and are easy to type, like
          ‘kettle orbit pencil lantern’. Do not use your password.
        </p>
        <Details summary="If you forget it">
          <p class="govuk-body">
            Sign in again with your email address and password while online. Your work is kept, and
            you can choose a new unlock secret.
          </p>
        </Details>
        <form onSubmit={submit} noValidate>
          <SecretUsername email={email} />
          <TextInput
            id="secret"
            label="Unlock secret"
            type="password"
            autocomplete="new-password"
            value={secret}
            onInput={setSecret}
            error={first}
          />
          <TextInput
            id="secret-again"
            label="Enter the unlock secret again"
            type="password"
            autocomplete="new-password"
            value={again}
            onInput={setAgain}
            error={second}
          />
          <ButtonGroup>
            <Button type="submit" disabled={busy}>
              Save and continue
            </Button>
            <Button variant="secondary" onClick={onCancel}>
              Cancel and sign out
            </Button>
          </ButtonGroup>
        </form>
      </div>
    </div>
  );
}

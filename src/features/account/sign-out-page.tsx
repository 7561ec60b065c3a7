import { useState } from 'preact/hooks';
import { queuedConcernCount, unsentSummary } from '../../db';
import { useServices } from '../../lib/services';
import { useLive } from '../../lib/use-live';
import { BackLink, Button, ButtonGroup, WarningText } from '../../ui/content';
import { usePageTitle } from '../../ui/page-title';
import { Radios } from '../../ui/radios';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "1 change and 1 safety concern have not been sent", leaving out what there is none of. */
function notSentHeading(changes: number, concerns: number): string {
  const parts = [
    ...(changes > 0 ? [plural(changes, 'change', 'changes')] : []),
    ...(concerns > 0 ? [plural(concerns, 'safety concern', 'safety concerns')] : []),
  ];
  return `${parts.join(' and ')} ${changes + concerns === 1 ? 'has' : 'have'} not been sent`;
}

/**
 * Signing out never discards unsent work (changes, or safety concerns waiting for a signal)
 * without saying so, and only on an explicit choice.
 */
export function SignOutPage() {
  const { store, signOut } = useServices();
  const live = useLive(
    async () => ({
      changes: (await unsentSummary(store.db)).count,
      concerns: await queuedConcernCount(store.db),
    }),
    [store],
  );
  const [choice, setChoice] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  usePageTitle('Sign out', error !== null);
  const changes = live.value?.changes ?? 0;
  const concerns = live.value?.concerns ?? 0;
  if (live.loading && !live.value) return <p class="govuk-body">Checking…</p>;
  if (changes + concerns === 0) {
    return (
      <>
        <BackLink href="/account" />
        <h1 class="govuk-heading-l">Sign out</h1>
        <p class="govuk-body">
          Everything you did on this tablet has been sent. Signing out removes your data from this
          tablet.
        </p>
        <Button onClick={() => void signOut('erase')}>Sign out</Button>
      </>
    );
  }
  const go = () => {
    if (choice === 'keep') void signOut('keep');
    else if (choice === 'discard') void signOut('discard');
    else setError('Select what to do with the changes not sent');
  };
  return (
    <>
      <BackLink href="/account" />
      <h1 class="govuk-heading-l">{notSentHeading(changes, concerns)}</h1>
      <WarningText>
        They are only on this tablet. Connect to the internet and wait for them to be sent before
        you sign out, if you can.
      </WarningText>
      {concerns > 0 ? (
        <WarningText>
          A safety concern that has not been sent has not reached anyone. Phone your duty team now
          if you have not already.
        </WarningText>
      ) : null}
      <Radios
        id="sign-out-choice"
        name="sign-out-choice"
        legend="What do you want to do?"
        legendSize="m"
        options={[
          {
            value: 'keep',
            label: 'Sign out and keep them on this tablet',
            hint: 'They stay encrypted and are sent when you next sign in on this tablet.',
          },
          {
            value: 'discard',
            label: 'Sign out and delete them',
            hint: 'They will be lost. This cannot be undone.',
          },
        ]}
        value={choice}
        onChange={setChoice}
        error={error ?? undefined}
      />
      <ButtonGroup>
        <Button variant={choice === 'discard' ? 'warning' : 'primary'} onClick={go}>
          Sign out
        </Button>
        <a class="govuk-link" href="/">
          Stay signed in
        </a>
      </ButtonGroup>
    </>
  );
}

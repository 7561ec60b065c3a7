import { useRef, useState } from 'preact/hooks';
import { keptTextsLeftBehind, localOnlyWork, queuedConcernCount, unsentSummary } from '../../db';
import { useServices } from '../../lib/services';
import { useLive } from '../../lib/use-live';
import { BackLink, Button, ButtonGroup, NotificationBanner, WarningText } from '../../ui/content';
import { usePageTitle } from '../../ui/page-title';
import { Radios } from '../../ui/radios';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

type Waiting = { changes: number; concerns: number; unfinished: number; refused: number };

/**
 * "1 change and 1 safety concern have not been sent", then what else is only here (unfinished
 * entries, changes the server refused), leaving out what there is none of.
 */
function notSentHeading(w: Waiting): string {
  const unsent = [
    ...(w.changes > 0 ? [plural(w.changes, 'change', 'changes')] : []),
    ...(w.concerns > 0 ? [plural(w.concerns, 'safety concern', 'safety concerns')] : []),
  ];
  const also = [
    ...(w.unfinished > 0 ? [plural(w.unfinished, 'unfinished entry', 'unfinished entries')] : []),
    ...(w.refused > 0
      ? [plural(w.refused, 'change the server refused', 'changes the server refused')]
      : []),
  ];
  if (unsent.length === 0) return `${also.join(' and ')} only on this tablet`;
  const head = `${unsent.join(' and ')} ${w.changes + w.concerns === 1 ? 'has' : 'have'} not been sent`;
  return also.length === 0 ? head : `${head}; ${also.join(' and ')} only on this tablet`;
}

/**
 * Said when signing out found more than the page showed: typing saved as the person chose (in
 * another window of the app, which saves before a sign-out counts, or a draft of this one still
 * on its way). Nothing was done; the page shows it all and asks again.
 */
function Recounted() {
  return (
    <NotificationBanner title="You have not signed out" id="recounted" live focus>
      <p class="govuk-notification-banner__heading">
        More of your work was saved as you signed out, typed in another window of this app or just
        before.
      </p>
      <p class="govuk-body">
        Nothing has been deleted. Check what is waiting, then sign out again.
      </p>
    </NotificationBanner>
  );
}

/**
 * Signing out never discards unsent work (changes, or safety concerns waiting for a signal)
 * without saying so, and only on an explicit choice. The count is live (a draft written in
 * another window shows here), and signing out counts again after the person's other windows have
 * saved what is typed in them: finding more than was shown, it does nothing and this page asks
 * again.
 */
export function SignOutPage() {
  const { store, signOut } = useServices();
  // Read afresh after a recount, whatever the live query has heard meanwhile.
  const [recounts, setRecounts] = useState(0);
  const live = useLive(
    async (): Promise<Waiting> => ({
      changes: (await unsentSummary(store.db)).count,
      concerns: await queuedConcernCount(store.db),
      ...(await localOnlyWork(store.db, store.cipher)),
    }),
    [store, recounts],
  );
  const [choice, setChoice] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);
  const [signingOut, setSigningOut] = useState(false);
  usePageTitle('Sign out', error !== null);
  const waiting = live.value ?? { changes: 0, concerns: 0, unfinished: 0, refused: 0 };
  const { concerns } = waiting;
  const shown = waiting.changes + concerns + waiting.unfinished + waiting.refused;
  const signOutAs = async (how: 'erase' | 'keep' | 'discard') => {
    // Signing out waits for the other windows and the server: a second press is not a second go.
    if (busy.current) return;
    busy.current = true;
    setSigningOut(true);
    try {
      if ((await signOut(how, shown)) === 'recounted') {
        setChoice(undefined);
        setRecounts((n) => n + 1);
      }
    } finally {
      busy.current = false;
      setSigningOut(false);
    }
  };
  const status = (
    <p class="govuk-body" role="status">
      {signingOut ? 'Signing out…' : ''}
    </p>
  );
  if (live.loading && !live.value) return <p class="govuk-body">Checking…</p>;
  if (shown === 0) {
    return (
      <>
        <BackLink href="/account" />
        {recounts > 0 ? <Recounted /> : null}
        <h1 class="govuk-heading-l">Sign out</h1>
        <p class="govuk-body">
          Everything you did on this tablet has been sent. Signing out removes your data from this
          tablet.
        </p>
        <Button onClick={() => void signOutAs('erase')}>Sign out</Button>
        {status}
      </>
    );
  }
  const go = () => {
    if (choice === 'keep' || choice === 'discard') void signOutAs(choice);
    else setError('Select what to do with the changes not sent');
  };
  return (
    <>
      <BackLink href="/account" />
      {recounts > 0 ? <Recounted /> : null}
      <h1 class="govuk-heading-l">{notSentHeading(waiting)}</h1>
      <WarningText>
        They are only on this tablet. Connect to the internet and wait for them to be sent before
        you sign out, if you can.
      </WarningText>
      {waiting.unfinished + waiting.refused > 0 ? (
        <p class="govuk-body">
          Unfinished entries are what you have typed that is not complete yet, such as half a case
          ID or a comment being written. Changes the server refused are kept so you can see what you
          typed; they are listed on your account page.
        </p>
      ) : null}
      <KeptLeftBehind />
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
            hint: 'They stay encrypted and are sent when you next sign in on this tablet. What has already been sent is removed from the tablet until then.',
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
      {status}
    </>
  );
}

/**
 * Text kept when an answer was changed in two places, whose record has gone from the tablet: it
 * is among the unfinished entries, and exists only here, so the person is shown where to copy it.
 */
function KeptLeftBehind() {
  const { store } = useServices();
  const live = useLive(() => keptTextsLeftBehind(store.db, store.cipher), [store]);
  const count = live.value?.length ?? 0;
  if (count === 0) return null;
  return (
    <p class="govuk-body" data-testid="kept-left-behind">
      Among them {count === 1 ? 'is 1 text' : `are ${count} texts`} kept from records no longer on
      this tablet:{' '}
      <a class="govuk-link" href="/account/kept-texts">
        copy what you need from {count === 1 ? 'it' : 'them'}
      </a>{' '}
      before you sign out.
    </p>
  );
}

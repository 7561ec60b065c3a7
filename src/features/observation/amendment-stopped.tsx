// An amendment that stopped while it was open on this tablet, because the observation was returned
// for more evidence or closed meanwhile (src/db/amendments.ts): it names nothing any more and no
// amendment is recorded. What the person is told, with the reason they gave, until they stop it:
// as the amend page itself, or as a banner on the task list of the observation returned to them,
// where they go on working without opening the amend page again.
import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import type { ObservationStatus } from '../../../schemas/entities/observation';
import { isAmendable } from '../../../schemas/rules/status';
import { useServices } from '../../lib/services';
import { BackLink, Button, InsetText, NotificationBanner } from '../../ui/content';
import { amendSessionOf, endAmendSession, loadAmendSession } from './amend-session';
import type { AmendSession } from './amend-session';

/**
 * Why an amendment under way is over: the status that stopped it (the session's, or the
 * observation's now when it is not amendable; closed above all), or null while it goes on.
 */
export function stoppedBy(
  session: AmendSession,
  status: ObservationStatus,
): ObservationStatus | null {
  if (status === 'closed') return 'closed';
  return session.stopped ?? (isAmendable(status) ? null : status);
}

/** The amendment under way of this observation, read from the tablet as the page opens. */
export function useAmendSession(id: string): AmendSession | null {
  const { store } = useServices();
  const [, refresh] = useState(0);
  useEffect(() => {
    let live = true;
    // Not read (the store closed under it: a lock, a sign-out): the page is going with it.
    loadAmendSession(store, id).then(
      () => live && refresh((n) => n + 1),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [id, store]);
  return amendSessionOf(store, id);
}

type Props = {
  id: string;
  session: AmendSession;
  /** The observation's status now. */
  status: ObservationStatus;
};

/** The amend page of an amendment stopped by a closing or a return: why, and "Stop amending". */
export function AmendmentStoppedPage({ id, session, status }: Props) {
  const stop = useStop(id, `/observations/${id}`);
  if (stoppedBy(session, status) === 'closed') {
    return (
      <>
        <BackLink href={`/observations/${id}`} />
        <h1 class="govuk-heading-l">This observation has been closed</h1>
        <p class="govuk-body">
          It was closed while you were amending it, so it can no longer be changed. Any change you
          made that the server did not accept is kept, with what you typed, under{' '}
          <a class="govuk-link" href="/account/refused">
            Changes the server did not accept
          </a>
          .
        </p>
        <Button onClick={() => void stop()}>Stop amending</Button>
      </>
    );
  }
  return (
    <>
      <BackLink href={`/observations/${id}`} />
      <h1 class="govuk-heading-l">This observation was returned to you</h1>
      <ReturnedWords session={session} status={status} />
      <Button onClick={() => void stop()}>Stop amending</Button>
    </>
  );
}

/** On the task list of an observation returned while it was being amended here. */
export function AmendmentStoppedBanner({ id, session, status }: Props) {
  const [stopped, setStopped] = useState(false);
  const stop = useStop(id, null, () => setStopped(true));
  if (stopped) return null;
  return (
    <NotificationBanner title="Your amendment has stopped" id="amendment-stopped">
      <p class="govuk-notification-banner__heading">
        This observation was returned to you while you were amending it
      </p>
      <ReturnedWords session={session} status={status} />
      <Button variant="secondary" onClick={() => void stop()}>
        Stop amending
      </Button>
    </NotificationBanner>
  );
}

function ReturnedWords({ session, status }: Pick<Props, 'session' | 'status'>) {
  // Returned, and submitted again since (on another tablet) before this one was opened again.
  const since = status !== 'returned';
  return (
    <>
      <p class="govuk-body">
        {since
          ? 'It was returned for more evidence while you were amending it, and has been submitted again since. The changes you made are kept as ordinary changes; no amendment is recorded. To change it now, amend it again.'
          : 'It was returned for more evidence while you were amending it, so you can now change it freely and submit it again. The changes you made are kept; no amendment is recorded.'}
      </p>
      <InsetText>
        <p class="govuk-body">Your reason for amending it was: {session.reason}</p>
      </InsetText>
    </>
  );
}

/** Ends the session, then goes to `then` (or stays, telling `done`). */
function useStop(id: string, then: string | null, done?: () => void) {
  const { store } = useServices();
  const { route } = useLocation();
  return async () => {
    await endAmendSession(store, id);
    done?.();
    if (then) route(then);
  };
}

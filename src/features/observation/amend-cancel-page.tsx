// Cancelling an amendment under way. Its changes were saved as they were typed and may be on the
// server already, so cancelling is not throwing a draft away: each field it changed goes back to
// its value before it began, as an edit that names it (src/db/amendment-cancel.ts). This page is
// where the person chooses to lose what they typed in it, so it says which answers go back and to
// what, and which cannot (someone else has changed them since), before anything is done.
import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import type { FieldValue } from '../../../schemas/entities/field-value';
import { planAmendmentCancel } from '../../../schemas/rules/amendment-cancel';
import type { ChangedSince } from '../../../schemas/rules/amendment-cancel';
import { DbError, cancelAmendment } from '../../db';
import { useServices } from '../../lib/services';
import {
  BackLink,
  Button,
  ButtonGroup,
  ButtonLink,
  InsetText,
  WarningText,
} from '../../ui/content';
import { ErrorSummary } from '../../ui/error-summary';
import { usePageTitle } from '../../ui/page-title';
import { SummaryList } from '../../ui/summary-list';
import { amendSessionOf, loadAmendSession } from './amend-session';
import { stoppedBy } from './amendment-stopped';
import { Loading, NotFound } from './frame';
import { fieldLabel, pathValueText } from './model';
import { useObservation } from './use-observation';
import type { LoadedObservation } from './use-observation';

export function AmendCancelPage({ id }: { id: string }) {
  const state = useObservation(id);
  const { store, sync } = useServices();
  const { route } = useLocation();
  const [loaded, setLoaded] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  // Fields left as they were because someone else changed them since: the amendment stays open.
  const [left, setLeft] = useState<ChangedSince[] | null>(null);
  // Changes to actions or call attempts, which a cancel does not put back.
  const [childLeft, setChildLeft] = useState(0);
  useEffect(() => {
    let live = true;
    loadAmendSession(store, id).then(
      () => live && setLoaded(true),
      () => live && setLoaded(true),
    );
    return () => {
      live = false;
    };
  }, [id]);
  const session = amendSessionOf(store, id);
  usePageTitle(
    left ? 'Some of your changes could not be put back' : 'Cancel your amendment',
    error !== null,
  );
  if (state.status === 'loading' || !loaded) return <Loading />;
  if (state.status !== 'ready') return <NotFound />;
  const { data } = state;
  if (left) return <NotAllPutBack id={id} data={data} left={left} childLeft={childLeft} />;
  if (!session || stoppedBy(session, data.observation.status) !== null) {
    return (
      <>
        <BackLink href={`/observations/${id}`} />
        <h1 class="govuk-heading-l">There is no amendment to cancel</h1>
        <p class="govuk-body">
          This observation is not being amended on this tablet.{' '}
          <a class="govuk-link" href={`/observations/${id}`}>
            Go to the observation
          </a>
        </p>
      </>
    );
  }
  const plan = planAmendmentCancel(session.before, data.view.fields, session.wrote);
  const shown = shownIn(data);
  const back = Object.entries(plan.revert);
  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    setAttempt((n) => n + 1);
    try {
      const outcome = await cancelAmendment(store.db, store.cipher, id, session.id);
      await loadAmendSession(store, id);
      if (outcome.reverted.length > 0) sync.notifyLocalEdit();
      if (outcome.ended) route(`/observations/${id}?amendment=cancelled`);
      else {
        setChildLeft(outcome.childChanges.length);
        setLeft(outcome.changedSince);
      }
    } catch (err) {
      setError(
        err instanceof DbError
          ? err.message
          : 'The amendment could not be cancelled. Try again; nothing you changed has been lost.',
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <BackLink href={`/observations/${id}/amend`} />
      <ErrorSummary
        errors={error ? [{ href: '#cancel-amendment', text: error }] : []}
        focusKey={attempt}
      />
      <h1 class="govuk-heading-l">Are you sure you want to cancel your amendment?</h1>
      <InsetText>
        <p class="govuk-body">Your reason for amending it: {session.reason}</p>
      </InsetText>
      {back.length > 0 ? (
        <>
          <p class="govuk-body">
            The changes you made are saved, and may have been sent already. Cancelling puts{' '}
            {back.length === 1 ? 'this answer' : `these ${back.length} answers`} back to what{' '}
            {back.length === 1 ? 'it was' : 'they were'} before you began amending:
          </p>
          <SummaryList
            rows={back.map(([path, value]) => ({
              key: fieldLabel(data.template, path),
              value: (
                <>
                  <p class="govuk-body">Goes back to: {shown(path, value)}</p>
                  <p class="govuk-body app-secondary-text">
                    Now: {shown(path, data.view.fields[path] ?? null)}
                  </p>
                </>
              ),
            }))}
          />
          <p class="govuk-body">
            What you typed in {back.length === 1 ? 'it' : 'them'} while amending will be lost.
          </p>
        </>
      ) : (
        <p class="govuk-body">You have not changed anything in this amendment yet.</p>
      )}
      {plan.changedSince.length > 0 ? (
        <>
          <WarningText>
            Someone else has changed{' '}
            {plan.changedSince.length === 1 ? 'this answer' : 'these answers'} since you did, so{' '}
            {plan.changedSince.length === 1 ? 'it' : 'they'} will not be put back and your amendment
            will stay open for you to finish.
          </WarningText>
          <ChangedSinceList data={data} left={plan.changedSince} />
        </>
      ) : (
        <p class="govuk-body">No amendment will be added to the observation’s history.</p>
      )}
      <ButtonGroup>
        <Button
          id="cancel-amendment"
          variant="warning"
          onClick={() => void confirm()}
          disabled={busy}
        >
          Yes, cancel the amendment
        </Button>
        <a class="govuk-link" href={`/observations/${id}/amend`}>
          No, go back to the amendment
        </a>
      </ButtonGroup>
    </>
  );
}

/** A field's value in the words its page uses (a grade's label, not its key). */
const shownIn =
  (data: LoadedObservation) =>
  (path: string, value: FieldValue): string =>
    pathValueText(data.template, data.scale, path, value);

function ChangedSinceList({ data, left }: { data: LoadedObservation; left: ChangedSince[] }) {
  const shown = shownIn(data);
  return (
    <SummaryList
      rows={left.map((c) => ({
        key: fieldLabel(data.template, c.path),
        value: (
          <>
            <p class="govuk-body">Now: {shown(c.path, c.now)}</p>
            <p class="govuk-body app-secondary-text">
              You had changed it to: {shown(c.path, c.ours)}
            </p>
            <p class="govuk-body app-secondary-text">
              Before you began amending: {shown(c.path, c.before)}
            </p>
          </>
        ),
      }))}
    />
  );
}

/** After a cancel that could not put every field back: what is left, and finishing instead. */
function NotAllPutBack({
  id,
  data,
  left,
  childLeft,
}: {
  id: string;
  data: LoadedObservation;
  left: ChangedSince[];
  childLeft: number;
}) {
  return (
    <>
      <BackLink href={`/observations/${id}/amend`} />
      <h1 class="govuk-heading-l">Some of your changes could not be put back</h1>
      {left.length > 0 ? (
        <p class="govuk-body">
          Everything else you changed is back as it was. Someone else changed{' '}
          {left.length === 1 ? 'this answer' : 'these answers'} after you did, so{' '}
          {left.length === 1 ? 'it was' : 'they were'} left as{' '}
          {left.length === 1 ? 'it is' : 'they are'}:
        </p>
      ) : (
        <p class="govuk-body">The answers you changed are back as they were.</p>
      )}
      {left.length > 0 ? <ChangedSinceList data={data} left={left} /> : null}
      {childLeft > 0 ? (
        <p class="govuk-body">
          Cancelling does not put back improvement actions or call attempts: the ones you added,
          changed or removed while amending are as you left them.
        </p>
      ) : null}
      <p class="govuk-body">
        The observation has changed since it was submitted, so your amendment is still open. Check
        the answers, then finish amending to record the change with your reason.
      </p>
      <ButtonLink href={`/observations/${id}/amend`}>Continue amending</ButtonLink>
    </>
  );
}

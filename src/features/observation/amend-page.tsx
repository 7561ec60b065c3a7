import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { diffObservations } from '../../../schemas/rules/amendment-diff';
import { isAmendable, isEditableByAuthor } from '../../../schemas/rules/status';
import { observationFromFields } from '../../../schemas/entities/observation-fields';
import { flattenEntity } from '../../../schemas/entities/entity-fields';
import { DbError, saveFields } from '../../db';
import { newRecordId } from '../../lib/ids';
import { useFormDraft } from '../../lib/use-form-draft';
import { useServices } from '../../lib/services';
import { BackLink, Button, ButtonGroup, InsetText } from '../../ui/content';
import { ErrorSummary } from '../../ui/error-summary';
import { usePageTitle } from '../../ui/page-title';
import { TaskList } from '../../ui/task-list';
import { Textarea } from '../../ui/textarea';
import {
  amendSessionOf,
  endAmendSession,
  loadAmendSession,
  startAmendSession,
} from './amend-session';
import { Loading, NotFound } from './frame';
import { heldBackOf, problemHref, tasksOf } from './model';
import { readKept, useObservation } from './use-observation';

/**
 * Amending a submitted observation: a reason first, then the usual pages, then "Finish amending"
 * records every change with the reason as one amendment in its history.
 */
export function AmendPage({ id }: { id: string }) {
  const state = useObservation(id);
  const { store, sync, user } = useServices();
  const { route } = useLocation();
  const [loaded, setLoaded] = useState(false);
  // The reason is on the tablet from the first keystroke, so the idle lock does not lose it.
  const reasonDraft = useFormDraft<string>(`amend-reason:${id}`, () => '');
  const reason = reasonDraft.value;
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [finishAttempt, setFinishAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  // Not read: the store closed under it (a lock or a sign-out, which take the page away with it),
  // or the kept session cannot be opened. Either way it stays on the tablet as it is.
  const [unread, setUnread] = useState(false);
  // Why "Finish amending" did not finish (it may be pressed again: nothing is recorded twice).
  const [finishError, setFinishError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loadAmendSession(store, id).then(
      () => live && setLoaded(true),
      () => live && setUnread(true),
    );
    return () => {
      live = false;
    };
  }, [id]);
  const session = amendSessionOf(store, id);
  // A value typed but held back (it fails its check) would be left out of the amendment.
  const heldBack = state.status === 'ready' ? state.data.heldBack : [];
  const refused = session !== null && finishAttempt > 0 && heldBack.length > 0;
  usePageTitle(
    session ? 'Amending this observation' : 'Why are you amending it?',
    session ? refused || finishError !== null : error !== null,
  );
  if (unread) return <AmendmentUnread id={id} />;
  if (state.status === 'loading' || !loaded) return <Loading />;
  if (state.status !== 'ready') return <NotFound />;
  const { data } = state;

  if (!session) {
    const begin = async () => {
      setAttempt((n) => n + 1);
      if (!reason.trim()) {
        setError('Enter why you are amending this observation');
        return;
      }
      await startAmendSession(store, id, {
        // The amendment row's id from the start: every edit made while amending names it.
        id: newRecordId(),
        reason,
        before: data.view.fields,
        startedAt: new Date().toISOString(),
      });
      setError(null);
      // Now kept in the amendment session, so the draft's work is done.
      await reasonDraft.reset();
      route(`/observations/${id}/amend`, true);
    };
    return (
      <>
        <BackLink href={`/observations/${id}`} />
        <ErrorSummary
          errors={error ? [{ href: '#amend-reason', text: error }] : []}
          focusKey={attempt}
        />
        <h1 class="govuk-heading-l">Why are you amending it?</h1>
        <p class="govuk-body">
          The observation has been submitted, so every change is kept in its history with your
          reason.
        </p>
        <Textarea
          id="amend-reason"
          label="Reason for the amendment"
          labelSize="s"
          maxLength={2000}
          rows={4}
          value={reason}
          onInput={reasonDraft.set}
          error={error ?? undefined}
        />
        <Button onClick={() => void begin()}>Continue</Button>
      </>
    );
  }

  const status = data.observation.status;
  if (!isAmendable(status) && !isEditableByAuthor(status)) {
    // Closed while this tablet was amending it: nothing more can change, so the session ends.
    const stop = async () => {
      await endAmendSession(store, id);
      route(`/observations/${id}`);
    };
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

  if (isEditableByAuthor(status)) {
    // Returned for more evidence while this tablet was amending it: it is changed freely now and
    // submitted again, so no amendment is recorded (the server would refuse its row). What was
    // changed meanwhile stays, as ordinary changes; the reason is shown so it can be kept.
    const stop = async () => {
      await endAmendSession(store, id);
      route(`/observations/${id}`);
    };
    return (
      <>
        <BackLink href={`/observations/${id}`} />
        <h1 class="govuk-heading-l">This observation was returned to you</h1>
        <p class="govuk-body">
          It was returned for more evidence while you were amending it, so you can now change it
          freely and submit it again. The changes you made are kept; no amendment is recorded.
        </p>
        <InsetText>
          <p class="govuk-body">Your reason for amending it was: {session.reason}</p>
        </InsetText>
        <Button onClick={() => void stop()}>Stop amending</Button>
      </>
    );
  }

  const finish = async () => {
    if (busy) return;
    setBusy(true);
    setFinishError(null);
    try {
      await record();
    } catch (err) {
      setFinishError(
        err instanceof DbError
          ? err.message
          : 'The amendment could not be recorded. Try again; nothing you changed has been lost.',
      );
    } finally {
      setBusy(false);
    }
  };
  const record = async () => {
    setFinishAttempt((n) => n + 1);
    if (data.heldBack.length > 0) return;
    // Typed a moment ago, here or in another window, and held back: not finished without it.
    const kept = await readKept(store, id, data.actionViews);
    if (heldBackOf(data.observation, data.template, data.children.actions, kept).length > 0) return;
    // The session as kept: its id is the one the edits made while amending named.
    const amending = (await loadAmendSession(store, id)) ?? session;
    const header = {
      id,
      ownerId: data.view.ownerId ?? user.id,
      scopeId: data.view.scopeId ?? '',
      createdAt: data.view.updatedAt,
      updatedAt: data.view.updatedAt,
    };
    const changes = diffObservations(
      observationFromFields(amending.before, header),
      observationFromFields(data.view.fields, header),
    );
    const recorded = data.amendments.some((a) => a.id === amending.id);
    if (changes.length > 0 && !recorded) {
      await saveFields(store.db, store.cipher, {
        recordId: amending.id,
        type: 'amendment',
        parentId: id,
        changes: flattenEntity({
          observationId: id,
          at: new Date().toISOString(),
          by: user.id,
          reason: amending.reason,
          changes,
        }),
      });
      sync.notifyLocalEdit();
    }
    await endAmendSession(store, id);
    route(`/observations/${id}`);
  };
  const tasks = tasksOf(data.template, data.view, data.problems, data.children);
  return (
    <>
      <BackLink href={`/observations/${id}`} />
      <ErrorSummary
        errors={[
          ...(refused
            ? heldBack.map((h) => ({ href: problemHref(data, h.path), text: h.message }))
            : []),
          ...(finishError ? [{ href: '#finish-amending', text: finishError }] : []),
        ]}
        focusKey={`${finishAttempt}:${finishError ?? ''}`}
      />
      <h1 class="govuk-heading-l">Amending this observation</h1>
      <InsetText>
        <p class="govuk-body">Your reason: {session.reason}</p>
      </InsetText>
      <p class="govuk-body">
        Change what you need to in any section, then finish. Your changes are saved as you type.
      </p>
      <TaskList tasks={tasks} />
      <ButtonGroup>
        <Button id="finish-amending" onClick={() => void finish()} disabled={busy}>
          Finish amending
        </Button>
      </ButtonGroup>
    </>
  );
}

/** The amendment under way could not be read back; what is on the tablet is left as it is. */
function AmendmentUnread({ id }: { id: string }) {
  usePageTitle('Your amendment could not be opened');
  return (
    <>
      <BackLink href={`/observations/${id}`} />
      <h1 class="govuk-heading-l">Your amendment could not be opened</h1>
      <p class="govuk-body">
        Nothing has been removed from this tablet. Go back to the observation and open it again.
      </p>
    </>
  );
}

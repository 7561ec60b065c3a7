import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import {
  childContentOf,
  diffChildRows,
  diffObservations,
} from '../../../schemas/rules/amendment-diff';
import { observationFromFields } from '../../../schemas/entities/observation-fields';
import { flattenEntity } from '../../../schemas/entities/entity-fields';
import { DbError, saveFields } from '../../db';
import { newRecordId } from '../../lib/ids';
import { useFormDraft } from '../../lib/use-form-draft';
import { useServices } from '../../lib/services';
import { BackLink, Button, ButtonGroup, ButtonLink, InsetText } from '../../ui/content';
import { ErrorSummary } from '../../ui/error-summary';
import { usePageTitle } from '../../ui/page-title';
import { TaskList } from '../../ui/task-list';
import { Textarea } from '../../ui/textarea';
import { focusStartOfPage } from '../../ui/start-of-page';
import {
  amendSessionOf,
  endAmendSession,
  loadAmendSession,
  startAmendSession,
} from './amend-session';
import { AmendmentStoppedPage, stoppedBy } from './amendment-stopped';
import { useCallsAudit } from './audit-call';
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
  // A family feedback call is part of its audit: Back goes there while this tablet holds it.
  const audit = useCallsAudit(state.status === 'ready' ? state.data : null);
  // What stands in the way of finishing: the completeness rules' gaps in the observation as
  // amended, and any value typed but held back (it fails its check, so it would be left out).
  const problems = state.status === 'ready' ? state.data.problems : [];
  const refused = session !== null && finishAttempt > 0 && problems.length > 0;
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
        children: childContentOf([...data.actionViews, ...data.attemptViews]),
        // Nothing written yet: each edit of the observation, an action or a call attempt made
        // while amending notes what it left, so a cancel puts back only what still holds it.
        wrote: {},
        childWrote: {},
        startedAt: new Date().toISOString(),
      });
      setError(null);
      // Now kept in the amendment session, so the draft's work is done.
      await reasonDraft.reset();
      route(`/observations/${id}/amend`, true);
      // The same address, so no arrival focus: the keyboard would stay on the Continue button gone.
      focusStartOfPage();
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

  // Returned for more evidence or closed while this tablet was amending it: the amendment has
  // stopped (its edits name it no more, and its row would be refused). The page says why, with
  // the reason given, until the person stops it.
  if (stoppedBy(session, data.observation.status) !== null)
    return <AmendmentStoppedPage id={id} session={session} status={data.observation.status} />;

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
    // Complete as submitting requires, by the same rules as "check your answers", with every value
    // held back: an amendment never leaves a submitted observation one that could not be submitted.
    if (data.problems.length > 0) return;
    // Typed a moment ago, here or in another window, and held back: not finished without it.
    const kept = await readKept(store, id, data.actionViews);
    if (heldBackOf(data.observation, data.template, data.children.actions, kept).length > 0) return;
    // The session as kept: its id is the one the edits made while amending named.
    const amending = (await loadAmendSession(store, id)) ?? session;
    // Stopped a moment ago (a pull brought it back returned or closed): the page now says so.
    if (amending.stopped) return;
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
    // What changed in the actions and call attempts (a session begun before these were kept has
    // nothing to compare them with, and records only the observation's own fields).
    const childChanges = amending.children
      ? diffChildRows(amending.children, [...data.actionViews, ...data.attemptViews])
      : [];
    const recorded = data.amendments.some((a) => a.id === amending.id);
    if (changes.length + childChanges.length > 0 && !recorded) {
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
          ...(childChanges.length > 0 ? { childChanges } : {}),
        }),
      });
      sync.notifyLocalEdit();
    }
    await endAmendSession(store, id);
    const said = changes.length + childChanges.length > 0 ? 'recorded' : 'unchanged';
    route(`/observations/${id}?amendment=${said}`);
    // Finished from the task list at /observations/:id, the address keeps its path: no arrival
    // focus, and the Finish button goes, so the keyboard is put where a new page puts it.
    focusStartOfPage();
  };
  const tasks = tasksOf(data.template, data.view, data.problems, data.children);
  return (
    <>
      {/* The observation's own Back: its page, while amending, is this task list. */}
      <BackLink href={audit?.words ? `/observations/${audit.id}` : '/'} />
      <ErrorSummary
        errors={[
          ...(refused
            ? problems.map((p) => ({ href: problemHref(data, p.path), text: p.message }))
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
        <ButtonLink href={`/observations/${id}/amend/cancel`} variant="secondary">
          Cancel amendment
        </ButtonLink>
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

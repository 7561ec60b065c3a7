// Cancelling an amendment under way. Its changes were saved as they were typed and may be on the
// server already, so cancelling is not throwing a draft away: each field it changed goes back to
// its value before it began, and each improvement action or call attempt it added is removed, one
// it removed brought back and one it changed changed back, as edits that name it
// (src/db/amendment-cancel.ts). This page is where the person chooses to lose what they typed in
// it, so it says which answers, actions and call attempts go back and to what, and which cannot
// (someone else has changed them since), before anything is done.
import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import type { FieldValue } from '../../../schemas/entities/field-value';
import { planAmendmentCancel } from '../../../schemas/rules/amendment-cancel';
import type {
  ChangedSince,
  ChildChangedSince,
  ChildPutBack,
  ChildRowNow,
} from '../../../schemas/rules/amendment-cancel';
import { DbError, cancelAmendment, childCancelPlanOf } from '../../db';
import { useServices } from '../../lib/services';
import {
  BackLink,
  Button,
  ButtonGroup,
  ButtonLink,
  InsetText,
  WarningText,
} from '../../ui/content';
import { childChangeWords } from '../../ui/amendment-changes';
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
  // Changes to actions or call attempts left as they were, for the same reason.
  const [childLeft, setChildLeft] = useState<ChildChangedSince[]>([]);
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
    left
      ? 'Some of your changes could not be put back'
      : 'Are you sure you want to cancel your amendment?',
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
  const children = childCancelPlanOf(session, childRowsOf(data));
  const shown = shownIn(data);
  const back = Object.entries(plan.revert);
  const childBack = children.putBack;
  const changedSince = plan.changedSince.length + children.changedSince.length;
  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    setAttempt((n) => n + 1);
    try {
      const outcome = await cancelAmendment(store.db, store.cipher, id, session.id);
      await loadAmendSession(store, id);
      if (outcome.reverted.length + outcome.childrenPutBack.length > 0) sync.notifyLocalEdit();
      if (outcome.ended) route(`/observations/${id}?amendment=cancelled`);
      else {
        setChildLeft(outcome.childChangedSince);
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
      ) : null}
      {childBack.length > 0 ? (
        <>
          <p class="govuk-body">
            {back.length > 0
              ? 'It also puts back'
              : 'The changes you made are saved, and may have been sent already. Cancelling puts back'}{' '}
            the improvement actions and call attempts you added, changed or removed while amending:
            an action or call attempt you added is removed, one you removed is brought back, and one
            you changed goes back to what it was.
          </p>
          <ChildPutBackList data={data} back={childBack} />
        </>
      ) : null}
      {back.length === 0 && childBack.length === 0 ? (
        <p class="govuk-body">You have not changed anything in this amendment yet.</p>
      ) : null}
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
      ) : null}
      {children.changedSince.length > 0 ? (
        <>
          <WarningText>
            Someone else has changed {rowsIn(children.changedSince)} since you did, so{' '}
            {rowCount(children.changedSince) === 1 ? 'it' : 'they'} will not be put back and your
            amendment will stay open for you to finish.
          </WarningText>
          <ChildChangedSinceList data={data} left={children.changedSince} />
        </>
      ) : null}
      {changedSince === 0 ? (
        <p class="govuk-body">No amendment will be added to the observation’s history.</p>
      ) : null}
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

/** The observation's actions and call attempts as the page holds them, removed ones too. */
function childRowsOf(data: LoadedObservation): ChildRowNow[] {
  const live = [...data.actionViews, ...data.attemptViews].map((r) => ({
    id: r.id,
    type: r.type,
    fields: r.fields,
  }));
  // Removed, and kept on the tablet for someone else's change to it; any other removed row holds
  // what was left in it here.
  const removed = data.removed.map((r) => ({
    id: r.id,
    type: r.type,
    fields: r.fields,
    deleted: true,
  }));
  return [...live, ...removed];
}

/** The words of the amendment history's table for an action's or call attempt's field. */
const childWordsIn = (data: LoadedObservation) => (c: Parameters<typeof childChangeWords>[1]) =>
  childChangeWords(
    { template: data.template, scale: data.scale, actions: data.children.actions },
    c,
  );

const rowCount = (left: readonly { recordId: string }[]) =>
  new Set(left.map((c) => c.recordId)).size;

/** "this improvement action", "these call attempts", "these improvement actions and call attempts" */
function rowsIn(left: readonly ChildChangedSince[]): string {
  const one = rowCount(left) === 1;
  const types = new Set(left.map((c) => c.recordType));
  if (types.size > 1) return 'these improvement actions and call attempts';
  const noun = types.has('action') ? 'improvement action' : 'call attempt';
  return one ? `this ${noun}` : `these ${noun}s`;
}

function ChildPutBackList({ data, back }: { data: LoadedObservation; back: ChildPutBack[] }) {
  const words = childWordsIn(data);
  return (
    <SummaryList
      rows={back.flatMap((row) =>
        row.fields.map((f) => {
          const w = words({ ...row, path: f.path, before: f.now, after: f.to });
          return {
            key: w.what,
            value:
              row.kind === 'remove' ? (
                <>
                  <p class="govuk-body">You added this while amending: it will be removed.</p>
                  <p class="govuk-body app-secondary-text">Now: {w.before}</p>
                </>
              ) : row.kind === 'restore' ? (
                <>
                  <p class="govuk-body">
                    You removed this while amending: it will be brought back.
                  </p>
                  <p class="govuk-body app-secondary-text">Comes back as: {w.after}</p>
                </>
              ) : (
                <>
                  <p class="govuk-body">Goes back to: {w.after}</p>
                  <p class="govuk-body app-secondary-text">Now: {w.before}</p>
                </>
              ),
          };
        }),
      )}
    />
  );
}

function ChildChangedSinceList({
  data,
  left,
}: {
  data: LoadedObservation;
  left: ChildChangedSince[];
}) {
  const words = childWordsIn(data);
  const live = new Set([...data.actionViews, ...data.attemptViews].map((r) => r.id));
  return (
    <SummaryList
      rows={left.map((c) => {
        const now = words({ ...c, before: c.now, after: c.ours });
        const before = words({ ...c, before: c.before, after: c.before });
        return {
          key: now.what,
          value: (
            <>
              <p class="govuk-body">
                Now: {live.has(c.recordId) ? now.before : 'Removed by someone else'}
              </p>
              <p class="govuk-body app-secondary-text">You had changed it to: {now.after}</p>
              <p class="govuk-body app-secondary-text">
                Before you began amending: {before.before}
              </p>
            </>
          ),
        };
      })}
    />
  );
}

/** After a cancel that could not put everything back: what is left, and finishing instead. */
function NotAllPutBack({
  id,
  data,
  left,
  childLeft,
}: {
  id: string;
  data: LoadedObservation;
  left: ChangedSince[];
  childLeft: ChildChangedSince[];
}) {
  const one = rowCount(childLeft) === 1;
  return (
    <>
      <BackLink href={`/observations/${id}/amend`} />
      <h1 class="govuk-heading-l">Some of your changes could not be put back</h1>
      <p class="govuk-body">Everything else you changed is back as it was.</p>
      {left.length > 0 ? (
        <>
          <p class="govuk-body">
            Someone else changed {left.length === 1 ? 'this answer' : 'these answers'} after you
            did, so {left.length === 1 ? 'it was' : 'they were'} left as{' '}
            {left.length === 1 ? 'it is' : 'they are'}:
          </p>
          <ChangedSinceList data={data} left={left} />
        </>
      ) : null}
      {childLeft.length > 0 ? (
        <>
          <p class="govuk-body">
            Someone else changed {rowsIn(childLeft)} after you did, so{' '}
            {one ? 'it was' : 'they were'} left as {one ? 'it is' : 'they are'}:
          </p>
          <ChildChangedSinceList data={data} left={childLeft} />
        </>
      ) : null}
      <p class="govuk-body">
        The observation has changed since it was submitted, so your amendment is still open. Check
        the answers, then finish amending to record the change with your reason.
      </p>
      <ButtonLink href={`/observations/${id}/amend`}>Continue amending</ButtonLink>
    </>
  );
}

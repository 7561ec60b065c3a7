// Asking before a call attempt leaves the log (GOV.UK: a confirmation page for a destructive
// action). The removal is a synced delete of the child row; a text kept on this tablet for its
// note stays, as for any record that goes (kept-texts.tsx), and the page says where.
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { deleteRecord } from '../../db';
import type { RecordView } from '../../db';
import { useServices } from '../../lib/services';
import { Button, ButtonGroup } from '../../ui/content';
import { SummaryList } from '../../ui/summary-list';
import { AttemptNotFound, useCallAttempt } from './call-attempt-page';
import { ObservationFrame, Loading } from './frame';
import { KEPT_TEXTS_PAGE } from './kept-texts';
import type { LoadedObservation } from './use-observation';
import { ReadOnlyGuard } from './read-only-guard';
import { removedRows } from './removed-elsewhere';
import { WithObservation } from './with-observation';

/** The calls page's query after a removal, so it confirms it where the keyboard is put. */
export const REMOVED_QUERY = 'removed';

export function CallAttemptRemovePage({ id, attemptId }: { id: string; attemptId: string }) {
  return (
    <WithObservation id={id}>
      {(data) => (
        <ReadOnlyGuard data={data}>
          <Loader data={data} attemptId={attemptId} />
        </ReadOnlyGuard>
      )}
    </WithObservation>
  );
}

function Loader({ data, attemptId }: { data: LoadedObservation; attemptId: string }) {
  const { loading, view } = useCallAttempt(attemptId);
  if (loading) return <Loading />;
  if (!view || view.parentId !== data.view.id) return <AttemptNotFound data={data} />;
  return <Confirm data={data} view={view} />;
}

function Confirm({ data, view }: { data: LoadedObservation; view: RecordView }) {
  const { store, sync } = useServices();
  const { route } = useLocation();
  const [failed, setFailed] = useState(false);
  const list = `/observations/${data.view.id}/calls`;
  const kept = view.conflicts.some((c) => c.keptHere);
  const remove = () =>
    void deleteRecord(store.db, store.cipher, view.id).then(
      () => {
        sync.notifyLocalEdit();
        route(`${list}?${REMOVED_QUERY}=1`);
      },
      () => setFailed(true),
    );
  return (
    <ObservationFrame
      data={data}
      title="Are you sure you want to remove this call attempt?"
      back={list}
    >
      <SummaryList rows={removedRows(view)} />
      {kept ? (
        <p class="govuk-body">
          The text its note replaced when it was changed in two places at once stays on this tablet,
          listed under{' '}
          <a class="govuk-link" href={KEPT_TEXTS_PAGE}>
            text kept from records that have gone
          </a>
          , until you remove it.
        </p>
      ) : null}
      {failed ? (
        <p class="govuk-body" role="alert">
          The call attempt could not be removed on this tablet. Try again.
        </p>
      ) : null}
      <ButtonGroup>
        <Button variant="warning" onClick={remove}>
          Remove call attempt
        </Button>
        <a class="govuk-link" href={list}>
          Keep it
        </a>
      </ButtonGroup>
    </ObservationFrame>
  );
}

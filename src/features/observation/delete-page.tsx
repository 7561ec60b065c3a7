import { useLocation } from 'preact-iso';
import { deleteRecord } from '../../db';
import { useServices } from '../../lib/services';
import { BackLink, Button, ButtonGroup } from '../../ui/content';
import { usePageTitle } from '../../ui/page-title';
import { Loading, NotFound } from './frame';
import { kindLabels } from './model';
import { useObservation } from './use-observation';

export function DeletePage({ id }: { id: string }) {
  const state = useObservation(id);
  const { store, sync } = useServices();
  const { route } = useLocation();
  usePageTitle('Are you sure you want to delete this draft?');
  if (state.status === 'loading') return <Loading />;
  if (state.status !== 'ready' || state.data.observation.status !== 'draft') return <NotFound />;
  return (
    <>
      <BackLink href={`/observations/${id}`} />
      <h1 class="govuk-heading-l">Are you sure you want to delete this draft?</h1>
      <p class="govuk-body">
        {kindLabels[state.data.template.kind]}
        {state.data.observation.context.caseId
          ? `, case ${state.data.observation.context.caseId}`
          : ''}
        . If it was edited on another device meanwhile, you will be offered to restore it.
      </p>
      <ButtonGroup>
        <Button
          variant="warning"
          onClick={() =>
            void deleteRecord(store.db, store.cipher, id).then(() => {
              sync.notifyLocalEdit();
              route('/');
            })
          }
        >
          Delete draft
        </Button>
        <a class="govuk-link" href={`/observations/${id}`}>
          Keep it
        </a>
      </ButtonGroup>
    </>
  );
}

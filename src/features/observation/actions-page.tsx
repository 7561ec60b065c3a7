import { useLocation } from 'preact-iso';
import { saveFields } from '../../db';
import { newRecordId } from '../../lib/ids';
import { useServices } from '../../lib/services';
import { Button, ButtonGroup, ButtonLink } from '../../ui/content';
import { SummaryCard, SummaryList } from '../../ui/summary-list';
import { ObservationFrame } from './frame';
import { continueHref, formatDate, partsOf } from './model';
import type { LoadedObservation } from './use-observation';
import { WithObservation } from './with-observation';
import { partErrors } from './use-observation-form';
import { RemovedRows } from './removed-elsewhere';

export const actionStatusLabels = {
  open: 'Open',
  'in-progress': 'In progress',
  done: 'Done',
  cancelled: 'Cancelled',
} as const;

export function ActionsPage({ id }: { id: string }) {
  return (
    <WithObservation id={id} editable>
      {(data) => <ActionsList data={data} />}
    </WithObservation>
  );
}

function ActionsList({ data }: { data: LoadedObservation }) {
  const { store, sync } = useServices();
  const { route, query } = useLocation();
  const parts = partsOf(data.template, data.view.id);
  const index = parts.findIndex((p) => p.id === 'summary-actions');
  const next = continueHref(query, data.view.id, parts[index + 1]?.href);
  const errors = partErrors(
    data,
    (p) => p === 'actions' || p.startsWith('actions.'),
    query['check'] === '1',
  );
  const actions = data.children.actions.filter((a) => !a.deleted);
  const add = async () => {
    const id = newRecordId();
    await saveFields(store.db, store.cipher, {
      recordId: id,
      type: 'action',
      parentId: data.view.id,
      changes: {
        observationId: data.view.id,
        status: 'open',
        what: '',
        createdAt: new Date().toISOString(),
      },
    });
    sync.notifyLocalEdit();
    route(`/observations/${data.view.id}/actions/${id}`);
  };
  const links = errors.links.map((l) => {
    const m = /^#f-actions--([^-][^]*?)--/.exec(l.href);
    return m ? { ...l, href: `/observations/${data.view.id}/actions/${m[1]}?check=1${l.href}` } : l;
  });
  return (
    <ObservationFrame
      data={data}
      title={parts[index]?.title ?? 'Improvement actions'}
      back={
        query['from'] === 'check'
          ? next
          : (parts[index - 1]?.href ?? `/observations/${data.view.id}`)
      }
      errors={links}
    >
      <p class="govuk-body">
        Each action needs what is to be done, who will do it and when it is due by.
      </p>
      <RemovedRows rows={data.removed.filter((r) => r.type === 'action')} kind="action" />
      {actions.length === 0 ? (
        <p class="govuk-body" id="f-actions">
          No actions yet.
        </p>
      ) : null}
      {actions.map((a, i) => (
        <SummaryCard
          key={a.id}
          title={`Action ${i + 1}`}
          actions={
            <a class="govuk-link" href={`/observations/${data.view.id}/actions/${a.id}`}>
              Change<span class="govuk-visually-hidden"> action {i + 1}</span>
            </a>
          }
        >
          <SummaryList
            rows={[
              { key: 'What', value: a.what || 'Not entered' },
              { key: 'Who', value: a.ownerName ?? 'Not entered' },
              { key: 'Due by', value: a.dueDate ? formatDate(a.dueDate) : 'Not entered' },
              { key: 'Status', value: actionStatusLabels[a.status] },
            ]}
          />
        </SummaryCard>
      ))}
      <ButtonGroup>
        <Button variant="secondary" onClick={() => void add()}>
          Add an action
        </Button>
      </ButtonGroup>
      <ButtonGroup>
        <ButtonLink href={next}>Continue</ButtonLink>
        <a class="govuk-link" href={`/observations/${data.view.id}`}>
          Return to the task list
        </a>
      </ButtonGroup>
    </ObservationFrame>
  );
}

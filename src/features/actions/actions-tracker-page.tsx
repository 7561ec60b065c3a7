import { listSummaries, summariesById } from '../../db';
import { londonDateOf } from '../../../schemas/calendar/london-time';
import { actionOf, actionStatusLabels, caseIdOf, formatDate } from '../../lib/observation-records';
import { useServices } from '../../lib/services';
import { useLive } from '../../lib/use-live';
import { Tag } from '../../ui/content';
import { usePageTitle } from '../../ui/page-title';
import { isFinished, isOverdue } from '../../../schemas/rules/action-due';
import { trackerOrder } from './tracker-model';
import type { TrackedAction } from './tracker-model';
import { Table } from '../../ui/table';

/**
 * Every improvement action this person may see (their own observations' and, for oversight, every
 * one in their teams: the server sends nothing else), overdue first.
 */
export function ActionsTrackerPage() {
  const { store } = useServices();
  usePageTitle('Improvement actions');
  const today = londonDateOf(new Date());
  const live = useLive(async () => {
    const rows = await listSummaries(store.db, store.cipher, 'action');
    const parents = await summariesById(
      store.db,
      store.cipher,
      rows.flatMap((r) => (r.parentId ? [r.parentId] : [])),
    );
    return rows.map((r): TrackedAction => {
      return {
        ...actionOf(r),
        recordId: r.id,
        parentId: r.parentId,
        caseId: caseIdOf(r.parentId ? parents.get(r.parentId) : undefined),
      };
    });
  }, [store]);
  const all = trackerOrder(live.value ?? [], today);
  const open = all.filter((a) => !isFinished(a));
  const finished = all.filter(isFinished);
  const overdue = open.filter((a) => isOverdue(a, today)).length;
  return (
    <>
      <h1 class="govuk-heading-l">Improvement actions</h1>
      {live.loading && !live.value ? (
        <p class="govuk-body" role="status">
          Loading…
        </p>
      ) : (
        <>
          <p class="govuk-body" data-testid="actions-summary">
            {open.length} open, of which {overdue} overdue; {finished.length} finished.
          </p>
          <ActionTable caption="Open actions" rows={open} today={today} empty="No open actions." />
          <ActionTable
            caption="Finished actions"
            rows={finished}
            today={today}
            empty="None finished yet."
          />
        </>
      )}
    </>
  );
}

function ActionTable({
  caption,
  rows,
  today,
  empty,
}: {
  caption: string;
  rows: TrackedAction[];
  today: string;
  empty: string;
}) {
  if (rows.length === 0)
    return (
      <>
        <h2 class="govuk-heading-m">{caption}</h2>
        <p class="govuk-body">{empty}</p>
      </>
    );
  return (
    <Table
      caption={caption}
      rowHeaders={false}
      columns={[
        {
          header: 'Action',
          cell: (a) => (
            <a class="govuk-link" href={`/actions/${a.recordId}`}>
              {a.what || 'Not entered'}
            </a>
          ),
        },
        { header: 'Case ID', cell: (a) => a.caseId ?? 'No case ID' },
        { header: 'Owner', cell: (a) => a.ownerName ?? 'No owner' },
        { header: 'Due', cell: (a) => (a.dueDate ? formatDate(a.dueDate) : 'No due date') },
        { header: 'Status', cell: (a) => <ActionStatusTag action={a} today={today} /> },
      ]}
      rows={rows}
      rowKey={(a) => a.recordId}
    />
  );
}

function ActionStatusTag({ action: a, today }: { action: TrackedAction; today: string }) {
  if (isOverdue(a, today)) return <Tag colour="red">Overdue</Tag>;
  return (
    <Tag colour={a.status === 'done' ? 'green' : a.status === 'cancelled' ? 'grey' : 'blue'}>
      {actionStatusLabels[a.status]}
    </Tag>
  );
}

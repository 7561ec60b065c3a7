import { listSummaries } from '../../db';
import type { RecordSummary } from '../../db';
import { formatDate, statusLabels } from '../../lib/observation-records';
import { useServices } from '../../lib/services';
import { useLive } from '../../lib/use-live';
import { Tag } from '../../ui/content';
import { usePageTitle } from '../../ui/page-title';
import { Table } from '../../ui/table';
import { acknowledgedFirst, GoodPracticeTable } from './good-practice-table';
import { ModerationLink } from './moderation-link';

const STATUSES = ['submitted', 'returned', 'moderated'] as const;

/**
 * Observations of the QA lead's teams waiting for moderation, then those returned to their
 * observers and those already moderated. The server sends a QA lead every record of the teams
 * they oversee and nothing else, so what is on the tablet is what they may moderate.
 */
export function ModerationListPage() {
  const { store, user } = useServices();
  usePageTitle('Moderation');
  const live = useLive(async () => {
    // Nobody moderates their own observation.
    const others = (l: RecordSummary[]) =>
      l.filter((r) => r.ownerId !== null && r.ownerId !== user.id);
    const lists = await Promise.all(
      STATUSES.map((status) => listSummaries(store.db, store.cipher, 'observation', { status })),
    );
    // Good practice stays acknowledged whatever the status becomes (closed too), so every
    // observation is looked at, not only those of the statuses above.
    const all = await listSummaries(store.db, store.cipher, 'observation');
    return { lists: lists.map(others), acknowledged: acknowledgedFirst(others(all)) };
  }, [store, user.id]);
  const [waiting, returned, moderated] = live.value?.lists ?? [[], [], []];
  return (
    <>
      <h1 class="govuk-heading-l">Moderation</h1>
      <p class="govuk-body">
        Read each submitted observation, say whether you agree with each judgement and why, then
        mark it moderated or return it to the observer for more evidence. Your comments are added
        beside the observer’s words; nothing they wrote is changed.
      </p>
      {user.role === 'qa-lead' ? (
        <p class="govuk-body">
          <a class="govuk-link" href="/audit-discussions">
            Heads of service’s discussions of audited cases
          </a>
        </p>
      ) : null}
      {live.loading && !live.value ? (
        <p class="govuk-body" role="status">
          Loading…
        </p>
      ) : (
        <>
          <ModerationTable
            caption="Waiting for moderation"
            rows={waiting ?? []}
            empty="Nothing is waiting for moderation."
          />
          <ModerationTable
            caption="Returned for more evidence"
            rows={returned ?? []}
            empty="None returned."
          />
          <ModerationTable caption="Moderated" rows={moderated ?? []} empty="None moderated yet." />
          <GoodPracticeTable rows={live.value?.acknowledged ?? []} />
        </>
      )}
    </>
  );
}

function ModerationTable({
  caption,
  rows,
  empty,
}: {
  caption: string;
  rows: RecordSummary[];
  empty: string;
}) {
  if (rows.length === 0) {
    return (
      <>
        <h2 class="govuk-heading-m">{caption}</h2>
        <p class="govuk-body">{empty}</p>
      </>
    );
  }
  return (
    <Table
      caption={`${caption} (${rows.length})`}
      rowHeaders={false}
      columns={[
        {
          header: 'Observation',
          cell: (r) => <ModerationLink row={r} />,
        },
        { header: 'Case ID', cell: (r) => String(r.fields['context.caseId'] ?? '') },
        {
          header: 'Date',
          cell: (r) => {
            const date = r.fields['context.date'];
            return typeof date === 'string' ? formatDate(date) : '';
          },
        },
        { header: 'Status', cell: (r) => <ModerationStatusTag row={r} /> },
      ]}
      rows={rows}
      rowKey={(r) => r.id}
    />
  );
}

function ModerationStatusTag({ row }: { row: RecordSummary }) {
  const status = String(row.fields['status']) as keyof typeof statusLabels;
  return (
    <Tag colour={status === 'returned' ? 'orange' : status === 'moderated' ? 'green' : 'blue'}>
      {statusLabels[status] ?? status}
    </Tag>
  );
}

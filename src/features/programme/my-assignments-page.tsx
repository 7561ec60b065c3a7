import { observationKindLabels } from '../../../schemas/entities/observation-kind';
import { COVERAGE_STATE_LABELS, byUrgency } from '../../../schemas/rules/coverage';
import { listRecords } from '../../db';
import { reminderText } from '../../lib/assignment-reminders';
import { assignmentHere } from '../../lib/assignments-here';
import type { AssignmentHere } from '../../lib/assignments-here';
import { useServices } from '../../lib/services';
import { useLive } from '../../lib/use-live';
import { NotificationBanner, Tag } from '../../ui/content';
import { usePageTitle } from '../../ui/page-title';
import { Table } from '../../ui/table';
import type { Column } from '../../ui/table';
import { STATE_COLOURS, formatDate, londonToday, stateOf, subjectOf } from './model';

const columns: Column<AssignmentHere>[] = [
  {
    header: 'Assignment',
    cell: (a) => (
      <a class="govuk-link" href={`/assignments/${a.id}`}>
        {observationKindLabels[a.kind]}
        {subjectOf(a) ? `: ${subjectOf(a)}` : ''}
      </a>
    ),
  },
  { header: 'Team', cell: (a) => a.teamName ?? '' },
  { header: 'Due', cell: (a) => formatDate(a.dueDate) },
  {
    header: 'Status',
    cell: (a) => <Tag colour={STATE_COLOURS[stateOf(a)]}>{COVERAGE_STATE_LABELS[stateOf(a)]}</Tag>,
  },
];

/** What the programme has given me to do, most urgent first; works offline from the store. */
export function MyAssignmentsPage() {
  const { store, user } = useServices();
  usePageTitle('My assignments');
  const live = useLive(
    async () =>
      (
        await Promise.all(
          (await listRecords(store.db, store.cipher, 'assignment')).map((r) =>
            assignmentHere(store, r),
          ),
        )
      ).filter((a) => a.observerUserId === user.id),
    [store, user.id],
  );
  const list = byUrgency(live.value ?? [], londonToday());
  const overdue = list.filter((a) => stateOf(a) === 'overdue').length;
  const soon = list.filter((a) => stateOf(a) === 'due-soon').length;
  const open = list.filter((a) => !['done', 'exempted'].includes(stateOf(a)));
  const closed = list.filter((a) => ['done', 'exempted'].includes(stateOf(a)));
  return (
    <>
      <h1 class="govuk-heading-l">My assignments</h1>
      {overdue + soon > 0 ? (
        <NotificationBanner title="Reminder">
          <p class="govuk-notification-banner__heading">
            {reminderText({ overdue, dueSoon: soon })}
          </p>
        </NotificationBanner>
      ) : null}
      {live.loading && !live.value ? <p class="govuk-body">Loading your assignments…</p> : null}
      {live.value && list.length === 0 ? (
        <p class="govuk-body">Nothing has been assigned to you yet.</p>
      ) : null}
      {open.length ? (
        <Table caption="To do" rows={open} rowKey={(a) => a.id} columns={columns} />
      ) : null}
      {closed.length ? (
        <Table caption="Done or exempted" rows={closed} rowKey={(a) => a.id} columns={columns} />
      ) : null}
    </>
  );
}

import { actionDueState } from '../../../schemas/rules/action-due';
import type { ActionStatus } from '../../../schemas/entities/improvement-action';
import type { RecordSummary } from '../../db';
import { formatDate } from '../../lib/observation-records';
import { Tag } from '../../ui/content';
import { Table } from '../../ui/table';

export type DueAction = { action: RecordSummary; caseId: string | undefined };

/** The due date in words, marked when it is today or has passed. */
function DueBy({ action, today }: { action: RecordSummary; today: string }) {
  const due = typeof action.fields['dueDate'] === 'string' ? action.fields['dueDate'] : undefined;
  const state = actionDueState(
    { status: (action.fields['status'] ?? 'open') as ActionStatus, dueDate: due },
    today,
  );
  return (
    <>
      {due ? formatDate(due) : 'No due date'}
      {state === 'overdue' ? (
        <>
          {' '}
          <Tag colour="red">Overdue</Tag>
        </>
      ) : state === 'due-today' ? (
        <>
          {' '}
          <Tag colour="orange">Due today</Tag>
        </>
      ) : null}
    </>
  );
}

/**
 * The open actions of this person's observations, soonest due first: each with the case it is
 * for, since several observations often end with the same action ("share the plan in writing").
 */
export function ActionsDueTable({ rows, today }: { rows: DueAction[]; today: string }) {
  return (
    <Table
      caption="Improvement actions due"
      captionSize="hidden"
      rowHeaders={false}
      testId="actions-due"
      columns={[
        {
          header: 'Action',
          cell: ({ action: a }) => (
            <a class="govuk-link" href={`/observations/${a.parentId}/actions/${a.id}`}>
              {String(a.fields['what'] || 'Action without a description')}
            </a>
          ),
        },
        { header: 'Case ID', cell: ({ caseId }) => caseId ?? 'No case ID' },
        { header: 'Due by', cell: ({ action }) => <DueBy action={action} today={today} /> },
      ]}
      rows={rows}
      rowKey={({ action }) => action.id}
    />
  );
}

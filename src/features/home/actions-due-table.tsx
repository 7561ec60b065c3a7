import { actionDueState } from '../../../schemas/rules/action-due';
import type { ActionStatus } from '../../../schemas/entities/improvement-action';
import type { RecordSummary } from '../../db';
import { formatDate } from '../../lib/observation-records';
import { Tag } from '../../ui/content';
import { ScrollRegion } from '../../ui/scroll-region';

export type DueAction = { action: RecordSummary; caseId: string | undefined };

/**
 * The open actions of this person's observations, soonest due first: each with the case it is
 * for, since several observations often end with the same action ("share the plan in writing").
 */
export function ActionsDueTable({ rows, today }: { rows: DueAction[]; today: string }) {
  return (
    <ScrollRegion label="Improvement actions due">
      <table class="govuk-table" data-testid="actions-due">
        <caption class="govuk-table__caption govuk-visually-hidden">
          Improvement actions due
        </caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">
              Action
            </th>
            <th scope="col" class="govuk-table__header">
              Case ID
            </th>
            <th scope="col" class="govuk-table__header">
              Due by
            </th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {rows.map(({ action: a, caseId }) => {
            const due = typeof a.fields['dueDate'] === 'string' ? a.fields['dueDate'] : undefined;
            const state = actionDueState(
              { status: (a.fields['status'] ?? 'open') as ActionStatus, dueDate: due },
              today,
            );
            return (
              <tr class="govuk-table__row" key={a.id}>
                <td class="govuk-table__cell">
                  <a class="govuk-link" href={`/observations/${a.parentId}/actions/${a.id}`}>
                    {String(a.fields['what'] || 'Action without a description')}
                  </a>
                </td>
                <td class="govuk-table__cell">{caseId ?? 'No case ID'}</td>
                <td class="govuk-table__cell">
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
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

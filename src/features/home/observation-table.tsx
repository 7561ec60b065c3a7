import type { ObservationKind } from '../../../schemas/entities/observation-kind';
import type { RecordSummary } from '../../db';
import { Tag } from '../../ui/content';

// Kind and status words are repeated here rather than imported: features do not import each
// other, and these are short labels, not rules.
const kinds: Record<ObservationKind, string> = {
  'cp-conference-chairing': 'CP conference chairing',
  'lac-review-chairing': 'LAC review chairing',
  'frontline-practice': 'Frontline practice',
  'family-feedback-call': 'Family feedback call',
  'single-case-audit': 'Single case audit',
};
const statuses: Record<string, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  returned: 'Returned',
  moderated: 'Moderated',
  closed: 'Closed',
};

const updated = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

export function ObservationTable({ caption, rows }: { caption: string; rows: RecordSummary[] }) {
  return (
    <table class="govuk-table app-observation-table">
      <caption class="govuk-table__caption govuk-visually-hidden">{caption}</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">
            Observation
          </th>
          <th scope="col" class="govuk-table__header">
            Case ID
          </th>
          <th scope="col" class="govuk-table__header">
            Status
          </th>
          <th scope="col" class="govuk-table__header">
            Last changed
          </th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {rows.map((r) => {
          const status = String(r.fields['status'] ?? 'draft');
          return (
            <tr class="govuk-table__row" key={r.id}>
              <td class="govuk-table__cell">
                <a class="govuk-link" href={`/observations/${r.id}`}>
                  {kinds[r.fields['kind'] as ObservationKind] ?? 'Observation'}
                  {r.fields['context.observedName'] ? (
                    <span class="govuk-visually-hidden">{` of ${String(r.fields['context.observedName'])}`}</span>
                  ) : null}
                </a>
                {r.fields['context.observedName'] ? (
                  <div class="govuk-body-s app-secondary-text">
                    {String(r.fields['context.observedName'])}
                  </div>
                ) : null}
              </td>
              <td class="govuk-table__cell">{String(r.fields['context.caseId'] ?? '–')}</td>
              <td class="govuk-table__cell">
                <Tag
                  colour={status === 'returned' ? 'orange' : status === 'draft' ? 'grey' : 'blue'}
                >
                  {statuses[status] ?? status}
                </Tag>
                {r.pending ? <div class="govuk-body-s app-secondary-text">Not sent yet</div> : null}
                {r.conflictCount > 0 ? (
                  <div class="govuk-body-s">
                    <Tag colour="orange">Edited on another device</Tag>
                  </div>
                ) : null}
              </td>
              <td class="govuk-table__cell">{updated.format(new Date(r.updatedAt))}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

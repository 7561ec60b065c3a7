import type { ObservationKind } from '../../../schemas/entities/observation-kind';
import type { RecordSummary } from '../../db';
import { kindLabels } from '../../lib/observation-records';

/** An observation as the Moderation list names it (its kind, and who was observed), linked. */
export function ModerationLink({ row }: { row: RecordSummary }) {
  return (
    <a class="govuk-link" href={`/moderation/${row.id}`}>
      {kindLabels[row.fields['kind'] as ObservationKind] ?? 'Observation'}
      {row.fields['context.observedName']
        ? ` of ${String(row.fields['context.observedName'])}`
        : ''}
    </a>
  );
}

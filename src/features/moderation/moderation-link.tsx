import { peopleWords } from '../../../schemas/entities/kind-words';
import type { ObservationKind } from '../../../schemas/entities/observation-kind';
import type { RecordSummary } from '../../db';
import { kindLabels } from '../../lib/observation-records';

/** A record as the Moderation list names it (its kind, and whom it is about), linked. */
export function ModerationLink({ row }: { row: RecordSummary }) {
  const kind = row.fields['kind'] as ObservationKind;
  const title = kindLabels[kind] ?? 'Observation';
  const name = row.fields['context.observedName'];
  return (
    <a class="govuk-link" href={`/moderation/${row.id}`}>
      {name
        ? (peopleWords[kind] ?? peopleWords['frontline-practice']).titleWith(title, String(name))
        : title}
    </a>
  );
}

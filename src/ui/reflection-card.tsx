// The practitioner's reflection as the observer recorded it at the feedback conversation
// (`summary.reflection`, the observer's words) and the practitioner's own response, written by
// them once the observation is shared with them (`practitionerResponse`): two people's words,
// each shown with who wrote it, on the moderation page, the printed copy and the practitioner's
// own page.
import { peopleWords } from '../../schemas/entities/kind-words';
import type { Observation } from '../../schemas/entities/observation';
import type { ObservationKind } from '../../schemas/entities/observation-kind';
import type { Template } from '../../schemas/entities/template';
import { MultilineText } from './content';
import { SummaryCard, SummaryList } from './summary-list';
import type { SummaryRow } from './summary-list';

/** The template's name for the reflection the observer records ("The IRO’s reflection"). */
export function reflectionLabel(template: Template): string | undefined {
  const part = template.summary.find((p) => p.part === 'reflection');
  return part ? (part.label ?? 'Their reflection') : undefined;
}

function Credited({ text, by }: { text: string | undefined; by: string }) {
  return (
    <>
      {text?.trim() ? <MultilineText text={text} /> : <p class="govuk-body">Not recorded</p>}
      <p class="govuk-body-s app-secondary-text">{by}</p>
    </>
  );
}

/**
 * "Recorded by the observer, Sam Patel" ("the auditor" of an audit, "the caller" of a call), or
 * without the name when the tablet does not know it.
 */
export function recordedByObserver(kind: ObservationKind, observerName?: string): string {
  const by = `Recorded by the ${peopleWords[kind].author}`;
  return observerName ? `${by}, ${observerName}` : by;
}

/** The observer's record of the reflection, credited to them. */
export function observerReflectionRow(
  observation: Observation,
  template: Template,
  observerName?: string,
): SummaryRow | null {
  const label = reflectionLabel(template);
  if (label === undefined && observation.summary.reflection === undefined) return null;
  return {
    key: label ?? 'Their reflection',
    value: (
      <Credited
        text={observation.summary.reflection}
        by={recordedByObserver(observation.kind, observerName)}
      />
    ),
  };
}

/** The practitioner's own response, credited to them; null until they write one. */
export function practitionerResponseRow(observation: Observation): SummaryRow | null {
  if (!observation.practitionerResponse?.trim()) return null;
  const name = observation.context.observedName?.trim();
  const person = peopleWords[observation.kind].person;
  return {
    key: 'Their own response',
    value: (
      <Credited
        text={observation.practitionerResponse}
        by={name ? `Written by ${name}, ${person}` : `Written by ${person}`}
      />
    ),
  };
}

/** Both, in a card of their own; nothing when neither is there to show. */
export function ReflectionCard({
  observation,
  template,
  observerName,
}: {
  observation: Observation;
  template: Template;
  observerName?: string;
}) {
  const rows = [
    observerReflectionRow(observation, template, observerName),
    practitionerResponseRow(observation),
  ].filter((r): r is SummaryRow => r !== null);
  if (rows.length === 0) return null;
  return (
    <SummaryCard title="Reflection and response" id="reflection-and-response">
      <SummaryList rows={rows} />
    </SummaryCard>
  );
}

import { spaceActivates } from './space-activates';

/** "Report a safety concern": one tap from every screen of an observation. */
export function SafetyConcernLink({ observationId }: { observationId?: string }) {
  const href = observationId
    ? `/concerns/new?observation=${encodeURIComponent(observationId)}`
    : '/concerns/new';
  return (
    <a
      href={href}
      role="button"
      draggable={false}
      class="govuk-button govuk-button--warning app-concern-button"
      data-module="govuk-button"
      onKeyDown={spaceActivates}
    >
      Report a safety concern
    </a>
  );
}

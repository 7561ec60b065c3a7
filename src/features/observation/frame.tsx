import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { SaveState } from '../../lib/autosave';
import { BackLink } from '../../ui/content';
import { SafetyConcernLink } from '../../ui/concern-link';
import { ErrorSummary, focusTarget } from '../../ui/error-summary';
import type { ErrorLink } from '../../ui/error-summary';
import { usePageTitle } from '../../ui/page-title';
import { SaveStatus } from '../../ui/save-status';
import { kindLabels } from './model';
import { RejectedChanges } from './rejected-changes';
import type { LoadedObservation } from './use-observation';

type Props = {
  data: LoadedObservation;
  title: string;
  back: string;
  errors?: ErrorLink[];
  /**
   * Changes on each attempt to submit, so the summary takes focus again (see ErrorSummary). Left
   * out where errors come from the saved answers: only those there on arrival take focus.
   */
  errorsAttempt?: unknown;
  /** The page's form: whether what is typed is on the device, and what is held back unsent. */
  save?: { state: SaveState; error: unknown; heldBack?: readonly string[] };
  children: ComponentChildren;
  /** The page's heading is inside the children (a legend as heading). */
  headingInside?: boolean;
};

/** Every page of an observation: back link, what it is, save state, the safety button, errors. */
export function ObservationFrame({
  data,
  title,
  back,
  errors = [],
  errorsAttempt = 'on-arrival',
  save,
  children,
  headingInside,
}: Props) {
  usePageTitle(title, errors.length > 0);
  useEffect(() => {
    // Arriving from "check your answers" with a field named in the address: take the person there.
    if (location.hash.length > 1) setTimeout(() => focusTarget(location.hash), 0);
  }, []);
  const caseId = data.observation.context.caseId;
  // The kind is left out where it is the heading itself (the task list), not said twice.
  const kind = kindLabels[data.template.kind];
  const caption =
    title === kind
      ? caseId
        ? `Case ${caseId}`
        : null
      : `${kind}${caseId ? ` · case ${caseId}` : ''}`;
  return (
    <>
      <div class="app-observation-bar">
        <BackLink href={back} />
        <div class="app-observation-bar__actions">
          {save ? (
            <SaveStatus
              state={save.state}
              error={save.error}
              heldBack={save.heldBack?.length ?? 0}
            />
          ) : null}
          <SafetyConcernLink observationId={data.view.id} />
        </div>
      </div>
      <ErrorSummary errors={errors} focusKey={errorsAttempt} />
      <RejectedChanges recordId={data.view.id} />
      {caption ? <span class="govuk-caption-l">{caption}</span> : null}
      {headingInside ? null : <h1 class="govuk-heading-l">{title}</h1>}
      {children}
    </>
  );
}

export function Loading() {
  usePageTitle('Loading');
  return (
    <p class="govuk-body" role="status">
      Loading…
    </p>
  );
}

/** An observation (or, named, one of its rows) that is not on this tablet. */
export function NotFound({
  what = 'Observation',
  gone = 'deleted',
  back = '/',
  backText = 'Go to your observations',
}: {
  what?: string;
  gone?: string;
  back?: string;
  backText?: string;
}) {
  usePageTitle(`${what} not found`);
  return (
    <>
      <h1 class="govuk-heading-l">{what} not found</h1>
      <p class="govuk-body">
        It is not on this tablet. It may have been {gone}, or it may not have been sent to this
        tablet yet.
      </p>
      <p class="govuk-body">
        <a class="govuk-link" href={back}>
          {backText}
        </a>
      </p>
    </>
  );
}

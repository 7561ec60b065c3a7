import type { ComponentChildren } from 'preact';
import { useRecordFamily } from '../../lib/use-record-family';
import type { RecordFamily } from '../../lib/use-record-family';
import { usePageTitle } from '../../ui/page-title';

/** Loads an observation for moderation, or says why it cannot be shown. */
export function FamilyGate({
  id,
  children,
}: {
  id: string;
  children: (family: RecordFamily) => ComponentChildren;
}) {
  const state = useRecordFamily(id);
  if (state.status === 'ready') return <>{children(state.family)}</>;
  return <NotHere state={state.status} />;
}

function NotHere({ state }: { state: 'loading' | 'missing' | 'no-template' }) {
  const title =
    state === 'loading'
      ? 'Loading'
      : state === 'missing'
        ? 'Observation not found'
        : 'Checklist not on this tablet yet';
  usePageTitle(title);
  if (state === 'loading')
    return (
      <p class="govuk-body" role="status">
        Loading…
      </p>
    );
  return (
    <>
      <h1 class="govuk-heading-l">{title}</h1>
      <p class="govuk-body">
        {state === 'missing'
          ? 'It is not on this tablet: it may not be in a team you oversee, or it has not been sent to this tablet yet.'
          : 'This observation uses a checklist version this tablet has not received. Sync, then try again.'}
      </p>
      <p class="govuk-body">
        <a class="govuk-link" href="/moderation">
          Go to moderation
        </a>
      </p>
    </>
  );
}

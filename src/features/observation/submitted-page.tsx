import { useServices } from '../../lib/services';
import { ButtonGroup, ButtonLink, Panel } from '../../ui/content';
import { usePageTitle } from '../../ui/page-title';
import { useCallsAudit } from './audit-call';
import { Loading, NotFound } from './frame';
import { kindLabels } from './model';
import { useObservation } from './use-observation';
import type { LoadedObservation } from './use-observation';

export function SubmittedPage({ id }: { id: string }) {
  const state = useObservation(id);
  usePageTitle('Submitted');
  if (state.status === 'loading') return <Loading />;
  if (state.status !== 'ready') return <NotFound />;
  return <Submitted data={state.data} />;
}

function Submitted({ data }: { data: LoadedObservation }) {
  const { online } = useServices();
  // A family feedback call is part of its audit: the audit is where the auditor goes next.
  const audit = useCallsAudit(data);
  const sent = !data.view.pending;
  return (
    <>
      <Panel title={`${kindLabels[data.template.kind]} submitted`}>
        {data.observation.context.caseId ? `Case ${data.observation.context.caseId}` : null}
      </Panel>
      <p class="govuk-body" role="status" data-testid="send-state">
        {sent
          ? 'It has reached the server.'
          : online
            ? 'It is being sent to the server now.'
            : 'It is saved on this tablet and will be sent to the server as soon as the tablet has a signal. You do not need to do anything.'}
      </p>
      <h2 class="govuk-heading-m">What happens next</h2>
      <p class="govuk-body">
        A quality assurance lead may moderate it, or return it to you if more evidence is needed.
      </p>
      {audit?.words ? (
        <ButtonGroup>
          <ButtonLink href={`/observations/${audit.id}`}>Go back to the audit</ButtonLink>
          <a class="govuk-link" href="/">
            Go to your observations
          </a>
        </ButtonGroup>
      ) : (
        <ButtonLink href="/">Go to your observations</ButtonLink>
      )}
    </>
  );
}

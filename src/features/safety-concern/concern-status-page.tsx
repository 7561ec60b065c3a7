import { useLocation } from 'preact-iso';
import { getRecord } from '../../db';
import { useServices } from '../../lib/services';
import { useLive } from '../../lib/use-live';
import { ButtonLink, Panel } from '../../ui/content';
import { usePageTitle } from '../../ui/page-title';
import { PhoneNow } from './phone-now';

/** After sending: confirmed by the server, or waiting (with the instruction to phone). */
export function ConcernStatusPage({ id }: { id: string }) {
  const { query } = useLocation();
  const { sync, settings, store } = useServices();
  const waiting = sync.unsentConcerns.some((c) => c.concern.id === id);
  const live = useLive(() => getRecord(store.db, store.cipher, id), [id]);
  usePageTitle(waiting ? 'Safety concern not sent yet' : 'Safety concern sent');
  const back = query['observation'] ? `/observations/${query['observation']}` : '/';
  if (waiting) {
    return (
      <>
        <h1 class="govuk-heading-l">Your safety concern has not been sent yet</h1>
        <PhoneNow dutyPhone={settings.dutyPhone} reason="not-sent" />
        <ButtonLink href={back}>Return to what you were doing</ButtonLink>
      </>
    );
  }
  const received = live.value?.fields['receivedAt'];
  return (
    <>
      <Panel title="Safety concern sent">
        {typeof received === 'string'
          ? `Received at ${new Date(received).toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' })}`
          : 'The server has it'}
      </Panel>
      <p class="govuk-body">
        The Director and the quality assurance leads for the team are being told now.
      </p>
      <ButtonLink href={back}>Return to what you were doing</ButtonLink>
    </>
  );
}

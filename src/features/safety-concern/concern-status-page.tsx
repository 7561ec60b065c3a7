import { useLocation } from 'preact-iso';
import { useEffect } from 'preact/hooks';
import { concernViewSchema } from '../../../schemas/sync/concerns';
import type { ConcernView } from '../../../schemas/sync/concerns';
import { describeDirectorNotice } from '../../lib/director-notice';
import { londonTimeWords } from '../../../schemas/calendar/london-time';
import { formatInstant } from '../../lib/observation-records';
import { useServices } from '../../lib/services';
import { useOnlineReport } from '../../lib/use-online-report';
import { ButtonLink, Panel } from '../../ui/content';
import { usePageTitle } from '../../ui/page-title';
import { PhoneNow } from './phone-now';

/** The tablet's copy of the server's last word on the concern just raised (one at a time). */
export const CONCERN_STATUS_CACHE = 'concern-status';
export const concernPath = (id: string) => `/api/concerns/${encodeURIComponent(id)}`;
/** How often the page asks again while an email or alert is still on its way. */
const RECHECK_MS = 5_000;

/**
 * After sending: waiting (not sent: phone), or confirmed by the server with exactly how the
 * Director is being told, as the server last said (asked again while something is on its way).
 */
export function ConcernStatusPage({ id }: { id: string }) {
  const { query } = useLocation();
  const { sync, settings, online } = useServices();
  const waiting = sync.unsentConcerns.some((c) => c.concern.id === id);
  const status = useOnlineReport(
    CONCERN_STATUS_CACHE,
    waiting ? null : concernPath(id),
    concernViewSchema,
  );
  const words = status.value ? describeDirectorNotice(status.value.directorNotice) : null;
  const { reload } = status;
  useEffect(() => {
    if (!words?.pending || !online || status.fromCache) return;
    const timer = setTimeout(reload, RECHECK_MS);
    return () => clearTimeout(timer);
  }, [words?.pending, online, status.fromCache, status.fetchedAt, reload]);
  usePageTitle(waiting ? 'Safety concern not sent yet' : 'Safety concern sent');
  const back = query['observation'] ? `/observations/${query['observation']}` : '/';
  if (waiting) {
    return (
      <>
        <h1 class="govuk-heading-l">Your safety concern has not been sent yet</h1>
        {/* The app's banner above every page alerts that a concern has not gone (src/app/banners.tsx,
            from the same list as `waiting`): this one is read with the page, not heard twice. */}
        <PhoneNow dutyPhone={settings.dutyPhone} reason="not-sent" announced />
        <ButtonLink href={back}>Return to what you were doing</ButtonLink>
      </>
    );
  }
  return (
    <>
      <Panel title="Safety concern sent">{receivedWords(status.value)}</Panel>
      <h2 class="govuk-heading-m">How the Director is being told</h2>
      {/* The one live region: drawn before the server answers, so its answer is read out when it
          arrives, and again as it changes ("being sent now" becomes "went at 10:42"). The phone
          banner inside it is no alert of its own, or the news would be heard twice. */}
      <div aria-live="polite" data-testid="director-notice-live">
        {words ? (
          <div data-testid="director-notice">
            {status.fromCache && status.fetchedAt ? (
              <p class="govuk-inset-text" data-testid="notice-cached">
                No connection to the server: this is what it said on{' '}
                {formatInstant(status.fetchedAt)}.
              </p>
            ) : null}
            {words.lines.map((line) => (
              <p class="govuk-body" key={line}>
                {line}
              </p>
            ))}
            {words.pending && !status.fromCache ? (
              <p class="govuk-hint">This page checks again every few seconds until it has gone.</p>
            ) : null}
            {words.phone ? (
              <PhoneNow dutyPhone={settings.dutyPhone} reason="director-not-told" announced />
            ) : null}
          </div>
        ) : status.loading ? (
          <p class="govuk-body">Asking the server…</p>
        ) : (
          <p class="govuk-body" data-testid="notice-unknown">
            The server has your concern, but this tablet cannot reach it now to find out how the
            Director is being told. If you are not sure the Director knows, phone the duty team and
            follow your local procedure.
          </p>
        )}
      </div>
      <ButtonLink href={back}>Return to what you were doing</ButtonLink>
    </>
  );
}

function receivedWords(view: ConcernView | undefined): string {
  const received = view?.concern.receivedAt;
  return received ? `Received at ${londonTimeWords(new Date(received))}` : 'The server has it';
}

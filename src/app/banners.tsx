import { useServices } from '../lib/services';
import { describeSyncStatus } from '../sync';
import type { SessionController } from './session';
import { UpdateBanner } from './update-banner';

/**
 * The unsent safety concern warning, the app update, and where syncing stands. Sync's routine
 * steps ("Sending 2 changes", "All changes sent") are shown but not announced, as they follow every
 * pause in typing; only what needs the person is (no signal, sign in again, refused changes,
 * a problem), from a live region drawn before it has anything to say.
 */
export function Banners({ controller }: { controller: SessionController }) {
  const { sync, settings } = useServices();
  void controller;
  const status = sync.state
    ? describeSyncStatus({
        state: sync.state,
        unsent: { count: sync.unsentCount },
        rejected: sync.rejectedCount,
      })
    : null;
  const concerns = sync.unsentConcerns.length;
  return (
    <>
      <UpdateBanner />
      {concerns > 0 ? (
        <div
          class="govuk-notification-banner app-banner--urgent"
          role="alert"
          aria-labelledby="concern-banner-title"
        >
          <div class="govuk-notification-banner__header">
            <h2 class="govuk-notification-banner__title" id="concern-banner-title">
              Safety concern not sent
            </h2>
          </div>
          <div class="govuk-notification-banner__content">
            <p class="govuk-notification-banner__heading">
              {concerns === 1 ? 'A safety concern has' : `${concerns} safety concerns have`} not
              reached the server yet.{' '}
              {settings.dutyPhone ? (
                <>
                  Phone the duty team now on{' '}
                  <a
                    class="govuk-notification-banner__link"
                    href={`tel:${settings.dutyPhone.replace(/[^+\d]/g, '')}`}
                  >
                    {settings.dutyPhone}
                  </a>
                  .
                </>
              ) : (
                'Phone your duty team now.'
              )}
            </p>
          </div>
        </div>
      ) : null}
      <div
        data-received={sync.state?.lastReceivedAt ?? ''}
        data-phase={sync.state?.phase ?? ''}
        class={`app-sync-status app-sync-status--${status?.tone ?? 'ok'}`}
        // A landmark of its own, as it sits outside main and is no longer a live region.
        role="region"
        aria-label="Sending your changes"
        data-testid="sync-status"
      >
        {status ? (
          <>
            <span data-testid="sync-waiting">{status.waiting}</span>
            {status.lastSent ? <span> · {status.lastSent}</span> : null}
          </>
        ) : (
          <span>Starting…</span>
        )}
        <div role="status" data-testid="sync-message">
          {status?.message ? (
            <p class="govuk-body govuk-!-margin-bottom-0 app-sync-status__message">
              {status.message}
            </p>
          ) : null}
        </div>
        {status && sync.rejectedCount > 0 ? (
          <a class="govuk-link" href="/account/refused">
            Changes not accepted
          </a>
        ) : null}
        {status?.action === 'sign-in' ? (
          <a class="govuk-link" href="/sign-in-again">
            Sign in again
          </a>
        ) : null}
        {status?.action === 'reload' ? (
          <button
            type="button"
            class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
            onClick={() => location.reload()}
          >
            Reload the app
          </button>
        ) : null}
      </div>
    </>
  );
}

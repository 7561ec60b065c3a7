import { useEffect, useState } from 'preact/hooks';
import { flushAllAutosaves } from '../lib/autosave';

type Apply = () => Promise<void>;

/** "A new version is ready": applied only when the person says, after their work is saved. */
export function useUpdateReady(): Apply | null {
  const [apply, setApply] = useState<Apply | null>(
    () => (window as { __appUpdate?: Apply }).__appUpdate ?? null,
  );
  useEffect(() => {
    const on = (e: Event) => setApply(() => (e as CustomEvent<Apply>).detail);
    window.addEventListener('app-update-ready', on);
    return () => window.removeEventListener('app-update-ready', on);
  }, []);
  return apply;
}

export function UpdateBanner() {
  const apply = useUpdateReady();
  const [busy, setBusy] = useState(false);
  const [unsaved, setUnsaved] = useState(false);
  if (!apply) return null;
  return (
    <div
      class="govuk-notification-banner app-update-banner"
      role="region"
      aria-labelledby="update-title"
      data-testid="update-banner"
    >
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id="update-title">
          Update available
        </h2>
      </div>
      <div class="govuk-notification-banner__content">
        <p class="govuk-body">
          A new version of the app is ready. Your work is saved first, then the app reloads.
        </p>
        {unsaved ? (
          <p class="govuk-body govuk-!-font-weight-bold" role="alert">
            What you typed last could not be saved on this tablet, so the app has not reloaded. The
            tablet may be out of space: free some, then try again.
          </p>
        ) : null}
        <button
          type="button"
          class="govuk-button govuk-!-margin-bottom-0"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            // Never reload over unsaved work: every open form is written to the disk first, and
            // if that fails the reload waits.
            if (!(await flushAllAutosaves())) {
              setUnsaved(true);
              setBusy(false);
              return;
            }
            setUnsaved(false);
            await apply();
          }}
        >
          Update now
        </button>
      </div>
    </div>
  );
}

import { dismissRejection, listRejections } from '../../db';
import { useServices } from '../../lib/services';
import { useLive } from '../../lib/use-live';

const shown = (v: unknown) => (v === null ? '(cleared)' : String(v));

/**
 * Changes the server refused for good, shown against the record they concern with what was typed,
 * so the person can copy it and put it right; never retried for ever, never dropped unseen.
 */
export function RejectedChanges({ recordId }: { recordId: string }) {
  const { store } = useServices();
  const live = useLive(() => listRejections(store.db, store.cipher, recordId), [recordId, store]);
  const rejected = live.value ?? [];
  if (rejected.length === 0) return null;
  return (
    <div
      class="govuk-error-summary app-rejected"
      data-testid="rejected-changes"
      aria-labelledby="rejected-title"
      role="region"
    >
      <h2 class="govuk-error-summary__title" id="rejected-title">
        {rejected.length === 1
          ? 'A change was not accepted'
          : `${rejected.length} changes were not accepted`}
      </h2>
      <div class="govuk-error-summary__body">
        {rejected.map((r) => (
          <div key={r.mutation.id} class="app-rejected__item">
            <p class="govuk-body">{r.message}</p>
            <ul class="govuk-list govuk-list--bullet">
              {Object.entries(r.mutation.set).map(([path, value]) => (
                <li key={path} class="app-prewrap">
                  What you entered: {shown(value)}
                </li>
              ))}
            </ul>
            <button
              type="button"
              class="govuk-button govuk-button--secondary"
              onClick={() => void dismissRejection(store.db, r.mutation.id)}
            >
              I have read this<span class="govuk-visually-hidden"> refused change</span>
            </button>
          </div>
        ))}
      </div>
    </div>
  );
}

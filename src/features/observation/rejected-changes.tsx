import { useState } from 'preact/hooks';
import { dismissRejection, listRejections } from '../../db';
import { useServices } from '../../lib/services';
import { useLive } from '../../lib/use-live';
import { RefusedChange, RefusedChangeRead } from '../../ui/refused-change';

/**
 * Changes the server refused for good, shown against the record they concern with what was typed,
 * so the person can copy it and put it right; never retried for ever, never dropped unseen.
 */
export function RejectedChanges({ recordId }: { recordId: string }) {
  const { store } = useServices();
  const live = useLive(() => listRejections(store.db, store.cipher, recordId), [recordId, store]);
  const [read, setRead] = useState(0);
  const rejected = live.value ?? [];
  if (rejected.length === 0) return <RefusedChangeRead count={read} />;
  return (
    <>
      <RefusedChangeRead count={read} />
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
            <RefusedChange
              key={r.rowId}
              message={r.message}
              entered={r.mutation.set}
              onDismiss={() => {
                setRead((n) => n + 1);
                void dismissRejection(store.db, r.rowId);
              }}
            />
          ))}
        </div>
      </div>
    </>
  );
}

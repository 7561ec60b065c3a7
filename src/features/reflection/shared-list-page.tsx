import type { ObservationKind } from '../../../schemas/entities/observation-kind';
import { listSummaries } from '../../db';
import { formatDate, kindLabels, statusLabels } from '../../lib/observation-records';
import { useServices } from '../../lib/services';
import { useLive } from '../../lib/use-live';
import { usePageTitle } from '../../ui/page-title';

/**
 * The observations of this practitioner that their observers have shared with them. The server
 * sends a practitioner only what was shared with them, and this list keeps to those naming them.
 */
export function SharedListPage() {
  const { store, user } = useServices();
  usePageTitle('Shared with you');
  const live = useLive(async () => {
    const rows = await listSummaries(store.db, store.cipher, 'observation');
    return rows.filter(
      (r) =>
        r.ownerId !== user.id &&
        r.fields['context.observedUserId'] === user.id &&
        r.fields['sharedWithPractitioner'] === true,
    );
  }, [store, user.id]);
  const rows = live.value ?? [];
  return (
    <>
      <h1 class="govuk-heading-l">Shared with you</h1>
      <p class="govuk-body">
        Observations of your practice that the observer has shared with you. Read what they saw and
        add your own response.
      </p>
      {live.loading && !live.value ? (
        <p class="govuk-body" role="status">
          Loading…
        </p>
      ) : rows.length === 0 ? (
        <p class="govuk-body">Nothing has been shared with you yet.</p>
      ) : (
        <ul class="govuk-list govuk-list--spaced">
          {rows.map((r) => {
            const date = r.fields['context.date'];
            const status = String(r.fields['status'] ?? 'submitted') as keyof typeof statusLabels;
            return (
              <li key={r.id}>
                <a class="govuk-link" href={`/shared/${r.id}`}>
                  {kindLabels[r.fields['kind'] as ObservationKind] ?? 'Observation'}
                  {typeof date === 'string' ? ` on ${formatDate(date)}` : ''}
                </a>{' '}
                <span class="govuk-body-s app-secondary-text">
                  {statusLabels[status] ?? status}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

import type { ObservationKind } from '../../../schemas/entities/observation-kind';
import { listSummaries } from '../../db';
import type { RecordSummary } from '../../db';
import { formatDate, kindLabels, statusLabels } from '../../lib/observation-records';
import { useServices } from '../../lib/services';
import { useLive } from '../../lib/use-live';
import { Tag } from '../../ui/content';
import { usePageTitle } from '../../ui/page-title';
import { ScrollRegion } from '../../ui/scroll-region';

const STATUSES = ['submitted', 'returned', 'moderated'] as const;

/**
 * Observations of the QA lead's teams waiting for moderation, then those returned to their
 * observers and those already moderated. The server sends a QA lead every record of the teams
 * they oversee and nothing else, so what is on the tablet is what they may moderate.
 */
export function ModerationListPage() {
  const { store, user } = useServices();
  usePageTitle('Moderation');
  const live = useLive(async () => {
    const lists = await Promise.all(
      STATUSES.map((status) => listSummaries(store.db, store.cipher, 'observation', { status })),
    );
    // Nobody moderates their own observation.
    return lists.map((l) => l.filter((r) => r.ownerId !== null && r.ownerId !== user.id));
  }, [store, user.id]);
  const [waiting, returned, moderated] = live.value ?? [[], [], []];
  return (
    <>
      <h1 class="govuk-heading-l">Moderation</h1>
      <p class="govuk-body">
        Read each submitted observation, say whether you agree with each judgement and why, then
        mark it moderated or return it to the observer for more evidence. Your comments are added
        beside the observer’s words; nothing they wrote is changed.
      </p>
      {live.loading && !live.value ? (
        <p class="govuk-body" role="status">
          Loading…
        </p>
      ) : (
        <>
          <ModerationTable
            caption="Waiting for moderation"
            rows={waiting ?? []}
            empty="Nothing is waiting for moderation."
          />
          <ModerationTable
            caption="Returned for more evidence"
            rows={returned ?? []}
            empty="None returned."
          />
          <ModerationTable caption="Moderated" rows={moderated ?? []} empty="None moderated yet." />
        </>
      )}
    </>
  );
}

function ModerationTable({
  caption,
  rows,
  empty,
}: {
  caption: string;
  rows: RecordSummary[];
  empty: string;
}) {
  if (rows.length === 0) {
    return (
      <>
        <h2 class="govuk-heading-m">{caption}</h2>
        <p class="govuk-body">{empty}</p>
      </>
    );
  }
  return (
    <ScrollRegion label={caption}>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">
          {caption} ({rows.length})
        </caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">
              Observation
            </th>
            <th scope="col" class="govuk-table__header">
              Case ID
            </th>
            <th scope="col" class="govuk-table__header">
              Date
            </th>
            <th scope="col" class="govuk-table__header">
              Status
            </th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {rows.map((r) => {
            const status = String(r.fields['status']) as keyof typeof statusLabels;
            const date = r.fields['context.date'];
            return (
              <tr class="govuk-table__row" key={r.id}>
                <td class="govuk-table__cell">
                  <a class="govuk-link" href={`/moderation/${r.id}`}>
                    {kindLabels[r.fields['kind'] as ObservationKind] ?? 'Observation'}
                    {r.fields['context.observedName']
                      ? ` of ${String(r.fields['context.observedName'])}`
                      : ''}
                  </a>
                </td>
                <td class="govuk-table__cell">{String(r.fields['context.caseId'] ?? '')}</td>
                <td class="govuk-table__cell">
                  {typeof date === 'string' ? formatDate(date) : ''}
                </td>
                <td class="govuk-table__cell">
                  <Tag
                    colour={
                      status === 'returned' ? 'orange' : status === 'moderated' ? 'green' : 'blue'
                    }
                  >
                    {statusLabels[status] ?? status}
                  </Tag>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

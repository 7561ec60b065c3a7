import { useEffect, useRef } from 'preact/hooks';
import { listSummaries, unsentSummary } from '../../db';
import type { RecordSummary } from '../../db';
import { useServices } from '../../lib/services';
import { useLive } from '../../lib/use-live';
import { ButtonLink, Tag } from '../../ui/content';
import { usePageTitle } from '../../ui/page-title';
import { ObservationTable } from './observation-table';

const EDITABLE = new Set(['draft', 'returned']);

function dueSoonFirst(a: RecordSummary, b: RecordSummary): number {
  return String(a.fields['dueDate'] ?? '9999').localeCompare(String(b.fields['dueDate'] ?? '9999'));
}

/** My drafts, what I have submitted, actions due, and what is only on this tablet. */
export function HomePage() {
  const { store, user, sync } = useServices();
  usePageTitle('Your observations');
  const live = useLive(async () => {
    const started = performance.now();
    const [observations, actions, unsent] = await Promise.all([
      listSummaries(store.db, store.cipher, 'observation'),
      listSummaries(store.db, store.cipher, 'action'),
      unsentSummary(store.db),
    ]);
    performance.measure('obs:home-query', { start: started, end: performance.now() });
    return { observations, actions, unsent };
  }, [store]);
  const value = live.value;
  // User Timing: from the screen opening to its lists on screen, for tests/bench.
  const opened = useRef(performance.now());
  const measured = useRef(false);
  useEffect(() => {
    if (value && !measured.current) {
      measured.current = true;
      performance.measure('obs:home-render', { start: opened.current, end: performance.now() });
    }
  }, [value]);
  const mine = (value?.observations ?? []).filter(
    (o) => o.ownerId === null || o.ownerId === user.id,
  );
  const drafts = mine.filter((o) => EDITABLE.has(String(o.fields['status'] ?? 'draft')));
  const submitted = mine.filter((o) => !EDITABLE.has(String(o.fields['status'] ?? 'draft')));
  const myObservationIds = new Set(mine.map((o) => o.id));
  const actionsDue = (value?.actions ?? [])
    .filter(
      (a) =>
        (a.parentId && myObservationIds.has(a.parentId)) || a.fields['ownerUserId'] === user.id,
    )
    .filter((a) => a.fields['status'] !== 'done' && a.fields['status'] !== 'cancelled')
    .sort(dueSoonFirst);
  const unsent = value?.unsent;
  return (
    <>
      <h1 class="govuk-heading-l">Your observations</h1>
      <ButtonLink href="/observations/new" start>
        Start a new observation
      </ButtonLink>
      <section aria-labelledby="on-device-heading" class="app-on-device">
        <h2 class="govuk-heading-s" id="on-device-heading">
          On this tablet
        </h2>
        <p class="govuk-body" data-testid="on-device">
          {unsent === undefined
            ? 'Checking…'
            : unsent.count === 0
              ? 'Everything you have done has been sent to the server.'
              : `${unsent.count === 1 ? '1 change has' : `${unsent.count} changes have`} not been sent to the server yet${unsent.oldestAt ? `; the oldest is from ${new Date(unsent.oldestAt).toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'medium', timeStyle: 'short' })}` : ''}. ${sync.state?.failure === 'offline' ? 'They will be sent when the tablet has a signal.' : ''}`}
        </p>
      </section>
      <h2 class="govuk-heading-m">Drafts ({drafts.length})</h2>
      {drafts.length === 0 ? (
        <p class="govuk-body">You have no drafts.</p>
      ) : (
        <ObservationTable caption="Your drafts" rows={drafts} />
      )}
      <h2 class="govuk-heading-m">Improvement actions due ({actionsDue.length})</h2>
      {actionsDue.length === 0 ? (
        <p class="govuk-body">No open actions.</p>
      ) : (
        <ul class="govuk-list" data-testid="actions-due">
          {actionsDue.slice(0, 20).map((a) => (
            <li key={a.id}>
              <a class="govuk-link" href={`/observations/${a.parentId}/actions/${a.id}`}>
                {String(a.fields['what'] || 'Action without a description')}
              </a>{' '}
              {a.fields['dueDate'] ? (
                <Tag colour="grey">{`Due ${String(a.fields['dueDate'])}`}</Tag>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <h2 class="govuk-heading-m">Submitted ({submitted.length})</h2>
      {submitted.length === 0 ? (
        <p class="govuk-body">Nothing submitted yet.</p>
      ) : (
        <ObservationTable caption="Submitted observations" rows={submitted} />
      )}
    </>
  );
}

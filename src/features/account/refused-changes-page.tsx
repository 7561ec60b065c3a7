import { useState } from 'preact/hooks';
import { dismissRejection, listRejections, summariesById } from '../../db';
import type { RejectionView } from '../../db';
import { formatInstant } from '../../lib/observation-records';
import { useServices } from '../../lib/services';
import { useLive } from '../../lib/use-live';
import { BackLink } from '../../ui/content';
import { usePageTitle } from '../../ui/page-title';
import { RefusedChange, RefusedChangeRead } from '../../ui/refused-change';

const KIND_WORDS: Record<string, string> = {
  observation: 'An observation',
  action: 'An improvement action',
  'call-attempt': 'A call attempt',
  amendment: 'An amendment',
  'review-comment': 'A moderation comment',
  'safety-concern': 'A safety concern',
  assignment: 'An assignment',
};

/** Where the record a refusal concerns can be opened, if it (or its observation) is here. */
function openAt(r: RejectionView, onTablet: ReadonlySet<string>): string | null {
  const m = r.mutation;
  if (m.type === 'observation')
    return onTablet.has(m.recordId) ? `/observations/${m.recordId}` : null;
  if (m.parentId && onTablet.has(m.parentId)) return `/observations/${m.parentId}`;
  return null;
}

/**
 * Every change the server refused for good, whatever it was a change to, in one place: the
 * reason, everything that was typed, and where the record is if it is still on the tablet. A
 * refused new record never reaches the server, so this page may be the only place its words are.
 */
export function RefusedChangesPage() {
  const { store } = useServices();
  usePageTitle('Changes the server did not accept');
  const live = useLive(async () => {
    const refused = await listRejections(store.db, store.cipher);
    const ids = refused.flatMap((r) => [r.mutation.recordId, r.mutation.parentId ?? '']);
    const here = await summariesById(store.db, store.cipher, ids.filter(Boolean));
    return { refused, onTablet: new Set(here.keys()) };
  }, [store]);
  const refused = live.value?.refused ?? [];
  const [read, setRead] = useState(0);
  return (
    <>
      <BackLink href="/account" />
      <h1 class="govuk-heading-l">Changes the server did not accept</h1>
      <RefusedChangeRead count={read} />
      {live.loading && !live.value ? (
        <p class="govuk-body" role="status">
          Loading…
        </p>
      ) : refused.length === 0 ? (
        <p class="govuk-body">There are none: every change you made was accepted.</p>
      ) : (
        <>
          <p class="govuk-body">
            The server refused these for the reason given, so they are not in the authority’s
            record. What you typed is kept here until you say you have read it: copy anything you
            need, put it right where you can, and ask your quality assurance lead if you are not
            sure why.
          </p>
          {refused.map((r) => {
            const href = openAt(r, live.value!.onTablet);
            return (
              <div key={r.rowId} class="app-rejected">
                <h2 class="govuk-heading-s govuk-!-margin-bottom-1">
                  {KIND_WORDS[r.mutation.type] ?? 'A record'}, changed{' '}
                  {formatInstant(r.mutation.at)}
                </h2>
                {href ? (
                  <p class="govuk-body">
                    <a class="govuk-link" href={href}>
                      Open the observation
                    </a>
                  </p>
                ) : null}
                <RefusedChange
                  message={r.message}
                  entered={r.mutation.set}
                  onDismiss={() => {
                    setRead((n) => n + 1);
                    void dismissRejection(store.db, r.rowId);
                  }}
                />
              </div>
            );
          })}
        </>
      )}
    </>
  );
}

import { useLocation } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  deletedElsewhere,
  keptTextsHere,
  ownedIds,
  pageSummaries,
  summariesById,
  unsentSummary,
} from '../../db';
import type { RecordSummary } from '../../db';
import { reminderText, useAssignmentReminders } from '../../lib/assignment-reminders';
import { OBSERVING_ROLES } from '../../../schemas/api/account';
import { useConcernsWaiting } from '../../lib/concerns-waiting';
import { useServices } from '../../lib/services';
import { useLive } from '../../lib/use-live';
import { ButtonLink, NotificationBanner } from '../../ui/content';
import { usePageTitle } from '../../ui/page-title';
import { Pagination } from '../../ui/pagination';
import { londonDateOf, londonDateTimeOf } from '../../../schemas/calendar/london-time';
import { caseIdOf } from '../../lib/observation-records';
import { ActionsDueTable } from './actions-due-table';
import { ObservationTable } from './observation-table';

export const PAGE_SIZE = 50;

/** My drafts, what I have submitted, actions due, and what is only on this tablet. */
export function HomePage() {
  const { store, user, sync } = useServices();
  usePageTitle('Your observations');
  const { query } = useLocation();
  const page = Math.max(1, Number(query['page'] ?? 1) || 1);
  const live = useLive(async () => {
    const started = performance.now();
    const mine = await ownedIds(store.db, 'observation', user.id);
    const [drafts, submitted, actions, unsent, deleted, kept] = await Promise.all([
      pageSummaries(store.db, store.cipher, {
        type: 'observation',
        statuses: ['draft', 'returned'],
        ownedBy: user.id,
      }),
      pageSummaries(store.db, store.cipher, {
        type: 'observation',
        statuses: ['submitted', 'moderated', 'closed'],
        ownedBy: user.id,
        offset: (page - 1) * PAGE_SIZE,
        limit: PAGE_SIZE,
      }),
      pageSummaries(store.db, store.cipher, {
        type: 'action',
        statuses: ['open', 'in-progress'],
        parentIds: mine,
        order: 'due',
        limit: 20,
      }),
      unsentSummary(store.db),
      deletedElsewhere(store.db, store.cipher),
      keptTextsHere(store.db, store.cipher),
    ]);
    const parents = await summariesById(
      store.db,
      store.cipher,
      [...actions.items, ...deleted].flatMap((a) => (a.parentId ? [a.parentId] : [])),
    );
    const caseOf = (r: RecordSummary) => caseIdOf(r.parentId ? parents.get(r.parentId) : undefined);
    const actionsDue = actions.items.map((action) => ({ action, caseId: caseOf(action) }));
    const deletedHere = deleted.map((record) => ({ record, caseId: caseOf(record) }));
    performance.measure('obs:home-query', { start: started, end: performance.now() });
    return {
      drafts,
      submitted,
      actions,
      actionsDue,
      unsent,
      deleted: deletedHere,
      kept: kept.counts,
      keptLeft: kept.leftBehind.length,
    };
  }, [store, page]);
  const value = live.value;
  const reminder = reminderText(useAssignmentReminders());
  const concernsWaiting = useConcernsWaiting() ?? 0;
  // User Timing: from the screen opening to its lists on screen, for tests/bench.
  const opened = useRef(performance.now());
  const measured = useRef(false);
  useEffect(() => {
    if (value && !measured.current) {
      measured.current = true;
      performance.measure('obs:home-render', { start: opened.current, end: performance.now() });
    }
  }, [value]);
  const drafts = value?.drafts.items ?? [];
  const keptCounts = value?.kept ?? new Map<string, number>();
  const submitted = value?.submitted;
  const actionsDue = value?.actionsDue ?? [];
  const pages = Math.max(1, Math.ceil((submitted?.total ?? 0) / PAGE_SIZE));
  const unsent = value?.unsent;
  const [persisted, setPersisted] = useState<boolean | null>(null);
  useEffect(() => {
    void navigator.storage
      ?.persisted?.()
      .then(setPersisted)
      .catch(() => setPersisted(null));
  }, []);
  return (
    <>
      {concernsWaiting > 0 ? <ConcernsWaitingBanner count={concernsWaiting} /> : null}
      <h1 class="govuk-heading-l">Your observations</h1>
      {OBSERVING_ROLES.has(user.role) ? (
        <ButtonLink href="/observations/new" start>
          Start a new observation
        </ButtonLink>
      ) : user.role === 'guest' ? (
        <p class="govuk-body" data-testid="start-hint">
          You record the observations you are assigned: start one from{' '}
          <a class="govuk-link" href="/assignments">
            My assignments
          </a>
          .
        </p>
      ) : null}
      <section aria-labelledby="on-device-heading" class="app-on-device">
        <h2 class="govuk-heading-s" id="on-device-heading">
          On this tablet
        </h2>
        {persisted === false ? (
          <p class="govuk-body" data-testid="storage-warning">
            <strong>
              This browser has not agreed to keep the app’s data if the tablet runs low on space.
            </strong>{' '}
            Work not yet sent could be lost if the browser clears it. Send your changes when you
            can, and see{' '}
            <a class="govuk-link" href="/account">
              your account and this tablet
            </a>
            .
          </p>
        ) : null}
        <p class="govuk-body" data-testid="on-device">
          {unsent === undefined
            ? 'Checking…'
            : unsent.count === 0
              ? 'Everything you have done has been sent to the server.'
              : `${unsent.count === 1 ? '1 change has' : `${unsent.count} changes have`} not been sent to the server yet${unsent.oldestAt ? `; the oldest is from ${londonDateTimeOf(unsent.oldestAt)}` : ''}. ${sync.state?.failure === 'offline' ? 'They will be sent when the tablet has a signal.' : ''}`}
        </p>
        {value && value.keptLeft > 0 ? (
          <p class="govuk-body" data-testid="kept-left-behind">
            <a class="govuk-link" href="/account/kept-texts">
              {value.keptLeft === 1 ? '1 text' : `${value.keptLeft} texts`} you typed{' '}
              {value.keptLeft === 1 ? 'is' : 'are'} kept from records no longer on this tablet
            </a>
            . {value.keptLeft === 1 ? 'It is' : 'They are'} only here: copy what you need, then
            remove {value.keptLeft === 1 ? 'it' : 'them'}.
          </p>
        ) : null}
      </section>
      {value && value.deleted.length > 0 ? (
        <div class="govuk-inset-text" data-testid="deleted-elsewhere">
          <h2 class="govuk-heading-s">Deleted on another device after you changed them</h2>
          <ul class="govuk-list">
            {value.deleted.map((d) => (
              <li key={d.record.id}>
                <DeletedElsewhereLink record={d.record} caseId={d.caseId} />: choose whether to
                restore it
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {reminder ? (
        <p class="govuk-inset-text" data-testid="assignment-reminder">
          {reminder}: see{' '}
          <a class="govuk-link" href="/assignments">
            your assignments
          </a>
          .
        </p>
      ) : null}
      <h2 class="govuk-heading-m">Drafts ({drafts.length})</h2>
      {drafts.length === 0 ? (
        <p class="govuk-body">You have no drafts.</p>
      ) : (
        <ObservationTable caption="Your drafts" rows={drafts} kept={keptCounts} />
      )}
      <h2 class="govuk-heading-m">Improvement actions due ({value?.actions.total ?? 0})</h2>
      {actionsDue.length === 0 ? (
        <p class="govuk-body">No open actions.</p>
      ) : (
        <>
          <ActionsDueTable rows={actionsDue} today={londonDateOf(new Date())} />
          {(value?.actions.total ?? 0) > actionsDue.length ? (
            <p class="govuk-body">
              These are the {actionsDue.length} due soonest. See them all in{' '}
              <a class="govuk-link" href="/actions">
                Improvement actions
              </a>
              .
            </p>
          ) : null}
        </>
      )}
      {/* The page links go to this heading, and it takes focus (src/app/arrival-focus.ts). */}
      <h2 class="govuk-heading-m" id="submitted" tabIndex={-1}>
        Submitted ({submitted?.total ?? 0})
      </h2>
      {!submitted || submitted.total === 0 ? (
        <p class="govuk-body">Nothing submitted yet.</p>
      ) : (
        <>
          {pages > 1 ? (
            <p class="govuk-body">
              Showing {(page - 1) * PAGE_SIZE + 1} to {Math.min(page * PAGE_SIZE, submitted.total)}{' '}
              of {submitted.total}, most recently changed first.
            </p>
          ) : null}
          <ObservationTable
            caption="Submitted observations"
            rows={submitted.items}
            kept={keptCounts}
          />
          <Pagination page={page} pages={pages} href={(n) => `/?page=${n}#submitted`} />
        </>
      )}
    </>
  );
}

/**
 * The safety concerns waiting for this person to acknowledge them (the Director's, a QA lead's or
 * a head of service's), first on the screen they open the app on: GOV.UK's important banner, a
 * region and not an alert, so it is read where it stands and not spoken again at every sync. A
 * count and a link only: what a concern says stays in the log.
 */
function ConcernsWaitingBanner({ count }: { count: number }) {
  return (
    <NotificationBanner id="concerns-waiting">
      <p class="govuk-notification-banner__heading">
        {count === 1 ? '1 safety concern is' : `${count} safety concerns are`} waiting for you to
        acknowledge.{' '}
        <a class="govuk-notification-banner__link" href="/concerns-log">
          See the safety concerns
        </a>
        .
      </p>
    </NotificationBanner>
  );
}

/**
 * Where a record deleted on another device after a change is settled: an observation on its own
 * page, an improvement action on its page, a call attempt on the observation's call log.
 */
function DeletedElsewhereLink({
  record,
  caseId,
}: {
  record: RecordSummary;
  caseId: string | undefined;
}) {
  const inCase = caseId ? `in case ${caseId}` : 'in an observation without a case ID';
  if (record.type === 'action' && record.parentId) {
    const what = record.fields['what'];
    return (
      <a class="govuk-link" href={`/observations/${record.parentId}/actions/${record.id}`}>
        {`An improvement action ${inCase}`}
        {typeof what === 'string' && what.trim() ? `: ‘${what}’` : ''}
      </a>
    );
  }
  if (record.type === 'call-attempt' && record.parentId)
    return (
      <a class="govuk-link" href={`/observations/${record.parentId}/calls`}>
        {`A call attempt ${inCase}`}
      </a>
    );
  const own = record.fields['context.caseId'];
  return (
    <a class="govuk-link" href={`/observations/${record.id}`}>
      {own ? `Case ${String(own)}` : 'An observation without a case ID'}
    </a>
  );
}

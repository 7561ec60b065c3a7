// An improvement action or a call attempt deleted on another device after a change was made to it:
// the server keeps what was typed on the deleted row, with a `deleted` conflict, and the person
// decides here whether it comes back, as they do for an observation (restore-page.tsx). The
// choice is one synced edit naming the conflict (`resolveConflict`): a restore, or an empty
// change that leaves it removed.
import { useEffect, useRef, useState } from 'preact/hooks';
import { resolveConflict } from '../../db';
import type { RecordView } from '../../db';
import { actionStatusLabels, formatInstant } from '../../lib/observation-records';
import { useServices } from '../../lib/services';
import {
  Button,
  ButtonGroup,
  MultilineText,
  NotificationBanner,
  WarningText,
} from '../../ui/content';
import { SummaryCard, SummaryList } from '../../ui/summary-list';
import type { SummaryRow } from '../../ui/summary-list';
import { keptAnswerName } from './kept-texts';
import { actionOf, attemptOf, formatDate, outcomeLabels } from './model';

/** Restores a record deleted on another device, or leaves it deleted, settling the offer. */
export function useRestoreChoice(): (view: RecordView, restore: boolean) => Promise<void> {
  const { store, sync } = useServices();
  return async (view, restore) => {
    const conflict = view.conflicts.find((c) => c.kind === 'deleted');
    if (!conflict) return;
    await resolveConflict(store.db, store.cipher, {
      recordId: view.id,
      conflictId: conflict.id,
      restore,
    });
    sync.notifyLocalEdit();
  };
}

type ChildKind = 'action' | 'call-attempt';

const words: Record<ChildKind, { one: string; many: string; card: string }> = {
  action: { one: 'This action was', many: 'These actions were', card: 'Removed action' },
  'call-attempt': {
    one: 'This call attempt was',
    many: 'These call attempts were',
    card: 'Removed call attempt',
  },
};

/**
 * What a removed row holds, as its list shows it, so the person sees what would come back: with
 * any text kept on this tablet for it when it was changed in two places at once.
 */
export function removedRows(view: RecordView): SummaryRow[] {
  const kept = view.conflicts.flatMap((c) =>
    c.keptHere
      ? [
          {
            key: `${keptAnswerName(view, c.path, [])} (the text it replaced, kept on this tablet)`,
            value: <MultilineText text={String(c.incoming ?? '')} />,
          },
        ]
      : [],
  );
  return [...heldRows(view), ...kept];
}

function heldRows(view: RecordView): SummaryRow[] {
  if (view.type === 'action') {
    const a = actionOf(view);
    return [
      {
        key: 'What needs to be done',
        value: a.what ? <MultilineText text={a.what} /> : 'Not entered',
      },
      { key: 'Who will do it', value: a.ownerName ?? 'Not entered' },
      { key: 'Due by', value: a.dueDate ? formatDate(a.dueDate) : 'Not entered' },
      { key: 'Status', value: actionStatusLabels[a.status] ?? actionStatusLabels.open },
    ];
  }
  const c = attemptOf(view);
  return [
    { key: 'When', value: formatInstant(c.at) },
    { key: 'What happened', value: outcomeLabels[c.outcome] ?? c.outcome },
    { key: 'Note', value: c.note ? <MultilineText text={c.note} /> : 'None' },
  ];
}

/**
 * The rows of one kind removed on another device, on the list they belonged to: each with what it
 * holds and the choice. What was chosen is said after, where the keyboard is put back.
 */
export function RemovedRows({ rows, kind }: { rows: RecordView[]; kind: ChildKind }) {
  const choose = useRestoreChoice();
  const [said, setSaid] = useState<string | null>(null);
  const status = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (said) status.current?.focus();
  }, [said]);
  const w = words[kind];
  const decide = (view: RecordView, restore: boolean) =>
    void choose(view, restore).then(
      () =>
        setSaid(
          restore
            ? `${kind === 'action' ? 'The action' : 'The call attempt'} was restored.`
            : `${kind === 'action' ? 'The action' : 'The call attempt'} was left removed.`,
        ),
      () => setSaid('Your choice could not be saved on this tablet. Try again.'),
    );
  const one = rows.length === 1;
  return (
    <>
      {said ? (
        <p class="govuk-body" role="status" tabIndex={-1} ref={status}>
          {said}
        </p>
      ) : null}
      {rows.length > 0 ? (
        <section aria-labelledby="removed-elsewhere-heading" data-testid="removed-elsewhere">
          <h2 class="govuk-heading-m" id="removed-elsewhere-heading">
            Removed on another device
          </h2>
          <WarningText>
            {one ? w.one : w.many} removed on another device after changes were made to{' '}
            {one ? 'it' : 'them'}. Nothing has been lost yet.
          </WarningText>
          <p class="govuk-body">
            Restore {one ? 'it' : 'each one'} to keep it with every change, or leave it removed.
          </p>
          {rows.map((view, i) => {
            const name = `${w.card.toLowerCase()} ${i + 1}`;
            return (
              <SummaryCard key={view.id} title={`${w.card} ${i + 1}`}>
                <SummaryList rows={removedRows(view)} />
                <ButtonGroup>
                  <Button onClick={() => decide(view, true)}>
                    Restore it<span class="govuk-visually-hidden">: {name}</span>
                  </Button>
                  <Button variant="secondary" onClick={() => decide(view, false)}>
                    Leave it removed<span class="govuk-visually-hidden">: {name}</span>
                  </Button>
                </ButtonGroup>
              </SummaryCard>
            );
          })}
        </section>
      ) : null}
    </>
  );
}

const shortText = (text: string, max = 80) =>
  text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;

/**
 * On the task list and the read-only view: what was removed on another device after a change,
 * each linked to where the person chooses whether it comes back.
 */
export function RemovedElsewhereNotice({
  observationId,
  removed,
}: {
  observationId: string;
  removed: RecordView[];
}) {
  if (removed.length === 0) return null;
  const one = removed.length === 1;
  return (
    <NotificationBanner title="Removed on another device" id="removed-elsewhere">
      <p class="govuk-notification-banner__heading">
        {one ? 'This was' : 'These were'} removed on another device after changes were made to{' '}
        {one ? 'it' : 'them'}. Nothing has been lost yet.
      </p>
      <ul class="govuk-list">
        {removed.map((view) => {
          const what = view.fields['what'];
          const [href, text] =
            view.type === 'action'
              ? [
                  `/observations/${observationId}/actions/${view.id}`,
                  `Improvement action${typeof what === 'string' && what.trim() ? `: ‘${shortText(what)}’` : ''}`,
                ]
              : [
                  `/observations/${observationId}/calls`,
                  `Call attempt of ${formatInstant(attemptOf(view).at)}`,
                ];
          return (
            <li key={view.id}>
              <a class="govuk-notification-banner__link" href={href}>
                {text}
              </a>
              : choose whether to restore it
            </li>
          );
        })}
      </ul>
    </NotificationBanner>
  );
}

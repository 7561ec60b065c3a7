import { useEffect } from 'preact/hooks';
import { actionHistorySchema } from '../../../schemas/api/action-history';
import type { ActionHistoryEntry } from '../../../schemas/api/action-history';
import type { FieldValue } from '../../../schemas/entities/field-value';
import type { ActionStatus } from '../../../schemas/entities/improvement-action';
import { actionStatusLabels, formatDate, formatInstant } from '../../lib/observation-records';
import { actionHistoryReport } from '../../db';
import { useOnlineReport } from '../../lib/use-online-report';

const FIELD_WORDS: Record<string, string> = {
  what: 'What needs to be done',
  ownerName: 'Owner',
  dueDate: 'Due date',
  status: 'Status',
  completedAt: 'Completed',
};

function valueWords(field: string, value: FieldValue): string {
  // An action saved with no status is open.
  if (field === 'status' && value === null) return actionStatusLabels.open;
  if (value === null || value === '') return 'nothing';
  if (field === 'status') return actionStatusLabels[value as ActionStatus] ?? String(value);
  if (field === 'dueDate') return formatDate(String(value));
  if (field === 'completedAt') return formatInstant(String(value));
  return String(value);
}

function describe(entry: ActionHistoryEntry): string[] {
  const shown = entry.changes.filter((c) => c.field in FIELD_WORDS);
  if (entry.kind === 'deleted') return ['Removed'];
  if (entry.kind === 'restored') return ['Brought back'];
  if (entry.kind === 'created')
    return [
      'Added',
      ...shown
        .filter((c) => c.after !== null && c.after !== '')
        .map((c) => `${FIELD_WORDS[c.field]}: ${valueWords(c.field, c.after)}`),
    ];
  return shown.map(
    (c) =>
      `${FIELD_WORDS[c.field]} from ${valueWords(c.field, c.before)} to ${valueWords(c.field, c.after)}`,
  );
}

/**
 * Every change the server applied to the action, from its audit trail: online, with the last copy
 * kept for reading offline. Changes still on this tablet show once they are sent.
 */
export function ActionHistory({ actionId, version }: { actionId: string; version: number }) {
  const history = useOnlineReport(
    actionHistoryReport(actionId),
    `/api/actions/${encodeURIComponent(actionId)}/history`,
    actionHistorySchema,
  );
  useEffect(() => {
    if (version > 0) history.reload();
  }, [version]);
  const entries = (history.value?.history ?? [])
    .map((e) => ({ e, lines: describe(e) }))
    .filter((x) => x.lines.length > 0)
    .reverse();
  return (
    <section aria-labelledby="action-history-title" data-testid="action-history">
      <h2 class="govuk-heading-m" id="action-history-title">
        History
      </h2>
      {history.fromCache ? (
        <p class="govuk-body-s app-secondary-text">
          No connection: the history as it was on {formatInstant(history.fetchedAt)}.
        </p>
      ) : null}
      {history.problem && !history.value ? (
        <p class="govuk-body">The history needs a connection to the server.</p>
      ) : entries.length === 0 ? (
        <p class="govuk-body">
          {history.loading ? 'Loading…' : 'No changes have reached the server yet.'}
        </p>
      ) : (
        <ol class="govuk-list app-comment-list" reversed>
          {entries.map(({ e, lines }, i) => (
            <li class="app-comment" key={`${e.at}-${i}`}>
              <p class="govuk-body govuk-!-margin-bottom-1">
                <strong>{e.by}</strong>{' '}
                <span class="govuk-body-s app-secondary-text">{formatInstant(e.at)}</span>
              </p>
              <ul class="govuk-list">
                {lines.map((l) => (
                  <li key={l}>{l}</li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

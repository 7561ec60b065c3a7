import { useState } from 'preact/hooks';
import { directoryResponseSchema } from '../../../schemas/api/directory';
import { concernLogSchema } from '../../../schemas/reports/concern-log';
import type { ConcernLog, ConcernLogEntry } from '../../../schemas/reports/concern-log';
import { listRecords } from '../../db';
import { roleLabels } from '../../../schemas/api/account';
import {
  acknowledgementSettles,
  hasAcknowledged,
  isConcernSettled,
} from '../../../schemas/rules/concern-acknowledgement';
import { reminderOrdinal } from '../../../schemas/rules/concern-reminders';
import { concernViewSchema } from '../../../schemas/sync/concerns';
import { api, describeFailure } from '../../lib/api';
import { formatInstant } from '../../lib/observation-records';
import { useServices } from '../../lib/services';
import { useOnlineReport } from '../../lib/use-online-report';
import { useLive } from '../../lib/use-live';
import { localConcernEntries } from './local-concerns';
import { Button, NotificationBanner, Tag, WarningText } from '../../ui/content';
import { usePageTitle } from '../../ui/page-title';
import { SummaryList } from '../../ui/summary-list';

/**
 * The safety concern log for the director, heads of service and QA leads: every concern of the teams they oversee,
 * who was told, when it reached the server, who acknowledged it and when, overdue ones marked.
 * Acknowledging is online (the server records it once, with who and when) and then syncs to
 * every device. Only the Director's acknowledgement settles a concern
 * (schemas/rules/concern-acknowledgement.ts): a QA lead's or head of service's is recorded beside
 * it, and the Director is still reminded where the server sends reminders (the log's `reminders`).
 */
export function ConcernLogPage() {
  const { token, user, sync, online, store, settings } = useServices();
  usePageTitle('Safety concerns');
  const log = useOnlineReport('concerns', '/api/reports/concerns?status=all', concernLogSchema);
  const pulled = useLive(() => listRecords(store.db, store.cipher, 'safety-concern'), [store]);
  const directory = useOnlineReport('directory', '/api/directory', directoryResponseSchema);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  // "you" is read mid-sentence ("By you at 10:00"); a list item starting with it capitalises it.
  const nameOf = (id: string | undefined) => {
    if (!id) return '';
    if (id === user.id) return 'you';
    return directory.value?.people.find((p) => p.id === id)?.displayName ?? 'Another manager';
  };
  // Who raised a concern, by name and role, from the same people (kept on the tablet, so offline
  // too): the person the Director rings back.
  const personOf = (id: string | undefined) => {
    if (!id) return 'Not recorded';
    if (id === user.id) return `You (${roleLabels[user.role]})`;
    const person = directory.value?.people.find((p) => p.id === id);
    if (person) return `${person.displayName} (${roleLabels[person.role]})`;
    return directory.value ? 'Someone no longer in your teams' : 'Not known on this tablet';
  };

  const acknowledge = async (entry: ConcernLogEntry) => {
    setBusy(entry.concern.id);
    setProblem(null);
    const result = await api(`/api/concerns/${encodeURIComponent(entry.concern.id)}/acknowledge`, {
      method: 'POST',
      token: token(),
      schema: concernViewSchema,
    });
    setBusy(null);
    if (!result.ok) {
      setProblem(describeFailure(result.failure));
      return;
    }
    setDone(
      acknowledgementSettles(user.role)
        ? `Concern for case ${entry.concern.caseId} acknowledged.`
        : `You acknowledged the concern for case ${entry.concern.caseId}. ${onlyTheDirector(log.value?.reminders)}`,
    );
    log.reload();
    // The acknowledgement reaches this tablet's copy (and every other device) by pull.
    sync.syncNow();
  };

  // With no log from the server (no signal, never fetched), what this tablet pulled.
  const local: ConcernLog | undefined =
    log.value || log.loading || !pulled.value
      ? undefined
      : localLog(
          localConcernEntries(
            pulled.value,
            settings.concernAcknowledgeHours,
            (id) => user.scopes.find((s) => s.id === id)?.name ?? 'Your team',
            new Date(),
          ),
          settings.concernAcknowledgeHours,
        );
  const value = log.value ?? local;
  return (
    <>
      <h1 class="govuk-heading-l">Safety concerns</h1>
      {done ? (
        // The Acknowledge button pressed goes as the card settles: the confirmation takes focus in
        // its place (keyed, so a second acknowledgement takes it again).
        <NotificationBanner success title="Success" id="acknowledged" focus key={done}>
          <p class="govuk-notification-banner__heading">{done}</p>
        </NotificationBanner>
      ) : null}
      {problem ? <WarningText>{problem}</WarningText> : null}
      {log.problem && !log.value ? <WarningText>{log.problem}</WarningText> : null}
      {local ? (
        <p class="govuk-inset-text" data-testid="log-local">
          No connection to the server: these are the concerns this tablet received at its last sync.
          Who was notified, and acknowledging, need a connection.
        </p>
      ) : null}
      {log.fromCache && log.fetchedAt ? (
        <p class="govuk-inset-text" data-testid="report-cached">
          No connection to the server: this is the log as it was on {formatInstant(log.fetchedAt)}.
          Acknowledging needs a connection.
        </p>
      ) : null}
      {log.loading && !value ? (
        <p class="govuk-body" role="status">
          Loading…
        </p>
      ) : null}
      {value ? (
        <>
          <SummaryList
            rows={[
              { key: 'Concerns', value: String(value.summary.total) },
              {
                key: 'Not yet acknowledged by the Director',
                value: String(value.summary.unacknowledged),
              },
              {
                key: 'Overdue',
                value: `${value.summary.overdue} (not acknowledged by the Director within ${value.acknowledgeHours} hours of reaching the server)`,
              },
              ...(local
                ? []
                : [
                    {
                      key: 'Notifications not yet delivered',
                      value: String(value.summary.notificationsPending),
                    },
                  ]),
            ]}
          />
          {value.concerns.length === 0 ? (
            <p class="govuk-body">No safety concerns have been raised in your teams.</p>
          ) : (
            value.concerns.map((entry) => (
              <ConcernCard
                key={entry.concern.id}
                entry={entry}
                nameOf={nameOf}
                personOf={personOf}
                busy={busy === entry.concern.id}
                canAcknowledge={
                  online &&
                  log.value !== undefined &&
                  !log.fromCache &&
                  !hasAcknowledged(entry.concern, user.id)
                }
                settles={acknowledgementSettles(user.role)}
                reminders={value.reminders}
                onAcknowledge={() => void acknowledge(entry)}
              />
            ))
          )}
          {value.truncated ? (
            <p class="govuk-body">Only the newest {value.concerns.length} concerns are shown.</p>
          ) : null}
        </>
      ) : null}
    </>
  );
}

const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const recipients = (n: number) => (n === 1 ? '1 recipient' : `${n} recipients`);
const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);
const delivered = (rows: ConcernLogEntry['notifications']) =>
  `${rows.filter((n) => n.status === 'delivered').length} of ${rows.length} delivered`;
const NOT_NEEDED = 'was not sent, as the Director acknowledged the concern first';

/**
 * What became of a concern's notifications, a line each: those sent when it was raised, then the
 * reminders, which repeat every acknowledgement period until the Director acknowledges it
 * (schemas/rules/concern-reminders.ts), summed up as how many rounds went and when the last did
 * rather than listed row by row; then any an acknowledgement made unnecessary.
 */
export function notificationLines(notifications: ConcernLogEntry['notifications']): string[] {
  const lines: string[] = [];
  const raised = notifications.filter((n) => n.kind === 'raised' && n.status !== 'cancelled');
  if (raised.length > 0) lines.push(`When it was raised: ${delivered(raised)}`);
  // A copy of the log kept on the tablet from before rounds were numbered has only the first.
  const rounds = new Map<number, ConcernLogEntry['notifications']>();
  for (const n of notifications.filter((x) => x.kind === 'overdue'))
    rounds.set(n.round ?? 1, [...(rounds.get(n.round ?? 1) ?? []), n]);
  const order = [...rounds.keys()].sort((a, b) => a - b);
  const sentRounds = order.filter((r) => rounds.get(r)!.some((n) => n.status !== 'cancelled'));
  if (sentRounds.length > 0) {
    const sent = sentRounds.flatMap((r) => rounds.get(r)!.filter((n) => n.status !== 'cancelled'));
    const lastAt = rounds
      .get(sentRounds.at(-1)!)!
      .map((n) => n.createdAt)
      .filter((at): at is string => at !== undefined)
      .sort()[0];
    const when = lastAt
      ? `${sentRounds.length === 1 ? ', on' : ', the last on'} ${formatInstant(lastAt)}`
      : '';
    lines.push(
      `Reminded ${times(sentRounds.length)} that the Director had not acknowledged it${when}: ${delivered(sent)}`,
    );
  }
  let partly = 0;
  for (const r of order) {
    const cancelled = rounds.get(r)!.filter((n) => n.status === 'cancelled').length;
    if (cancelled === 0) continue;
    if (sentRounds.includes(r)) partly += cancelled;
    else lines.push(`The ${reminderOrdinal(r)} reminder ${NOT_NEEDED}`);
  }
  if (partly > 0) lines.push(`A reminder to ${recipients(partly)} ${NOT_NEEDED}`);
  return lines.length > 0 ? lines : ['None recorded'];
}

function NotificationLines({ entry }: { entry: ConcernLogEntry }) {
  const lines = notificationLines(entry.notifications);
  if (lines.length === 1) return <>{lines[0]}</>;
  return (
    <ul class="govuk-list">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}

/**
 * What an acknowledgement other than the Director's leaves: reminders only where the server sends
 * them (README: with neither email nor an alerting system set up it sends none), and nothing
 * claimed when that is not known.
 */
function onlyTheDirector(reminders: boolean | undefined): string {
  const settles = 'Only the Director’s acknowledgement settles it';
  if (reminders === true) return `${settles}: until then the Director is still reminded.`;
  if (reminders === false)
    return `${settles}. No reminder is sent: the server has no email or alerting system set up.`;
  return `${settles}.`;
}

export function ConcernCard({
  entry,
  nameOf,
  personOf = (id) => upperFirst(nameOf(id)),
  busy,
  canAcknowledge,
  settles = true,
  reminders,
  onAcknowledge,
}: {
  entry: ConcernLogEntry;
  /** A person's name, or "you" for the viewer, in lower case as it is read mid-sentence. */
  nameOf: (id: string | undefined) => string;
  /** Who someone is, by name and role, as a line of its own ("Sam Patel (Observer)"). */
  personOf?: (id: string | undefined) => string;
  busy: boolean;
  /** The viewer may acknowledge it now (online, not yet by them); never once the Director has. */
  canAcknowledge: boolean;
  /** The viewer's acknowledgement settles the concern (the Director's), or is only recorded. */
  settles?: boolean;
  /** Whether the server sends reminders (the log's `reminders`); undefined when not known. */
  reminders?: boolean;
  onAcknowledge: () => void;
}) {
  const c = entry.concern;
  const others = c.alsoAcknowledged ?? [];
  return (
    <div class="govuk-summary-card" data-testid="concern-entry">
      <div class="govuk-summary-card__title-wrapper">
        <h2 class="govuk-summary-card__title">
          Case {c.caseId} · {entry.scopeName}{' '}
          {entry.overdue ? (
            <Tag colour="red">Overdue</Tag>
          ) : isConcernSettled(c) ? (
            <Tag colour="green">Acknowledged by the Director</Tag>
          ) : (
            <Tag colour="orange">Not acknowledged by the Director</Tag>
          )}
        </h2>
      </div>
      <div class="govuk-summary-card__content">
        <SummaryList
          rows={[
            { key: 'What', value: <p class="govuk-body app-prewrap">{c.what}</p> },
            { key: 'Raised by', value: personOf(c.raisedBy) },
            { key: 'Raised at', value: formatInstant(c.raisedAt) },
            {
              key: 'Who was told',
              value:
                c.whoWasTold.length === 0 ? (
                  'Nobody recorded'
                ) : (
                  <ul class="govuk-list">
                    {c.whoWasTold.map((t, i) => (
                      <li key={i}>
                        {t.name}
                        {t.role ? ` (${t.role})` : ''} on {formatInstant(t.at)}
                      </li>
                    ))}
                  </ul>
                ),
            },
            { key: 'Reached the server', value: formatInstant(c.receivedAt) || 'Not yet' },
            { key: 'Notifications', value: <NotificationLines entry={entry} /> },
            {
              key: 'Acknowledged by the Director',
              value: c.acknowledgedAt ? (
                `By ${nameOf(c.acknowledgedBy)}${c.acknowledgedBy === c.raisedBy ? ', who raised it,' : ''} on ${formatInstant(c.acknowledgedAt)}${entry.acknowledgedLate ? ' (late)' : ''}`
              ) : (
                <p class="govuk-body">Not yet: due by {formatInstant(entry.acknowledgeBy)}</p>
              ),
            },
            ...(others.length > 0
              ? [
                  {
                    key: 'Also acknowledged by',
                    value: (
                      <ul class="govuk-list">
                        {others.map((a) => (
                          <li key={a.by}>
                            {upperFirst(nameOf(a.by))} ({roleLabels[a.role]}) on{' '}
                            {formatInstant(a.at)}
                          </li>
                        ))}
                      </ul>
                    ),
                  },
                ]
              : []),
          ]}
        />
        {canAcknowledge && !isConcernSettled(c) ? (
          <>
            {settles ? null : (
              <p class="govuk-hint" id={`ack-hint-${c.id}`}>
                Acknowledging records that you have seen it. {onlyTheDirector(reminders)}
              </p>
            )}
            <Button
              onClick={onAcknowledge}
              disabled={busy}
              class="govuk-!-margin-bottom-0"
              aria-describedby={settles ? undefined : `ack-hint-${c.id}`}
            >
              Acknowledge
              <span class="govuk-visually-hidden"> the concern for case {c.caseId}</span>
            </Button>
          </>
        ) : null}
      </div>
    </div>
  );
}

function localLog(concerns: ConcernLogEntry[], acknowledgeHours: number): ConcernLog {
  const unacknowledged = concerns.filter((c) => c.concern.acknowledgedAt === undefined).length;
  return {
    generatedAt: new Date().toISOString(),
    acknowledgeHours,
    summary: {
      total: concerns.length,
      unacknowledged,
      overdue: concerns.filter((c) => c.overdue).length,
      notificationsPending: 0,
    },
    concerns,
    truncated: false,
  };
}

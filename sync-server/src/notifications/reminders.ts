// A safety concern the Director has not acknowledged within the authority's
// concernAcknowledgeHours is notified again, and again every concernAcknowledgeHours after that
// while no director has acknowledged it, up to a cap (schemas/rules/concern-reminders.ts): to the
// director and QA leads as before and, as the next step of escalation, to the heads of service of
// its team (and the webhook). A QA lead's or head of service's acknowledgement does not count
// (rules/concern-acknowledgement.ts): only a director's settles a concern, and `acknowledgedAt` is
// the Director's alone. The concern log already shows it as overdue; this makes sure someone
// hears that it is. Each worker looks now and then; when several processes share a database and
// look at once, the unique index of migration 0025 keeps each round to one row per recipient and
// channel.
import type { Kysely } from 'kysely';
import { isConcernSettled } from '../../../schemas/rules/concern-acknowledgement';
import {
  MAX_REMINDER_ROUNDS,
  firstRoundDueBy,
  reminderRoundDue,
  reminderWindowStart,
} from '../../../schemas/rules/concern-reminders';
import type { ReminderState } from '../../../schemas/rules/concern-reminders';
import { readLocalSettingsWith } from '../settings/local-settings';
import { concernFromRow } from '../sync/concerns';
import type { Database } from '../storage/database';
import { enqueueConcernNotifications } from './outbox';
import type { NotifyChannels } from './outbox';

export { REMINDER_LOOKBACK_DAYS } from '../../../schemas/rules/concern-reminders';

/** Writes the round of reminders due now for every unsettled concern; returns how many rows. */
export async function enqueueOverdueReminders(
  db: Kysely<Database>,
  channels: NotifyChannels,
  now: Date,
): Promise<number> {
  if (!channels.email && !channels.webhook) return 0;
  const { concernAcknowledgeHours: hours } = await readLocalSettingsWith(db);
  // A concern's row is created when it reaches the server: its created_at is its receivedAt. Those
  // past their first deadline, in the window, that have not had every round.
  const candidates = await db
    .selectFrom('records')
    .select(['id', 'scope_id', 'fields', 'created_at'])
    .where('type', '=', 'safety-concern')
    .where('deleted', '=', 0)
    .where('created_at', '<=', firstRoundDueBy(now, hours))
    .where('created_at', '>=', reminderWindowStart(now))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('notification_outbox')
            .select('notification_outbox.id')
            .whereRef('notification_outbox.concern_id', '=', 'records.id')
            .where('notification_outbox.kind', '=', 'overdue')
            .where('notification_outbox.round', '>=', MAX_REMINDER_ROUNDS),
        ),
      ),
    )
    .execute();
  if (candidates.length === 0) return 0;
  const last = await lastRounds(
    db,
    candidates.map((row) => row.id),
  );
  let written = 0;
  const at = now.toISOString();
  for (const row of candidates) {
    const concern = concernFromRow(row);
    const state: ReminderState = {
      receivedAt: concern.receivedAt ?? row.created_at,
      settled: isConcernSettled(concern),
      last: last.get(row.id) ?? null,
    };
    const round = reminderRoundDue(state, hours, now);
    if (round === null) continue;
    written += await enqueueConcernNotifications(
      db,
      { id: row.id, scopeId: row.scope_id, raisedBy: concern.raisedBy },
      channels,
      at,
      { kind: 'overdue', round },
    );
  }
  return written;
}

/** Each concern's last round of reminders and when it was first written. */
async function lastRounds(
  db: Kysely<Database>,
  concernIds: readonly string[],
): Promise<Map<string, NonNullable<ReminderState['last']>>> {
  const out = new Map<string, NonNullable<ReminderState['last']>>();
  for (let i = 0; i < concernIds.length; i += 500) {
    const rows = await db
      .selectFrom('notification_outbox')
      .select(({ fn }) => ['concern_id', 'round', fn.min('created_at').as('at')])
      .where('kind', '=', 'overdue')
      .where('concern_id', 'in', concernIds.slice(i, i + 500))
      .groupBy(['concern_id', 'round'])
      .execute();
    for (const r of rows) {
      if (r.concern_id === null) continue;
      const round = Number(r.round);
      const seen = out.get(r.concern_id);
      if (!seen || round > seen.round) out.set(r.concern_id, { round, at: String(r.at) });
    }
  }
  return out;
}

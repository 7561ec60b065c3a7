// A safety concern the Director has not acknowledged within the authority's
// concernAcknowledgeHours is notified again, once: to the director and QA leads as before and, as
// the next step of escalation, to the heads of service of its team (and the webhook). A QA lead's
// or head of service's acknowledgement does not count (rules/concern-acknowledgement.ts): only
// a director's settles a concern, and `acknowledgedAt` is the Director's alone. The concern log already
// shows it as overdue; this makes sure someone hears that it is. Each worker looks now and then;
// when several processes share a database and look at once, the unique index of migration 0015
// keeps one reminder per recipient and channel.
import type { Kysely } from 'kysely';
import { isConcernSettled } from '../../../schemas/rules/concern-acknowledgement';
import { readLocalSettingsWith } from '../settings/local-settings';
import { concernFromRow } from '../sync/concerns';
import type { Database } from '../storage/database';
import { enqueueConcernNotifications } from './outbox';
import type { NotifyChannels } from './outbox';

/**
 * Reminders are for concerns received in this many days before now: a database that gains the
 * feature with months of old concerns never acknowledged in the app does not send a flood of them.
 */
export const REMINDER_LOOKBACK_DAYS = 14;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Writes the reminders of every concern past its deadline that has none; returns how many. */
export async function enqueueOverdueReminders(
  db: Kysely<Database>,
  channels: NotifyChannels,
  now: Date,
): Promise<number> {
  if (!channels.email && !channels.webhook) return 0;
  const { concernAcknowledgeHours: hours } = await readLocalSettingsWith(db);
  const deadlinePassed = new Date(now.getTime() - hours * HOUR_MS).toISOString();
  const since = new Date(now.getTime() - REMINDER_LOOKBACK_DAYS * DAY_MS).toISOString();
  // A concern's row is created when it reaches the server: its created_at is its receivedAt.
  const due = await db
    .selectFrom('records')
    .select(['id', 'scope_id', 'fields'])
    .where('type', '=', 'safety-concern')
    .where('deleted', '=', 0)
    .where('created_at', '<=', deadlinePassed)
    .where('created_at', '>=', since)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('notification_outbox')
            .select('notification_outbox.id')
            .whereRef('notification_outbox.concern_id', '=', 'records.id')
            .where('notification_outbox.kind', '=', 'overdue'),
        ),
      ),
    )
    .execute();
  let written = 0;
  const at = now.toISOString();
  for (const row of due) {
    if (isConcernSettled(concernFromRow(row))) continue;
    written += await enqueueConcernNotifications(
      db,
      { id: row.id, scopeId: row.scope_id },
      channels,
      at,
      'overdue',
    );
  }
  return written;
}

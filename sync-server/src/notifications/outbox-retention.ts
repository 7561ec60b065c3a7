// Storage limitation (UK GDPR art. 5(1)(e)) for the notification outbox: each row keeps a
// recipient's address, and a digest's counts and team names, long after its email has gone. A row
// settled (delivered, or cancelled: never to be sent) goes once it has been settled for the
// retention period, if nothing still rests on it. A row still waiting is never deleted: it is yet
// to be sent (a digest waits a week at most: action-digests.ts stops it, DIGEST_RETRY_DAYS).
//
// What still rests on a row:
// - A safety concern's notifications are the concern log's record of who was told and when, and
//   what the observer's tablet says of the Director being told (`directorNotice`): they are kept
//   while their concern is, and go once it has been deleted under the retention schedule.
// - A digest round with any row is "written" (action-digests.ts), so the round due now must keep
//   its rows or a process starting later in the week would write it again. The round before it is
//   kept too, for a process whose clock is a little behind at the turn of the week.
//
// One DELETE with its conditions: several processes running it at once delete each row once, and
// it can never take a row the worker is sending (those are pending).
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { digestRound } from '../../../schemas/rules/action-digest';
import { londonDateOf } from '../../../schemas/calendar/london-time';
import type { Database } from '../storage/database';

const DAY_MS = 86_400_000;

/** The week's Monday of a week ago, as a digest round number: rounds before it may go. */
function oldestKeptRound(now: Date): number {
  // Any hour after 08:00, so the Monday itself counts as its own week's.
  return digestRound(londonDateOf(new Date(now.getTime() - 7 * DAY_MS)), 23)!.round;
}

/** Deletes settled outbox rows older than `retentionDays`; returns how many went. */
export async function purgeSettledNotifications(
  db: Kysely<Database>,
  retentionDays: number,
  now = new Date(),
): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
  const result = await db
    .deleteFrom('notification_outbox')
    .where('status', 'in', ['delivered', 'cancelled'])
    // Settled when delivered, or when last tried (a cancelled row may never have been).
    .where(sql<string>`coalesce(delivered_at, last_attempt_at, created_at)`, '<', cutoff)
    .where((eb) =>
      eb.or([
        eb.and([eb('kind', '=', 'actions-overdue'), eb('round', '<', oldestKeptRound(now))]),
        eb.and([
          eb('kind', '!=', 'actions-overdue'),
          eb.not(
            eb.exists(
              eb
                .selectFrom('records')
                .select('records.id')
                .whereRef('records.id', '=', 'notification_outbox.concern_id')
                .where('records.deleted', '=', 0),
            ),
          ),
        ]),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

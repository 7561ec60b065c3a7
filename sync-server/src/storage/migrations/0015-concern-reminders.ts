import { sql } from 'kysely';
import type { Kysely } from 'kysely';

// Reminders for safety concerns nobody has acknowledged in time (notifications/reminders.ts).
// Each notification now says what it is about: the concern arriving (`raised`, every row before
// this migration) or its acknowledgement deadline passing (`overdue`). At most one reminder goes
// to each recipient on each channel for a concern, however many server processes notice the
// deadline at once: the unique index makes the second insert a no-op on both engines.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('notification_outbox')
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .defaultTo('raised')
        .check(sql`kind in ('raised', 'overdue')`),
    )
    .execute();
  await sql`create unique index notification_outbox_one_reminder
    on notification_outbox (concern_id, channel, recipient) where kind = 'overdue'`.execute(db);
}

import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

// Reminders now repeat while no director has acknowledged a concern (schemas/rules/
// concern-reminders.ts): each row of the outbox says which round of reminders it belongs to, and
// the unique key that kept one reminder per recipient and channel (0015) keeps one per recipient,
// channel and round, so several server processes noticing the same round at once still send it
// once. Every row before this migration is round 1: the only reminder there was. A `raised` row is
// round 1 too (it is never reminded about). The default is 1 so a server of the release before,
// still running while another upgrades, writes its single reminder as round 1, which this index
// then holds to once.
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) await change(db);
  else await db.transaction().execute(change);
}

async function change(tx: Kysely<unknown>): Promise<void> {
  await tx.schema
    .alterTable('notification_outbox')
    .addColumn('round', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`round >= 1`),
    )
    .execute();
  await tx.schema.dropIndex('notification_outbox_one_reminder').execute();
  await sql`create unique index notification_outbox_one_reminder_a_round
    on notification_outbox (concern_id, channel, recipient, round) where kind = 'overdue'`.execute(
    tx,
  );
}

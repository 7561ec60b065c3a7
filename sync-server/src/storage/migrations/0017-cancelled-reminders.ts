import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

// A notification may now be `cancelled`: a reminder that its concern is overdue whose concern was
// acknowledged before the reminder went out (notifications/worker.ts checks at send time). It is
// kept, not deleted, so the concern log still shows that a reminder was due and any attempts made.
// Only the status check changes. PostgreSQL swaps the constraint; SQLite cannot alter a check, so
// the table is rebuilt as it stands after 0015, with its indexes, in one transaction.
const STATUSES = sql`status in ('pending', 'delivered', 'cancelled')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table notification_outbox
      drop constraint notification_outbox_status_check,
      add constraint notification_outbox_status_check check (${STATUSES})`.execute(db);
    return;
  }
  await db.transaction().execute(async (tx) => {
    await tx.schema
      .createTable('notification_outbox_new')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('concern_id', 'text', (c) => c.notNull())
      .addColumn('scope_id', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('email', 'webhook')`))
      .addColumn('recipient', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(STATUSES))
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('claimed_until', 'text')
      .addColumn('claim_token', 'text')
      .addColumn('last_attempt_at', 'text')
      .addColumn('delivered_at', 'text')
      .addColumn('last_error', 'text')
      .addColumn('kind', 'text', (c) =>
        c
          .notNull()
          .defaultTo('raised')
          .check(sql`kind in ('raised', 'overdue')`),
      )
      .execute();
    const columns = sql.raw(
      'id, concern_id, scope_id, channel, recipient, reason, status, attempts, created_at, ' +
        'next_attempt_at, claimed_until, claim_token, last_attempt_at, delivered_at, last_error, kind',
    );
    await sql`insert into notification_outbox_new (${columns})
      select ${columns} from notification_outbox`.execute(tx);
    await tx.schema.dropTable('notification_outbox').execute();
    await tx.schema.alterTable('notification_outbox_new').renameTo('notification_outbox').execute();
    await tx.schema
      .createIndex('notification_outbox_due')
      .on('notification_outbox')
      .columns(['status', 'next_attempt_at'])
      .execute();
    await tx.schema
      .createIndex('notification_outbox_concern')
      .on('notification_outbox')
      .columns(['concern_id'])
      .execute();
    await sql`create unique index notification_outbox_one_reminder
      on notification_outbox (concern_id, channel, recipient) where kind = 'overdue'`.execute(tx);
  });
}

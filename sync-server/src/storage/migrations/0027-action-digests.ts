import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

// The notification outbox carries a second kind of email: the weekly digest of overdue
// improvement actions (`actions-overdue`, notifications/action-digests.ts). A digest is about no
// one concern and no one team, so `concern_id` and `scope_id` may be null; what it says (counts,
// team names and dates, never a case ID or an action's text) is kept in `digest`, decided when
// the round is written so the email is the round as it was. A unique index on channel, recipient
// and round for that kind keeps each weekly round to one email per person when several server
// processes write it at once, as 0025 does for concern reminders. PostgreSQL alters the table in
// place; SQLite cannot drop a NOT NULL or alter a check, so the table is rebuilt as it stands
// after 0025, with its indexes, in one transaction.
const KINDS = sql`kind in ('raised', 'overdue', 'actions-overdue')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table notification_outbox
      drop constraint notification_outbox_kind_check,
      add constraint notification_outbox_kind_check check (${KINDS}),
      alter column concern_id drop not null,
      alter column scope_id drop not null,
      add column digest text`.execute(db);
    await oneDigestARound(db);
    return;
  }
  await db.transaction().execute(async (tx) => {
    await tx.schema
      .createTable('notification_outbox_new')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('concern_id', 'text')
      .addColumn('scope_id', 'text')
      .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('email', 'webhook')`))
      .addColumn('recipient', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) =>
        c.notNull().check(sql`status in ('pending', 'delivered', 'cancelled')`),
      )
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('claimed_until', 'text')
      .addColumn('claim_token', 'text')
      .addColumn('last_attempt_at', 'text')
      .addColumn('delivered_at', 'text')
      .addColumn('last_error', 'text')
      .addColumn('kind', 'text', (c) => c.notNull().defaultTo('raised').check(KINDS))
      .addColumn('round', 'integer', (c) =>
        c
          .notNull()
          .defaultTo(1)
          .check(sql`round >= 1`),
      )
      .addColumn('digest', 'text')
      .execute();
    const columns = sql.raw(
      'id, concern_id, scope_id, channel, recipient, reason, status, attempts, created_at, ' +
        'next_attempt_at, claimed_until, claim_token, last_attempt_at, delivered_at, last_error, ' +
        'kind, round',
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
    await sql`create unique index notification_outbox_one_reminder_a_round
      on notification_outbox (concern_id, channel, recipient, round) where kind = 'overdue'`.execute(
      tx,
    );
    await oneDigestARound(tx);
  });
}

async function oneDigestARound(db: Kysely<unknown>): Promise<void> {
  await sql`create unique index notification_outbox_one_digest_a_round
    on notification_outbox (channel, recipient, round) where kind = 'actions-overdue'`.execute(db);
}

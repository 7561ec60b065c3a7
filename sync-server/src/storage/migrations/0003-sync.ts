import { sql } from 'kysely';
import type { Kysely } from 'kysely';

// Sync state. One global sequence, bumped under a row lock inside every push transaction, orders
// all changes: a transaction waiting for the lock cannot commit before the one holding it, so a
// reader never sees sequence N+1 committed while N is still in flight (no skipped rows).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sync_counter')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('min_valid_seq', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into sync_counter (id, seq, min_valid_seq) values (1, 0, 0)`.execute(db);

  await db.schema
    .createTable('records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    // The observation a child row (action, comment, attempt) belongs to, or the record itself.
    .addColumn('root_id', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('root_owner_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('field_meta', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('records_seq').on('records').columns(['seq', 'id']).execute();
  await db.schema
    .createIndex('records_scope_seq')
    .on('records')
    .columns(['scope_id', 'seq', 'id'])
    .execute();
  await db.schema
    .createIndex('records_root_owner')
    .on('records')
    .columns(['root_owner_id', 'seq'])
    .execute();
  await db.schema.createIndex('records_root').on('records').columns(['root_id']).execute();

  // Individual access: an observation shared with the observed practitioner, or assigned to a
  // guest observer. Covers the observation and its child rows.
  await db.schema
    .createTable('record_grants')
    .addColumn('root_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('record_grants_pk', ['root_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('record_grants_user')
    .on('record_grants')
    .columns(['user_id'])
    .execute();

  // Access taken away, in sequence order, so a device learns what to remove at its next pull.
  await db.schema
    .createTable('access_revocations')
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('access_revocations_user')
    .on('access_revocations')
    .columns(['user_id', 'seq'])
    .execute();

  await db.schema
    .createTable('record_conflicts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('current_value', 'text', (c) => c.notNull())
    .addColumn('incoming_value', 'text', (c) => c.notNull())
    .addColumn('base_value', 'text')
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'text')
    .execute();
  await db.schema
    .createIndex('record_conflicts_record')
    .on('record_conflicts')
    .columns(['record_id'])
    .execute();

  // Values that lost a concurrent scalar edit: never shown as current, never thrown away.
  await db.schema
    .createTable('superseded_values')
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('superseded_values_record')
    .on('superseded_values')
    .columns(['record_id'])
    .execute();

  await db.schema
    .createTable('sync_clients')
    .addColumn('device_id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('last_mutation_id', 'bigint', (c) => c.notNull())
    .addColumn('clock_offset_ms', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('mutation_results')
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('mutation_id', 'bigint', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('mutation_results_pk', ['device_id', 'mutation_id'])
    .execute();
}

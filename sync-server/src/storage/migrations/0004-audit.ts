import { sql } from 'kysely';
import type { Kysely } from 'kysely';

// The audit trail: append-only entries chained by hash. Content (before/after values) sits in its
// own table keyed by its hash, so a retention deletion can remove the content while every entry,
// and so the chain, stays verifiable.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text')
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('entry_hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('audit_log_record')
    .on('audit_log')
    .columns(['record_id', 'seq'])
    .execute();
  await db.schema
    .createTable('audit_content')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('body', 'text')
    .execute();
  // The global head: the last entry's number and hash. Entries cut off the end are detected
  // because the head no longer matches the last entry.
  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into audit_head (id, seq, hash) values (1, 0, ${'0'.repeat(64)})`.execute(db);
}

import type { Kysely } from 'kysely';

// Records deleted under the retention schedule. Only ids and who deleted them when: the content is
// gone. A device still holding such a record offline cannot bring it back with a late push.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('retention_erasures')
    .addColumn('record_id', 'text', (c) => c.primaryKey())
    .addColumn('root_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('erased_at', 'text', (c) => c.notNull())
    .addColumn('erased_by', 'text', (c) => c.notNull())
    .execute();
}

import { PostgresAdapter } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../database';

// The quarterly report counts the observations and audits on which a QA lead or head of service
// acknowledged good practice (schemas/rules/good-practice.ts). Each report row says whether its
// observation has one (`good_practice`, 0 unless told), and the covering index the report's counts
// read is made again with it, so they still never fetch a row from the table.
//
// Acknowledgements recorded before the upgrade are counted when the rows are worked out again from
// their records, after the last migration (reports/report-rows-version.ts), by the code every push
// uses. One transaction: all of it or none (on PostgreSQL the migrator's own; SQLite migrations
// run outside one, so this opens it).
export async function up(db: Kysely<unknown>): Promise<void> {
  const kdb = db as unknown as Kysely<Database>;
  if (kdb.getExecutor().adapter instanceof PostgresAdapter) await count(kdb);
  else await kdb.transaction().execute(count);
}

async function count(tx: Kysely<Database>): Promise<void> {
  await tx.schema
    .alterTable('report_observations')
    .addColumn('good_practice', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await tx.schema.dropIndex('report_observations_cell').execute();
  await tx.schema
    .createIndex('report_observations_cell')
    .on('report_observations')
    .columns([
      'quarter',
      'scope_id',
      'kind',
      'meeting',
      'obs_date',
      'due_date',
      'moderated',
      'agreed',
      'attempts_no_answer',
      'attempts_call_back',
      'attempts_declined',
      'attempts_completed',
      'good_practice',
      'overall_grade',
    ])
    .execute();
}

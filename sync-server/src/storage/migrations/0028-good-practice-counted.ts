import { PostgresAdapter } from 'kysely';
import type { Kysely } from 'kysely';
import { refreshReportRows } from '../../reports/report-rows';
import { readLocalSettingsWith } from '../../settings/local-settings';
import { allTemplates } from '../../templates/local-templates';
import type { Database } from '../database';

// The quarterly report counts the observations and audits on which a QA lead or head of service
// acknowledged good practice (schemas/rules/good-practice.ts). Each report row says whether its
// observation has one (`good_practice`, 0 unless told), and the covering index the report's counts
// read is made again with it, so they still never fetch a row from the table.
//
// Acknowledgements recorded before the upgrade are counted from their records: the observations
// whose fields name one have their rows worked out again by the code every push uses (their
// due dates from their own stamped timescales, so nothing else in them moves). One transaction:
// all of it or none (on PostgreSQL the migrator's own; SQLite migrations run outside one, so this
// opens it).

const PAGE = 500;

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

  const { timescales } = await readLocalSettingsWith(tx);
  const ctx = { timescales, templates: await allTemplates(tx) };
  let after = '';
  for (;;) {
    // Fields are JSON text on both engines; the name narrows the pages read, and the facts
    // (observationFacts) decide whether what it holds is an acknowledgement.
    const page = await tx
      .selectFrom('records')
      .select('id')
      .where('type', '=', 'observation')
      .where('deleted', '=', 0)
      .where('fields', 'like', '%"goodPractice.what"%')
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    if (page.length === 0) return;
    after = page[page.length - 1]!.id;
    await refreshReportRows(
      tx,
      page.map((r) => r.id),
      ctx,
    );
  }
}

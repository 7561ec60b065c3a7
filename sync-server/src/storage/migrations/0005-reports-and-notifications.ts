import { sql } from 'kysely';
import type { Kysely } from 'kysely';

// Quality assurance oversight. Reporting tables: the facts of every observation that counts in
// the quarterly report (schemas/reports/report-facts.ts), one row per observation and per
// improvement action, and counts per group of graded items and family answers, all kept up to
// date inside each push transaction, so the report is plain GROUP BY queries on both engines. The
// notification outbox: one row per recipient of a safety concern, written in the concern's own
// transaction and delivered (with retries) by a worker in each server process.
//
// The rows of the observations already stored are not written here: migrations only make the
// tables, and the rows are worked out from the records once every migration has run
// (reports/report-rows-version.ts), by the code of the release that runs them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('report_observations')
    .addColumn('observation_id', 'text', (c) => c.primaryKey())
    .addColumn('scope_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('template_version', 'integer', (c) => c.notNull())
    .addColumn('quarter', 'text')
    .addColumn('obs_date', 'text')
    .addColumn('overall_grade', 'text')
    .addColumn('meeting', 'integer', (c) => c.notNull())
    .addColumn('timescale_rule', 'text')
    .addColumn('trigger_date', 'text')
    .addColumn('due_date', 'text')
    .addColumn('timescales_key', 'text')
    .addColumn('moderated', 'integer', (c) => c.notNull())
    .addColumn('agreed', 'integer', (c) => c.notNull())
    .addColumn('attempts_no_answer', 'integer', (c) => c.notNull())
    .addColumn('attempts_call_back', 'integer', (c) => c.notNull())
    .addColumn('attempts_declined', 'integer', (c) => c.notNull())
    .addColumn('attempts_completed', 'integer', (c) => c.notNull())
    // JSON: { grades: [[itemId, sectionId, grade]], answers: [[itemId, answer]] }, this
    // observation's part of the counts.
    .addColumn('contribution', 'text', (c) => c.notNull())
    .execute();
  // Every report query reads an index alone (a covering index), in the order it groups by: the
  // report scans tens of thousands of rows, and fetching each from the table would dominate.
  await db.schema
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
      'overall_grade',
    ])
    .execute();

  // Per group counts of graded items and family answers, kept by the push transaction: the report
  // reads one row per group instead of one per answer.
  await db.schema
    .createTable('report_grade_counts')
    .addColumn('quarter', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('section_id', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_grade_counts_pk', [
      'quarter',
      'scope_id',
      'kind',
      'template_id',
      'item_id',
      'grade',
    ])
    .execute();
  // Both report queries over the counts read this index alone.
  await db.schema
    .createIndex('report_grade_counts_read')
    .on('report_grade_counts')
    .columns(['quarter', 'scope_id', 'kind', 'template_id', 'section_id', 'item_id', 'grade', 'n'])
    .execute();
  await db.schema
    .createTable('report_answer_counts')
    .addColumn('quarter', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_answer_counts_pk', [
      'quarter',
      'scope_id',
      'kind',
      'template_id',
      'item_id',
      'answer',
    ])
    .execute();

  await db.schema
    .createIndex('report_answer_counts_read')
    .on('report_answer_counts')
    .columns(['quarter', 'scope_id', 'kind', 'template_id', 'item_id', 'answer', 'n'])
    .execute();
  // Rows whose due date was worked out under timescales that are no longer in force (dropped by
  // 0026 with `timescales_key`: due dates now follow the timescales stamped at submission).
  await db.schema
    .createIndex('report_observations_timescales')
    .on('report_observations')
    .columns(['timescales_key', 'timescale_rule', 'trigger_date'])
    .execute();

  await db.schema
    .createTable('report_actions')
    .addColumn('action_id', 'text', (c) => c.primaryKey())
    .addColumn('observation_id', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('quarter', 'text')
    .addColumn('status', 'text')
    .addColumn('due_date', 'text')
    .execute();
  await db.schema
    .createIndex('report_actions_observation')
    .on('report_actions')
    .columns(['observation_id'])
    .execute();
  await db.schema
    .createIndex('report_actions_cell')
    .on('report_actions')
    .columns(['quarter', 'scope_id', 'kind', 'status', 'due_date'])
    .execute();

  await db.schema
    .createTable('notification_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('concern_id', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('email', 'webhook')`))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'delivered')`))
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('claimed_until', 'text')
    .addColumn('claim_token', 'text')
    .addColumn('last_attempt_at', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('last_error', 'text')
    .execute();
  await db.schema
    .createIndex('notification_outbox_due')
    .on('notification_outbox')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('notification_outbox_concern')
    .on('notification_outbox')
    .columns(['concern_id'])
    .execute();
}

import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { rebuildReportRows } from '../../reports/report-rows';
import type { Database } from '../database';

// Quality assurance oversight. Reporting tables: the facts of every observation that counts in
// the quarterly report (schemas/reports/report-facts.ts), kept up to date inside each push
// transaction so the report is plain GROUP BY queries, the same on both engines. The
// notification outbox: one row per recipient of a safety concern, written in the concern's own
// transaction and delivered (with retries) by a worker in each server process.
//
// The backfill writes the report rows of every observation already stored. If a later release
// changes these tables, it adds its own migration that rebuilds them.
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
    .execute();
  await db.schema
    .createIndex('report_observations_cell')
    .on('report_observations')
    .columns(['quarter', 'scope_id', 'kind'])
    .execute();

  await db.schema
    .createTable('report_grades')
    .addColumn('observation_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('section_id', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('quarter', 'text')
    .addColumn('grade', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_grades_pk', ['observation_id', 'item_id'])
    .execute();
  // Covers the report's one GROUP BY over grades, so it reads the index alone.
  await db.schema
    .createIndex('report_grades_cell')
    .on('report_grades')
    .columns(['quarter', 'scope_id', 'kind', 'template_id', 'section_id', 'item_id', 'grade'])
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
    .columns(['quarter', 'scope_id', 'kind'])
    .execute();

  await db.schema
    .createTable('report_answers')
    .addColumn('observation_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('quarter', 'text')
    .addPrimaryKeyConstraint('report_answers_pk', ['observation_id', 'item_id', 'answer'])
    .execute();
  await db.schema
    .createIndex('report_answers_cell')
    .on('report_answers')
    .columns(['quarter', 'scope_id', 'kind'])
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

  await rebuildReportRows(db as unknown as Kysely<Database>);
}

import { sql } from 'kysely';
import type { Kysely } from 'kysely';

// A plan is made once, however many times it is sent. The app names each plan (its `planId`, the
// id every assignment of the plan already carries) when the QA lead presses the button, and sends
// the same name again when it retries: a double tap, or a retry after the answer was lost. The
// primary key lets one plan of a name be stored; a repeat finds it and is answered with the
// assignments it made. Only ids and a hash of the request are kept here, never what the plan says
// (cases, names), so a retention deletion of the assignments leaves nothing of them behind.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('programme_plans')
    .addColumn('plan_id', 'text', (c) => c.primaryKey())
    .addColumn('planned_by', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) =>
      c.notNull().check(sql`route in ('assignments', 'expectations', 'audits-import')`),
    )
    .addColumn('request_hash', 'text', (c) => c.notNull())
    /** JSON: the ids of the assignments the plan made, in the order they were answered. */
    .addColumn('assignment_ids', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

// The quarterly report's programme section, counted by the database straight from the assignment
// records (few next to observations, so no reporting table): one GROUP BY per practice group and
// due month, read from the JSON fields with each engine's operator. Months become financial
// quarters afterwards, on the grouped rows only. The rules are schemas/reports/programme-figures.ts.
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import { quarterKeyOf } from '../../../schemas/rules/quarters';
import { dueDateRange, summerTimeDueDates } from '../../../schemas/reports/programme-figures';
import type {
  AssignmentSelection,
  AssignmentTally,
} from '../../../schemas/reports/programme-figures';
import type { Database } from '../storage/database';

type Db = Kysely<Database>;

/** A text field of a record's JSON `fields`, empty strings as null (the tablet reads them so). */
function field(db: Db, key: string): RawBuilder<string | null> {
  return db.getExecutor().adapter instanceof PostgresAdapter
    ? sql<string | null>`nullif(cast(fields as json) ->> ${sql.lit(key)}, '')`
    : sql<string | null>`nullif(json_extract(fields, ${sql.lit(`$."${key}"`)}), '')`;
}

const n = (v: unknown): number => Number(v ?? 0);

export async function queryAssignmentTallies(
  db: Db,
  s: AssignmentSelection,
): Promise<AssignmentTally[]> {
  const range = dueDateRange(s.from, s.to);
  if (range === null || s.scopeIds.length === 0) return [];
  let inner = db
    .selectFrom('records')
    .select([
      'scope_id',
      field(db, 'dueDate').as('due'),
      field(db, 'completedAt').as('completed'),
      field(db, 'exemption.reason').as('exempt'),
    ])
    // Found through their observers' grants (every assignment is granted to its observer when
    // it is made, and the grant moves with it), so the records table's observations are never
    // scanned: records has no index on type, and the report must stay quick over 50,000 of them.
    .where(
      'id',
      'in',
      db.selectFrom('record_grants').select('root_id').where('reason', '=', 'assigned'),
    )
    .where('type', '=', 'assignment')
    .where('deleted', '=', 0)
    .where('scope_id', 'in', [...s.scopeIds]);
  if (s.kind !== null)
    inner = inner.where(sql`coalesce(${field(db, 'kind')}, 'frontline-practice')`, '=', s.kind);
  // Late: finished on or after the London midnight that ends the due date, which is 23:00 UTC on
  // it in summer time and 00:00 UTC on the next day otherwise; compared as text (UTC, `Z`).
  const summer = summerTimeDueDates(range).map(
    (w) => sql`(due >= ${w.from} and due < ${w.before})`,
  );
  const late = sql`case when ${sql.join(summer, sql` or `)} then substr(completed, 1, 16) >= (due || 'T23:00') else substr(completed, 1, 10) > due end`;
  const rows = await db
    .selectFrom(inner.as('a'))
    .select([
      'scope_id',
      sql<string>`substr(due, 1, 7)`.as('month'),
      sql<number>`count(*)`.as('due'),
      sql<number>`sum(case when exempt is null and completed is not null then 1 else 0 end)`.as(
        'done',
      ),
      sql<number>`sum(case when exempt is null and completed is not null and ${late} then 1 else 0 end)`.as(
        'done_late',
      ),
      sql<number>`sum(case when exempt is null and completed is null and due < ${s.asOf} then 1 else 0 end)`.as(
        'overdue',
      ),
      sql<number>`sum(case when exempt is not null then 1 else 0 end)`.as('exempted'),
    ])
    .where('due', '>=', range.start)
    .where('due', '<=', range.end)
    .groupBy(['scope_id', sql`substr(due, 1, 7)`])
    .execute();
  return rows.map((r) => ({
    quarter: quarterKeyOf(`${r.month}-01`),
    scopeId: r.scope_id,
    due: n(r.due),
    done: n(r.done),
    doneLate: n(r.done_late),
    overdue: n(r.overdue),
    exempted: n(r.exempted),
  }));
}

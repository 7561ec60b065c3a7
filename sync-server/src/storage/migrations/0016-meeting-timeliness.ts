import type { Kysely } from 'kysely';
import { rebuildReportRows } from '../../reports/report-rows';
import type { Database } from '../database';

// The meeting a CP conference or looked-after review observation is judged against now follows
// the type of meeting recorded (schemas/rules/meeting-timescale.ts) instead of the latest date
// entered. Report rows are derived data: worked out again from the records, so reports already
// made and those made from now on agree.
export async function up(db: Kysely<unknown>): Promise<void> {
  await rebuildReportRows(db as unknown as Kysely<Database>);
}

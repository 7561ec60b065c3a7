import type { Kysely } from 'kysely';

// The meeting a CP conference or looked-after review observation is judged against now follows
// the type of meeting recorded (schemas/rules/meeting-timescale.ts) instead of the latest date
// entered. Report rows are derived data: this migration once worked them all out again from the
// records; now the rows are worked out after the last migration by the release that runs it
// (reports/report-rows-version.ts), so it changes nothing itself. It stays, since databases
// record its name.
export async function up(_db: Kysely<unknown>): Promise<void> {
  // Nothing to change in the tables.
}

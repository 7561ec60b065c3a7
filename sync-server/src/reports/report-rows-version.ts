// Report rows are derived from the records by today's code, and migrations only change tables:
// once every migration has run (storage.migrate), a database whose rows were written by other
// code than this release's has all of them worked out again, once, and the version they were
// written by stored beside them. A database already up to date reads one settings row.
//
// One transaction that first takes the sequence counter's lock, as every writer of records does:
// a push from another process (a server still running the release before) waits for the rebuild
// rather than moving rows it is deleting, and a second process starting at the same moment waits
// too, then finds the version stored and does nothing.
import type { Kysely } from 'kysely';
import type { Database } from '../storage/database';
import { lockSequence } from '../sync/sequence';
import { REPORT_ROWS_VERSION, rebuildReportRows, reportContext } from './report-rows';

type Db = Kysely<Database>;

/** The settings row holding the `REPORT_ROWS_VERSION` the stored rows were written by. */
export const REPORT_ROWS_VERSION_KEY = 'report-rows-version';

async function storedVersion(db: Db): Promise<string | undefined> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', REPORT_ROWS_VERSION_KEY)
    .executeTakeFirst();
  return row?.value;
}

/** Works every report row out again unless this release wrote them; says whether it did. */
export async function bringReportRowsUpToDate(db: Db): Promise<boolean> {
  const current = String(REPORT_ROWS_VERSION);
  if ((await storedVersion(db)) === current) return false;
  return db.transaction().execute(async (tx) => {
    await lockSequence(tx);
    if ((await storedVersion(tx)) === current) return false;
    await rebuildReportRows(tx, await reportContext(tx));
    const now = new Date().toISOString();
    await tx
      .insertInto('settings')
      .values({ key: REPORT_ROWS_VERSION_KEY, value: current, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: current, updated_at: now }))
      .execute();
    return true;
  });
}

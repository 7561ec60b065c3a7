import { PostgresAdapter } from 'kysely';
import type { Kysely } from 'kysely';
import type { FieldValue } from '../../../../schemas/entities/field-value';
import { timescalesStamp } from '../../../../schemas/timescales';
import type { AuditEvent } from '../../audit/append';
import { appendAudit } from '../../audit/append';
import { readLocalSettingsWith } from '../../settings/local-settings';
import { nextSequence } from '../../sync/sequence';
import type { Database } from '../database';

// Whether a CP conference or looked-after review observed was in time is judged by the timescales
// in force when the observation was first submitted, which the server now stamps on it
// (`submittedTimescales`, apply-mutation.ts), rather than by the settings of the day the report
// is read: changing a local timescale no longer changes quarters already reported.
//
// Observations submitted before this release are stamped here with the timescales in force now,
// at the upgrade: the best knowledge there is, since the settings of their day were not kept.
// Drafts are in no report and get none. Each observation stamped takes a new sequence number (one
// per page of them), so every tablet pulls it, and is an audit entry of its own.
//
// Until now a report row's due date followed the settings in force, by the key of the settings it
// was worked out with (`timescales_key`), brought up to date as a report was read. The key, and
// the index that refresh read by, go; the rows are worked out again from their records, now
// stamped, after the last migration (reports/report-rows-version.ts). One transaction: all of it
// or none (on PostgreSQL the migrator's own; SQLite migrations run outside one, so this opens it).
export const MIGRATION_USER = 'migration:0026';
export const STAMP_ACTION = 'timescales-stamped-at-upgrade';

const PAGE = 500;

export async function up(db: Kysely<unknown>): Promise<void> {
  const kdb = db as unknown as Kysely<Database>;
  if (kdb.getExecutor().adapter instanceof PostgresAdapter) await stamp(kdb);
  else await kdb.transaction().execute(stamp);
}

/** Submitted at least once: no observation goes back to being a draft. */
const submitted = (f: Record<string, FieldValue>): boolean =>
  typeof f['status'] === 'string' && f['status'] !== 'draft';

async function stamp(tx: Kysely<Database>): Promise<void> {
  const { timescales } = await readLocalSettingsWith(tx);
  const inForce = timescalesStamp(timescales);
  const now = new Date().toISOString();
  let after = '';
  for (;;) {
    const page = await tx
      .selectFrom('records')
      .select(['id', 'fields'])
      .where('type', '=', 'observation')
      .where('deleted', '=', 0)
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    const due = page
      .map((r) => ({ id: r.id, f: JSON.parse(r.fields) as Record<string, FieldValue> }))
      .filter((r) => submitted(r.f) && typeof r.f['submittedTimescales'] !== 'string');
    if (due.length === 0) continue;
    // One number for the page, as one push gives one to every record it writes.
    const seq = await nextSequence(tx);
    const events: AuditEvent[] = [];
    for (const r of due) {
      await tx
        .updateTable('records')
        .set({
          fields: JSON.stringify({ ...r.f, submittedTimescales: inForce }),
          seq,
          updated_at: now,
        })
        .where('id', '=', r.id)
        .execute();
      events.push({
        userId: MIGRATION_USER,
        action: STAMP_ACTION,
        recordId: r.id,
        content: { after: { submittedTimescales: inForce } },
      });
    }
    await appendAudit(tx, events);
  }

  await tx.schema.dropIndex('report_observations_timescales').execute();
  await tx.schema.alterTable('report_observations').dropColumn('timescales_key').execute();
}

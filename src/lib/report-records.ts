// The records this tablet holds, as the shared report code reads them (schemas/reports), so a
// report can be worked out on the tablet with no signal. This device's unsent edits are in them:
// what the person sees on every other screen is what the report counts.
import type { ReportRecord } from '../../schemas/reports/report-facts';
import type { RecordType } from '../../schemas/sync/records';
import { listRecords } from '../db';
import type { LocalStore } from '../db';

export async function reportRecords(
  store: LocalStore,
  types: readonly RecordType[],
): Promise<ReportRecord[]> {
  const out: ReportRecord[] = [];
  for (const type of types) {
    for (const view of await listRecords(store.db, store.cipher, type)) {
      // A row with no team belongs to no report (the tablet gives every new one its team).
      if (view.scopeId === null) continue;
      const created = view.fields['createdAt'];
      out.push({
        id: view.id,
        type: view.type,
        scopeId: view.scopeId,
        parentId: view.parentId,
        deleted: view.deleted,
        fields: view.fields,
        // Orders moderation comments only; the tablet keeps no arrival time of its own.
        createdAt: typeof created === 'string' ? created : view.updatedAt,
      });
    }
  }
  return out;
}

// A lost tablet should hold as little as possible: observations that are finished with here
// (submitted or later, synced, nothing waiting to send) and unchanged for longer than the
// authority's limit are removed from the device with their child rows. They stay on the server,
// and come back with the next pull if anything about them changes there.
import type { RecordCipher } from './cipher';
import type { LocalDatabase } from './database';
import { writeTransaction } from './transaction';

const KEEP_STATUSES = new Set(['draft', 'returned']);

export type StaleRemoval = { observations: number; children: number };

export async function removeStaleRecords(
  db: LocalDatabase,
  _cipher: RecordCipher,
  olderThan: Date,
): Promise<StaleRemoval> {
  const cutoff = olderThan.getTime();
  return writeTransaction(db, async () => {
    const observations = await db.listing.where('type').equals('observation').toArray();
    const stale = observations.filter(
      (r) =>
        r.pending === 0 &&
        r.version > 0 &&
        !KEEP_STATUSES.has(r.status ?? 'draft') &&
        Date.parse(r.updatedAt) < cutoff,
    );
    if (stale.length === 0) return { observations: 0, children: 0 };
    const ids = stale.map((r) => r.id);
    const children = await db.listing.where('parentId').anyOf(ids).toArray();
    // A child still waiting to be sent keeps its observation on the tablet.
    const busy = new Set(children.filter((c) => c.pending === 1).map((c) => c.parentId));
    const removeIds = ids.filter((id) => !busy.has(id));
    const removeChildren = children
      .filter((c) => c.parentId !== null && removeIds.includes(c.parentId))
      .map((c) => c.id);
    await db.records.bulkDelete([...removeIds, ...removeChildren]);
    await db.listing.bulkDelete([...removeIds, ...removeChildren]);
    for (const id of removeIds) await db.meta.delete(`sealed:scratch:${id}`);
    return { observations: removeIds.length, children: removeChildren.length };
  });
}

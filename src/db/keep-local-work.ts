// Signing out and keeping unsent work keeps that work, not everything else: records the server
// already holds as they are here go, with the cached reports, concern log and team directory, so
// a tablet left signed out holds as little as it can. The next sign-in is a full online one, and
// its pull (from the start) brings back what was removed.
import type { RecordCipher } from './cipher';
import type { LocalDatabase, ListingRow } from './database';
import { toRecordSummary } from './record-rows';
import { writeSyncState } from './sync-state';
import { writeTransaction } from './transaction';

// Sealed rows for a record: `scratch:<id>` (values not valid yet), `scratch:amend:<id>`, the
// form drafts of a record's pages (`scratch:form:call:<id>`, `scratch:form:concern:<id>`),
// typing rescued before it was saved (`scratch:rescue:<form>:<id>`) and text kept when two
// windows typed over the same words (`scratch:kept:<id>`).
const DRAFT_OF = /^sealed:scratch:(?:amend:|kept:|form:[a-z-]+:|rescue:[^:]+:)?(.+)$/;
// What the server gives again at the next sign-in.
const CACHES = ['sealed:report:', 'sealed:directory'];

export type KeptWork = { kept: number; removed: number };

const draftedIds = (keys: readonly string[]) =>
  keys.flatMap((key) => {
    const m = DRAFT_OF.exec(key);
    return m ? [m[1]!] : [];
  });

export async function keepOnlyLocalWork(
  db: LocalDatabase,
  cipher: RecordCipher,
): Promise<KeptWork> {
  // Form drafts and rescued typing are read first, in a moment of their own: their table is
  // never held by a long transaction (database.ts, `drafts`).
  const typed = draftedIds(
    await db.drafts.where('key').startsWith('sealed:scratch:').primaryKeys(),
  );
  return writeTransaction(db, async () => {
    const refused = new Set((await db.rejections.toArray()).map((r) => r.recordId));
    const drafted = new Set([
      ...typed,
      ...draftedIds(await db.meta.where('key').startsWith('sealed:scratch:').primaryKeys()),
    ]);
    const rows = await db.listing.toArray();
    const ownWork = (r: ListingRow) =>
      r.pending === 1 ||
      r.version === 0 ||
      refused.has(r.id) ||
      drafted.has(r.id) ||
      toRecordSummary(cipher, r).conflictCount > 0;
    const keep = new Set(rows.filter(ownWork).map((r) => r.id));
    // A child kept here keeps the observation it belongs to, so it can be seen and sent.
    for (const r of rows) if (keep.has(r.id) && r.parentId) keep.add(r.parentId);
    const removed = rows.filter((r) => !keep.has(r.id)).map((r) => r.id);
    await db.records.bulkDelete(removed);
    await db.listing.bulkDelete(removed);
    for (const prefix of CACHES) await db.meta.where('key').startsWith(prefix).delete();
    // Pulled again from the start at the next sign-in, so nothing removed here stays missing.
    await writeSyncState(db, { cursor: null });
    return { kept: keep.size, removed: removed.length };
  });
}

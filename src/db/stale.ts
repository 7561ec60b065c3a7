// A lost tablet should hold as little as possible: records that are finished with here (synced,
// nothing waiting to send, no work under way) and unchanged for longer than the authority's limit
// are removed from the device: observations submitted or later, with their child rows; safety
// concerns once acknowledged; assignments once done or exempted. They stay on the server, and
// come back with the next pull if anything about them changes there.
import type { FieldMap, RecordType } from '../../schemas/sync/records';
import type { RecordCipher } from './cipher';
import type { LocalDatabase, ListingRow } from './database';
import { toRecordSummary } from './record-rows';
import { scratchInProgress } from './session-store';
import { writeTransaction } from './transaction';

const KEEP_STATUSES = new Set(['draft', 'returned']);

/** Root records other than observations, and when one is finished with on the tablet. */
const FINISHED: ReadonlyArray<[RecordType, (fields: FieldMap) => boolean]> = [
  // Acknowledged: the director has it in hand, and the person who raised it has seen so.
  ['safety-concern', (f) => typeof f['acknowledgedAt'] === 'string'],
  // Done or exempted: nothing is left to do on the tablet.
  [
    'assignment',
    (f) => typeof f['completedAt'] === 'string' || typeof f['exemption.grantedAt'] === 'string',
  ],
];

export type StaleRemoval = {
  observations: number;
  children: number;
  concerns: number;
  assignments: number;
};

/**
 * Which records have work under way on the tablet, from the scratch rows holding anything: values
 * typed but not valid yet (`scratch:<id>`), an amendment (`scratch:amend:<id>`), a moderation
 * comment (`scratch:moderation-<id>-<judgement>`), the form drafts of a record's pages
 * (`scratch:form:<form>:<id>`, the text merged for a conflict `…:<id>:<conflict>`), typing rescued
 * before it was saved (`scratch:rescue:<form>:<id>`) and text one window's save replaced while
 * another typed over the same words (`scratch:kept:<id>`, kept-texts.ts).
 */
function workUnderWay(keys: readonly string[]): (id: string) => boolean {
  const ids = new Set<string>();
  // A record id may hold hyphens, so which part of a comment's key is the id is not certain: a
  // record is taken to have one when the key could name it (keeping one too many, never too few).
  const comments: string[] = [];
  for (const key of keys) {
    const name = key.slice('scratch:'.length);
    const [first = '', ...rest] = name.split(':');
    if (first === 'form') for (const part of rest.slice(1)) ids.add(part);
    else if (first === 'amend' || first === 'kept') ids.add(rest[0] ?? '');
    else if (first === 'rescue') ids.add(rest[1] ?? '');
    else if (first.startsWith('moderation-')) comments.push(first.slice('moderation-'.length));
    else ids.add(name);
  }
  return (id) => ids.has(id) || comments.some((c) => c.startsWith(`${id}-`));
}

const settled = (r: ListingRow, cutoff: number) =>
  r.pending === 0 && r.version > 0 && Date.parse(r.updatedAt) < cutoff;

export async function removeStaleRecords(
  db: LocalDatabase,
  cipher: RecordCipher,
  olderThan: Date,
): Promise<StaleRemoval> {
  const cutoff = olderThan.getTime();
  // Form drafts and rescued typing are read first, in a moment of their own: their table is never
  // held by a long transaction (database.ts, `drafts`).
  const typed = await scratchInProgress(db, cipher, ['drafts']);
  return writeTransaction(db, async () => {
    // A record with a change the server refused, or an edit made elsewhere still to be settled
    // here, stays until the person has seen to it: removing it would hide what they typed. So does
    // one with work under way here (an amendment, a comment, words not valid yet): its pages
    // would open on nothing, and the work be left with no record to go to.
    const refused = new Set((await db.rejections.toArray()).map((r) => r.recordId));
    const busyHere = workUnderWay([...typed, ...(await scratchInProgress(db, cipher, ['meta']))]);
    const needsPerson = (r: ListingRow) =>
      refused.has(r.id) || busyHere(r.id) || toRecordSummary(cipher, r).conflictCount > 0;
    const others: Partial<Record<RecordType, number>> = {};
    for (const [type, finished] of FINISHED) {
      const rows = await db.listing.where('type').equals(type).toArray();
      const ids = rows
        .filter((r) => {
          if (!settled(r, cutoff) || refused.has(r.id) || busyHere(r.id)) return false;
          // Opened once: both the conflicts and the fields are in the sealed summary.
          const summary = toRecordSummary(cipher, r);
          return summary.conflictCount === 0 && finished(summary.fields);
        })
        .map((r) => r.id);
      await db.records.bulkDelete(ids);
      await db.listing.bulkDelete(ids);
      others[type] = ids.length;
    }
    const concerns = others['safety-concern'] ?? 0;
    const assignments = others['assignment'] ?? 0;
    const observations = await db.listing.where('type').equals('observation').toArray();
    const stale = observations.filter(
      (r) => settled(r, cutoff) && !KEEP_STATUSES.has(r.status ?? 'draft') && !needsPerson(r),
    );
    if (stale.length === 0) return { observations: 0, children: 0, concerns, assignments };
    const ids = stale.map((r) => r.id);
    const children = await db.listing.where('parentId').anyOf(ids).toArray();
    // A child still waiting to be sent, or needing the person, keeps its observation here.
    const busy = new Set(
      children.filter((c) => c.pending === 1 || needsPerson(c)).map((c) => c.parentId),
    );
    const removeIds = ids.filter((id) => !busy.has(id));
    const removeChildren = children
      .filter((c) => c.parentId !== null && removeIds.includes(c.parentId))
      .map((c) => c.id);
    await db.records.bulkDelete([...removeIds, ...removeChildren]);
    await db.listing.bulkDelete([...removeIds, ...removeChildren]);
    for (const id of removeIds) await db.meta.delete(`sealed:scratch:${id}`);
    return {
      observations: removeIds.length,
      children: removeChildren.length,
      concerns,
      assignments,
    };
  });
}

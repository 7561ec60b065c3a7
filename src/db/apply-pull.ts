// Applies one page of a pull in ONE transaction: the server's records, evictions, the cursor and
// (on the last page) the acknowledgements, with this device's pending edits replayed on top of
// every record they touch. A crash mid-pull leaves the previous page's state, never half a page.
import { pullResponseSchema } from '../../schemas/sync/pull';
import type { PullResponse } from '../../schemas/sync/pull';
import type { SyncRecord } from '../../schemas/sync/records';
import type { RecordCipher } from './cipher';
import type { LocalDatabase, RecordRow, SyncedState } from './database';
import { InvalidPullPageError } from './errors';
import { stopOvertakenAmendments } from './amendments';
import { dropMootKeptTexts } from './kept-texts';
import {
  listingOf,
  buildRecordRow,
  groupByRecord,
  identityOf,
  openRecordRow,
  toRecordView,
  worthKeeping,
} from './record-rows';
import type { RecordIdentity } from './record-rows';
import { actionHistoryReport } from './session-store';
import { readSyncState, writeSyncState } from './sync-state';
import type { SyncState } from './sync-state';
import { writeTransaction } from './transaction';

export type PullPageResult = {
  /** Records written or removed by this page. */
  changed: number;
  /** Outbox entries the server acknowledged and that have left the outbox. */
  acknowledged: number;
};

function syncedFrom(r: SyncRecord): SyncedState {
  return {
    fields: r.fields,
    conflicts: r.conflicts,
    deleted: r.deleted,
    ownerId: r.ownerId,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

const identityFrom = (r: SyncRecord): RecordIdentity => ({
  id: r.id,
  type: r.type,
  scopeId: r.scopeId,
  parentId: r.parentId,
  version: r.version,
});

/**
 * The acknowledgement this page allows: only on the last page (the records those mutations
 * changed may be on any page), and only for mutations whose push result this device has recorded,
 * so a refused change is always copied aside before its outbox entry goes.
 */
function acknowledgedUpTo(state: SyncState, page: PullResponse, final: boolean): number {
  if (!final) return state.lastMutationId;
  return Math.max(state.lastMutationId, Math.min(page.lastMutationId, state.pushedMutationId));
}

export async function applyPullPage(
  db: LocalDatabase,
  cipher: RecordCipher,
  input: PullResponse,
  options: { final?: boolean; at?: Date } = {},
): Promise<PullPageResult> {
  const parsed = pullResponseSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new InvalidPullPageError(first ? `${first.path.join('.')}: ${first.message}` : 'invalid');
  }
  const page = parsed.data;
  const final = options.final ?? !page.hasMore;
  const at = (options.at ?? new Date()).toISOString();

  return writeTransaction(db, async () => {
    const state = await readSyncState(db);
    const ackTo = acknowledgedUpTo(state, page, final);
    // Records whose state may change, and where each one's server copy comes from.
    const fromServer = new Map<string, SyncRecord>(page.records.map((r) => [r.id, r]));
    const evicted = new Set<string>(page.evict);
    const resetIds = new Set<string>();
    const revisit = new Set<string>();

    let acknowledged = 0;
    if (ackTo > state.lastMutationId) {
      const acked = await db.outbox.where('id').belowOrEqual(ackTo).toArray();
      acked.forEach((r) => revisit.add(r.recordId));
      await db.outbox.bulkDelete(acked.map((r) => r.id));
      acknowledged = acked.length;
    }
    if (page.reset) {
      // Keep only what this device still has to send; the rest comes again from the start.
      await db.records.where('pending').equals(0).delete();
      const kept = await db.records.toCollection().primaryKeys();
      kept.forEach((id) => resetIds.add(id));
    }

    const ids = [...new Set([...fromServer.keys(), ...evicted, ...resetIds, ...revisit])];
    const rows = await db.records.bulkGet(ids);
    const pendingRows = await db.outbox.where('recordId').anyOf(ids).toArray();
    const pending = groupByRecord(cipher, pendingRows);

    const puts: RecordRow[] = [];
    const deletes: string[] = [];
    ids.forEach((id, i) => {
      const row = rows[i];
      const mutations = pending.get(id) ?? [];
      const incoming = fromServer.get(id);
      let identity: RecordIdentity;
      let synced: SyncedState | null;
      if (incoming && !evicted.has(id)) {
        identity = identityFrom(incoming);
        synced = syncedFrom(incoming);
      } else if (evicted.has(id) || resetIds.has(id)) {
        // The user may no longer see the server's copy, or it is coming again from the start:
        // keep only this device's own edits.
        if (!row) return;
        identity = identityOf(row);
        synced = null;
      } else {
        if (!row) return;
        identity = identityOf(row);
        synced = openRecordRow(cipher, row).synced;
      }
      if (worthKeeping(synced, mutations)) {
        puts.push(buildRecordRow(cipher, identity, synced, mutations));
      } else if (row) {
        deletes.push(id);
      }
    });
    await db.records.bulkPut(puts);
    await db.records.bulkDelete(deletes);
    await db.listing.bulkPut(puts.map(listingOf));
    await db.listing.bulkDelete(deletes);
    if (puts.length > 0) {
      const rebuilt = new Map(puts.map((row) => [row.id, row]));
      // A text kept on the tablet that the record now holds anyway has nothing left to settle.
      await dropMootKeptTexts(db, cipher, (id) => {
        const row = rebuilt.get(id);
        return row ? toRecordView(cipher, row).fields : undefined;
      });
      // An amendment under way of an observation returned or closed meanwhile stops here.
      await stopOvertakenAmendments(db, cipher, (id) => {
        const row = rebuilt.get(id);
        return row?.type === 'observation' ? row : undefined;
      });
    }
    // Access was taken away: the last reports and concern log fetched may hold that team's
    // records too, so they go with them (the screens fetch them again when online). So does a
    // safety concern's tombstone: a concern is deleted only under retention, and the concern log
    // and the raiser's status page show its words, case ID and who was told; every copy goes
    // rather than the concern out of each, so no copy that holds one is missed, and retention is
    // rare enough that fetching them again costs nothing.
    const tombstones = page.records.filter((r) => r.deleted && !r.conflicts.length);
    if (evicted.size > 0 || tombstones.some((r) => r.type === 'safety-concern')) {
      await db.meta.where('key').startsWith('sealed:report:').delete();
    }
    // An action deleted (under retention, or removed by a person) takes its history's copy,
    // which holds every word the action held.
    const histories = tombstones
      .filter((r) => r.type === 'action')
      .map((r) => `sealed:report:${actionHistoryReport(r.id)}`);
    if (histories.length > 0) await db.meta.bulkDelete(histories);
    await writeSyncState(db, {
      cursor: page.reset ? null : page.cursor,
      lastMutationId: ackTo,
      lastPullAt: at,
    });
    return { changed: puts.length + deletes.length, acknowledged };
  });
}

// The outbox as the sync engine sees it: what to push next, what the server said about it, and
// how much is still waiting. An entry leaves the outbox only when a pull acknowledges it (see
// apply-pull.ts), so a crash between push and pull can never lose or double-apply an edit.
import type { Mutation, PushResponse } from '../../schemas/sync/push';
import type { RecordCipher } from './cipher';
import type { LocalDatabase, RejectedMutation, RejectionRow } from './database';
import { openOutboxRow, rejectionSlot } from './record-rows';
import { readSyncState, writeSyncState } from './sync-state';
import { readTransaction, writeTransaction } from './transaction';

/** The oldest mutations the server has not answered yet, in id order, ready to push. */
export async function pendingMutations(
  db: LocalDatabase,
  cipher: RecordCipher,
  limit = 100,
): Promise<Mutation[]> {
  const rows = await readTransaction(db, async () => {
    const { pushedMutationId } = await readSyncState(db);
    return db.outbox.where('id').above(pushedMutationId).limit(limit).toArray();
  });
  return rows.map((row) => openOutboxRow(cipher, row));
}

/**
 * Every change still in the outbox, sent or not, in id order: what a recovery file must carry.
 * Sent ones are included because only an acknowledgement proves the server has them; it skips any
 * it already holds.
 */
export async function unacknowledgedMutations(
  db: LocalDatabase,
  cipher: RecordCipher,
): Promise<Mutation[]> {
  const rows = await readTransaction(db, () => db.outbox.orderBy('id').toArray());
  return rows.map((row) => openOutboxRow(cipher, row));
}

export type UnsentSummary = {
  /** Changes not yet sent to the server ("3 changes waiting to send"). */
  count: number;
  /** When the oldest of them was made, or null when there are none. */
  oldestAt: string | null;
};

export async function unsentSummary(db: LocalDatabase): Promise<UnsentSummary> {
  return readTransaction(db, async () => {
    const { pushedMutationId } = await readSyncState(db);
    // Two collections: Dexie's first() narrows the collection it is called on.
    const count = await db.outbox.where('id').above(pushedMutationId).count();
    const oldest = await db.outbox.where('id').above(pushedMutationId).first();
    return { count, oldestAt: oldest?.at ?? null };
  });
}

/**
 * Records the server's answer to a push: mutations up to `lastMutationId` are not sent again, and
 * each permanently rejected one is copied aside so the person can see what was refused and why
 * (its outbox entry still leaves with the next pull's acknowledgement).
 */
export async function recordPushResults(
  db: LocalDatabase,
  cipher: RecordCipher,
  response: Pick<PushResponse, 'results' | 'lastMutationId' | 'serverTime'>,
  at: Date = new Date(),
): Promise<void> {
  await writeTransaction(db, async () => {
    const state = await readSyncState(db);
    const rejected = response.results.filter((r) => r.status === 'rejected');
    const entries = await db.outbox.bulkGet(rejected.map((r) => r.id));
    const rows: RejectionRow[] = [];
    rejected.forEach((result, i) => {
      const entry = entries[i];
      if (!entry) return;
      const kept: RejectedMutation = {
        mutation: openOutboxRow(cipher, entry),
        code: result.code ?? 'REJECTED',
        message: result.message ?? 'The server did not accept this change.',
        rejectedAt: response.serverTime,
      };
      rows.push({
        id: entry.id,
        recordId: entry.recordId,
        at: entry.at,
        blob: cipher.seal(rejectionSlot(entry.id), kept),
      });
    });
    await db.rejections.bulkPut(rows);
    // The server cannot have answered a mutation this device never made; never move backwards.
    const answered = Math.min(response.lastMutationId, state.nextMutationId - 1);
    await writeSyncState(db, {
      pushedMutationId: Math.max(state.pushedMutationId, answered),
      lastPushAt: at.toISOString(),
    });
  });
}

/**
 * `rowId` is the mutation's id while its registration lasts; a new registration moves refusals
 * already kept to ids of their own (below zero), so the renumbered mutations' refusals cannot
 * overwrite them (device-registration.ts).
 */
export type RejectionView = RejectedMutation & { recordId: string; rowId: number };

/** Changes the server refused, oldest first, for one record or all of them. */
export async function listRejections(
  db: LocalDatabase,
  cipher: RecordCipher,
  recordId?: string,
): Promise<RejectionView[]> {
  const rows = await readTransaction(db, () =>
    recordId === undefined
      ? db.rejections.toArray()
      : db.rejections.where('recordId').equals(recordId).sortBy('id'),
  );
  return rows.map((row) => ({
    recordId: row.recordId,
    rowId: row.id,
    ...cipher.open<RejectedMutation>(rejectionSlot(row.id), row.blob),
  }));
}

/** The person has read (and copied what they need from) a refused change. */
export async function dismissRejection(db: LocalDatabase, rowId: number): Promise<void> {
  await writeTransaction(db, () => db.rejections.delete(rowId));
}

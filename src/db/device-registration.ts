// Mutation ids count per device registration: the server expects a new registration's first
// mutation to be 1. When the server issues a new registration (after a revoked device, an expired
// session or a server reset), the unsent edits are renumbered from 1 rather than lost.
import { syncIdSchema } from '../../schemas/sync/records';
import type { RecordCipher } from './cipher';
import type { LocalDatabase, RecordRow } from './database';
import { InvalidChangeError, RegistrationSupersededError } from './errors';
import {
  buildRecordRow,
  groupByRecord,
  identityOf,
  listingOf,
  openOutboxRow,
  openRecordRow,
  rejectionSlot,
  sealOutboxRow,
  worthKeeping,
} from './record-rows';
import { readSyncState, writeSyncState } from './sync-state';
import { writeTransaction } from './transaction';

export type RegistrationChange = {
  /** Unsent edits now numbered from 1 under the new registration. */
  renumbered: number;
  /** Edits the old registration had already delivered; the next pull brings their effect back. */
  delivered: number;
};

/** More than enough: a store rarely outlives more than one or two registrations. */
const MAX_PREVIOUS = 20;

export async function adoptDeviceRegistration(
  db: LocalDatabase,
  cipher: RecordCipher,
  deviceId: string,
): Promise<RegistrationChange> {
  if (!syncIdSchema.safeParse(deviceId).success) {
    throw new InvalidChangeError(
      'The server issued a device ID this app cannot use. Sign in again.',
    );
  }
  return writeTransaction(db, async () => {
    const state = await readSyncState(db);
    if (state.deviceId === deviceId) return { renumbered: 0, delivered: 0 };
    // An older sign-in still open in another window: never go back to it.
    if (state.previousDeviceIds.includes(deviceId)) throw new RegistrationSupersededError();
    if (state.deviceId === null) {
      // First registration: nothing has been pushed, so ids already start at 1.
      await writeSyncState(db, { deviceId });
      return { renumbered: 0, delivered: 0 };
    }
    const all = await db.outbox.orderBy('id').toArray();
    const delivered = all.filter((r) => r.id <= state.pushedMutationId);
    const unsent = all.filter((r) => r.id > state.pushedMutationId);
    const renumbered = unsent.map((row, i) => ({ ...openOutboxRow(cipher, row), id: i + 1 }));
    await db.outbox.clear();
    await db.outbox.bulkAdd(renumbered.map((m) => sealOutboxRow(cipher, m)));
    await moveKeptRefusals(db, cipher);

    // Records that lost a delivered edit are rebuilt from their synced copy and what remains.
    const affected = [...new Set(delivered.map((r) => r.recordId))];
    const rows = await db.records.bulkGet(affected);
    const pending = groupByRecord(
      cipher,
      await db.outbox.where('recordId').anyOf(affected).toArray(),
    );
    const puts: RecordRow[] = [];
    const deletes: string[] = [];
    for (const row of rows) {
      if (!row) continue;
      const { synced } = openRecordRow(cipher, row);
      const mutations = pending.get(row.id) ?? [];
      if (worthKeeping(synced, mutations)) {
        puts.push(buildRecordRow(cipher, identityOf(row), synced, mutations));
      } else {
        deletes.push(row.id);
      }
    }
    await db.records.bulkPut(puts);
    await db.records.bulkDelete(deletes);
    await db.listing.bulkPut(puts.map(listingOf));
    await db.listing.bulkDelete(deletes);
    await writeSyncState(db, {
      deviceId,
      previousDeviceIds: [...state.previousDeviceIds, state.deviceId].slice(-MAX_PREVIOUS),
      nextMutationId: renumbered.length + 1,
      lastMutationId: 0,
      pushedMutationId: 0,
    });
    return { renumbered: renumbered.length, delivered: delivered.length };
  });
}

/**
 * The server has fewer of this registration's changes than this tablet knows it sent (it was
 * restored from a backup: `MUTATION_GAP`, expecting change `expected` next). What is still in the
 * outbox has not reached the restored server, so it is numbered again from `expected` and sent;
 * the next pull starts from the beginning, as the restored server's sequence may be behind this
 * tablet's cursor. Changes acknowledged before the restore are no longer on the tablet to send:
 * a restore is an incident (README, "Backups"). Returns how many were numbered again; 0, changing
 * nothing, unless the outbox really starts after `expected`.
 */
export async function restartNumberingAt(
  db: LocalDatabase,
  cipher: RecordCipher,
  expected: number,
): Promise<number> {
  return writeTransaction(db, async () => {
    const rows = await db.outbox.orderBy('id').toArray();
    const first = rows[0]?.id;
    if (!Number.isSafeInteger(expected) || expected < 1 || first === undefined || first <= expected)
      return 0;
    const renumbered = rows.map((row, i) => ({ ...openOutboxRow(cipher, row), id: expected + i }));
    await db.outbox.clear();
    await db.outbox.bulkAdd(renumbered.map((m) => sealOutboxRow(cipher, m)));
    await moveKeptRefusals(db, cipher);
    await writeSyncState(db, {
      nextMutationId: expected + renumbered.length,
      lastMutationId: expected - 1,
      pushedMutationId: expected - 1,
      cursor: null,
    });
    return renumbered.length;
  });
}

/**
 * Refusals kept under the old registration's mutation ids move to ids below zero (sealed again
 * for their new key): the new registration numbers its mutations from 1, and a refusal of one of
 * those must not overwrite an old one the person has not read yet.
 */
async function moveKeptRefusals(db: LocalDatabase, cipher: RecordCipher): Promise<void> {
  const rows = await db.rejections.toArray();
  const kept = rows.filter((r) => r.id > 0);
  if (kept.length === 0) return;
  let next = Math.min(0, ...rows.map((r) => r.id)) - 1;
  const moved = kept.map((r) => {
    const content = cipher.open<unknown>(rejectionSlot(r.id), r.blob);
    const id = next--;
    return { ...r, id, blob: cipher.seal(rejectionSlot(id), content) };
  });
  await db.rejections.bulkDelete(kept.map((r) => r.id));
  await db.rejections.bulkAdd(moved);
}

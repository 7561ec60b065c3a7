// The sync bookkeeping kept in `meta`. None of it is about a child (the cursor is opaque server
// data naming sync positions and team ids), so it stays in plain text.
import type { LocalDatabase } from './database';

export type SyncState = {
  /** This device's registration with the server; null until the first sign-in registers it. */
  deviceId: string | null;
  /**
   * Registrations this person's store had before the current one (a revoked tablet signed into
   * again, a server reset), oldest first: a conflict kept from an edit sent under one of them is
   * still this tablet's own.
   */
  previousDeviceIds: string[];
  /** The id the next local edit's mutation will get. */
  nextMutationId: number;
  /** The pull position: null means "from the start". */
  cursor: string | null;
  /** Mutations up to this id are acknowledged by a pull and gone from the outbox. */
  lastMutationId: number;
  /** Mutations up to this id have a result from a push; they are not sent again. */
  pushedMutationId: number;
  lastPushAt: string | null;
  lastPullAt: string | null;
};

export const INITIAL_SYNC_STATE: SyncState = {
  deviceId: null,
  previousDeviceIds: [],
  nextMutationId: 1,
  cursor: null,
  lastMutationId: 0,
  pushedMutationId: 0,
  lastPushAt: null,
  lastPullAt: null,
};

type Key = keyof SyncState;
const KEYS = Object.keys(INITIAL_SYNC_STATE) as Key[];

/** Reads the whole state; inside a transaction, it reads that transaction's view. */
export async function readSyncState(db: LocalDatabase): Promise<SyncState> {
  const rows = await db.meta.bulkGet(KEYS);
  const state: Record<string, unknown> = { ...INITIAL_SYNC_STATE };
  rows.forEach((row, i) => {
    if (row !== undefined) state[KEYS[i] as Key] = row.value;
  });
  return state as SyncState;
}

/** Writes some of the state; call it inside the transaction that makes the change it records. */
export async function writeSyncState(db: LocalDatabase, patch: Partial<SyncState>): Promise<void> {
  const rows = (Object.keys(patch) as Key[]).map((key) => ({ key, value: patch[key] }));
  await db.meta.bulkPut(rows);
}

/** Every registration this store has been sent under, the current one first. */
export async function ownDeviceIds(db: LocalDatabase): Promise<string[]> {
  const { deviceId, previousDeviceIds } = await readSyncState(db);
  return deviceId ? [deviceId, ...[...previousDeviceIds].reverse()] : [...previousDeviceIds];
}

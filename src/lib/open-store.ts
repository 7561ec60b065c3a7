// The store open now, and whose it is. A save that failed (a full disk) outlives the screen it
// was typed on: the idle lock closes that screen and its store, and the words wait in memory. Once
// the same person unlocks, the save is tried again into the store opened then, never into another
// person's on a shared tablet.
import type { LocalStore } from '../db';

let open: { userId: string; store: LocalStore } | null = null;

export function setOpenStore(userId: string, store: LocalStore | null): void {
  open = store ? { userId, store } : null;
}

/** The person's store if it is the one open now. */
export function openStoreOf(userId: string): LocalStore | null {
  return open && open.userId === userId ? open.store : null;
}

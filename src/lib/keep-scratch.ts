// A value typed into a record that is not valid yet is kept as the record's sealed scratch
// (src/db session-store.ts) until it is: written through draft-writes.ts, so only the latest
// typed waits behind the write under way, and locking or signing out waits for it.
import { writeScratch } from '../db';
import type { LocalStore } from '../db';
import { writeLatest } from './draft-writes';

/**
 * Writes (or, with null, clears) one path's scratch value of a record (or of any scratch row).
 */
export function keepScratchValue(
  store: LocalStore,
  recordId: string,
  path: string,
  value: string | null,
): Promise<void> {
  return writeLatest(`${store.db.name}\u0000scratch:${recordId}\u0000${path}`, value, {
    write: (v) => writeScratch(store.db, store.cipher, recordId, path, v),
  });
}

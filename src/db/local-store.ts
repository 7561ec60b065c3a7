// Opening a user's store: their own database, sealed with their own data key. The key is checked
// against a sealed marker before anything is read or written, so a wrong key can never mix two
// keys' blobs in one database.
import type { RecordCipher } from './cipher';
import { createRecordCipher } from './cipher';
import type { LocalDatabase } from './database';
import { deleteLocalDatabase, localDatabaseName, openLocalDatabase } from './database';
import { DecryptionError, WrongDataKeyError, toDbError } from './errors';

export type LocalStore = { db: LocalDatabase; cipher: RecordCipher };

const KEY_CHECK = { table: 'meta', key: 'keyCheck' } as const;
const KEY_CHECK_VALUE = 'practice-observations';

async function checkKey(db: LocalDatabase, cipher: RecordCipher): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const row = await db.meta.get(KEY_CHECK.key);
    if (!row) {
      await db.meta.put({ key: KEY_CHECK.key, value: cipher.seal(KEY_CHECK, KEY_CHECK_VALUE) });
      return;
    }
    try {
      if (cipher.open<string>(KEY_CHECK, row.value as Uint8Array) === KEY_CHECK_VALUE) return;
    } catch (err) {
      if (!(err instanceof DecryptionError)) throw err;
    }
    throw new WrongDataKeyError();
  });
}

/** Opens the signed-in user's store with their 32-byte data key. */
export async function openLocalStore(userId: string, dataKey: Uint8Array): Promise<LocalStore> {
  const cipher = createRecordCipher(dataKey);
  const db = await openLocalDatabase(await localDatabaseName(userId));
  try {
    await checkKey(db, cipher);
  } catch (err) {
    db.close();
    throw toDbError(err);
  }
  return { db, cipher };
}

/**
 * Closes the store and forgets its key (lock, sign-out): a late write cannot reopen the database
 * and seal with a key that should be gone, and the key's bytes do not linger in memory.
 */
export function closeLocalStore(store: LocalStore): void {
  store.db.close();
  store.cipher.wipe();
}

/** Removes everything a user left on this device (sign-out on a shared tablet). */
export async function wipeLocalStore(userId: string, open?: LocalStore): Promise<void> {
  if (open) closeLocalStore(open);
  await deleteLocalDatabase(await localDatabaseName(userId));
}

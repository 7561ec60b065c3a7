// What the app keeps about the signed-in person on this tablet, sealed with their data key like
// every record: the session (its bearer token opens the server, so it is as sensitive as the
// records), the authority's local settings, and the checklists it has published.
import type { RecordCipher } from './cipher';
import type { LocalDatabase } from './database';
import { toDbError } from './errors';

export type SealedKey = 'session' | 'settings' | 'templates' | 'directory';

const slot = (key: SealedKey) => ({ table: 'meta', key: `sealed:${key}` });

export async function readSealed<T>(
  db: LocalDatabase,
  cipher: RecordCipher,
  key: SealedKey,
): Promise<T | undefined> {
  try {
    const row = await db.meta.get(`sealed:${key}`);
    return row ? cipher.open<T>(slot(key), row.value as Uint8Array) : undefined;
  } catch (err) {
    throw toDbError(err);
  }
}

export async function writeSealed(
  db: LocalDatabase,
  cipher: RecordCipher,
  key: SealedKey,
  value: unknown,
): Promise<void> {
  try {
    if (value === undefined) await db.meta.delete(`sealed:${key}`);
    else await db.meta.put({ key: `sealed:${key}`, value: cipher.seal(slot(key), value) });
  } catch (err) {
    throw toDbError(err);
  }
}

// What the app keeps about the signed-in person on this tablet, sealed with their data key like
// every record: the session (its bearer token opens the server, so it is as sensitive as the
// records), the authority's local settings, and the checklists it has published.
import type { RecordCipher } from './cipher';
import type { LocalDatabase } from './database';
import { toDbError } from './errors';

/**
 * `scratch:<record id>` holds what a person has typed into a record that is not a valid value
 * yet (half a case ID, an over-long note): kept through a crash, never sent until it is valid.
 */
export type SealedKey =
  | 'session'
  | 'settings'
  | 'templates'
  | 'directory'
  | 'recovery-key'
  | `scratch:${string}`
  // The last report or log pulled from the server, so it stays readable offline.
  | `report:${string}`;

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

/** Removes every sealed row whose key begins with `prefix`: the drafts of a piece of work that is over. */
export async function removeSealedUnder(db: LocalDatabase, prefix: SealedKey): Promise<void> {
  try {
    await db.meta.where('key').startsWith(`sealed:${prefix}`).delete();
  } catch (err) {
    throw toDbError(err);
  }
}

export type Scratch = Record<string, string>;

/** Typed-but-not-yet-valid values of a record, by field path. */
export async function readScratch(
  db: LocalDatabase,
  cipher: RecordCipher,
  recordId: string,
): Promise<Scratch> {
  return (await readSealed<Scratch>(db, cipher, `scratch:${recordId}`)) ?? {};
}

/** Sets (or, with null, clears) one path's scratch value. */
export async function writeScratch(
  db: LocalDatabase,
  cipher: RecordCipher,
  recordId: string,
  path: string,
  value: string | null,
): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const current = await readScratch(db, cipher, recordId);
    if (value === null) delete current[path];
    else current[path] = value;
    await writeSealed(
      db,
      cipher,
      `scratch:${recordId}`,
      Object.keys(current).length > 0 ? current : undefined,
    );
  });
}

/**
 * What is typed on this tablet and nowhere else, beyond the outbox and the concern queue: values
 * not valid yet, comments and concerns being written, a checklist being adapted (`scratch:` rows
 * that hold anything), and changes the server refused (kept so the person can see what they
 * typed). Signing out must not erase these unasked.
 */
export async function localOnlyWork(
  db: LocalDatabase,
  cipher: RecordCipher,
): Promise<{ unfinished: number; refused: number }> {
  try {
    const unfinished = (await scratchInProgress(db, cipher)).length;
    return { unfinished, refused: await db.rejections.count() };
  } catch (err) {
    throw toDbError(err);
  }
}

/** The `scratch:` rows that hold anything: each one is work typed here and nowhere else. */
export async function scratchInProgress(
  db: LocalDatabase,
  cipher: RecordCipher,
): Promise<SealedKey[]> {
  const rows = await db.meta.where('key').startsWith('sealed:scratch:').toArray();
  return rows.flatMap((row) => {
    const key = row.key.slice('sealed:'.length) as SealedKey;
    const value = cipher.open<unknown>(slot(key), row.value as Uint8Array);
    const empty =
      value === null ||
      value === undefined ||
      (typeof value === 'object' && Object.keys(value).length === 0);
    return empty ? [] : [key];
  });
}

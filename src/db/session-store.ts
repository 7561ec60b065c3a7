// What the app keeps about the signed-in person on this tablet, sealed with their data key like
// every record: the session (its bearer token opens the server, so it is as sensitive as the
// records), the authority's local settings, and the checklists it has published.
import type { Table } from 'dexie';
import type { RecordCipher } from './cipher';
import type { LocalDatabase, MetaRow } from './database';
import { isDraftKey } from './database';
import { StoreClosedError, toDbError } from './errors';

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

/** The name of the kept copy of an improvement action's history (its audit trail). */
export const actionHistoryReport = (actionId: string) => `action-history-${actionId}` as const;

// A sealed row is bound to its key, under `meta`'s name, in whichever table holds it: form drafts
// and rescued typing are kept in `drafts` (database.ts, `isDraftKey`), every other one in `meta`.
const slot = (key: SealedKey) => ({ table: 'meta', key: `sealed:${key}` });

/** The table a sealed row is kept in: `drafts` for what is typed and handed over as a page goes. */
function sealedTable(db: LocalDatabase, row: string): Table<MetaRow, string> {
  return isDraftKey(row) ? db.drafts : db.meta;
}

export async function readSealed<T>(
  db: LocalDatabase,
  cipher: RecordCipher,
  key: SealedKey,
): Promise<T | undefined> {
  try {
    const row = await sealedTable(db, `sealed:${key}`).get(`sealed:${key}`);
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
  const table = sealedTable(db, `sealed:${key}`);
  try {
    if (value === undefined) await table.delete(`sealed:${key}`);
    else await table.put({ key: `sealed:${key}`, value: cipher.seal(slot(key), value) });
  } catch (err) {
    throw toDbError(err);
  }
}

/**
 * `writeSealed`, handed to IndexedDB before it returns and committed at once, for what is typed
 * (a form's draft): called from an input handler or as the page goes, where a promise may never be
 * resumed, the request is with IndexedDB already (as `rescueNow` in rescue.ts). The returned
 * promise says when it is on the disk; throws at once if the store is closed.
 */
export function writeSealedNow(
  db: LocalDatabase,
  cipher: RecordCipher,
  key: SealedKey,
  value: unknown,
): Promise<void> {
  const row = `sealed:${key}`;
  const table = sealedTable(db, row);
  const sealed = value === undefined ? undefined : cipher.seal(slot(key), value);
  const idb = db.closedElsewhere ? null : db.backendDB();
  if (!idb) throw new StoreClosedError();
  let tx: IDBTransaction;
  try {
    // Relaxed, as a rescue: handed to the operating system, which keeps it if the browser is
    // killed, without a flush to the disk holding up the next keystroke's write behind it.
    tx = idb.transaction(table.name, 'readwrite', { durability: 'relaxed' });
  } catch (err) {
    throw toDbError(err);
  }
  const done = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => {
      if (table === db.drafts) db.noteWritten('drafts', row);
      resolve();
    };
    tx.onabort = () => reject(toDbError(tx.error));
  });
  if (sealed === undefined) tx.objectStore(table.name).delete(row);
  else tx.objectStore(table.name).put({ key: row, value: sealed });
  // Committed now rather than once this page has heard back, which a page going away never does.
  tx.commit();
  return done;
}

/** Removes every sealed row whose key begins with `prefix`: the drafts of a piece of work that is over. */
export async function removeSealedUnder(db: LocalDatabase, prefix: SealedKey): Promise<void> {
  try {
    // A prefix that could name rows of either table (`scratch:`) clears both.
    for (const table of [db.meta, db.drafts]) {
      await table.where('key').startsWith(`sealed:${prefix}`).delete();
    }
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
    // One transaction of its own: a count read at one moment, and (unlike a read outside one) not
    // answered from Dexie's cache of live queries, which a draft written without Dexie does not
    // update, so the sign-out page's count follows such a write (`noteWritten`).
    return await db.transaction('r', [db.meta, db.drafts, db.rejections], async () => {
      const unfinished = (await scratchInProgress(db, cipher)).length;
      return { unfinished, refused: await db.rejections.count() };
    });
  } catch (err) {
    throw toDbError(err);
  }
}

/**
 * The `scratch:` rows that hold anything: each one is work typed here and nowhere else. They are
 * in two tables (`sealedTable`): within a transaction over only one of them, name it.
 */
export async function scratchInProgress(
  db: LocalDatabase,
  cipher: RecordCipher,
  tables: ReadonlyArray<'meta' | 'drafts'> = ['meta', 'drafts'],
): Promise<SealedKey[]> {
  const rows: MetaRow[] = [];
  for (const name of tables) {
    rows.push(...(await db[name].where('key').startsWith('sealed:scratch:').toArray()));
  }
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

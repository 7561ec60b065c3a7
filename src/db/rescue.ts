// What a person types reaches IndexedDB with the keystroke, not only with the autosave a moment
// later: a reload, a pull-to-refresh, a tab closed or a battery dying mid-sentence would otherwise
// take everything typed since the last pause. Saving a record is asynchronous (read the row, seal,
// write it with its outbox entry), and a page that is going away does not wait for it; so each
// form also writes what it has not saved yet as a sealed "rescue" row, synchronously: the cipher
// is synchronous and the raw IndexedDB request is issued, and committed, before the handler
// returns. The browser commits it even if the page is gone a moment later.
//
// A rescue row is cleared once the form's saves have caught up with it; one left by a window that
// has gone (closed, reloaded, crashed) is applied as an ordinary edit (so it syncs and merges like
// any other) when the store next opens, before any screen shows the record, or by a window already
// open once the writer goes; it is removed in the same transaction. Its values are compared with
// the record first: a rescue whose saves landed before the page went changes nothing, and one
// whose window's save landed as the page went, unheard, is typing that went on from that save
// (`landing`), not an edit to merge with it. A row of a window still open is its own to clear:
// applied by another window, it would be an edit of words still being typed, and the writer's
// next save would find its own text changed under it.
//
// Rescue rows are kept in the `drafts` table, which no save, sync or other long transaction
// holds: a request handed over as the page goes that had to wait behind another transaction
// could be dropped with the page. Only rescues and form drafts are written there, each write one
// small relaxed request.
import type { FieldMap, FieldValue } from '../../schemas/sync/records';
import type { BlobSlot, RecordCipher } from './cipher';
import type { LocalDatabase } from './database';
import { saveFields } from './local-edits';
import type { SaveFieldsInput, StartedFrom } from './local-edits';
import { StoreClosedError, toDbError } from './errors';
import { toRecordView } from './record-rows';
import { writeTransaction } from './transaction';

/**
 * `sealed:scratch:rescue:<form>:<record id>`: a scratch row, so signing out counts it as work; in
 * `drafts` (`isDraftKey`).
 */
const PREFIX = 'sealed:scratch:rescue:';

export type Rescue = Omit<SaveFieldsInput, 'at' | 'fits'> & {
  /** When the typing was rescued: the edit's time when it is applied. */
  at: string;
  /** Which write this is, so a form clears only its own latest one. */
  token: string;
  /**
   * The window that wrote it (src/lib/window-life.ts), so no other window applies it while that
   * one is open. Absent in a row written before windows were told apart: applied as gone.
   */
  writer?: string;
  /**
   * What the window had handed to a save still on its way as it wrote this row. Its bases
   * (`startedFrom`) move to that text only once the save is heard to land, and a page going
   * does not wait to hear: the save can land as it goes, the row still naming the text from
   * before it.
   */
  landing?: Readonly<Record<string, FieldValue>>;
};

export type RescueReplay = {
  /** How many rows changed a record. */
  applied: number;
  /** The windows, open elsewhere, whose rows were left for them. */
  leftFor: string[];
};

const keyOf = (form: string, recordId: string) => `${PREFIX}${form}:${recordId}`;
// Sealed as every sealed row is, bound to its key under `meta`'s name (session-store.ts).
const slotOf = (key: string): BlobSlot => ({ table: 'meta', key });

/**
 * Writes a form's unsaved typing at once. Synchronous on purpose: called from an input handler
 * or a page-hide handler, the request is with IndexedDB before the handler returns. Best effort:
 * a store closed or a browser refusing leaves the autosave as the only copy, as before.
 */
export function rescueNow(
  db: LocalDatabase,
  cipher: RecordCipher,
  form: string,
  rescue: Rescue,
): void {
  const key = keyOf(form, rescue.recordId);
  try {
    // Relaxed: handed to the operating system, which keeps it if the browser is killed; a
    // flush to the disk on every keystroke would hold up the saves queued behind it.
    const tx = db.backendDB().transaction('drafts', 'readwrite', { durability: 'relaxed' });
    tx.objectStore('drafts').put({ key, value: cipher.seal(slotOf(key), rescue) });
    tx.oncomplete = () => db.noteWritten('drafts', key);
    // Asks the browser to commit now rather than after this page hears back: it may not.
    tx.commit();
  } catch {
    // The store is closed (locked, signed out) or going: nothing more can be done here.
  }
}

/**
 * Removes a form's rescue row if it is still the one written with `token`: one relaxed request,
 * as the rescue was, so no flush to the disk holds up a rescue handed over behind it.
 */
export function clearRescue(
  db: LocalDatabase,
  cipher: RecordCipher,
  form: string,
  recordId: string,
  token: string,
): Promise<void> {
  const key = keyOf(form, recordId);
  return new Promise<void>((resolve, reject) => {
    let tx: IDBTransaction;
    try {
      if (db.closedElsewhere) throw new StoreClosedError();
      tx = db.backendDB().transaction('drafts', 'readwrite', { durability: 'relaxed' });
    } catch (err) {
      reject(toDbError(err));
      return;
    }
    const store = tx.objectStore('drafts');
    const read = store.get(key);
    let cleared = false;
    read.onsuccess = () => {
      const row = read.result as { value: Uint8Array } | undefined;
      try {
        cleared = !!row && cipher.open<Rescue>(slotOf(key), row.value).token === token;
        if (cleared) store.delete(key);
      } catch (err) {
        reject(toDbError(err));
        tx.abort();
      }
    };
    tx.oncomplete = () => {
      if (cleared) db.noteWritten('drafts', key);
      resolve();
    };
    tx.onabort = () => reject(toDbError(tx.error));
  });
}

/**
 * What the rescued typing grew from: its window's bases, except where the store holds the text
 * that window's own save had on its way (`landing`). That save landed as the page went, and the
 * typing went on from it: merged from the older base, the window's own saved words would read as
 * another window's, and a clash with itself be kept aside as "Changed in two places". A save that
 * landed merged with another window's words holds neither, and is merged from the base as before.
 */
function typedFrom(rescue: Rescue, shown: FieldMap): StartedFrom | undefined {
  const from = rescue.startedFrom;
  if (!from || !rescue.landing) return from;
  const values = { ...from.values };
  for (const [path, saved] of Object.entries(rescue.landing)) {
    if (Object.hasOwn(values, path) && Object.is(shown[path] ?? null, saved)) values[path] = saved;
  }
  return { ...from, values };
}

/**
 * Applies every rescue row left by a page that went before its saves landed, oldest first, each
 * as an edit in one transaction with its removal; the rows of a window still open elsewhere
 * (`openElsewhere`) are left to it. A rescue that cannot be applied (its record changed type, a
 * full disk) stays, and is counted as work typed here and nowhere else, so signing out asks before
 * it goes.
 */
export async function applyRescues(
  db: LocalDatabase,
  cipher: RecordCipher,
  openElsewhere: (writer: string) => boolean = () => false,
): Promise<RescueReplay> {
  const rows = await db.drafts.where('key').startsWith(PREFIX).toArray();
  const opened = rows.map((row) => ({
    key: row.key,
    rescue: cipher.open<Rescue>(slotOf(row.key), row.value as Uint8Array),
  }));
  const writerOpen = ({ rescue }: (typeof opened)[number]) =>
    rescue.writer !== undefined && openElsewhere(rescue.writer);
  const leftFor = new Set(opened.filter(writerOpen).map(({ rescue }) => rescue.writer!));
  const rescues = opened
    .filter((r) => !writerOpen(r))
    .sort((a, b) => a.rescue.at.localeCompare(b.rescue.at));
  let applied = 0;
  for (const { key, rescue } of rescues) {
    try {
      const changed = await writeTransaction(db, async () => {
        // Another window may have applied it since it was read (two took up a gone window's rows).
        if (!(await db.drafts.get(key))) return false;
        const row = await db.records.get(rescue.recordId);
        const shown: FieldMap = row ? toRecordView(cipher, row).fields : {};
        const changes = Object.fromEntries(
          Object.entries(rescue.changes).filter(([path, v]) => !Object.is(shown[path] ?? null, v)),
        );
        const startedFrom = typedFrom(rescue, shown);
        if (Object.keys(changes).length > 0) {
          await saveFields(db, cipher, {
            recordId: rescue.recordId,
            type: rescue.type,
            changes,
            at: new Date(rescue.at),
            ...(rescue.scopeId ? { scopeId: rescue.scopeId } : {}),
            ...(rescue.parentId ? { parentId: rescue.parentId } : {}),
            ...(startedFrom ? { startedFrom } : {}),
          });
        }
        await db.drafts.delete(key);
        return Object.keys(changes).length > 0;
      }, [db.drafts]);
      if (changed) applied++;
    } catch {
      // Kept for the next opening; see above.
    }
  }
  return { applied, leftFor: [...leftFor] };
}

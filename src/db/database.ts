// The device's IndexedDB database: one per user, so a shared tablet keeps each user's records
// apart, each sealed with that user's key. Plain columns hold only what says nothing about a child
// (ids, type, status, kind, dates, versions, flags); everything else is in the sealed `blob`.
import { Dexie, RangeSet } from 'dexie';
import type { Table } from 'dexie';
import type { Mutation } from '../../schemas/sync/push';
import type { Conflict, FieldMap, RecordType } from '../../schemas/sync/records';
import { StorageUnavailableError, toDbError } from './errors';

/** The server's copy of a record, as last pulled. */
export type SyncedState = {
  fields: FieldMap;
  conflicts: Conflict[];
  deleted: boolean;
  ownerId: string;
  createdAt: string;
  updatedAt: string;
};

/**
 * What a record row's blob holds. `local` is `synced.fields` with every pending mutation replayed;
 * `conflicts` are the synced ones this device has not settled yet. Both are what the UI shows.
 */
export type RecordSecrets = { synced: SyncedState | null; local: FieldMap; conflicts: Conflict[] };

export type RecordRow = {
  id: string;
  type: RecordType;
  /** Null for a child created on this device whose parent is not here. */
  scopeId: string | null;
  parentId: string | null;
  kind?: string;
  status?: string;
  /** Who owns it (a user id, as the server last said); absent until the server has sent it. */
  ownerId?: string;
  /** An action's due date (`YYYY-MM-DD`): dates say nothing about a child. */
  dueDate?: string;
  updatedAt: string;
  /** The server version last seen; 0 if the server has never sent this record. */
  version: number;
  /** 1 while the outbox holds mutations for this record (booleans cannot be indexed). */
  pending: 0 | 1;
  deleted: 0 | 1;
  blob: Uint8Array;
  /**
   * A small sealed copy of what lists show (kind, status, case ID, names, dates), so a list of
   * thousands opens without decrypting every record whole. Absent on rows from before it existed.
   */
  summary?: Uint8Array;
};

/** A mutation waiting for the server; `id` is the mutation id. The blob holds the `Mutation`. */
export type OutboxRow = { id: number; recordId: string; at: string; blob: Uint8Array };

export type RejectedMutation = {
  mutation: Mutation;
  code: string;
  message: string;
  rejectedAt: string;
};

/** A mutation the server refused for good, kept so the person can see and recover what they typed. */
export type RejectionRow = { id: number; recordId: string; at: string; blob: Uint8Array };

export type MetaRow = { key: string; value: unknown };

/**
 * Which sealed rows live in `drafts` rather than `meta`: what is typed and handed to IndexedDB as
 * the page goes (a form's draft, `sealed:scratch:form:…`; typing rescued before its save,
 * `sealed:scratch:rescue:…`). Nothing else writes there, so no other transaction is ever in front
 * of such a write: a browser closing the page drops a request still waiting for its turn.
 */
export const DRAFT_KEY_PREFIXES = ['sealed:scratch:form:', 'sealed:scratch:rescue:'] as const;

export const isDraftKey = (key: string): boolean =>
  DRAFT_KEY_PREFIXES.some((prefix) => key.startsWith(prefix));

/**
 * The list copy of a record row: its plain columns and the small sealed summary, in a table of
 * its own so a list of thousands reads a few hundred bytes a record, not the whole record.
 */
export type ListingRow = Omit<RecordRow, 'blob' | 'summary'> & { summary?: Uint8Array };

/** A safety concern waiting for its own route; the blob holds what is sent. */
export type ConcernQueueRow = { id: string; at: string; blob: Uint8Array };

/**
 * Why a store stopped under the app's feet: another window deleted the database (a sign-out or a
 * revocation there), opened a newer version of it (an update), or the browser closed it (site
 * data cleared).
 */
export type ClosedElsewhere = 'deleted' | 'upgraded' | 'closed';

/** How long another window's update waits for this one's unsaved typing to reach the disk. */
const UPGRADE_FLUSH_MS = 2_000;

export class LocalDatabase extends Dexie {
  records!: Table<RecordRow, string>;
  outbox!: Table<OutboxRow, number>;
  rejections!: Table<RejectionRow, number>;
  meta!: Table<MetaRow, string>;
  concerns!: Table<ConcernQueueRow, string>;
  listing!: Table<ListingRow, string>;
  /** Form drafts and rescued typing (`isDraftKey`), sealed as `meta`'s rows are. */
  drafts!: Table<MetaRow, string>;
  /** Set once another window or the browser has closed this database; it stays closed. */
  closedElsewhere: ClosedElsewhere | null = null;
  private readonly closedElsewhereListeners = new Set<(why: ClosedElsewhere) => void>();
  private readonly upgradeFlushes = new Set<() => Promise<unknown>>();

  constructor(name: string) {
    // A tablet's battery can die mid-visit: ask Chromium to flush each commit to disk before
    // reporting it, so "saved on this device" is true after a power cut too. Never opened behind
    // the app's back (autoOpen: false): a database another window deleted at sign-out would
    // otherwise come back, empty and with no key check, at this window's next write.
    super(name, { chromeTransactionDurability: 'strict', autoOpen: false });
    // Another window is deleting or upgrading this database. Dexie's own answer closes and then
    // reopens at the next use; ours (which runs first, and returns false to stop Dexie's) closes
    // for good and tells the app, which locks this window.
    this.on('versionchange', (event: IDBVersionChangeEvent) => {
      const why = event.newVersion ? 'upgraded' : 'deleted';
      // An update taken in another window: what this one has typed goes to the disk first (the
      // update's open waits, blocked, until this connection closes), for at most a moment.
      const flushes = why === 'upgraded' && !this.closedElsewhere ? [...this.upgradeFlushes] : [];
      if (flushes.length === 0) {
        this.stopForGood(why);
        return false;
      }
      const done = Promise.allSettled(flushes.map((flush) => flush()));
      const limit = new Promise((resolve) => setTimeout(resolve, UPGRADE_FLUSH_MS));
      void Promise.race([done, limit]).then(() => this.stopForGood(why));
      return false;
    });
    // Versions are append-only: never edit a released one, add version(n + 1) with an upgrade.
    // Indexes are only on fields that say nothing about a child.
    this.version(1).stores({
      records: 'id, type, [type+status], parentId, updatedAt, version, pending',
      outbox: 'id, recordId',
      rejections: 'id, recordId',
      meta: 'key',
    });
    // A safety concern is on the disk before the app tries to send it, so closing the app while
    // it waits for a signal cannot lose it.
    this.version(2).stores({ concerns: 'id, at' });
    this.version(3)
      .stores({ listing: 'id, type, [type+status], parentId' })
      .upgrade(async (tx) => {
        const rows = (await tx.table('records').toArray()) as RecordRow[];
        await tx.table('listing').bulkPut(rows.map(({ blob: _blob, ...listing }) => listing));
      });
    // Form drafts and rescued typing move out of `meta`, which every save's transaction holds, to
    // a table of their own. A sealed row's seal names `meta` and its key wherever it is kept
    // (session-store.ts), so the rows move as they are: no key is needed here.
    this.version(4)
      .stores({ drafts: 'key' })
      .upgrade(async (tx) => {
        for (const prefix of DRAFT_KEY_PREFIXES) {
          const meta = tx.table('meta').where('key').startsWith(prefix);
          await tx.table('drafts').bulkPut((await meta.toArray()) as MetaRow[]);
          await meta.delete();
        }
      });
  }

  /**
   * Tells live queries, in this window and the app's others, that a row was written without Dexie
   * (a raw request handed over at once, as a page may be going), so a count of unfinished work on
   * screen follows it.
   */
  noteWritten(table: 'drafts', key: string): void {
    Dexie.on.storagemutated.fire({ [`idb://${this.name}/${table}/`]: new RangeSet(key) });
  }

  /**
   * Runs `flush` (saving what is typed but not yet saved) before this store closes for another
   * window's upgrade of the database (an app update there).
   */
  beforeUpgradeElsewhere(flush: () => Promise<unknown>): () => void {
    this.upgradeFlushes.add(flush);
    return () => this.upgradeFlushes.delete(flush);
  }

  /** Calls `listener` once if another window or the browser closes this database. */
  onClosedElsewhere(listener: (why: ClosedElsewhere) => void): () => void {
    this.closedElsewhereListeners.add(listener);
    return () => this.closedElsewhereListeners.delete(listener);
  }

  /** Closes without any reopening: every later read or write fails with StoreClosedError. */
  stopForGood(why: ClosedElsewhere): void {
    if (this.closedElsewhere) return;
    this.closedElsewhere = why;
    this.close({ disableAutoOpen: true });
    for (const listener of [...this.closedElsewhereListeners]) {
      try {
        listener(why);
      } catch {
        // One listener's fault must not keep the others from hearing.
      }
    }
  }
}

/**
 * The database name for a user: a SHA-256 of the user id, so the list of databases on a shared
 * tablet does not say who has used it.
 */
export async function localDatabaseName(userId: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(userId));
  const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  return `obs-${hex}`;
}

/** Opens (creating or upgrading) a user's database. */
export async function openLocalDatabase(name: string): Promise<LocalDatabase> {
  const db = new LocalDatabase(name);
  try {
    await db.open();
  } catch (err) {
    db.close();
    const mapped = toDbError(err);
    throw mapped === err ? new StorageUnavailableError({ cause: err }) : mapped;
  }
  // The browser closed the connection itself (site data cleared, the disk gone): the event fires
  // only then, never for the app's own close().
  db.backendDB().addEventListener('close', () => db.stopForGood('closed'));
  return db;
}

/** Removes a user's database from the device (sign-out wipes it). */
export async function deleteLocalDatabase(name: string): Promise<void> {
  try {
    await Dexie.delete(name);
  } catch (err) {
    throw new StorageUnavailableError({ cause: err });
  }
}

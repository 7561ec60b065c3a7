// Reading records for the screens: decrypted, with this device's edits applied. Filtering uses
// only the plain columns (type, status, parent), so nothing is decrypted that is not shown.
import type { RecordType } from '../../schemas/sync/records';
import type { RecordCipher } from './cipher';
import type { LocalDatabase, RecordRow } from './database';
import { toDbError } from './errors';
import { keptAsConflicts, keptOf, readAllKeptTexts, readKeptTexts } from './kept-texts';
import type { KeptOf, KeptText } from './kept-texts';
import { identityOf, openRecordRow, toRecordSummary, toRecordView } from './record-rows';
import type { RecordSummary, RecordView } from './record-rows';

async function reading<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw toDbError(err);
  }
}

const newestFirst = (
  a: Pick<RecordRow, 'updatedAt' | 'id'>,
  b: Pick<RecordRow, 'updatedAt' | 'id'>,
) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || (a.id < b.id ? -1 : 1);

/** A view with the texts kept on this tablet for it shown among its conflicts (kept-texts.ts). */
function withKept(view: RecordView, kept: readonly KeptText[] | undefined): RecordView {
  if (!kept?.length) return view;
  return { ...view, conflicts: [...view.conflicts, ...keptAsConflicts(kept, view.fields)] };
}

export async function getRecord(
  db: LocalDatabase,
  cipher: RecordCipher,
  recordId: string,
): Promise<RecordView | undefined> {
  const row = await reading(() => db.records.get(recordId));
  if (!row) return undefined;
  const kept = await reading(() => readKeptTexts(db, cipher, recordId));
  return withKept(toRecordView(cipher, row), kept);
}

async function withAllKept(
  db: LocalDatabase,
  cipher: RecordCipher,
  views: RecordView[],
): Promise<RecordView[]> {
  const kept = await reading(() => readAllKeptTexts(db, cipher));
  return kept.size === 0 ? views : views.map((v) => withKept(v, kept.get(v.id)));
}

export type ListOptions = {
  status?: string;
  /** Deleted records are left out unless asked for (the "Recently deleted" list). */
  includeDeleted?: boolean;
};

/** Records of one type, most recently changed first. */
export async function listRecords(
  db: LocalDatabase,
  cipher: RecordCipher,
  type: RecordType,
  options: ListOptions = {},
): Promise<RecordView[]> {
  const rows = await reading(() =>
    options.status === undefined
      ? db.records.where('type').equals(type).toArray()
      : db.records.where('[type+status]').equals([type, options.status]).toArray(),
  );
  const views = rows
    .filter((r) => options.includeDeleted || r.deleted === 0)
    .sort(newestFirst)
    .map((r) => toRecordView(cipher, r));
  return withAllKept(db, cipher, views);
}

/** The child rows of a record (its actions, call attempts, amendments, review comments). */
export async function listChildren(
  db: LocalDatabase,
  cipher: RecordCipher,
  parentId: string,
  options: { type?: RecordType; includeDeleted?: boolean } = {},
): Promise<RecordView[]> {
  const rows = await reading(() => db.records.where('parentId').equals(parentId).toArray());
  const views = rows
    .filter((r) => options.type === undefined || r.type === options.type)
    .filter((r) => options.includeDeleted || r.deleted === 0)
    .sort(newestFirst)
    .map((r) => toRecordView(cipher, r));
  return withAllKept(db, cipher, views);
}

/**
 * Records of one type for a list, most recently changed first: each from its small sealed summary
 * (kind, status, case ID, names, dates), so thousands open quickly.
 */
export async function listSummaries(
  db: LocalDatabase,
  cipher: RecordCipher,
  type: RecordType,
  options: ListOptions = {},
): Promise<RecordSummary[]> {
  const rows = await reading(() =>
    options.status === undefined
      ? db.listing.where('type').equals(type).toArray()
      : db.listing.where('[type+status]').equals([type, options.status]).toArray(),
  );
  return rows
    .filter((r) => options.includeDeleted || r.deleted === 0)
    .sort(newestFirst)
    .map((r) => toRecordSummary(cipher, r));
}

export type PageQuery = {
  type: RecordType;
  /** Only these statuses (plain column). */
  statuses?: readonly string[];
  /** Only rows owned by this user, or not yet sent by the server (created on this device). */
  ownedBy?: string;
  /** Only children of these records. */
  parentIds?: ReadonlySet<string>;
  /** Newest change first (default), or soonest due date first. */
  order?: 'updated' | 'due';
  offset?: number;
  limit?: number;
};

export type Page<T> = { total: number; items: T[] };

/**
 * One page of a list: filtered and ordered on plain columns alone, so only the rows shown are
 * decrypted. A list of thousands costs the same as a list of fifty.
 */
export async function pageSummaries(
  db: LocalDatabase,
  cipher: RecordCipher,
  query: PageQuery,
): Promise<Page<RecordSummary>> {
  const rows = await reading(() => db.listing.where('type').equals(query.type).toArray());
  const statuses = query.statuses ? new Set(query.statuses) : null;
  const matching = rows.filter(
    (r) =>
      r.deleted === 0 &&
      (!statuses || statuses.has(r.status ?? 'draft')) &&
      (query.ownedBy === undefined || r.ownerId === undefined || r.ownerId === query.ownedBy) &&
      (!query.parentIds || (r.parentId !== null && query.parentIds.has(r.parentId))),
  );
  matching.sort(
    query.order === 'due'
      ? (a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || newestFirst(a, b)
      : newestFirst,
  );
  const offset = query.offset ?? 0;
  const slice = matching.slice(
    offset,
    query.limit === undefined ? undefined : offset + query.limit,
  );
  return { total: matching.length, items: slice.map((r) => toRecordSummary(cipher, r)) };
}

/** The summaries of those of these records the device holds, by id (a list's parent rows). */
export async function summariesById(
  db: LocalDatabase,
  cipher: RecordCipher,
  ids: Iterable<string>,
): Promise<Map<string, RecordSummary>> {
  const wanted = [...new Set(ids)];
  const rows = await reading(() => db.listing.bulkGet(wanted));
  const out = new Map<string, RecordSummary>();
  for (const row of rows) if (row) out.set(row.id, toRecordSummary(cipher, row));
  return out;
}

/** Ids of records of a type owned by a user (or created here), from plain columns alone. */
export async function ownedIds(
  db: LocalDatabase,
  type: RecordType,
  userId: string,
): Promise<Set<string>> {
  const rows = await reading(() => db.listing.where('type').equals(type).toArray());
  return new Set(
    rows
      .filter((r) => r.deleted === 0 && (r.ownerId === undefined || r.ownerId === userId))
      .map((r) => r.id),
  );
}

/**
 * What a person can bring back when it was deleted on another device after a change (the server's
 * `canRestore`): an observation, and the child rows its observer edits. Amendments and review
 * comments are never deleted, safety concerns and assignments never restored from a tablet.
 */
const RESTORABLE_TYPES: readonly RecordType[] = ['observation', 'action', 'call-attempt'];

/**
 * Records deleted on another device after a change was made to them (an observation, an
 * improvement action, a call attempt): each holds what was typed and waits for a person to
 * restore it or leave it deleted. A removal made on this tablet is not one of them.
 */
export async function deletedElsewhere(
  db: LocalDatabase,
  cipher: RecordCipher,
): Promise<RecordSummary[]> {
  const rows = await reading(() => db.listing.where('type').anyOf(RESTORABLE_TYPES).toArray());
  // Few are deleted and still on the tablet, so each is opened to see that its conflict is the
  // restore offer (a text conflict left open on something removed here is not).
  const deleted = rows.filter((r) => r.deleted === 1);
  const full = await reading(() => db.records.bulkGet(deleted.map((r) => r.id)));
  const offered = new Set(
    full
      .filter((r): r is RecordRow => r !== undefined && r.deleted === 1)
      .filter((r) => openRecordRow(cipher, r).conflicts.some((c) => c.kind === 'deleted'))
      .map((r) => r.id),
  );
  return deleted
    .filter((r) => offered.has(r.id))
    .sort(newestFirst)
    .map((r) => toRecordSummary(cipher, r));
}

/** A text kept on this tablet whose record has gone from it, with what named that record. */
export type KeptLeftBehind = Omit<KeptText, 'of'> & { recordId: string; of: KeptOf | null };

/** The texts kept on this tablet (kept-texts.ts), as the home screen and the lists need them. */
export type KeptTextsHere = {
  /** How many each record has: a list counts them among the record's conflicts. */
  counts: ReadonlyMap<string, number>;
  /**
   * Those that no screen of their record can show any more: the record left the tablet (deleted
   * on another device, no longer shared with the person) or was deleted here, with no restore on
   * offer. Oldest first; each stays until the person removes it. A record deleted elsewhere that
   * offers a restore shows its kept texts on that offer instead.
   */
  leftBehind: KeptLeftBehind[];
};

/** One key range read when no text is kept, as on most days. */
export async function keptTextsHere(
  db: LocalDatabase,
  cipher: RecordCipher,
): Promise<KeptTextsHere> {
  const kept = await reading(() => readAllKeptTexts(db, cipher));
  const counts = new Map([...kept].map(([id, texts]) => [id, texts.length]));
  if (kept.size === 0) return { counts, leftBehind: [] };
  const ids = [...kept.keys()];
  const rows = await reading(() => db.records.bulkGet(ids));
  const leftBehind: KeptLeftBehind[] = [];
  ids.forEach((recordId, i) => {
    const row = rows[i];
    if (row && row.deleted === 0) return;
    const secrets = row ? openRecordRow(cipher, row) : null;
    if (secrets?.conflicts.some((c) => c.kind === 'deleted')) return;
    const named = row && secrets ? keptOf({ ...identityOf(row), fields: secrets.local }) : null;
    for (const { of, ...k } of kept.get(recordId) ?? []) {
      leftBehind.push({ ...k, recordId, of: of ?? named });
    }
  });
  leftBehind.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  return { counts, leftBehind };
}

/** The kept texts whose record has gone (`KeptTextsHere.leftBehind`). */
export async function keptTextsLeftBehind(
  db: LocalDatabase,
  cipher: RecordCipher,
): Promise<KeptLeftBehind[]> {
  return (await keptTextsHere(db, cipher)).leftBehind;
}

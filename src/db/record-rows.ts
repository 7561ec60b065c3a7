// Turning a record's state into its stored row and back. Every row is rebuilt from the server's
// copy plus the pending mutations, so `local` can never drift from what replay says it is.
import type { Mutation } from '../../schemas/sync/push';
import type { FieldMap, RecordType } from '../../schemas/sync/records';
import type { BlobSlot, RecordCipher } from './cipher';
import type { ListingRow, OutboxRow, RecordRow, RecordSecrets, SyncedState } from './database';
import type { ShownConflict } from './kept-texts';
import { applyMutation, replay } from './replay';
import type { LocalState } from './replay';

export const recordSlot = (id: string): BlobSlot => ({ table: 'records', key: id });
export const outboxSlot = (id: number): BlobSlot => ({ table: 'outbox', key: id });
export const rejectionSlot = (id: number): BlobSlot => ({ table: 'rejections', key: id });
export const summarySlot = (id: string): BlobSlot => ({ table: 'records-summary', key: id });

/** What a list needs of an observation; other kinds of row keep every short field. */
const OBSERVATION_SUMMARY_PATHS = [
  'kind',
  'status',
  'templateId',
  'templateVersion',
  'serviceId',
  'createdAt',
  'submittedAt',
  'sharedWithPractitioner',
  'context.caseId',
  'context.observedName',
  'context.observedRole',
  'context.observedUserId',
  'context.date',
  'context.linkedObservationId',
  'summary.overallGrade',
  'sampleDiscussion.heldOn',
  'goodPractice.what',
  'goodPractice.on',
] as const;
const SHORT_TEXT = 200;

export type RecordSummary = Omit<RecordView, 'conflicts'> & { conflictCount: number };

type SealedSummary = { ownerId: string | null; fields: FieldMap; conflictCount: number };

function summaryFields(type: RecordType, fields: FieldMap): FieldMap {
  const out: FieldMap = {};
  if (type === 'observation') {
    for (const path of OBSERVATION_SUMMARY_PATHS) {
      const v = fields[path];
      if (v !== undefined) out[path] = v;
    }
    return out;
  }
  // Long text is cut short: a list shows its start, never needs the whole.
  for (const [path, v] of Object.entries(fields)) {
    out[path] =
      typeof v === 'string' && v.length > SHORT_TEXT ? `${v.slice(0, SHORT_TEXT - 1)}…` : v;
  }
  return out;
}

/** A record as the UI and the sync engine see it: decrypted, with local edits applied. */
export type RecordView = {
  id: string;
  type: RecordType;
  scopeId: string | null;
  parentId: string | null;
  /** Null until the server has sent the record. */
  ownerId: string | null;
  /** The server version last seen; 0 if the server has never sent this record. */
  version: number;
  /** True while this device holds edits to it that the server has not acknowledged. */
  pending: boolean;
  deleted: boolean;
  updatedAt: string;
  fields: FieldMap;
  /**
   * Open conflicts for a person to settle: the server's ("Edited on another device") and, where
   * read through read-records.ts, the texts kept on this tablet when two windows typed over the
   * same words (`keptHere`, kept-texts.ts).
   */
  conflicts: ShownConflict[];
};

export type RecordIdentity = {
  id: string;
  type: RecordType;
  scopeId: string | null;
  parentId: string | null;
  version: number;
};

const latest = (a: string, b: string): string => (Date.parse(b) > Date.parse(a) ? b : a);

function indexedText(fields: FieldMap, path: string): string | undefined {
  const value = fields[path];
  return typeof value === 'string' ? value : undefined;
}

function sealRow(
  cipher: RecordCipher,
  identity: RecordIdentity,
  synced: SyncedState | null,
  local: LocalState,
  hasPending: boolean,
  updatedAt: string,
): RecordRow {
  const secrets: RecordSecrets = { synced, local: local.fields, conflicts: local.conflicts };
  const row: RecordRow = {
    ...identity,
    updatedAt,
    pending: hasPending ? 1 : 0,
    deleted: local.deleted ? 1 : 0,
    blob: cipher.seal(recordSlot(identity.id), secrets),
    summary: cipher.seal(summarySlot(identity.id), {
      ownerId: synced?.ownerId ?? null,
      fields: summaryFields(identity.type, local.fields),
      conflictCount: local.conflicts.length,
    } satisfies SealedSummary),
  };
  // Kind, status, owner and due date say nothing about a child, and lists filter on them.
  const kind = indexedText(local.fields, 'kind');
  const status = indexedText(local.fields, 'status');
  const dueDate = indexedText(local.fields, 'dueDate');
  if (kind !== undefined) row.kind = kind;
  if (status !== undefined) row.status = status;
  if (synced?.ownerId) row.ownerId = synced.ownerId;
  if (dueDate !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(dueDate)) row.dueDate = dueDate;
  return row;
}

/** The row for a record: `pending` must be every outbox mutation for it, in any order. */
export function buildRecordRow(
  cipher: RecordCipher,
  identity: RecordIdentity,
  synced: SyncedState | null,
  pending: readonly Mutation[],
): RecordRow {
  let updatedAt = synced?.updatedAt ?? '1970-01-01T00:00:00.000Z';
  for (const m of pending) updatedAt = latest(updatedAt, m.at);
  return sealRow(cipher, identity, synced, replay(synced, pending), pending.length > 0, updatedAt);
}

/**
 * The row after one more local mutation, the newest of all. Replay is a left fold, so applying it
 * to the stored local state equals replaying everything, without reading the outbox back.
 */
export function rowWithMutation(
  cipher: RecordCipher,
  identity: RecordIdentity,
  current: { row: RecordRow; secrets: RecordSecrets } | null,
  m: Mutation,
): RecordRow {
  if (!current) return buildRecordRow(cipher, identity, null, [m]);
  const { row, secrets } = current;
  const before: LocalState = {
    fields: secrets.local,
    deleted: row.deleted === 1,
    conflicts: secrets.conflicts,
  };
  const local = applyMutation(before, m);
  return sealRow(cipher, identity, secrets.synced, local, true, latest(row.updatedAt, m.at));
}

/**
 * A row is worth keeping while it has something to show: the server's live copy, a deletion a
 * person must decide on, or edits of this device's own that the server has not acknowledged.
 */
export function worthKeeping(synced: SyncedState | null, pending: readonly Mutation[]): boolean {
  if (pending.length > 0) return true;
  if (synced === null) return false;
  return !synced.deleted || synced.conflicts.length > 0;
}

export function openRecordRow(cipher: RecordCipher, row: RecordRow): RecordSecrets {
  return cipher.open<RecordSecrets>(recordSlot(row.id), row.blob);
}

export function identityOf(row: RecordRow): RecordIdentity {
  return {
    id: row.id,
    type: row.type,
    scopeId: row.scopeId,
    parentId: row.parentId,
    version: row.version,
  };
}

export function toRecordView(cipher: RecordCipher, row: RecordRow): RecordView {
  const secrets = openRecordRow(cipher, row);
  return {
    id: row.id,
    type: row.type,
    scopeId: row.scopeId,
    parentId: row.parentId,
    ownerId: secrets.synced?.ownerId ?? null,
    version: row.version,
    pending: row.pending === 1,
    deleted: row.deleted === 1,
    updatedAt: row.updatedAt,
    fields: secrets.local,
    conflicts: secrets.conflicts,
  };
}

export function sealOutboxRow(cipher: RecordCipher, m: Mutation): OutboxRow {
  return { id: m.id, recordId: m.recordId, at: m.at, blob: cipher.seal(outboxSlot(m.id), m) };
}

export function openOutboxRow(cipher: RecordCipher, row: OutboxRow): Mutation {
  return cipher.open<Mutation>(outboxSlot(row.id), row.blob);
}

/** Pending mutations grouped by record, each list in id order. */
export function groupByRecord(
  cipher: RecordCipher,
  rows: readonly OutboxRow[],
): Map<string, Mutation[]> {
  const byRecord = new Map<string, Mutation[]>();
  for (const row of [...rows].sort((a, b) => a.id - b.id)) {
    const list = byRecord.get(row.recordId) ?? [];
    list.push(openOutboxRow(cipher, row));
    byRecord.set(row.recordId, list);
  }
  return byRecord;
}

/** A record row's copy for the listing table. */
export function listingOf(row: RecordRow): ListingRow {
  const { blob: _blob, ...listing } = row;
  return listing;
}

/** The list view of a row from its small sealed summary. */
export function toRecordSummary(cipher: RecordCipher, row: ListingRow): RecordSummary {
  const base = {
    id: row.id,
    type: row.type,
    scopeId: row.scopeId,
    parentId: row.parentId,
    version: row.version,
    pending: row.pending === 1,
    deleted: row.deleted === 1,
    updatedAt: row.updatedAt,
  };
  if (row.summary) {
    const s = cipher.open<SealedSummary>(summarySlot(row.id), row.summary);
    return { ...base, ownerId: s.ownerId, fields: s.fields, conflictCount: s.conflictCount };
  }
  // A row written before summaries existed: nothing to show but its plain columns.
  return { ...base, ownerId: null, fields: {}, conflictCount: 0 };
}

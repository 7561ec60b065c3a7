// Every edit made on this device. Each one is written with its outbox entry in ONE transaction,
// under the next mutation id, and the promise resolves only after that transaction commits: when
// it resolves the edit is on disk and will reach the server; when it rejects nothing was written.
import { MAX_PUSH_BYTES, mutationSchema } from '../../schemas/sync/push';
import type { Mutation } from '../../schemas/sync/push';
import {
  APPEND_ONLY_TYPES,
  BROKEN_TEXT_MESSAGE,
  fieldMapSchema,
  hasBrokenText,
  syncIdSchema,
} from '../../schemas/sync/records';
import type { FieldMap, FieldValue, RecordType } from '../../schemas/sync/records';
import { readAmendSession } from './amendments';
import type { RecordCipher } from './cipher';
import type { LocalDatabase, RecordRow, RecordSecrets } from './database';
import { ConflictNotFoundError, InvalidChangeError, RecordNotFoundError } from './errors';
import {
  identityOf,
  listingOf,
  openRecordRow,
  rowWithMutation,
  sealOutboxRow,
  toRecordView,
} from './record-rows';
import type { RecordIdentity, RecordView } from './record-rows';
import { readSyncState, writeSyncState } from './sync-state';
import { writeTransaction } from './transaction';

export type SavedEdit = { mutationId: number; record: RecordView };

/** Room left in a push for one change, after the request's other fields (a few hundred bytes). */
const MAX_CHANGE_BYTES = MAX_PUSH_BYTES - 4 * 1024;

type Current = { row: RecordRow; secrets: RecordSecrets } | null;

/** The part of a mutation that depends on what the edit is; id, time and versions are added. */
type Draft = Pick<Mutation, 'op' | 'set'> &
  Partial<Pick<Mutation, 'base' | 'resolves' | 'baseVersion'>>;

/** For an edit that creates the record: what the server needs to place it. */
type Creation = Partial<Pick<Mutation, 'scopeId' | 'parentId'>>;

type EditPlan = { identity: RecordIdentity; draft: Draft; creates?: Creation };

function checkRecordId(recordId: string): void {
  if (!syncIdSchema.safeParse(recordId).success) {
    throw new InvalidChangeError(
      'The record has an invalid ID, so the change was not saved. Reload the app and try again.',
    );
  }
}

type Issue = { path: PropertyKey[]; message: string; issues?: Issue[] };

/** Names the field and the rule it broke, never the value (which may be about a child). */
function describeIssue(issue: Issue): string {
  const field = issue.path.filter((p) => typeof p === 'string' && p !== 'set').join('.');
  // A bad key of a field map arrives as one issue wrapping the key's own.
  const message = issue.issues?.[0]?.message ?? issue.message;
  return field ? `‘${field}’: ${message}` : message;
}

function checkChanges(changes: Readonly<Record<string, FieldValue>>): FieldMap {
  const parsed = fieldMapSchema.safeParse(changes);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new InvalidChangeError(
      `The change was not saved: ${first ? describeIssue(first) : 'a field is invalid'}.`,
    );
  }
  for (const [path, value] of Object.entries(parsed.data)) {
    if (typeof value === 'string' && hasBrokenText(value))
      throw new InvalidChangeError(`The change was not saved: ‘${path}’: ${BROKEN_TEXT_MESSAGE}`);
  }
  if (Object.keys(parsed.data).length === 0) {
    throw new InvalidChangeError('There is nothing to save: no field was changed.');
  }
  return parsed.data;
}

/** The synced value of each path, for the server's three-way merge of concurrent text edits. */
function baseValues(current: Current, set: FieldMap): FieldMap | undefined {
  const synced = current?.secrets.synced;
  if (!synced) return undefined;
  const base: FieldMap = {};
  for (const path of Object.keys(set)) base[path] = synced.fields[path] ?? null;
  return base;
}

async function loadCurrent(
  db: LocalDatabase,
  cipher: RecordCipher,
  recordId: string,
): Promise<Current> {
  const row = await db.records.get(recordId);
  return row ? { row, secrets: openRecordRow(cipher, row) } : null;
}

/**
 * Allocates the next mutation id, writes the outbox entry and the record's row with the mutation
 * applied, all in one transaction.
 */
async function recordEdit(
  db: LocalDatabase,
  cipher: RecordCipher,
  recordId: string,
  at: Date | undefined,
  plan: (current: Current) => Promise<EditPlan> | EditPlan,
): Promise<SavedEdit> {
  checkRecordId(recordId);
  const when = (at ?? new Date()).toISOString();
  return writeTransaction(db, async () => {
    const current = await loadCurrent(db, cipher, recordId);
    const { identity, draft, creates } = await plan(current);
    const { nextMutationId } = await readSyncState(db);
    const candidate: Mutation = {
      id: nextMutationId,
      recordId,
      type: identity.type,
      op: draft.op,
      baseVersion: draft.baseVersion ?? identity.version,
      set: draft.set,
      at: when,
    };
    if (creates?.scopeId) candidate.scopeId = creates.scopeId;
    if (creates?.parentId) candidate.parentId = creates.parentId;
    if (draft.base) candidate.base = draft.base;
    if (draft.resolves) candidate.resolves = draft.resolves;
    // Made while amending the observation, to it or to one of its call attempts or actions: part
    // of that amendment (amendments.ts), which the server requires once it is submitted. Not once
    // the amendment's row is written: it is finished, and an edit after it is not part of it.
    const amended = amendedObservationOf(identity, current !== null, draft.op);
    if (amended !== null) {
      const amending = await readAmendSession(db, cipher, amended);
      if (amending && !(await db.records.get(amending.id))) candidate.amendmentId = amending.id;
    }
    const parsed = mutationSchema.safeParse(candidate);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new InvalidChangeError(
        `The change was not saved: ${first ? describeIssue(first) : 'it is not a valid change'}.`,
      );
    }
    const mutation = parsed.data;
    // A push carries at most MAX_PUSH_BYTES; a change that alone could never fit one would stop
    // every change behind it in the outbox, so it is refused here, where the person sees it.
    if (new TextEncoder().encode(JSON.stringify(mutation)).length > MAX_CHANGE_BYTES) {
      throw new InvalidChangeError(
        'The change was not saved: it is too large to send in one go. Save it in smaller parts (a few answers at a time).',
      );
    }
    const row = rowWithMutation(cipher, identity, current, mutation);
    await db.records.put(row);
    await db.listing.put(listingOf(row));
    await db.outbox.add(sealOutboxRow(cipher, mutation));
    await writeSyncState(db, { nextMutationId: nextMutationId + 1 });
    return { mutationId: mutation.id, record: toRecordView(cipher, row) };
  });
}

/** The observation an amendment of which an edit of this record would be part, if any. */
function amendedObservationOf(
  identity: RecordIdentity,
  exists: boolean,
  op: Mutation['op'],
): string | null {
  if (identity.type === 'observation') return exists && op === 'put' ? identity.id : null;
  return identity.type === 'action' || identity.type === 'call-attempt' ? identity.parentId : null;
}

function existing(current: Current, recordId: string): NonNullable<Current> {
  if (!current) throw new RecordNotFoundError(recordId);
  return current;
}

export type SaveFieldsInput = {
  recordId: string;
  type: RecordType;
  /** The team a new observation belongs to; ignored once the record exists. */
  scopeId?: string;
  /** The observation a new child row (action, call attempt, ...) belongs to. */
  parentId?: string;
  /** Field paths to values; null removes a field. */
  changes: Readonly<Record<string, FieldValue>>;
  /** When the edit was made; defaults to now. */
  at?: Date;
  /**
   * What the person started typing from: the record's server version and each field's value as
   * their screen showed them. A pull can land while they type; the edit is then merged against
   * what they saw, not against what arrived meanwhile (which it would silently overwrite).
   */
  startedFrom?: StartedFrom;
};

export type StartedFrom = { version: number; values: Readonly<Record<string, FieldValue>> };

/** The base of each changed field, and the version, as the person started from them. */
function startingPoint(current: NonNullable<Current>, set: FieldMap, from?: StartedFrom) {
  const base = baseValues(current, set);
  // Never sent by the server: nothing can have arrived to merge against.
  if (!from || !base) return optional('base', base);
  const seen: FieldMap = { ...base };
  for (const path of Object.keys(set)) if (path in from.values) seen[path] = from.values[path]!;
  const version = current.row.version;
  return {
    base: seen,
    ...(from.version < version ? { baseVersion: from.version } : {}),
  };
}

/** Saves changed fields of a record, creating it if it is not on the device. */
export async function saveFields(
  db: LocalDatabase,
  cipher: RecordCipher,
  input: SaveFieldsInput,
): Promise<SavedEdit> {
  const set = checkChanges(input.changes);
  return recordEdit(db, cipher, input.recordId, input.at, async (current) => {
    if (current) {
      if (current.row.type !== input.type) {
        throw new InvalidChangeError(
          `This record is a ${current.row.type}, not a ${input.type}; the change was not saved.`,
        );
      }
      if (APPEND_ONLY_TYPES.has(current.row.type)) {
        throw new InvalidChangeError(
          'Moderation comments and amendments cannot be changed once made. Add a new one instead.',
        );
      }
      return {
        identity: identityOf(current.row),
        draft: { op: 'put', set, ...startingPoint(current, set, input.startedFrom) },
      };
    }
    return {
      identity: await newIdentity(db, input),
      draft: { op: 'put', set },
      creates: {
        ...optional('scopeId', input.scopeId),
        ...optional('parentId', input.parentId),
      },
    };
  });
}

async function newIdentity(db: LocalDatabase, input: SaveFieldsInput): Promise<RecordIdentity> {
  if (input.type === 'observation' && !input.scopeId) {
    throw new InvalidChangeError('Choose the team this observation belongs to before saving it.');
  }
  if (input.type !== 'observation' && !input.parentId) {
    throw new InvalidChangeError('This item must belong to an observation; open it from one.');
  }
  const parent = input.parentId ? await db.records.get(input.parentId) : undefined;
  return {
    id: input.recordId,
    type: input.type,
    // A child's team is its parent's; the server decides it the same way.
    scopeId: input.scopeId ?? parent?.scopeId ?? null,
    parentId: input.parentId ?? null,
    version: 0,
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}

/** Deletes a record (a soft delete on the server, which can be restored). */
export async function deleteRecord(
  db: LocalDatabase,
  cipher: RecordCipher,
  recordId: string,
  at?: Date,
): Promise<SavedEdit> {
  return recordEdit(db, cipher, recordId, at, (current) => {
    const { row } = existing(current, recordId);
    if (APPEND_ONLY_TYPES.has(row.type)) {
      throw new InvalidChangeError('Moderation comments and amendments cannot be deleted.');
    }
    return { identity: identityOf(row), draft: { op: 'delete', set: {} } };
  });
}

/** Brings back a deleted record. */
export async function restoreRecord(
  db: LocalDatabase,
  cipher: RecordCipher,
  recordId: string,
  at?: Date,
): Promise<SavedEdit> {
  return recordEdit(db, cipher, recordId, at, (current) => {
    const { row } = existing(current, recordId);
    return { identity: identityOf(row), draft: { op: 'restore', set: {} } };
  });
}

/**
 * How a person settled a conflict: the text to keep ("Keep mine", "Keep theirs", "Edit merged
 * text"), or, for a record deleted on another device, whether to restore it.
 */
export type ConflictResolution =
  | { recordId: string; conflictId: string; value: FieldValue; at?: Date }
  | { recordId: string; conflictId: string; restore: boolean; at?: Date };

export async function resolveConflict(
  db: LocalDatabase,
  cipher: RecordCipher,
  resolution: ConflictResolution,
): Promise<SavedEdit> {
  return recordEdit(db, cipher, resolution.recordId, resolution.at, (current) => {
    const found = existing(current, resolution.recordId);
    const conflict = found.secrets.conflicts.find((c) => c.id === resolution.conflictId);
    if (!conflict) throw new ConflictNotFoundError();
    const identity = identityOf(found.row);
    const resolves = [conflict.id];
    if (conflict.kind === 'deleted') {
      const restore = 'restore' in resolution && resolution.restore;
      const draft: Draft = restore
        ? { op: 'restore', set: {}, resolves }
        : { op: 'put', set: {}, resolves };
      return { identity, draft };
    }
    if (!('value' in resolution)) {
      throw new InvalidChangeError('Choose which text to keep for this field.');
    }
    const set = checkChanges({ [conflict.path]: resolution.value });
    return {
      identity,
      draft: { op: 'put', set, resolves, ...optional('base', baseValues(found, set)) },
    };
  });
}

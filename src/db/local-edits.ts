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
import { childContentPaths } from '../../schemas/rules/amendment-diff';
import { amendmentUnderWay, noteAmendmentChildWrites, noteAmendmentWrites } from './amendments';
import type { RecordCipher } from './cipher';
import type { LocalDatabase, RecordRow, RecordSecrets } from './database';
import { ConflictNotFoundError, InvalidChangeError, RecordNotFoundError } from './errors';
import { keptOf, keptStill, readKeptTexts, takeKeptText, writeKeptTexts } from './kept-texts';
import type { KeptText } from './kept-texts';
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
import { mergeWindowEdit } from './window-merge';

export type SavedEdit = { mutationId: number; record: RecordView };

/** Room left in a push for one change, after the request's other fields (a few hundred bytes). */
const MAX_CHANGE_BYTES = MAX_PUSH_BYTES - 4 * 1024;

type Current = { row: RecordRow; secrets: RecordSecrets } | null;

/** The part of a mutation that depends on what the edit is; id, time and versions are added. */
type Draft = Pick<Mutation, 'op' | 'set'> &
  Partial<Pick<Mutation, 'base' | 'resolves' | 'baseVersion'>>;

/** For an edit that creates the record: what the server needs to place it. */
type Creation = Partial<Pick<Mutation, 'scopeId' | 'parentId'>>;

/**
 * What an edit does to the record's kept texts (kept-texts.ts): texts its save replaced, to keep
 * for a person, and the value each field was typed on from (a kept text equal to it is taken up).
 */
type KeptChange = {
  keep: Pick<KeptText, 'path' | 'text'>[];
  takenUp: Record<string, FieldValue>;
  /** The record's kept texts as the edit found them, when it has read them already. */
  before?: KeptText[];
};

type EditPlan = { identity: RecordIdentity; draft: Draft; creates?: Creation; kept?: KeptChange };

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
    const { identity, draft, creates, kept } = await plan(current);
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
    // the amendment's row is written (it is finished, and an edit after it is not part of it), nor
    // once the observation is returned or closed (its row would never be written).
    const amended = amendedObservationOf(identity, current !== null, draft.op);
    if (amended !== null) {
      const amendmentId = await amendmentUnderWay(db, cipher, amended, async () =>
        identity.type === 'observation' ? current?.row : db.records.get(amended),
      );
      if (amendmentId !== undefined) candidate.amendmentId = amendmentId;
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
    const record = toRecordView(cipher, row);
    if (current) await updateKeptTexts(db, cipher, record, when, kept);
    if (mutation.amendmentId !== undefined && identity.type === 'observation') {
      const left: FieldMap = {};
      for (const path of Object.keys(mutation.set)) left[path] = record.fields[path] ?? null;
      await noteAmendmentWrites(db, cipher, identity.id, mutation.amendmentId, left);
    } else if (mutation.amendmentId !== undefined && amended !== null) {
      // An improvement action or call attempt: whether it is there now, and its content written.
      // Removed: with what it held, which a tablet that lets go of the row no longer has.
      const fields: FieldMap = {};
      const held: FieldMap = {};
      for (const path of childContentPaths(identity.type)) {
        if (Object.hasOwn(mutation.set, path)) fields[path] = record.fields[path] ?? null;
        held[path] = record.fields[path] ?? null;
      }
      await noteAmendmentChildWrites(db, cipher, amended, mutation.amendmentId, identity.id, {
        live: !record.deleted,
        fields,
        ...(record.deleted ? { removedWith: held } : {}),
      });
    }
    return { mutationId: mutation.id, record };
  });
}

/**
 * Keeps the texts this edit replaced and lets go of those it settled: a kept text the field now
 * holds, or one the edit was typed on from. Read on every edit of an existing record (a missing
 * row costs one lookup in the transaction already open), so none is left over once moot.
 */
async function updateKeptTexts(
  db: LocalDatabase,
  cipher: RecordCipher,
  record: RecordView,
  at: string,
  change: KeptChange | undefined,
): Promise<void> {
  const before = change?.before ?? (await readKeptTexts(db, cipher, record.id));
  if (before.length === 0 && !change?.keep.length) return;
  // Each names its record as it is now, so it can still be named if the record goes.
  const of = keptOf(record);
  const added = (change?.keep ?? []).map((k) => ({ id: crypto.randomUUID(), at, ...k }));
  const after = keptStill([...before, ...added], record.fields, change?.takenUp).map((k) => ({
    ...k,
    of,
  }));
  const same =
    after.length === before.length &&
    after.every(
      (k, i) => k.id === before[i]?.id && JSON.stringify(before[i].of) === JSON.stringify(of),
    );
  if (!same) await writeKeptTexts(db, cipher, record.id, after);
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
   * their screen showed them. A pull can land while they type, or another window of the app save
   * the same field; the edit is then merged against what they saw, not written over what arrived
   * meanwhile (window-merge.ts here, the server's merge for other devices).
   */
  startedFrom?: StartedFrom;
  /**
   * Whether a value may be saved in a field (its length limit): a text merged with another
   * window's that would not fit is not saved merged; the other window's text is kept instead.
   */
  fits?: (path: string, value: FieldValue) => boolean;
};

export type StartedFrom = {
  version: number;
  values: Readonly<Record<string, FieldValue>>;
  /**
   * Which of those paths are free text (schemas/rules/text-fields.ts), merged word by word with
   * another window's edit; the others are scalars, where the later save wins. Absent (a rescue
   * written before this was): every path is taken as text, so no words can be written over.
   */
  text?: readonly string[];
};

/** Whether a merged value is one the store and the server take. */
function valueFits(path: string, value: string, fits: SaveFieldsInput['fits']): boolean {
  if (!fieldMapSchema.safeParse({ [path]: value }).success || hasBrokenText(value)) return false;
  return fits?.(path, value) ?? true;
}

/**
 * The change as it is saved, with the base of each field and the version the person started
 * from. A field the store changed since the window read it (another window saved it, or a pull
 * landed) is merged with that change here (window-merge.ts): merged text is sent with the stored
 * value as its base, so the server merges any other device's edit with it again; text whose two
 * edits overlap is sent as typed, from the window's base (so the server keeps a conflict with
 * another device's), and the text it replaced here is kept on the tablet for the person.
 */
function startingPoint(
  current: NonNullable<Current>,
  set: FieldMap,
  input: Pick<SaveFieldsInput, 'startedFrom' | 'fits'>,
  keptBefore: KeptText[],
): Pick<Draft, 'set' | 'base' | 'baseVersion'> & { kept?: KeptChange } {
  const from = input.startedFrom;
  const base = baseValues(current, set);
  // Never sent by the server: nothing can have arrived to merge against.
  if (!from || !base) return { set, ...optional('base', base) };
  const text = from.text ? new Set(from.text) : null;
  const seen: FieldMap = { ...base };
  const saved: FieldMap = { ...set };
  const kept: KeptChange = { keep: [], takenUp: {}, before: keptBefore };
  for (const path of Object.keys(set)) {
    if (!Object.hasOwn(from.values, path)) continue;
    const started = from.values[path]!;
    const stored = current.secrets.local[path] ?? null;
    seen[path] = started;
    kept.takenUp[path] = started;
    const outcome = mergeWindowEdit({
      base: started,
      stored,
      edit: set[path]!,
      text: text?.has(path) ?? true,
      fits: (merged) => valueFits(path, merged, input.fits),
      baseWasReplaced: keptBefore.some((k) => k.path === path && Object.is(k.text, started)),
    });
    if (outcome.kind === 'merged') {
      saved[path] = outcome.value;
      seen[path] = stored;
    } else if (outcome.kind === 'replaced' && outcome.keptAside !== undefined) {
      kept.keep.push({ path, text: outcome.keptAside });
    }
  }
  return {
    set: saved,
    base: seen,
    ...(from.version < current.row.version ? { baseVersion: from.version } : {}),
    kept,
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
      const keptBefore = input.startedFrom ? await readKeptTexts(db, cipher, input.recordId) : [];
      const { kept, ...start } = startingPoint(current, set, input, keptBefore);
      return {
        identity: identityOf(current.row),
        draft: { op: 'put', ...start },
        ...(kept ? { kept } : {}),
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

export type RestoreChildInput = {
  recordId: string;
  type: RecordType;
  /** The observation it belongs to. */
  parentId: string;
  /** Fields written with it (null empties one); may be none. */
  changes: Readonly<Record<string, FieldValue>>;
  at?: Date;
};

/**
 * Brings back a removed child row of an observation (cancelling the amendment that removed it),
 * with `changes` written in the same edit. The tablet lets go of a row once the server has
 * confirmed its removal, so one it no longer holds is brought back by its id, kind and
 * observation: the server still holds it, and sends it again whole.
 */
export async function restoreChildRow(
  db: LocalDatabase,
  cipher: RecordCipher,
  input: RestoreChildInput,
): Promise<SavedEdit> {
  const set = Object.keys(input.changes).length > 0 ? checkChanges(input.changes) : {};
  return recordEdit(db, cipher, input.recordId, input.at, async (current) => {
    if (current) {
      if (current.row.type !== input.type || current.row.parentId !== input.parentId) {
        throw new InvalidChangeError(
          `This record is not a ${input.type} of this observation; it was not brought back.`,
        );
      }
      return {
        identity: identityOf(current.row),
        draft: { op: 'restore', set, ...optional('base', baseValues(current, set)) },
      };
    }
    const parent = await db.records.get(input.parentId);
    if (!parent) throw new RecordNotFoundError(input.parentId);
    return {
      identity: {
        id: input.recordId,
        type: input.type,
        scopeId: parent.scopeId,
        parentId: input.parentId,
        version: 0,
      },
      draft: { op: 'restore', set },
    };
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
      // Whether the record comes back is one choice, however many edits made after the deletion
      // each brought an offer (one per edit the server received): it settles them all.
      resolves.push(
        ...found.secrets.conflicts
          .filter((c) => c.kind === 'deleted' && c.id !== conflict.id)
          .map((c) => c.id),
      );
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

/**
 * How a person settled a text kept on this tablet (kept-texts.ts): the text the field is to hold,
 * the one there now, the one it replaced, or the two written together.
 */
export type KeptTextResolution = {
  recordId: string;
  keptId: string;
  value: FieldValue;
  /** The field's text as the panel showed it, if it may have changed since. */
  shown?: FieldValue;
  at?: Date;
};

/**
 * Settles a kept text: it goes, and the field takes the chosen text as an ordinary edit (none is
 * needed when that is the text it holds), in one transaction. Resolves to the edit, if one was
 * made.
 */
export async function settleKeptText(
  db: LocalDatabase,
  cipher: RecordCipher,
  resolution: KeptTextResolution,
): Promise<SavedEdit | null> {
  checkRecordId(resolution.recordId);
  return writeTransaction(db, async () => {
    const { path } = await takeKeptText(db, cipher, resolution.recordId, resolution.keptId);
    const current = existing(
      await loadCurrent(db, cipher, resolution.recordId),
      resolution.recordId,
    );
    const now = current.secrets.local[path] ?? null;
    if (Object.is(now, resolution.value)) return null;
    // Made from the field as the panel showed it: a text another window saved since is merged
    // with this choice (or kept again), not written over by it.
    const shown = resolution.shown === undefined ? now : resolution.shown;
    return saveFields(db, cipher, {
      recordId: resolution.recordId,
      type: current.row.type,
      changes: { [path]: resolution.value },
      startedFrom: { version: current.row.version, values: { [path]: shown }, text: [path] },
      ...(resolution.at ? { at: resolution.at } : {}),
    });
  });
}

// Text one window's save replaced on this tablet while another window was typing over the same
// words (window-merge.ts): kept here, sealed, and shown beside its field as a conflict for the
// person to settle, in every window. The server never has it: it applies a device's edits in
// order, so only this tablet knows the two texts were typed at once. One scratch row per record
// (`scratch:kept:<record id>`), so signing out counts it as work typed here and nowhere else, and
// neither the removal of stale records nor keeping only local work at sign-out removes its record.
// A record can still leave the tablet under it (deleted elsewhere, no longer shared with the
// person, deleted here): each kept text names its record (`of`), so it is listed on its own
// until the person removes it (read-records.ts `keptTextsLeftBehind`), never dropped with it.
import type { Conflict, FieldMap, FieldValue, RecordType } from '../../schemas/sync/records';
import type { RecordCipher } from './cipher';
import type { LocalDatabase } from './database';
import { ConflictNotFoundError } from './errors';
import { readSealed, writeSealed } from './session-store';

export type KeptText = {
  id: string;
  path: string;
  /** The text that was replaced. */
  text: string;
  /** When it was replaced. */
  at: string;
  /** Its record as it was at the last edit: absent in a text kept before this was. */
  of?: KeptOf;
};

/**
 * What names a kept text's record once the record has gone: its type, its observation, and for
 * an observation its kind, case ID and checklist (for the answer's name). Nothing else of it.
 */
export type KeptOf = { type: RecordType; parentId: string | null; fields: FieldMap };

const NAMING = ['kind', 'context.caseId', 'templateId', 'templateVersion'] as const;

export function keptOf(record: { type: RecordType; parentId: string | null; fields: FieldMap }) {
  const fields: FieldMap = {};
  for (const path of NAMING) {
    const value = record.fields[path];
    if (value !== undefined && value !== null) fields[path] = value;
  }
  return { type: record.type, parentId: record.parentId, fields } satisfies KeptOf;
}

/** A conflict as the screens show it: the server's, or a text kept on this tablet (`keptHere`). */
export type ShownConflict = Conflict & { keptHere?: true };

const PREFIX = 'scratch:kept:';
const keyOf = (recordId: string) => `${PREFIX}${recordId}` as const;

export async function readKeptTexts(
  db: LocalDatabase,
  cipher: RecordCipher,
  recordId: string,
): Promise<KeptText[]> {
  return (await readSealed<KeptText[]>(db, cipher, keyOf(recordId))) ?? [];
}

export async function writeKeptTexts(
  db: LocalDatabase,
  cipher: RecordCipher,
  recordId: string,
  kept: readonly KeptText[],
): Promise<void> {
  await writeSealed(db, cipher, keyOf(recordId), kept.length > 0 ? kept : undefined);
}

/** Every record's kept texts, by record id: one range read, empty on almost every tablet. */
export async function readAllKeptTexts(
  db: LocalDatabase,
  cipher: RecordCipher,
): Promise<Map<string, KeptText[]>> {
  const keys = await db.meta.where('key').startsWith(`sealed:${PREFIX}`).primaryKeys();
  const out = new Map<string, KeptText[]>();
  for (const key of keys) {
    const recordId = String(key).slice(`sealed:${PREFIX}`.length);
    out.set(recordId, await readKeptTexts(db, cipher, recordId));
  }
  return out;
}

/**
 * What is left of a record's kept texts once its fields are `fields`: a text the field now holds
 * has nothing left to settle, nor has one an edit was made from (`takenUp`: the window that typed
 * it has typed on from it), and the same text kept twice is kept once.
 */
export function keptStill(
  kept: readonly KeptText[],
  fields: FieldMap,
  takenUp: Readonly<Record<string, FieldValue>> = {},
): KeptText[] {
  const seen = new Set<string>();
  return kept.filter((k) => {
    const key = JSON.stringify([k.path, k.text]);
    if (seen.has(key)) return false;
    seen.add(key);
    if (Object.is(fields[k.path] ?? null, k.text)) return false;
    return !(Object.hasOwn(takenUp, k.path) && Object.is(takenUp[k.path], k.text));
  });
}

/** A record's kept texts as conflicts beside its fields: the field now, and the text it replaced. */
export function keptAsConflicts(kept: readonly KeptText[], fields: FieldMap): ShownConflict[] {
  return kept
    .filter((k) => !Object.is(fields[k.path] ?? null, k.text))
    .map((k) => ({
      id: k.id,
      path: k.path,
      kind: 'text',
      current: fields[k.path] ?? null,
      incoming: k.text,
      deviceId: '',
      userId: '',
      at: k.at,
      keptHere: true,
    }));
}

/** Takes a kept text out of its record's list; the settled list is written back. */
export async function takeKeptText(
  db: LocalDatabase,
  cipher: RecordCipher,
  recordId: string,
  keptId: string,
): Promise<KeptText> {
  const kept = await readKeptTexts(db, cipher, recordId);
  const found = kept.find((k) => k.id === keptId);
  if (!found) throw new ConflictNotFoundError();
  await writeKeptTexts(
    db,
    cipher,
    recordId,
    kept.filter((k) => k.id !== keptId),
  );
  return found;
}

/**
 * Removes a kept text the person has copied what they need from (its record gone from the
 * tablet): the only way one goes without being settled beside its field.
 */
export async function removeKeptText(
  db: LocalDatabase,
  cipher: RecordCipher,
  recordId: string,
  keptId: string,
): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    await takeKeptText(db, cipher, recordId, keptId);
  });
}

/**
 * Lets go of the kept texts that the records' fields now hold (a pull brought the same words, or
 * the server's own conflict now offers them): nothing is left to settle there. Called where rows
 * are rebuilt without an edit (a pull); one key range read when no text is kept, as on most days.
 */
export async function dropMootKeptTexts(
  db: LocalDatabase,
  cipher: RecordCipher,
  fieldsOf: (recordId: string) => FieldMap | undefined,
): Promise<void> {
  const keys = await db.meta.where('key').startsWith(`sealed:${PREFIX}`).primaryKeys();
  for (const key of keys) {
    const recordId = String(key).slice(`sealed:${PREFIX}`.length);
    const fields = fieldsOf(recordId);
    if (!fields) continue;
    const kept = await readKeptTexts(db, cipher, recordId);
    const still = keptStill(kept, fields);
    if (still.length !== kept.length) await writeKeptTexts(db, cipher, recordId, still);
  }
}

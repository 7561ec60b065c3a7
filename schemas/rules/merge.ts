// Field-level merge: what happens when an edit made against an older version of a record meets
// what the record holds now. Pure, so the server's decisions can be tested exhaustively and
// replayed anywhere.
//
// - A field nobody else changed since the editor's base version fast-forwards.
// - An edit to the value the record already holds changes nothing.
// - Concurrent scalar edits (grades, choices, dates): the later edit wins, by edit time corrected
//   for the device's clock offset; the losing value is kept in the superseded log.
// - Concurrent free-text edits: merged word by word when the changes do not overlap; otherwise
//   the record keeps its value and the incoming text is kept as a conflict for a person.
import { diff3Merge } from 'node-diff3';
import type { FieldValue } from '../sync/records';

export type FieldMeta = {
  /** Record version (server sequence) at which the field last changed. */
  version: number;
  /** Edit time in ms since the epoch, corrected to the server's clock. */
  editedAt: number;
  deviceId: string;
};

export type IncomingEdit = {
  value: FieldValue;
  /** The value the editor started from, when the device knows it. */
  base?: FieldValue;
  baseVersion: number;
  editedAt: number;
  deviceId: string;
};

export type FieldDecision =
  | { kind: 'apply'; value: FieldValue }
  | { kind: 'noop' }
  | { kind: 'merged'; value: FieldValue }
  | { kind: 'won'; value: FieldValue; superseded: FieldValue }
  | { kind: 'lost'; superseded: FieldValue }
  | { kind: 'conflict'; incoming: FieldValue };

// Words and the spaces between them are merge units, so two people editing different sentences
// of one paragraph both keep their edits.
const TOKEN = /\s+|[^\s]+/g;
const tokens = (s: string): string[] => s.match(TOKEN) ?? [];

/** Three-way merge of text; null when the two edits overlap. */
export function mergeText(base: string, current: string, incoming: string): string | null {
  if (current === incoming) return current;
  if (current === base) return incoming;
  if (incoming === base) return current;
  const regions = diff3Merge(tokens(current), tokens(base), tokens(incoming), {
    excludeFalseConflicts: true,
  });
  let out = '';
  for (const r of regions) {
    if (r.conflict) return null;
    out += (r.ok ?? []).join('');
  }
  return out;
}

/** Orders two edits in time; equal times fall back to the device id so every server agrees. */
function incomingIsLater(meta: FieldMeta, edit: IncomingEdit): boolean {
  if (edit.editedAt !== meta.editedAt) return edit.editedAt > meta.editedAt;
  return edit.deviceId > meta.deviceId;
}

export function decideField(
  current: FieldValue | undefined,
  meta: FieldMeta | undefined,
  edit: IncomingEdit,
  isText: boolean,
): FieldDecision {
  const now = current ?? null;
  if (Object.is(now, edit.value)) return { kind: 'noop' };
  // A device's mutations apply in the order it made them, so its own earlier write is never
  // concurrent with its later one, even before it has pulled the version that write produced.
  if (!meta || meta.version <= edit.baseVersion || meta.deviceId === edit.deviceId) {
    return { kind: 'apply', value: edit.value };
  }
  // Someone else changed this field after the editor's base.
  if (isText && typeof edit.value === 'string' && (now === null || typeof now === 'string')) {
    if (edit.base !== undefined && (edit.base === null || typeof edit.base === 'string')) {
      const merged = mergeText(edit.base ?? '', now ?? '', edit.value);
      if (merged !== null) return { kind: 'merged', value: merged };
    }
    return { kind: 'conflict', incoming: edit.value };
  }
  return incomingIsLater(meta, edit)
    ? { kind: 'won', value: edit.value, superseded: now }
    : { kind: 'lost', superseded: edit.value };
}

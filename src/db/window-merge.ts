// Two windows of the app on one tablet (two tabs, or the installed app beside a tab) share one
// database and one device id, and the server applies a device's edits in the order it made them,
// with no merge between a device and itself. So the tablet merges its windows' edits itself, as
// each one is saved: a window saves a field against the value its screen started from (its base),
// and when the store holds something else by then (another window saved it, or a pull landed),
// the two are merged here rather than one written over the other. Pure, so it is tested
// exhaustively (window-merge.test.ts), orders of saves included.
import { mergeText } from '../../schemas/rules/merge';
import type { FieldValue } from '../../schemas/sync/records';

export type WindowEdit = {
  /** What the window's screen showed for the field when the person began this edit. */
  base: FieldValue;
  /** What the store holds for it now. */
  stored: FieldValue;
  /** What the window saves. */
  edit: FieldValue;
  /** Whether the field is free text (schemas/rules/text-fields.ts); otherwise a scalar. */
  text: boolean;
  /** Whether a merged text may be saved (its field's length limit); when not, both are kept. */
  fits?: (merged: string) => boolean;
  /**
   * The base is a text another window's save replaced here and kept aside: the window typed on
   * from its own version. The stored text is then no later version of the base (its differences
   * from it would read as that window's words being taken out), so nothing is merged: this save
   * is the field, and the stored text is kept aside in its turn.
   */
  baseWasReplaced?: boolean;
};

export type WindowOutcome =
  /** Nothing changed under the window since its base: its edit, as typed. */
  | { kind: 'as-typed'; value: FieldValue }
  /** Another window's words and this one's, merged word by word. */
  | { kind: 'merged'; value: FieldValue }
  /**
   * The later save wins the field: a scalar (grades, choices, dates), or text whose two edits
   * touch the same words. The text it replaced is `keptAside`, for a person to settle.
   */
  | { kind: 'replaced'; value: FieldValue; keptAside?: string };

const isText = (v: FieldValue): v is string | null => v === null || typeof v === 'string';

export function mergeWindowEdit(e: WindowEdit): WindowOutcome {
  if (Object.is(e.stored, e.base) || Object.is(e.stored, e.edit)) {
    return { kind: 'as-typed', value: e.edit };
  }
  if (!e.text || !isText(e.base) || !isText(e.stored) || !isText(e.edit)) {
    return { kind: 'replaced', value: e.edit };
  }
  const merged = e.baseWasReplaced ? null : mergeText(e.base ?? '', e.stored ?? '', e.edit ?? '');
  if (merged === '') {
    // Emptied: absent (null) if either side had it absent, as that save would have left it.
    return { kind: 'merged', value: e.edit === null || e.stored === null ? null : '' };
  }
  if (merged !== null && (e.fits?.(merged) ?? true)) return { kind: 'merged', value: merged };
  // A stored text that is empty holds nothing to keep.
  return e.stored
    ? { kind: 'replaced', value: e.edit, keptAside: e.stored }
    : { kind: 'replaced', value: e.edit };
}

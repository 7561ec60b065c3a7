import { fieldValuesEqual } from '../entities/field-value';
import type { FieldValue } from '../entities/field-value';
import { isHandlingPath } from './after-submission';

// Cancelling an amendment: its edits were saved as they were typed (and may be on the server
// already), so cancelling puts each field it changed back, as edits that still name it. A field
// that no longer holds what the amendment wrote was changed by someone else since (another device's
// edit merged in by the server, a pull); writing the old value over that would lose their change
// without anyone seeing it, so such a field is left as it is and shown to the person instead.

type Fields = Readonly<Record<string, FieldValue>>;

/** A field the amendment changed that has been changed again since, by someone else. */
export type ChangedSince = {
  path: string;
  /** Its value before the amendment began. */
  before: FieldValue;
  /** What the amendment last wrote in it. */
  ours: FieldValue;
  /** What it holds now. */
  now: FieldValue;
};

export type CancelPlan = {
  /** Each field to put back, with its value before the amendment (null: it was empty). */
  revert: Record<string, FieldValue>;
  /** Fields left as they are, because someone else changed them after the amendment did. */
  changedSince: ChangedSince[];
};

const CONTENT_ROOTS = new Set(['context', 'responses', 'summary', 'family']);
const CONTENT_FIELDS = new Set(['templateId', 'templateVersion', 'serviceId']);

/**
 * Whether a path is the observation's content, which an amendment changes: not its handling (the
 * status a QA lead moved on meanwhile, the practitioner's reflection) nor bookkeeping.
 */
export function isAmendableContentPath(path: string): boolean {
  if (isHandlingPath(path, {})) return false;
  const root = path.split('.', 1)[0]!;
  return CONTENT_ROOTS.has(root) ? path.includes('.') : CONTENT_FIELDS.has(path);
}

/**
 * What cancelling an amendment does to its observation's fields: `before` as they were when it
 * began, `now` as they are, `wrote` the value the amendment's own edits last left in each field
 * they touched. A session begun by a release that kept no `wrote` counts every content field that
 * differs as the amendment's (the confirmation page lists each one before anything is put back).
 */
export function planAmendmentCancel(before: Fields, now: Fields, wrote?: Fields): CancelPlan {
  const candidates = wrote ? Object.keys(wrote) : [...Object.keys(before), ...Object.keys(now)];
  const paths = [...new Set(candidates)].filter(isAmendableContentPath).sort();
  const revert: Record<string, FieldValue> = {};
  const changedSince: ChangedSince[] = [];
  for (const path of paths) {
    const was = before[path] ?? null;
    const is = now[path] ?? null;
    if (fieldValuesEqual(was, is)) continue;
    const ours = wrote ? (wrote[path] ?? null) : is;
    if (fieldValuesEqual(ours, is)) revert[path] = was;
    else changedSince.push({ path, before: was, ours, now: is });
  }
  return { revert, changedSince };
}

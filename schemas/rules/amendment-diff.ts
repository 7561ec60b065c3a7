import type { AmendmentChange, AmendmentChildChange } from '../entities/amendment';
import { fieldValuesEqual } from '../entities/field-value';
import type { FieldValue } from '../entities/field-value';
import type { Observation } from '../entities/observation';
import { flattenObservation } from '../entities/observation-fields';
import { isOthersHandlingPath } from './handling-paths';
import { isAmendable } from './status';

// Once submitted (or moderated) an observation's content changes only by an amendment, kept as
// history (after-submission.ts). This works out what an amendment changed, field by field, for
// the amendment row.

/**
 * Bookkeeping that is not an amendment in itself: the time of every save, and the timescales the
 * server stamps (which a pull may bring in while an amendment is being made, never an edit).
 */
const NOT_AMENDMENTS = new Set(['updatedAt', 'submittedTimescales']);

/**
 * Whether a change to this record's content must be made as an amendment: submitted or moderated.
 * A returned record is edited freely and submitted again; a closed one is not changed at all.
 */
export function needsAmendment(record: Observation): boolean {
  return isAmendable(record.status);
}

/** Each field whose value differs, with before and after (`null` when absent). */
export function diffObservations(before: Observation, after: Observation): AmendmentChange[] {
  const a = flattenObservation(before);
  const b = flattenObservation(after);
  const paths = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const changes: AmendmentChange[] = [];
  for (const path of paths) {
    // Handling written by someone overseeing it (an audit's discussion, good practice
    // acknowledged) or by the practitioner (their response), which a pull may bring in while an
    // amendment is being made.
    if (NOT_AMENDMENTS.has(path) || isOthersHandlingPath(path)) continue;
    const x: FieldValue = a[path] ?? null;
    const y: FieldValue = b[path] ?? null;
    if (!fieldValuesEqual(x, y)) {
      changes.push({ path, before: x, after: y });
    }
  }
  return changes;
}

/** A child row as an amendment compares it: its kind, id and fields (absent once removed). */
export type ChildRowState = {
  id: string;
  type: string;
  fields: Readonly<Record<string, FieldValue>>;
};

/**
 * The fields of each kind of child row that are the observation's content (after-submission.ts):
 * an improvement action's words (its tracking is not: it moves on whatever the status), a call
 * attempt's every field. Other kinds are not content.
 */
const CHILD_CONTENT_FIELDS: Readonly<
  Record<AmendmentChildChange['recordType'], readonly string[]>
> = {
  action: ['what'],
  'call-attempt': ['at', 'outcome', 'note'],
};

export const isContentChild = (type: string): type is AmendmentChildChange['recordType'] =>
  Object.hasOwn(CHILD_CONTENT_FIELDS, type);

/** The content fields of a kind of child row (none for a kind that is not content). */
export const childContentPaths = (type: string): readonly string[] =>
  isContentChild(type) ? CHILD_CONTENT_FIELDS[type] : [];

/**
 * Each content field of a child row that differs between `before` and `after` (the live rows of
 * each kind when the amendment began and now): a row added has before `null`, one removed after
 * `null`. In a stable order (kind, row id, field), whatever order the rows are listed in.
 */
export function diffChildRows(
  before: readonly ChildRowState[],
  after: readonly ChildRowState[],
): AmendmentChildChange[] {
  const was = new Map(before.filter((r) => isContentChild(r.type)).map((r) => [r.id, r]));
  const is = new Map(after.filter((r) => isContentChild(r.type)).map((r) => [r.id, r]));
  const ids = [...new Set([...was.keys(), ...is.keys()])];
  const rows = ids.map((id) => (is.get(id) ?? was.get(id))!);
  rows.sort((x, y) => (x.type === y.type ? (x.id < y.id ? -1 : 1) : x.type < y.type ? -1 : 1));
  const changes: AmendmentChildChange[] = [];
  for (const row of rows) {
    const recordType = row.type as AmendmentChildChange['recordType'];
    for (const path of CHILD_CONTENT_FIELDS[recordType]) {
      const x: FieldValue = was.get(row.id)?.fields[path] ?? null;
      const y: FieldValue = is.get(row.id)?.fields[path] ?? null;
      if (!fieldValuesEqual(x, y))
        changes.push({ recordType, recordId: row.id, path, before: x, after: y });
    }
  }
  return changes;
}

/** The content of the child rows, as an amendment keeps them when it begins (`diffChildRows`). */
export function childContentOf(rows: readonly ChildRowState[]): ChildRowState[] {
  return rows
    .filter((r) => isContentChild(r.type))
    .map((r) => {
      const fields: Record<string, FieldValue> = {};
      for (const path of CHILD_CONTENT_FIELDS[r.type as AmendmentChildChange['recordType']]) {
        const v = r.fields[path];
        if (v !== undefined && v !== null) fields[path] = v;
      }
      return { id: r.id, type: r.type, fields };
    });
}

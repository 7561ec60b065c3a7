import type { AmendmentChange } from '../entities/amendment';
import { fieldValuesEqual } from '../entities/field-value';
import type { FieldValue } from '../entities/field-value';
import type { Observation } from '../entities/observation';
import { flattenObservation } from '../entities/observation-fields';

// After first submission every edit is kept as history. This works out what an edit changed,
// field by field, for the amendment row.

/** Bookkeeping fields that change on every save and are not amendments in themselves. */
const NOT_AMENDMENTS = new Set(['updatedAt']);

/** Whether edits to this record must be recorded as amendments. */
export function needsAmendment(record: Observation): boolean {
  return record.submittedAt !== undefined;
}

/** Each field whose value differs, with before and after (`null` when absent). */
export function diffObservations(before: Observation, after: Observation): AmendmentChange[] {
  const a = flattenObservation(before);
  const b = flattenObservation(after);
  const paths = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const changes: AmendmentChange[] = [];
  for (const path of paths) {
    if (NOT_AMENDMENTS.has(path)) continue;
    const x: FieldValue = a[path] ?? null;
    const y: FieldValue = b[path] ?? null;
    if (!fieldValuesEqual(x, y)) {
      changes.push({ path, before: x, after: y });
    }
  }
  return changes;
}

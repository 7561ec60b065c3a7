import type { AmendmentChange } from '../entities/amendment';
import { fieldValuesEqual } from '../entities/field-value';
import type { FieldValue } from '../entities/field-value';
import type { Observation } from '../entities/observation';
import { flattenObservation } from '../entities/observation-fields';
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
    if (NOT_AMENDMENTS.has(path)) continue;
    const x: FieldValue = a[path] ?? null;
    const y: FieldValue = b[path] ?? null;
    if (!fieldValuesEqual(x, y)) {
      changes.push({ path, before: x, after: y });
    }
  }
  return changes;
}

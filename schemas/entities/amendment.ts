import { z } from 'zod';
import { errorCodes } from '../errors';
import type { FieldError } from '../errors';
import { parseWith } from '../field-errors';
import { idSchema, requiredText, utcTimestampSchema } from './common';
import { fieldPathSchema, fieldValueSchema } from './field-value';
import type { FieldValue } from './field-value';

// Append-only history of changes made after a record was first submitted: who, when, why, and
// each field's value before and after. Rows are never edited or deleted.

export const amendmentChangeSchema = z.strictObject({
  path: fieldPathSchema,
  before: fieldValueSchema,
  after: fieldValueSchema,
});

/**
 * A change to one of the observation's child rows that are its content (amendment-diff.ts): an
 * improvement action's words, a call attempt's time, outcome and note. A row added has each field
 * it holds with `before` null; a row removed, each field it held with `after` null.
 */
export const amendmentChildChangeSchema = z.strictObject({
  recordType: z.enum(['action', 'call-attempt']),
  recordId: idSchema,
  path: fieldPathSchema,
  before: fieldValueSchema,
  after: fieldValueSchema,
});

export const amendmentSchema = z
  .strictObject({
    id: idSchema,
    observationId: idSchema,
    at: utcTimestampSchema,
    by: idSchema,
    reason: requiredText(2000),
    // Rows written before child changes were recorded have at least one of these, and no
    // `childChanges`; an amendment of only actions or call attempts has none of them.
    changes: z.array(amendmentChangeSchema).max(500),
    childChanges: z.array(amendmentChildChangeSchema).max(500).optional(),
  })
  .refine((a) => a.changes.length + (a.childChanges?.length ?? 0) > 0, {
    path: ['changes'],
    error: 'An amendment must change at least one answer, action or call attempt',
  });

export type AmendmentChange = z.infer<typeof amendmentChangeSchema>;
export type AmendmentChildChange = z.infer<typeof amendmentChildChangeSchema>;
export type Amendment = z.infer<typeof amendmentSchema>;

/** Stands in for the row's id, which travels as the record's, not among its fields. */
const ROW_ID = '00000000-0000-4000-8000-000000000000';
const TOP_LEVEL = new Set(['observationId', 'at', 'by', 'reason']);
const CHANGE_PATH = /^changes\.(0|[1-9]\d{0,3})\.(path|before|after)$/;
const CHILD_CHANGE_PATH =
  /^childChanges\.(0|[1-9]\d{0,3})\.(recordType|recordId|path|before|after)$/;

/**
 * Problems with an amendment as a tablet sends it: the flat field map of everything but its id
 * (entity-fields.ts: `reason`, `changes.0.path`, `changes.0.before`, ...), written once, whole.
 * A `null` before or after is a value here (the field was empty), not a removal.
 */
export function checkAmendmentFields(set: Readonly<Record<string, FieldValue>>): FieldError[] {
  const entity: Record<string, unknown> = {};
  const changes: Array<Record<string, FieldValue>> = [];
  const childChanges: Array<Record<string, FieldValue>> = [];
  for (const [path, value] of Object.entries(set)) {
    const m = CHANGE_PATH.exec(path);
    const c = m ? null : CHILD_CHANGE_PATH.exec(path);
    if (m) (changes[Number(m[1])] ??= {})[m[2]!] = value;
    else if (c) (childChanges[Number(c[1])] ??= {})[c[2]!] = value;
    else if (TOP_LEVEL.has(path)) entity[path] = value;
    else
      return [
        { path, code: errorCodes.FIELD_PATH_UNKNOWN, message: 'is not part of an amendment' },
      ];
  }
  // Array.from fills any number left out, so a gap is reported rather than skipped.
  entity['changes'] = Array.from(changes);
  if (childChanges.length > 0) entity['childChanges'] = Array.from(childChanges);
  const parsed = parseWith(amendmentSchema, { ...entity, id: ROW_ID });
  return parsed.ok ? [] : parsed.errors;
}

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

export const amendmentSchema = z.strictObject({
  id: idSchema,
  observationId: idSchema,
  at: utcTimestampSchema,
  by: idSchema,
  reason: requiredText(2000),
  changes: z.array(amendmentChangeSchema).min(1).max(500),
});

export type AmendmentChange = z.infer<typeof amendmentChangeSchema>;
export type Amendment = z.infer<typeof amendmentSchema>;

const TOP_LEVEL = new Set(['observationId', 'at', 'by', 'reason']);
const CHANGE_PATH = /^changes\.(0|[1-9]\d{0,3})\.(path|before|after)$/;

/**
 * Problems with an amendment as a tablet sends it: the flat field map of everything but its id
 * (entity-fields.ts: `reason`, `changes.0.path`, `changes.0.before`, ...), written once, whole.
 * A `null` before or after is a value here (the field was empty), not a removal.
 */
export function checkAmendmentFields(set: Readonly<Record<string, FieldValue>>): FieldError[] {
  const entity: Record<string, unknown> = {};
  const changes: Array<Record<string, FieldValue>> = [];
  for (const [path, value] of Object.entries(set)) {
    const m = CHANGE_PATH.exec(path);
    if (m) (changes[Number(m[1])] ??= {})[m[2]!] = value;
    else if (TOP_LEVEL.has(path)) entity[path] = value;
    else
      return [
        { path, code: errorCodes.FIELD_PATH_UNKNOWN, message: 'is not part of an amendment' },
      ];
  }
  // Array.from fills any number left out, so a gap is reported rather than skipped.
  entity['changes'] = Array.from(changes);
  const parsed = parseWith(amendmentSchema.omit({ id: true }), entity);
  return parsed.ok ? [] : parsed.errors;
}

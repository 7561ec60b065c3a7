import { z } from 'zod';
import { idSchema, requiredText, utcTimestampSchema } from './common';
import { fieldPathSchema, fieldValueSchema } from './field-value';

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

import { z } from 'zod';
import { DEFAULT_MAX_TEXT_LENGTH, boundedText } from './common';

// The value of one field of a flattened record, as the sync engine and amendment history see it:
// always a scalar (the same shape as `FieldValue` in sync/records.ts). `null` means "absent":
// setting a field to null removes it. Multiple-choice answers are one boolean per option.

export const fieldValueSchema = z.union([
  boundedText(DEFAULT_MAX_TEXT_LENGTH),
  z.number().finite(),
  z.boolean(),
  z.null(),
]);

export type FieldValue = string | number | boolean | null;

/** A field path such as `context.caseId` or `responses.quorate.evidence`. */
export const fieldPathSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*$/, { error: 'Must be a dotted field path' });

export function fieldValuesEqual(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  return (a ?? null) === (b ?? null);
}

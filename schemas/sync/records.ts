// What travels between tablet and server: records as flat maps of field paths to scalar values.
// Merging happens per field, so every leaf is a scalar (nested structure lives in the path).
import { z } from 'zod';
import { fieldPathSchema, fieldValueSchema } from '../entities/field-value';

export const syncIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9_-]{8,64}$/,
    'must be an id of 8 to 64 letters, digits, hyphens or underscores',
  );

export const RECORD_TYPES = [
  'observation',
  'action',
  'call-attempt',
  'amendment',
  'review-comment',
  // Raised on their own route (never behind queued edits); delivered to devices by pull.
  'safety-concern',
] as const;
export const recordTypeSchema = z.enum(RECORD_TYPES);
export type RecordType = z.infer<typeof recordTypeSchema>;

/** Record types whose rows are never edited after creation. */
export const APPEND_ONLY_TYPES: ReadonlySet<RecordType> = new Set(['amendment', 'review-comment']);

// One definition of a field's value and path, shared with the domain (amendments, flattening).
export { fieldPathSchema, fieldValueSchema } from '../entities/field-value';
export type { FieldValue } from '../entities/field-value';

export const fieldMapSchema = z.record(fieldPathSchema, fieldValueSchema);
export type FieldMap = z.infer<typeof fieldMapSchema>;

export const utcTimestampSchema = z.iso.datetime({
  message: 'must be a UTC time like 2026-05-01T09:30:00Z',
});

/** A field kept aside for a person to decide: both versions are shown side by side. */
export const conflictSchema = z.object({
  id: syncIdSchema,
  path: z.string(),
  kind: z.enum(['text', 'deleted']),
  /** What the record holds now. */
  current: fieldValueSchema,
  /** The edit that could not be merged automatically. */
  incoming: fieldValueSchema,
  base: fieldValueSchema.optional(),
  deviceId: z.string(),
  userId: z.string(),
  at: utcTimestampSchema,
});
export type Conflict = z.infer<typeof conflictSchema>;

/** A record as the server sends it. */
export const syncRecordSchema = z.object({
  id: syncIdSchema,
  type: recordTypeSchema,
  scopeId: syncIdSchema,
  parentId: syncIdSchema.nullable(),
  ownerId: z.string(),
  version: z.number().int().nonnegative(),
  deleted: z.boolean(),
  fields: fieldMapSchema,
  conflicts: z.array(conflictSchema),
  createdAt: utcTimestampSchema,
  updatedAt: utcTimestampSchema,
});
export type SyncRecord = z.infer<typeof syncRecordSchema>;

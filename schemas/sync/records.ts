// What travels between tablet and server: records as flat maps of field paths to scalar values.
// Merging happens per field, so every leaf is a scalar (nested structure lives in the path).
import { z } from 'zod';
import { DEFAULT_MAX_TEXT_LENGTH } from '../entities/common';
import { fieldValueSchema } from '../entities/field-value';
import type { FieldValue } from '../entities/field-value';
import { messages } from '../errors';

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
  // The programme's assignments: made by the server (a QA lead's plan, an import), granted to
  // the observer; the observer's progress comes back as ordinary field changes.
  'assignment',
] as const;
export const recordTypeSchema = z.enum(RECORD_TYPES);
export type RecordType = z.infer<typeof recordTypeSchema>;

/** Record types whose rows are never edited after creation. */
export const APPEND_ONLY_TYPES: ReadonlySet<RecordType> = new Set(['amendment', 'review-comment']);

// One definition of a field's value and path, shared with the domain (amendments, flattening).
export { fieldPathSchema, fieldValueSchema } from '../entities/field-value';
export type { FieldValue } from '../entities/field-value';

const FIELD_PATH = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*$/;
const MAX_PATH_LENGTH = 200;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

// A lone half of a surrogate pair or a NUL: no one types them, but a paste can carry them. The
// server refuses a whole request holding one (its body check), so the tablet keeps a change
// holding one out of the outbox, where it would stop every change behind it.
// eslint-disable-next-line no-control-regex
const BROKEN_TEXT = /[\p{Cs}\u0000]/u;

export const BROKEN_TEXT_MESSAGE =
  'Contains a broken character (perhaps from something pasted) that cannot be saved. Retype the last part you pasted.';

/** Whether text holds a character that is not valid Unicode text (see above). */
export function hasBrokenText(s: string): boolean {
  return BROKEN_TEXT.test(s);
}

/**
 * A record's fields: paths to scalars, by the same rules as fieldPathSchema and fieldValueSchema,
 * checked in one loop. A push carries up to 100 records of some 60 fields each, and going through
 * zod's record and union machinery once per field was most of the time a push spent validating.
 */
export const fieldMapSchema = z
  .custom<Record<string, FieldValue>>(isPlainObject, {
    error: 'Invalid input: expected an object of field paths and values',
  })
  .superRefine((map, ctx) => {
    for (const key of Object.keys(map)) {
      if (key.length === 0 || key.length > MAX_PATH_LENGTH || !FIELD_PATH.test(key)) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'Must be a dotted field path' });
        continue;
      }
      const v = map[key];
      if (typeof v === 'string') {
        if (v.length > DEFAULT_MAX_TEXT_LENGTH) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: messages.textTooLong(DEFAULT_MAX_TEXT_LENGTH),
          });
        }
      } else if (!(v === null || typeof v === 'boolean' || Number.isFinite(v))) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'Must be text, a number, true or false, or nothing (null)',
        });
      }
    }
  });
export type FieldMap = Record<string, FieldValue>;

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

// Push: a device hands over its outbox. Each mutation has a per-device id that increases by one;
// the server applies each exactly once and remembers its result, so a repeated push is harmless.
import { z } from 'zod';
import { fieldMapSchema, recordTypeSchema, syncIdSchema, utcTimestampSchema } from './records';

export const MAX_MUTATIONS_PER_PUSH = 100;
export const MAX_PUSH_BYTES = 512 * 1024;
/** The server keeps the unsent count as a 32-bit integer; no tablet holds more. */
export const MAX_PENDING = 2 ** 31 - 1;

export const versionsSchema = z.object({
  protocolVersion: z.number().int().positive(),
  schemaVersion: z.number().int().positive(),
});

export const mutationSchema = z
  .object({
    id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    recordId: syncIdSchema,
    type: recordTypeSchema,
    op: z.enum(['put', 'delete', 'restore']),
    /** Required when the record is created; a record never moves scope through a mutation. */
    scopeId: syncIdSchema.optional(),
    parentId: syncIdSchema.optional(),
    /** The record version this device last saw; 0 for a record it created. */
    baseVersion: z.number().int().nonnegative(),
    set: fieldMapSchema.default({}),
    /** The values the device started from for each field in `set` (for three-way text merges). */
    base: fieldMapSchema.optional(),
    /** Conflicts this edit settles ("Keep mine", "Keep theirs", "Edit merged text"). */
    resolves: z.array(syncIdSchema).max(100).optional(),
    /**
     * The amendment this edit is part of: the id of the amendment row that records it once the
     * person finishes amending. A submitted or moderated observation's content changes only so
     * (schemas/rules/after-submission.ts).
     */
    amendmentId: syncIdSchema.optional(),
    /** When the edit was made, by the device's clock. */
    at: utcTimestampSchema,
  })
  .strict();
export type Mutation = z.infer<typeof mutationSchema>;

export const pushRequestSchema = versionsSchema
  .extend({
    deviceId: syncIdSchema,
    /** The device's clock when it sent this, to learn its offset from the server's clock. */
    sentAt: utcTimestampSchema,
    /**
     * How many changes the device holds unsent as it sends this push, this push's own included.
     * The server keeps what is left once the push is answered (this less the push's mutations):
     * the unsent changes an admin sees, and gives up by revoking the device.
     */
    pending: z.number().int().nonnegative().max(MAX_PENDING).optional(),
    mutations: z.array(mutationSchema).min(1).max(MAX_MUTATIONS_PER_PUSH),
  })
  .strict();
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const mutationResultSchema = z.object({
  id: z.number().int(),
  status: z.enum(['applied', 'rejected']),
  code: z.string().optional(),
  message: z.string().optional(),
  /** Fields the server kept aside as conflicts, or merged, while applying this mutation. */
  conflicts: z.array(z.string()).optional(),
  merged: z.array(z.string()).optional(),
});
export type MutationResult = z.infer<typeof mutationResultSchema>;

export const pushResponseSchema = z.object({
  results: z.array(mutationResultSchema),
  lastMutationId: z.number().int().nonnegative(),
  serverTime: utcTimestampSchema,
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

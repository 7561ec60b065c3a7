// Pull: pages of what changed after the device's cursor, within what the user may see.
import { z } from 'zod';
import { syncRecordSchema, syncIdSchema, utcTimestampSchema } from './records';
import { MAX_PENDING, versionsSchema } from './push';

export const MAX_PULL_RECORDS = 500;
export const MAX_PULL_BYTES = 1024 * 1024;

export const pullRequestSchema = versionsSchema
  .extend({
    deviceId: syncIdSchema,
    /** Opaque: whatever the last pull returned, or null for a device that has nothing yet. */
    cursor: z.string().max(4096).nullable(),
    limit: z.number().int().min(1).max(MAX_PULL_RECORDS).optional(),
    /**
     * How many changes the device holds unsent as it pulls (every push before it answered), kept
     * as its last report; a pull without it leaves the last report as it was.
     */
    pending: z.number().int().nonnegative().max(MAX_PENDING).optional(),
  })
  .strict();
export type PullRequest = z.infer<typeof pullRequestSchema>;

export const pullResponseSchema = z.object({
  records: z.array(syncRecordSchema),
  /** Records this user may no longer see: remove them from the device unless edits are pending. */
  evict: z.array(syncIdSchema),
  cursor: z.string(),
  hasMore: z.boolean(),
  /** Every mutation of this device up to this id is applied (or permanently rejected). */
  lastMutationId: z.number().int().nonnegative(),
  /**
   * The device's cursor is older than the server keeps deletions for: drop the synced copies
   * (never pending edits) and pull again from the start.
   */
  reset: z.boolean(),
  serverTime: utcTimestampSchema,
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

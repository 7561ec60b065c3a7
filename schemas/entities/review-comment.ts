import { z } from 'zod';
import { idSchema, keySchema, requiredText, utcTimestampSchema } from './common';
import { itemIdSchema } from './template';

// A QA lead's moderation comment: append-only and owned by its author. It concerns one item, or
// the overall judgement when `itemId` is absent. A moderator who disagrees may give their own
// grade (a stable key from the template's scale); the reason is always required.

export const reviewCommentSchema = z.strictObject({
  id: idSchema,
  observationId: idSchema,
  authorId: idSchema,
  at: utcTimestampSchema,
  /** The item commented on; absent means the overall judgement. */
  itemId: itemIdSchema.optional(),
  agrees: z.boolean(),
  moderatorGrade: keySchema.optional(),
  reason: requiredText(5000),
});

export type ReviewComment = z.infer<typeof reviewCommentSchema>;

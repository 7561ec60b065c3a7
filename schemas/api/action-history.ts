// The history of an improvement action as the app shows it beside the tracker: every change the
// server applied (from its audit trail), oldest first, with who made it and each field's value
// before and after. Only for people who may read the action.
import { z } from 'zod';
import { utcTimestampSchema } from '../entities/common';
import { fieldValueSchema } from '../entities/field-value';

export const actionHistoryEntrySchema = z.object({
  at: utcTimestampSchema,
  /** The person's display name; their id beside it. */
  by: z.string(),
  byId: z.string(),
  kind: z.enum(['created', 'changed', 'deleted', 'restored']),
  changes: z.array(
    z.object({ field: z.string(), before: fieldValueSchema, after: fieldValueSchema }),
  ),
});
export type ActionHistoryEntry = z.infer<typeof actionHistoryEntrySchema>;

export const actionHistorySchema = z.object({ history: z.array(actionHistoryEntrySchema) });
export type ActionHistory = z.infer<typeof actionHistorySchema>;

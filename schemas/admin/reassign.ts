import { z } from 'zod';
import { idSchema } from '../entities/common';

// Leaver reassignment (server: sync-server/src/records/reassign.ts): a leaver's draft observations
// (with their child rows), the improvement actions assigned to them and their open programme
// assignments (not done, not exempted) move to another person, who receives them at their next
// sync; the leaver's tablet loses the assignments at its next. Submitted observations stay the leaver's (a record of what they
// observed); oversight still sees them.

export const reassignRequestSchema = z.strictObject({
  toUserId: idSchema,
});
export type ReassignRequest = z.infer<typeof reassignRequestSchema>;

export const reassignResponseSchema = z.object({
  /** Draft observations now owned by the new person. */
  drafts: z.array(z.string()),
  /** Improvement actions now assigned to the new person. */
  actions: z.array(z.string()),
  /** Open programme assignments whose observer is now the new person. */
  assignments: z.array(z.string()),
});
export type ReassignResponse = z.infer<typeof reassignResponseSchema>;

import { z } from 'zod';
import { boundedText, idSchema, utcTimestampSchema } from './common';

// One attempt to reach the family for the audit's structured telephone questionnaire (Southwark
// QAF, Appendix 1, 2d). Each attempt is its own row, so a log kept on two devices merges without
// conflict; a mis-tapped one is changed or removed (on a submitted call only while amending).

export const callOutcomeSchema = z.enum(['no-answer', 'call-back', 'declined', 'completed']);
export type CallOutcome = z.infer<typeof callOutcomeSchema>;

export const familyCallAttemptSchema = z.strictObject({
  id: idSchema,
  observationId: idSchema,
  /** When the call was made (UTC). */
  at: utcTimestampSchema,
  outcome: callOutcomeSchema,
  note: boundedText(1000).optional(),
  createdBy: idSchema.optional(),
});

export type FamilyCallAttempt = z.infer<typeof familyCallAttemptSchema>;

// Immediate safety concerns travel on their own route, outside the mutation sequence, so they
// never wait behind queued edits. The route is idempotent by the concern's id: a device that is
// unsure whether its concern arrived sends it again and gets the same answer.
import { z } from 'zod';
import { idSchema, utcTimestampSchema } from '../entities/common';
import { safetyConcernSchema, toldPersonSchema } from '../entities/safety-concern';
import { versionsSchema } from './push';

export const raiseConcernRequestSchema = versionsSchema
  .extend({
    deviceId: idSchema,
    /** The practice group the concern belongs to (the observation's, when there is one). */
    scopeId: idSchema,
    concern: z.strictObject({
      id: idSchema,
      observationId: idSchema.optional(),
      caseId: z.string(),
      what: z.string(),
      raisedAt: utcTimestampSchema,
      whoWasTold: z.array(toldPersonSchema).max(20),
    }),
  })
  .strict();
export type RaiseConcernRequest = z.infer<typeof raiseConcernRequestSchema>;

export const concernViewSchema = z.object({
  concern: safetyConcernSchema,
  scopeId: idSchema,
  /** False when this id had already arrived: nothing was changed. */
  created: z.boolean(),
});
export type ConcernView = z.infer<typeof concernViewSchema>;

import { z } from 'zod';
import { roleKeySchema } from '../api/account';
import { errorCodes, messages } from '../errors';
import {
  boundedText,
  caseIdSchema,
  idSchema,
  requiredText,
  shortTextSchema,
  utcTimestampSchema,
} from './common';
import type { DomainOptions } from './common';

// An immediate concern for a child's safety raised during an observation, audit or call. The
// Southwark QAF (Appendix 1, 2g) makes the person who finds it responsible for notifying the
// appropriate people "as a matter of urgency ... This will always include the Director of
// Children's Social Care." The row syncs on its own the moment it exists, so the server can
// alert the Director at once; `receivedAt` is set by the server, and the Director's
// acknowledgement is recorded in `acknowledgedBy` / `acknowledgedAt`. A QA lead's or head of
// service's acknowledgement is recorded in `alsoAcknowledged` and settles nothing: the Director
// is still told and reminded until a director acknowledges it (rules/concern-acknowledgement.ts).
//
// `whoWasTold` may be empty while the observer is still typing — nothing typed is lost — and the
// completeness rules require at least one person before the observation can be submitted.

export const toldPersonSchema = z.strictObject({
  name: requiredText(200),
  role: shortTextSchema,
  /** When they were told (UTC). */
  at: utcTimestampSchema,
});

/** An acknowledgement by someone other than the Director: who, their role then, and when. */
export const otherAcknowledgementSchema = z.strictObject({
  by: idSchema,
  role: roleKeySchema,
  at: utcTimestampSchema,
});

export function createSafetyConcernSchema(options: DomainOptions = {}) {
  return z
    .strictObject({
      id: idSchema,
      observationId: idSchema.optional(),
      caseId: caseIdSchema(options.caseId),
      what: boundedText(options.maxTextLength),
      raisedAt: utcTimestampSchema,
      raisedBy: idSchema,
      whoWasTold: z.array(toldPersonSchema).max(20),
      /** The Director's acknowledgement: the one that settles the concern. */
      acknowledgedBy: idSchema.optional(),
      acknowledgedAt: utcTimestampSchema.optional(),
      /** QA leads and heads of service who acknowledged it, each once, in order: recorded only. */
      alsoAcknowledged: z.array(otherAcknowledgementSchema).max(100).optional(),
      /** Set by the server when the row first arrives; the alert clock starts here. */
      receivedAt: utcTimestampSchema.optional(),
    })
    .superRefine((concern, ctx) => {
      if ((concern.acknowledgedBy === undefined) !== (concern.acknowledgedAt === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: [concern.acknowledgedBy === undefined ? 'acknowledgedBy' : 'acknowledgedAt'],
          message: messages.acknowledgementIncomplete,
          params: { code: errorCodes.ACKNOWLEDGEMENT_INCOMPLETE },
        });
      }
    });
}

export const safetyConcernSchema = createSafetyConcernSchema();
export type SafetyConcern = z.infer<typeof safetyConcernSchema>;
export type ToldPerson = z.infer<typeof toldPersonSchema>;
export type OtherAcknowledgement = z.infer<typeof otherAcknowledgementSchema>;

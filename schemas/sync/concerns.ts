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

/**
 * How far one way of telling the Director has got, as the server knows it: `queued` (not tried
 * yet), `retrying` (tried and refused or unreachable; it keeps trying), `sent` (handed over: the
 * mail server accepted every email to a director, or the webhook answered 2xx), or `stopped` (the
 * concern was deleted under the retention schedule before it went).
 */
export const NOTICE_STATES = ['queued', 'retrying', 'sent', 'stopped'] as const;
export const noticeStateSchema = z.enum(NOTICE_STATES);
export type NoticeState = z.infer<typeof noticeStateSchema>;

export const noticeDeliverySchema = z.object({
  state: noticeStateSchema,
  /** When it went (the last of them, when several directors were emailed); null until then. */
  sentAt: utcTimestampSchema.nullable(),
});
export type NoticeDelivery = z.infer<typeof noticeDeliverySchema>;

/**
 * How the Director is being told of this concern, so the tablet can say so truthfully. Only the
 * first notification (not the reminder), and only the Director's part of it: the QA leads and
 * extra addresses are told alongside.
 */
export const directorNoticeSchema = z.object({
  /**
   * By email to the Director (to every director when none covers the team). Null when the server
   * sends no email (no mail server set up) or no director has an account to email.
   */
  email: noticeDeliverySchema.nullable(),
  /** The authority's alerting webhook. Null when none is set up. */
  webhook: noticeDeliverySchema.nullable(),
  /**
   * A director has an account, so the concern is in their concern log and reaches their tablet at
   * its next sync, whatever else is set up. False when the app has no active director.
   */
  inApp: z.boolean(),
});
export type DirectorNotice = z.infer<typeof directorNoticeSchema>;

export const concernViewSchema = z.object({
  concern: safetyConcernSchema,
  scopeId: idSchema,
  /** False when this id had already arrived: nothing was changed. */
  created: z.boolean(),
  directorNotice: directorNoticeSchema,
});
export type ConcernView = z.infer<typeof concernViewSchema>;

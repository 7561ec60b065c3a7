import { z } from 'zod';
import { calendarDateSchema } from '../calendar/dates';
import { idSchema, utcTimestampSchema } from '../entities/common';
import { safetyConcernSchema } from '../entities/safety-concern';
import type { SafetyConcern } from '../entities/safety-concern';

// The safety concern log for the director and QA leads: every concern in the teams they oversee,
// who was told, when it reached the server, who acknowledged it and when, whether it is overdue,
// and whether the notifications about it were delivered. The acknowledgement clock starts when
// the concern reaches the server (`receivedAt`): that is when the director can first be told.

/** When the concern should have been acknowledged by: receivedAt plus the local setting. */
export function concernAcknowledgeBy(
  concern: Pick<SafetyConcern, 'receivedAt' | 'raisedAt'>,
  acknowledgeHours: number,
): string {
  const start = Date.parse(concern.receivedAt ?? concern.raisedAt);
  return new Date(start + acknowledgeHours * 3_600_000).toISOString();
}

/** Unacknowledged for longer than the authority allows. */
export function isConcernOverdue(
  concern: Pick<SafetyConcern, 'receivedAt' | 'raisedAt' | 'acknowledgedAt'>,
  acknowledgeHours: number,
  now: Date,
): boolean {
  if (concern.acknowledgedAt !== undefined) return false;
  return now.getTime() > Date.parse(concernAcknowledgeBy(concern, acknowledgeHours));
}

/** Acknowledged, but after the deadline. */
export function wasAcknowledgedLate(
  concern: Pick<SafetyConcern, 'receivedAt' | 'raisedAt' | 'acknowledgedAt'>,
  acknowledgeHours: number,
): boolean {
  if (concern.acknowledgedAt === undefined) return false;
  return (
    Date.parse(concern.acknowledgedAt) > Date.parse(concernAcknowledgeBy(concern, acknowledgeHours))
  );
}

export const NOTIFICATION_CHANNELS = ['email', 'webhook'] as const;
export const notificationChannelSchema = z.enum(NOTIFICATION_CHANNELS);
export type NotificationChannel = z.infer<typeof notificationChannelSchema>;

/**
 * Why this recipient was told: their role in the concern's scope, the local setting, or the
 * webhook. Heads of service are told only by the reminder, as the next step of escalation.
 */
export const NOTIFICATION_REASONS = [
  'director',
  'qa-lead',
  'head-of-service',
  'local-setting',
  'webhook',
] as const;
export const notificationReasonSchema = z.enum(NOTIFICATION_REASONS);
export type NotificationReason = z.infer<typeof notificationReasonSchema>;

/** What a notification is about: the concern arriving, or nobody acknowledging it in time. */
export const NOTIFICATION_KINDS = ['raised', 'overdue'] as const;
export const notificationKindSchema = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof notificationKindSchema>;

/**
 * `pending` until a delivery succeeds; it is retried with backoff until then. `cancelled` for a
 * reminder (`overdue`) whose concern was acknowledged before it went out, and for any notification
 * still waiting when its concern was deleted under the retention schedule: it is not sent.
 */
export const NOTIFICATION_STATES = ['pending', 'delivered', 'cancelled'] as const;
export const notificationStateSchema = z.enum(NOTIFICATION_STATES);
export type NotificationState = z.infer<typeof notificationStateSchema>;

export const notificationStatusSchema = z.object({
  id: z.string(),
  channel: notificationChannelSchema,
  // Not the address told: the log is for directors, heads of service and QA leads (and is kept on
  // their tablets), who need to know that each role was told, not their colleagues' addresses.
  reason: notificationReasonSchema,
  kind: notificationKindSchema,
  /**
   * Which round of reminders an `overdue` one belongs to (1, 2, ...: they repeat every
   * acknowledgement period until the Director acknowledges, rules/concern-reminders.ts); 1 for
   * `raised`. Optional only because a tablet's kept copy of the log may predate it: read it as 1.
   */
  round: z.number().int().positive().optional(),
  /** When it was queued (a reminder: when its round went out); absent in an older kept copy. */
  createdAt: utcTimestampSchema.optional(),
  status: notificationStateSchema,
  attempts: z.number().int().nonnegative(),
  lastAttemptAt: utcTimestampSchema.nullable(),
  nextAttemptAt: utcTimestampSchema.nullable(),
  deliveredAt: utcTimestampSchema.nullable(),
  /** A short code for the last failure, such as `ECONNREFUSED` or `SMTP_550`; never message text. */
  lastError: z.string().nullable(),
});
export type NotificationStatus = z.infer<typeof notificationStatusSchema>;

export const concernLogQuerySchema = z.strictObject({
  /** A service (with its practice groups) or one practice group; default every one you oversee. */
  scopeId: idSchema.optional(),
  /** Concerns received on or after this day (UTC date). */
  from: calendarDateSchema.optional(),
  /** Concerns received on or before this day (UTC date). */
  to: calendarDateSchema.optional(),
  status: z.enum(['all', 'unacknowledged', 'overdue']).default('all'),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type ConcernLogQuery = z.infer<typeof concernLogQuerySchema>;

export const concernLogEntrySchema = z.object({
  concern: safetyConcernSchema,
  scopeId: idSchema,
  /** The service the concern's team belongs to (the scope itself when it is a service). */
  serviceId: idSchema,
  scopeName: z.string(),
  acknowledgeBy: utcTimestampSchema,
  /** Unacknowledged longer than the authority's concernAcknowledgeHours. */
  overdue: z.boolean(),
  acknowledgedLate: z.boolean(),
  notifications: z.array(notificationStatusSchema),
});
export type ConcernLogEntry = z.infer<typeof concernLogEntrySchema>;

export const concernLogSchema = z.object({
  generatedAt: utcTimestampSchema,
  acknowledgeHours: z.number().int().positive(),
  summary: z.object({
    /** Concerns listed (after the filters). */
    total: z.number().int().nonnegative(),
    unacknowledged: z.number().int().nonnegative(),
    overdue: z.number().int().nonnegative(),
    /** Notifications not yet delivered, across the concerns listed. */
    notificationsPending: z.number().int().nonnegative(),
  }),
  /** Newest first. */
  concerns: z.array(concernLogEntrySchema),
  /** True when more concerns matched than `limit`. */
  truncated: z.boolean(),
  /**
   * The server has email or an alerting system set up, so the Director is reminded of a concern
   * left unacknowledged; false when it has neither and sends nothing. Absent from a log kept from
   * before it was sent, and from the log this tablet makes with no signal: not known.
   */
  reminders: z.boolean().optional(),
});
export type ConcernLog = z.infer<typeof concernLogSchema>;

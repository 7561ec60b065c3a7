import { z } from 'zod';
import { calendarDateSchema } from '../calendar/dates';
import { errorCodes, messages } from '../errors';
import type { FieldError } from '../errors';
import { parseWith } from '../field-errors';
import type { FieldValue } from './field-value';
import { boundedText, idSchema, keySchema, shortTextSchema, utcTimestampSchema } from './common';
import { callOutcomeSchema } from './family-call-attempt';
import { actionStatusSchema } from './improvement-action';
import { itemIdSchema } from './template';

// The flat field maps that child records carry on the wire (sync/records.ts): the entity schemas
// (improvement-action.ts, review-comment.ts, family-call-attempt.ts) without what the record row
// itself holds. The row's `parentId` is the observation, its `ownerId` the author, its
// `createdAt` the server's arrival time and its `deleted` flag the deletion.
//
//   action          what, ownerName, ownerUserId, dueDate, status, order, completedAt, auditId
//   review-comment  itemId (absent: the overall judgement), agrees, moderatorGrade, reason
//   call-attempt    at, outcome, note
//
// The tablet also keeps, in an action's and a call attempt's own fields, the observation it
// belongs to (`observationId`), an action's creation time on the tablet (`createdAt`) and a call
// attempt's author (`createdBy`), as the entity schemas have them. They are copies of the row's
// facts: the server accepts them only when they agree with the row (sync/validate-record.ts).
//
// Actions and call attempts are saved as they are typed, so every field is optional (an action
// with no status is open). A review comment is append-only: it is complete when it is created.

export const actionFieldsSchema = z
  .strictObject({
    what: boundedText(),
    ownerName: shortTextSchema,
    ownerUserId: idSchema,
    /** Europe/London calendar date the action is due by. */
    dueDate: calendarDateSchema,
    status: actionStatusSchema,
    order: z.string().min(1).max(100),
    completedAt: utcTimestampSchema,
    /** The single case audit the action belongs to, when it is not the parent observation. */
    auditId: idSchema,
    /** The tablet's copy of the parent observation's id. */
    observationId: idSchema,
    /** When the action was added on the tablet (UTC); the row's own createdAt is the server's. */
    createdAt: utcTimestampSchema,
  })
  .partial();
export type ActionFields = z.infer<typeof actionFieldsSchema>;

/**
 * A moderation judgement on one graded item (`itemId`) or on the overall judgement (no `itemId`).
 * `agrees` says whether the moderator agrees with the observer's grade; a moderator who disagrees
 * may give the grade they would have given (`moderatorGrade`, a key of the grade scale).
 */
export const reviewCommentFieldsSchema = z.strictObject({
  itemId: itemIdSchema.optional(),
  agrees: z.boolean(),
  moderatorGrade: keySchema.optional(),
  reason: boundedText(5000).refine((s) => s.trim().length > 0, {
    error: messages.blank,
    params: { code: errorCodes.FIELD_REQUIRED },
  }),
});
export type ReviewCommentFields = z.infer<typeof reviewCommentFieldsSchema>;

export const callAttemptFieldsSchema = z
  .strictObject({
    /** When the call was made (UTC). */
    at: utcTimestampSchema,
    outcome: callOutcomeSchema,
    note: boundedText(1000),
    /** The tablet's copy of the parent observation's id. */
    observationId: idSchema,
    /** The tablet's copy of who made the call (the row's author). */
    createdBy: idSchema,
  })
  .partial();
export type CallAttemptFields = z.infer<typeof callAttemptFieldsSchema>;

export type ChildRecordType = 'action' | 'review-comment' | 'call-attempt';

export const CHILD_FIELD_SCHEMAS = {
  action: actionFieldsSchema,
  'review-comment': reviewCommentFieldsSchema,
  'call-attempt': callAttemptFieldsSchema,
} as const;

/**
 * Problems with the fields one change writes to a child record; empty when it may be applied.
 * `null` removes a field; a review comment is written once, whole, so nothing in it may be null.
 */
export function checkChildFields(
  type: ChildRecordType,
  set: Readonly<Record<string, FieldValue>>,
): FieldError[] {
  const present: Record<string, FieldValue> = {};
  const errors: FieldError[] = [];
  for (const [path, value] of Object.entries(set)) {
    if (value !== null) present[path] = value;
    else if (type === 'review-comment')
      errors.push({ path, code: errorCodes.FIELD_REQUIRED, message: messages.required });
  }
  const parsed = parseWith(CHILD_FIELD_SCHEMAS[type], present);
  if (parsed.ok) return errors;
  const named = new Set(errors.map((e) => e.path));
  return [...errors, ...parsed.errors.filter((e) => !named.has(e.path))];
}

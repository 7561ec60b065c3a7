import { z } from 'zod';
import { calendarDateSchema } from '../calendar/dates';
import { parseWith } from '../field-errors';
import type { FieldError } from '../errors';
import { caseIdSchema, idSchema, shortTextSchema, boundedText, utcTimestampSchema } from './common';
import type { FieldValue } from './field-value';
import { observationKindSchema } from './observation-kind';

// An assignment of the observation and audit programme: who observes whom (or which meeting),
// what kind of observation, by when, and for a single case audit which case and how far its parts
// have got. It is a synced record of type 'assignment' (sync/records.ts): the server creates it
// (planned by a QA lead, or imported from the performance team's CSV), the assigned observer is
// granted it so it reaches their tablet, and the fields below travel as a flat map.
//
//   set by the plan      kind, observerUserId, observerName, observedUserId, observedName,
//                        meeting, caseId, dueDate, month, planId, teamName, serviceId
//   by the observer      observationId, familyCallId, parts.<part>, completedAt   (pushed from the tablet)
//   by a head of service exemption.reason, exemption.note, exemption.grantedBy,
//                        exemption.grantedAt                         (their route; stamped)
//   by retention         retentionDeletedAt; caseId, observationId and familyCallId erased

/** The parts of a single case audit, each tracked to a date; the whole is due at month end. */
export const AUDIT_PARTS = [
  'case-file-audit',
  'family-call',
  'reflection',
  'improvement-plan',
] as const;
export const auditPartSchema = z.enum(AUDIT_PARTS);
export type AuditPart = z.infer<typeof auditPartSchema>;

export const AUDIT_PART_LABELS: Readonly<Record<AuditPart, string>> = {
  'case-file-audit': 'Case file audit',
  'family-call': 'Family feedback call',
  reflection: 'Social worker’s reflection',
  'improvement-plan': 'Improvement plan',
};

/** The only reasons the framework accepts for exempting an audit. */
export const EXEMPTION_REASONS = ['leave', 'sickness'] as const;
export const exemptionReasonSchema = z.enum(EXEMPTION_REASONS, {
  error: 'Choose leave or sickness',
});
export type ExemptionReason = z.infer<typeof exemptionReasonSchema>;
export const EXEMPTION_REASON_LABELS: Readonly<Record<ExemptionReason, string>> = {
  leave: 'Leave',
  sickness: 'Sickness',
};

/** A calendar month, `YYYY-MM`: the month of a monthly audit. */
export const calendarMonthSchema = z.string().regex(/^(?!0000)\d{4}-(0[1-9]|1[0-2])$/, {
  error: 'Enter a month in the format YYYY-MM, like 2026-05',
});

export const assignmentFieldsSchema = z
  .strictObject({
    kind: observationKindSchema,
    observerUserId: idSchema,
    observerName: shortTextSchema,
    observedUserId: idSchema,
    observedName: shortTextSchema,
    /** A meeting to observe (a conference, a review) rather than a person. */
    meeting: shortTextSchema,
    caseId: caseIdSchema(),
    /** Europe/London calendar date the assignment is due by. */
    dueDate: calendarDateSchema,
    month: calendarMonthSchema,
    /** The practice group's name and service, for an observer who is not in it (a guest). */
    teamName: shortTextSchema,
    serviceId: idSchema,
    planId: idSchema,
    /** The observation started from this assignment on the tablet. */
    observationId: idSchema,
    /** An audit's family feedback call, an observation of its own linked to the audit. */
    familyCallId: idSchema,
    'parts.case-file-audit': calendarDateSchema,
    'parts.family-call': calendarDateSchema,
    'parts.reflection': calendarDateSchema,
    'parts.improvement-plan': calendarDateSchema,
    /** When the observer finished it (UTC). */
    completedAt: utcTimestampSchema,
    'exemption.reason': exemptionReasonSchema,
    'exemption.note': boundedText(1000),
    'exemption.grantedBy': idSchema,
    'exemption.grantedAt': utcTimestampSchema,
    /**
     * When records it started (its observation or audit, an audit's family call) were deleted
     * under the retention schedule (UTC), taking its case ID and its links to them: set by the
     * server, in the deletion's transaction.
     */
    retentionDeletedAt: utcTimestampSchema,
  })
  .partial();
export type AssignmentFields = z.infer<typeof assignmentFieldsSchema>;

/** What the assigned observer may write from their tablet. */
export const OBSERVER_ASSIGNMENT_PATHS: ReadonlySet<string> = new Set([
  'observationId',
  'familyCallId',
  'completedAt',
  ...AUDIT_PARTS.map((p) => `parts.${p}`),
]);

/**
 * Whether the observer has recorded progress on it (an observation started from it, a family call,
 * a part of an audit done): work that is theirs, so the assignment then stays with them. An
 * observation since deleted (its id in `deleted`) is no progress: nothing of it is left to keep.
 */
export function hasProgress(
  fields: Readonly<Record<string, unknown>>,
  deleted: ReadonlySet<string> = new Set(),
): boolean {
  const live = (id: unknown) => typeof id === 'string' && id !== '' && !deleted.has(id);
  return (
    live(fields['observationId']) ||
    live(fields['familyCallId']) ||
    AUDIT_PARTS.some((p) => Boolean(fields[`parts.${p}`]))
  );
}

/**
 * Whether an assignment is for one observation (a practice observation, a chairing, a family
 * feedback call), done when that observation is submitted, rather than a single case audit, done
 * when its parts are.
 */
export function isObservationAssignment(kind: unknown): boolean {
  return kind !== 'single-case-audit';
}

/** Whether an observation with this status has been submitted (returned and moderated ones were). */
export function isSubmittedStatus(status: unknown): boolean {
  return typeof status === 'string' && status !== 'draft';
}

/**
 * The statuses of the records an assignment links to (`observationId`, `familyCallId`) as whoever
 * judges it holds them; absent when there is no such record, or it is not to hand.
 */
export type LinkedStatuses = { observation?: string | undefined; familyCall?: string | undefined };

/**
 * Why the "Family feedback call" part cannot be done yet (none when it can): the QAF (Appendix 1,
 * 2d) says the auditor "will also make telephone contact with the family", so every audit has a
 * call record linked, one that reached nobody included (its attempts show the effort made). The
 * audit's questionnaire answer "No" with a reason explains a call that got nowhere; it exempts
 * nothing, since only a head of service exempts an audit, and only for leave or sickness (2f).
 */
export function familyCallPartProblem(
  fields: Readonly<Record<string, unknown>>,
): FieldError | undefined {
  if (fields['familyCallId']) return undefined;
  return {
    path: 'parts.family-call',
    code: 'FAMILY_CALL_NOT_RECORDED',
    message:
      'Record the family feedback call before this part is done. If you could not reach the family, add your call attempts and select “We could not reach them”.',
  };
}

/**
 * Why an assignment cannot be marked done yet (none when it can). An observation assignment is
 * done when the observation started from it is submitted, nothing else: a mark made before would
 * count someone as observed whom nobody observed. A single case audit is done when every part has
 * a date and the records it started are submitted: its audit record and its family feedback call,
 * which every audit has (`familyCallPartProblem`): a draft left behind a finished audit would
 * never reach the QA lead, and a call that never reached the family is submitted as not reached.
 */
export function completionProblems(
  fields: Readonly<Record<string, unknown>>,
  linked: LinkedStatuses,
): FieldError[] {
  if (isObservationAssignment(fields['kind'])) {
    if (isSubmittedStatus(linked.observation)) return [];
    return [
      {
        path: 'completedAt',
        code: 'OBSERVATION_NOT_SUBMITTED',
        message: fields['observationId']
          ? 'This assignment is done when its observation is submitted: finish the observation and submit it.'
          : 'This assignment is done when its observation is submitted: start the observation from the assignment, then submit it.',
      },
    ];
  }
  const missing = AUDIT_PARTS.filter((p) => !fields[`parts.${p}`]);
  if (missing.length)
    return [
      {
        path: 'completedAt',
        code: 'FIELD_REQUIRED',
        message: `An audit is finished only when every part is done; still to do: ${missing
          .map((p) => AUDIT_PART_LABELS[p].toLowerCase())
          .join(', ')}.`,
      },
    ];
  const drafts = [
    ...(!isSubmittedStatus(linked.observation) ? ['the audit'] : []),
    ...(fields['familyCallId'] && !isSubmittedStatus(linked.familyCall)
      ? ['the family feedback call']
      : []),
  ];
  if (drafts.length)
    return [
      {
        path: 'completedAt',
        code: 'OBSERVATION_NOT_SUBMITTED',
        message: fields['observationId']
          ? `An audit is finished only when its records are submitted; submit ${drafts.join(' and ')} first.`
          : 'An audit is finished only when its audit record is submitted: start the audit from the assignment, then submit it.',
      },
    ];
  const noCall = familyCallPartProblem(fields);
  return noCall ? [noCall] : [];
}

/** An assignment as the app and the server's views read it. */
export type Assignment = AssignmentFields & {
  id: string;
  scopeId: string;
  kind: z.infer<typeof observationKindSchema>;
  observerUserId: string;
  dueDate: string;
};

export function assignmentFromFields(
  row: { id: string; scopeId: string },
  fields: Readonly<Record<string, FieldValue>>,
): Assignment {
  const parsed = assignmentFieldsSchema.safeParse(
    Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null)),
  );
  const f: AssignmentFields = parsed.success ? parsed.data : {};
  return {
    ...f,
    id: row.id,
    scopeId: row.scopeId,
    kind: f.kind ?? 'frontline-practice',
    observerUserId: f.observerUserId ?? '',
    dueDate: f.dueDate ?? '9999-12-31',
  };
}

/**
 * Problems with what one change from a tablet writes to an assignment: the fields must be the
 * observer's and their values of the right shape; it may be marked done only as
 * `completionProblems` allows, judged on the linked records' statuses (`linked`) as the server
 * holds them. `current` is the record as it stands.
 */
export function checkAssignmentUpdate(
  set: Readonly<Record<string, FieldValue>>,
  current: Readonly<Record<string, FieldValue>>,
  linked: LinkedStatuses = {},
): FieldError[] {
  const errors: FieldError[] = [];
  const present: Record<string, FieldValue> = {};
  for (const [path, value] of Object.entries(set)) {
    if (!OBSERVER_ASSIGNMENT_PATHS.has(path)) {
      errors.push({
        path,
        code: 'FIELD_NOT_ALLOWED',
        message: 'This part of an assignment is set by whoever planned it.',
      });
    } else if (value !== null) present[path] = value;
  }
  if (errors.length) return errors;
  const parsed = parseWith(assignmentFieldsSchema, present);
  if (!parsed.ok) return parsed.errors;
  // Done is final here as on the programme routes: reopening one would let its plan be changed
  // under a finished piece of work.
  if (current['completedAt'] && Object.hasOwn(set, 'completedAt') && !set['completedAt'])
    return [
      {
        path: 'completedAt',
        code: 'FIELD_NOT_ALLOWED',
        message: 'This assignment is done. Ask the QA lead if it needs to be done again.',
      },
    ];
  // Marked done again once done (a repeat send) changes nothing that matters.
  if (set['completedAt'] && !current['completedAt'])
    return completionProblems({ ...current, ...set }, linked);
  return errors;
}

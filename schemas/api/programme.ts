// Wire shapes of the programme routes (sync-server/src/routes/programme.ts), shared with the app's
// planning, exemption and coverage screens.
import { z } from 'zod';
import { calendarDateSchema } from '../calendar/dates';
import { errorCodes } from '../errors';
import {
  assignmentFieldsSchema,
  calendarMonthSchema,
  exemptionReasonSchema,
} from '../entities/assignment';
import {
  boundedText,
  caseIdSchema,
  idSchema,
  requiredText,
  shortTextSchema,
} from '../entities/common';
import { observationKindSchema } from '../entities/observation-kind';
import { coverageRowSchema, coverageStateSchema } from '../rules/coverage';
import { expectationSchema } from '../rules/expectations';

/** One assignment as a QA lead plans it. */
export const plannedAssignmentSchema = z.strictObject({
  /** The practice group it reports under. */
  scopeId: idSchema,
  kind: observationKindSchema,
  observerUserId: idSchema,
  observedUserId: idSchema.optional(),
  observedName: shortTextSchema.optional(),
  meeting: shortTextSchema.optional(),
  caseId: caseIdSchema().optional(),
  dueDate: calendarDateSchema,
  month: calendarMonthSchema.optional(),
});
export type PlannedAssignment = z.infer<typeof plannedAssignmentSchema>;

/**
 * The plan's own id, made by the app once for each press of the button and sent again with every
 * retry of it (a double tap, or a retry after the answer was lost): the server makes a plan of one
 * id once and answers a repeat with what it made. Optional for an app from before it.
 */
export const planIdSchema = idSchema.optional();

/** Several at once (a month's audits for every group): all are made, or none. */
export const planAssignmentsRequestSchema = z.strictObject({
  planId: planIdSchema,
  assignments: z.array(plannedAssignmentSchema).min(1).max(500),
});
export type PlanAssignmentsRequest = z.infer<typeof planAssignmentsRequestSchema>;

/**
 * A recurring expectation for a financial year ("each CP chair: two peer observations a year"):
 * one assignment for each person at each due date the expectation generates.
 */
export const planExpectationRequestSchema = z.strictObject({
  planId: planIdSchema,
  expectation: expectationSchema,
  /** The financial year, by the calendar year its April falls in. */
  financialYear: z.number().int().min(2015).max(2099),
  people: z
    .array(plannedAssignmentSchema.omit({ kind: true, dueDate: true, month: true, caseId: true }))
    .min(1)
    .max(200),
});
export type PlanExpectationRequest = z.infer<typeof planExpectationRequestSchema>;

/** The most assignments one request may make. */
export const MAX_PLANNED = 2000;

/** The performance team's file, as text (bodies are JSON). */
export const importAuditsRequestSchema = z.strictObject({
  planId: planIdSchema,
  csv: z
    .string()
    .min(1)
    .max(512 * 1024),
});
export type ImportAuditsRequest = z.infer<typeof importAuditsRequestSchema>;

export const exemptRequestSchema = z.strictObject({
  reason: exemptionReasonSchema,
  note: boundedText(1000).optional(),
});
export type ExemptRequest = z.infer<typeof exemptRequestSchema>;

/**
 * A QA lead's change to an open assignment: another observer (someone off sick, or gone), another
 * due date, or both. The assignment's record moves with it to the new observer's tablet.
 */
export const changeAssignmentRequestSchema = z
  .strictObject({
    observerUserId: idSchema.optional(),
    dueDate: calendarDateSchema.optional(),
  })
  .refine((r) => r.observerUserId !== undefined || r.dueDate !== undefined, {
    error: 'Choose another observer or enter another due date',
    path: ['observerUserId'],
    params: { code: errorCodes.FIELD_REQUIRED },
  });
export type ChangeAssignmentRequest = z.infer<typeof changeAssignmentRequestSchema>;

/** A QA lead withdraws an assignment planned in error, saying why (kept in the audit trail). */
export const withdrawAssignmentRequestSchema = z.strictObject({
  reason: requiredText(1000),
});
export type WithdrawAssignmentRequest = z.infer<typeof withdrawAssignmentRequestSchema>;

export const withdrawnAssignmentSchema = z.object({ id: idSchema, withdrawnAt: z.string() });

export const assignmentViewSchema = assignmentFieldsSchema.extend({
  id: idSchema,
  scopeId: idSchema,
  kind: observationKindSchema,
  observerUserId: idSchema,
  dueDate: calendarDateSchema,
  state: coverageStateSchema,
});
export type AssignmentView = z.infer<typeof assignmentViewSchema>;

export const assignmentsResponseSchema = z.object({ assignments: z.array(assignmentViewSchema) });
export type AssignmentsResponse = z.infer<typeof assignmentsResponseSchema>;

export const coverageQuerySchema = z.strictObject({
  from: calendarDateSchema,
  to: calendarDateSchema,
  by: z.enum(['observer', 'observed', 'practice-group', 'service']).default('practice-group'),
});
export type CoverageQuery = z.infer<typeof coverageQuerySchema>;

export const coverageResponseSchema = z.object({
  from: calendarDateSchema,
  to: calendarDateSchema,
  by: z.string(),
  today: calendarDateSchema,
  rows: z.array(coverageRowSchema),
  assignments: z.array(assignmentViewSchema),
  /** Staff of the viewer's teams no assignment has seen observed this financial year. */
  notObservedThisYear: z.array(z.object({ id: z.string(), displayName: z.string() })),
});
export type CoverageResponse = z.infer<typeof coverageResponseSchema>;

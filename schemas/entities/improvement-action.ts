import { z } from 'zod';
import { calendarDateSchema } from '../calendar/dates';
import { boundedText, idSchema, shortTextSchema, utcTimestampSchema } from './common';
import type { DomainOptions } from './common';

// An improvement action: what, who, by when, and its status. Actions sync as their own rows
// (never an array inside the observation), so two people can add actions at once without a
// conflict. `order` is a fractional-index key for display order.
//
// Owner and due date are optional so an action can be saved as it is typed; the completeness
// rules require both before the observation is submitted.

export const actionStatusSchema = z.enum(['open', 'in-progress', 'done', 'cancelled']);
export type ActionStatus = z.infer<typeof actionStatusSchema>;

export function createImprovementActionSchema(options: DomainOptions = {}) {
  return z.strictObject({
    id: idSchema,
    observationId: idSchema.optional(),
    /** The single case audit the action belongs to, when it is not the linked observation. */
    auditId: idSchema.optional(),
    what: boundedText(options.maxTextLength),
    ownerName: shortTextSchema.optional(),
    ownerUserId: idSchema.optional(),
    /** Europe/London calendar date the action is due by. */
    dueDate: calendarDateSchema.optional(),
    status: actionStatusSchema,
    order: z.string().min(1).max(100).optional(),
    createdAt: utcTimestampSchema,
    updatedAt: utcTimestampSchema,
    completedAt: utcTimestampSchema.optional(),
    deleted: z.boolean().optional(),
  });
}

export const improvementActionSchema = createImprovementActionSchema();
export type ImprovementAction = z.infer<typeof improvementActionSchema>;

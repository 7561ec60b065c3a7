import { z } from 'zod';
import { idSchema } from '../entities/common';
import { OBSERVATION_KINDS } from '../entities/observation-kind';
import { recordExportSchema } from './records-export';

// Retention (server: sync-server/src/retention/). Each kind of record has a period in days, counted
// from its last activity (the latest change to it or any of its child rows); null keeps it until
// a period is set. Nothing is ever deleted by the server on its own: GET /api/admin/retention/due
// lists what is past its period, an export can be taken, and POST /api/admin/retention/delete with
// the ids and `confirm: true` removes the content, leaving tombstones that devices act on.

export const RETENTION_KINDS = [...OBSERVATION_KINDS, 'safety-concern'] as const;
export const retentionKindSchema = z.enum(RETENTION_KINDS);
export type RetentionKind = z.infer<typeof retentionKindSchema>;

/** 1 day to 150 years (adoption records are kept 100 years). */
export const retentionDaysSchema = z.number().int().min(1).max(54_750).nullable();

/** As stored: the kinds an administrator has given a period (or null) to. */
export const retentionPolicySchema = z.strictObject({
  periods: z.partialRecord(retentionKindSchema, retentionDaysSchema),
});
export type RetentionPolicy = z.infer<typeof retentionPolicySchema>;

export const retentionPolicyResponseSchema = z.object({
  /** Every kind, with its period in days or null (kept until a period is set). */
  periods: z.record(retentionKindSchema, retentionDaysSchema),
});

/** PUT /api/admin/retention/policy: the kinds to change; others keep their period. */
export const retentionPolicyUpdateSchema = z.strictObject({
  periods: z.partialRecord(retentionKindSchema, retentionDaysSchema),
});

export const dueRecordSchema = z.object({
  recordId: z.string(),
  kind: retentionKindSchema,
  scopeId: z.string(),
  ownerId: z.string(),
  /** The latest change to the record or any child row. */
  lastActivityAt: z.string(),
  /** When its period ended. */
  dueSince: z.string(),
  /** Child rows that go with it. */
  childRows: z.number().int(),
  deleted: z.boolean(),
});
export type DueRecord = z.infer<typeof dueRecordSchema>;

export const retentionDueResponseSchema = z.object({
  records: z.array(dueRecordSchema),
  /** Kinds without a period are never due. */
  periods: z.record(retentionKindSchema, retentionDaysSchema),
});

export const retentionExportResponseSchema = recordExportSchema.extend({
  exportedAt: z.string(),
});

export const retentionDeleteRequestSchema = z.strictObject({
  /** Every record to delete, listed explicitly; each must be past its period. */
  recordIds: z.array(idSchema).min(1).max(500),
  /** Without `true` nothing is deleted: the answer lists what would be. */
  confirm: z.boolean().optional(),
});
export type RetentionDeleteRequest = z.infer<typeof retentionDeleteRequestSchema>;

export const retentionDeleteResponseSchema = z.object({
  deleted: z.array(
    z.object({ recordId: z.string(), kind: retentionKindSchema, rows: z.number().int() }),
  ),
  /** Audit entries whose content was erased (the entries themselves, and the chain, remain). */
  auditContentErased: z.number().int(),
  deletedAt: z.string(),
});
export type RetentionDeleteResponse = z.infer<typeof retentionDeleteResponseSchema>;

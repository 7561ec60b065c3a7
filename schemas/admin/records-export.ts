import { z } from 'zod';
import { fieldValueSchema } from '../entities/field-value';

// Records as the server holds them, for exports (retention review, subject access) and the audit
// browser. Field maps are the flat path -> value maps of the sync protocol.

export const exportedRowSchema = z.object({
  id: z.string(),
  type: z.string(),
  scopeId: z.string(),
  parentId: z.string().nullable(),
  rootId: z.string(),
  ownerId: z.string(),
  deleted: z.boolean(),
  fields: z.record(z.string(), fieldValueSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ExportedRow = z.infer<typeof exportedRowSchema>;

/** An observation (or safety concern) with every child row and what merging kept aside. */
export const recordExportSchema = z.object({
  record: exportedRowSchema,
  /** Actions, call attempts, amendments and review comments of the record. */
  children: z.array(exportedRowSchema),
  /** Edits kept for a person to decide, resolved or not. */
  conflicts: z.array(
    z.object({
      recordId: z.string(),
      path: z.string(),
      kind: z.string(),
      current: fieldValueSchema,
      incoming: fieldValueSchema,
      userId: z.string(),
      createdAt: z.string(),
      resolvedAt: z.string().nullable(),
    }),
  ),
  /** Values that lost a concurrent edit, kept rather than thrown away. */
  superseded: z.array(
    z.object({
      recordId: z.string(),
      path: z.string(),
      value: fieldValueSchema,
      userId: z.string(),
      editedAt: z.string(),
    }),
  ),
});
export type RecordExport = z.infer<typeof recordExportSchema>;

/** One entry of the hash-chained audit trail, with who it was. */
export const auditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  userId: z.string(),
  /** Null for the admin command, the server itself, or an account since removed. */
  userEmail: z.string().nullable(),
  deviceId: z.string().nullable(),
  /** create, update, delete, restore, read, concern-raised, admin:…, sso:… */
  action: z.string(),
  recordId: z.string().nullable(),
  /** What changed or was read; null once erased under a retention deletion. */
  content: z.unknown(),
  contentErased: z.boolean(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

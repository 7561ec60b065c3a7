import { z } from 'zod';
import { caseIdSchema, idSchema } from '../entities/common';
import { auditEntrySchema, recordExportSchema } from './records-export';

// Audit browsing and subject access (server: sync-server/src/routes/audit-access.ts). Both are
// administrators' and both are themselves audited.

export const auditQuerySchema = z.strictObject({
  recordId: idSchema,
  /** Entries after this sequence number (for the next page). */
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export const auditResponseSchema = z.object({
  /** The record and its child rows: every change, read and admin action on them, oldest first. */
  entries: z.array(auditEntrySchema),
  /** Pass as `after` for the next page; null when this is the last. */
  next: z.number().int().nullable(),
});

/** Exactly one of userId or caseId. */
export const subjectAccessQuerySchema = z
  .strictObject({
    userId: idSchema.optional(),
    /** By the same rule as a record's case ID: a name is refused, never searched for. */
    caseId: caseIdSchema().optional(),
  })
  .refine((q) => (q.userId === undefined) !== (q.caseId === undefined), {
    message: 'give either userId or caseId',
  });
export type SubjectAccessQuery = z.infer<typeof subjectAccessQuerySchema>;

export const subjectAccessResponseSchema = z.object({
  subject: z.union([z.object({ userId: z.string() }), z.object({ caseId: z.string() })]),
  generatedAt: z.string(),
  /** For a person: their account, memberships, devices and single sign-on identities. */
  account: z
    .object({
      id: z.string(),
      email: z.string(),
      displayName: z.string(),
      role: z.string(),
      status: z.string(),
      createdAt: z.string(),
      scopes: z.array(z.object({ id: z.string(), name: z.string() })),
      devices: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          createdAt: z.string(),
          lastSeenAt: z.string(),
          revokedAt: z.string().nullable(),
        }),
      ),
      identities: z.array(
        z.object({ issuer: z.string(), subject: z.string(), createdAt: z.string() }),
      ),
    })
    .nullable(),
  /**
   * Records about the subject, with child rows: made by them, observing them (observations and
   * assignments), assigned to them to carry out, or about the case.
   */
  records: z.array(
    recordExportSchema.extend({
      why: z.array(z.enum(['author', 'observed', 'assigned', 'case'])),
    }),
  ),
  /** Audit entries by the person, or about those records. */
  audit: z.array(auditEntrySchema),
});
export type SubjectAccessResponse = z.infer<typeof subjectAccessResponseSchema>;

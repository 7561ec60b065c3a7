import { z } from 'zod';
import { caseIdSchema, idSchema } from '../entities/common';
import { auditEntrySchema, exportedRowSchema, recordExportSchema } from './records-export';

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

/**
 * What happens to other people's data in a subject access answer (UK GDPR Art. 15(4), DPA 2018
 * Sch. 2 Part 3): `withhold` (the default) leaves out or replaces every third party's identifiers
 * and the parts that are theirs, listing each in `thirdParty.withheld`; `include` gives everything,
 * for an officer who has decided disclosure is reasonable (consent, or no adverse effect).
 */
export const THIRD_PARTY_MODES = ['withhold', 'include'] as const;

/** Exactly one of userId or caseId. */
export const subjectAccessQuerySchema = z
  .strictObject({
    userId: idSchema.optional(),
    /** By the same rule as a record's case ID: a name is refused, never searched for. */
    caseId: caseIdSchema().optional(),
    thirdParty: z.enum(THIRD_PARTY_MODES).optional(),
  })
  .refine((q) => (q.userId === undefined) !== (q.caseId === undefined), {
    message: 'give either userId or caseId',
  });
export type SubjectAccessQuery = z.infer<typeof subjectAccessQuerySchema>;

/**
 * Whose data a part of the answer is: the subject's own, someone else's, or both (a record about
 * the subject written by staff, whose own words and identities are theirs).
 */
export const partySchema = z.enum(['subject', 'third-party', 'both']);
export type Party = z.infer<typeof partySchema>;

/** Whose a withheld part was. */
export const thirdPartySchema = z.enum([
  'child',
  'other-staff',
  'observed-practitioner',
  /** Records or accounts about other people altogether (another case, another person). */
  'other-people',
]);
export type ThirdParty = z.infer<typeof thirdPartySchema>;

/** One part left out of (or replaced in) the answer, for the officer to review. */
export const withheldPartSchema = z.object({
  /** The record row it was in, or null for an audit entry. */
  recordId: z.string().nullable(),
  /** The audit entry it was in, or null for a record row. */
  auditSeq: z.number().int().nullable(),
  /** The field path, or what of the row or entry (`ownerId`, `userId`, `content`, ...). */
  path: z.string(),
  whose: thirdPartySchema,
  /** What stands in its place (a role for a member of staff), or null when left out. */
  replacedBy: z.string().nullable(),
  reason: z.string(),
});
export type WithheldPart = z.infer<typeof withheldPartSchema>;

const subjectAccessRowSchema = exportedRowSchema.extend({
  /** Null when the author is another member of staff (see `ownerRole`). */
  ownerId: z.string().nullable(),
  ownerRole: z.string().nullable(),
  whose: partySchema,
});

export const subjectAccessRecordSchema = recordExportSchema.extend({
  record: subjectAccessRowSchema,
  children: z.array(subjectAccessRowSchema),
  why: z.array(z.enum(['author', 'observed', 'assigned', 'case'])),
});

export const subjectAccessAuditEntrySchema = auditEntrySchema.extend({
  /** Null when it was another member of staff (see `userRole`). */
  userId: z.string().nullable(),
  userRole: z.string().nullable(),
  whose: partySchema,
});

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
   * What the answer cannot hold, in plain words: for a person, the records that name them only by
   * a typed name (not linked to their account), and how to find them. Null for a case.
   */
  notIncluded: z.string().nullable(),
  /**
   * Records about the subject, with child rows: made by them, observing them (observations and
   * assignments), assigned to them to carry out, or about the case.
   */
  records: z.array(subjectAccessRecordSchema),
  /** Audit entries by the person, or about those records. */
  audit: z.array(subjectAccessAuditEntrySchema),
  /** Other people's data: whether it was withheld, and each part that was, with why. */
  thirdParty: z.object({
    mode: z.enum(THIRD_PARTY_MODES),
    withheld: z.array(withheldPartSchema),
    /** In plain words, for the officer and the requester. */
    notice: z.string(),
  }),
});
export type SubjectAccessResponse = z.infer<typeof subjectAccessResponseSchema>;

// A recovery file: the unsent changes of a tablet that cannot sync, and the safety concerns still
// waiting on it, sealed so that only the server can open them. The tablet encrypts them with a
// fresh AES-256-GCM key and wraps that key with the server's RSA-OAEP public key (SHA-256); an
// administrator imports the file. The server raises each concern as its own route would (by the
// concern's id, so a second import or the tablet's later retry raises nothing twice) and applies
// the mutations through the ordinary push, whose per-device mutation ids do the same for them.
import { z } from 'zod';
import { directorNoticeSchema, raiseConcernRequestSchema } from './concerns';
import { mutationSchema, versionsSchema } from './push';
import { syncIdSchema, utcTimestampSchema } from './records';

export const RECOVERY_FILE_FORMAT = 'practice-observations-recovery';
export const RECOVERY_FILE_VERSION = 1;
/** A tablet's whole outbox: far more than any tablet holds after weeks without a signal. */
export const MAX_RECOVERY_MUTATIONS = 20_000;
/** Safety concerns waiting on one tablet: each is also phoned through, so never many. */
export const MAX_RECOVERY_CONCERNS = 500;
export const MAX_RECOVERY_FILE_BYTES = 16 * 1024 * 1024;
export const RECOVERY_KEY_ALGORITHM = 'RSA-OAEP-256';

const base64url = (what: string, max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/, `${what} must be base64url text`);

/** The server's public key for recovery files, as a tablet fetches and keeps it. */
export const recoveryKeySchema = z
  .object({
    keyId: syncIdSchema,
    algorithm: z.literal(RECOVERY_KEY_ALGORITHM),
    /** SubjectPublicKeyInfo (DER), base64url. */
    publicKey: base64url('publicKey', 4096),
  })
  .strict();
export type RecoveryKey = z.infer<typeof recoveryKeySchema>;

/** What is readable without the server's private key: nothing about a person or a child. */
export const recoveryHeaderSchema = z
  .object({
    format: z.literal(RECOVERY_FILE_FORMAT),
    version: z.literal(RECOVERY_FILE_VERSION),
    keyId: syncIdSchema,
    createdAt: utcTimestampSchema,
  })
  .strict();
export type RecoveryHeader = z.infer<typeof recoveryHeaderSchema>;

export const recoveryFileSchema = recoveryHeaderSchema
  .extend({
    /** The AES-256-GCM content key, wrapped with the server's public key. */
    wrappedKey: base64url('wrappedKey', 2048),
    iv: base64url('iv', 16),
    /** The payload, encrypted; the header (canonical JSON) is its additional data. */
    ciphertext: base64url('ciphertext', MAX_RECOVERY_FILE_BYTES),
  })
  .strict();
export type RecoveryFile = z.infer<typeof recoveryFileSchema>;

/** A safety concern as the tablet keeps it while it waits: what its own route would be sent. */
export const recoveryConcernSchema = raiseConcernRequestSchema.pick({
  scopeId: true,
  concern: true,
});
export type RecoveryConcern = z.infer<typeof recoveryConcernSchema>;

/** Inside the ciphertext. */
export const recoveryPayloadSchema = versionsSchema
  .extend({
    userId: syncIdSchema,
    deviceId: syncIdSchema,
    mutations: z.array(mutationSchema).max(MAX_RECOVERY_MUTATIONS),
    /** Absent from files made before concerns were carried. */
    concerns: z.array(recoveryConcernSchema).max(MAX_RECOVERY_CONCERNS).optional(),
  })
  .strict()
  .refine((p) => p.mutations.length > 0 || (p.concerns?.length ?? 0) > 0, {
    message: 'A recovery file holds at least one change or safety concern',
    path: ['mutations'],
  });
export type RecoveryPayload = z.infer<typeof recoveryPayloadSchema>;

/** The additional data both sides bind the ciphertext to: the header, in a fixed field order. */
export function recoveryAdditionalData(h: RecoveryHeader): string {
  return JSON.stringify([h.format, h.version, h.keyId, h.createdAt]);
}

export const recoveryImportResultSchema = z.object({
  importId: z.string(),
  userId: z.string(),
  deviceId: z.string(),
  createdAt: z.string(),
  /** Changes applied by this import. */
  applied: z.number().int().nonnegative(),
  /** Changes the server already had (an earlier import, or the tablet's own sync). */
  alreadyApplied: z.number().int().nonnegative(),
  /** Changes the server refused, each with its reason, as a sync would have. */
  rejected: z.array(
    z.object({ mutationId: z.number().int(), code: z.string(), message: z.string() }),
  ),
  /** The safety concerns the file carried: raised now, already raised, or refused with a reason. */
  concerns: z.object({
    raised: z.number().int().nonnegative(),
    alreadyRaised: z.number().int().nonnegative(),
    refused: z.array(z.object({ concernId: z.string(), code: z.string(), message: z.string() })),
    /**
     * How the Director is told of the concerns raised now (as the last of them is: they go out on
     * the same channels); null when none was raised now.
     */
    directorNotice: directorNoticeSchema.nullable(),
  }),
});
export type RecoveryImportResult = z.infer<typeof recoveryImportResultSchema>;

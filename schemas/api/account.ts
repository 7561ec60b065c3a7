// The accounts API as the app sees it: signing in, and the signed-in person with their role and
// teams. The server's routes answer in these shapes (tests/server checks they agree).
import { z } from 'zod';

export const ROLE_KEYS = [
  'observer',
  'practitioner',
  'qa-lead',
  'head-of-service',
  'director',
  'admin',
  'guest',
] as const;
export const roleKeySchema = z.enum(ROLE_KEYS);
export type RoleKey = z.infer<typeof roleKeySchema>;

/**
 * Roles that start observations of their own. A guest observer records only what they are
 * assigned (started from the assignment); a practitioner is the one observed; an administrator
 * sees no records. The server refuses anyone else's new observation (sync/authorize.ts), and the
 * app offers "New observation" only to these.
 */
export const OBSERVING_ROLES: ReadonlySet<RoleKey> = new Set([
  'observer',
  'qa-lead',
  'head-of-service',
  'director',
]);

export const roleLabels: Record<RoleKey, string> = {
  observer: 'Observer',
  practitioner: 'Practitioner (observed)',
  'qa-lead': 'Quality assurance lead',
  'head-of-service': 'Head of service',
  director: 'Director',
  admin: 'Administrator',
  guest: 'Guest observer',
};

export const SCOPE_KIND_KEYS = ['service', 'practice-group'] as const;

export const scopeSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(SCOPE_KIND_KEYS),
  parentId: z.string().nullable(),
  /**
   * A practice group's service by name, so someone in the group alone (who is sent no row of the
   * service) can still name it; null for a service. Not a widening of what they read: a team's
   * name is not personal data. Absent from an account kept from before it was sent.
   */
  parentName: z.string().nullable().optional(),
});
export type ScopeSummary = z.infer<typeof scopeSummarySchema>;

export const accountSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: roleKeySchema,
  scopes: z.array(scopeSummarySchema),
});
export type Account = z.infer<typeof accountSchema>;

export const signInRequestSchema = z.object({
  email: z.string(),
  password: z.string(),
  deviceId: z.string().optional(),
  deviceName: z.string().optional(),
});
export type SignInRequest = z.infer<typeof signInRequestSchema>;

export const sessionResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
  deviceId: z.string(),
  user: accountSchema,
  /** The server's half of this registration's key recovery (base64url, 32 bytes), when offered. */
  deviceKey: z.string().optional(),
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

export const apiErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

/** Roles that record observations of their own. */
export const OBSERVING_ROLE_KEYS: readonly RoleKey[] = [
  'observer',
  'qa-lead',
  'head-of-service',
  'director',
];
/** Roles that see every record of their teams. */
export const OVERSIGHT_ROLE_KEYS: readonly RoleKey[] = ['qa-lead', 'head-of-service', 'director'];

/** For answers whose body does not matter (sign-out). */
export const ignoredResponseSchema = z.unknown();

/** First-run setup (`GET /api/setup`): open only while the server has no administrator. */
export const setupStatusSchema = z.object({ available: z.boolean() });
/** The first administrator, made with the server's one-time setup code (`POST /api/setup`). */
export const setupResponseSchema = z.object({ user: z.object({ id: z.string() }) });

import { z } from 'zod';
import { ROLE_KEYS, SCOPE_KIND_KEYS } from '../api/account';

// People, teams and devices as the admin API answers (server: sync-server/src/routes/admin.ts),
// shared by its routes and the app's administration screens.

export const adminScopeSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(SCOPE_KIND_KEYS),
  parentId: z.string().nullable(),
});
export type AdminScope = z.infer<typeof adminScopeSchema>;

/** An account as an admin sees it. */
export const userSummarySchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(ROLE_KEYS),
  status: z.enum(['active', 'disabled']),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
  /** Direct memberships. */
  scopes: z.array(adminScopeSchema),
});
export type UserSummary = z.infer<typeof userSummarySchema>;

export const deviceSummarySchema = z.object({
  id: z.string(),
  userId: z.string(),
  userEmail: z.string(),
  userDisplayName: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  unsentReported: z.number().int(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
});
export type DeviceSummary = z.infer<typeof deviceSummarySchema>;

export const usersResponseSchema = z.object({ users: z.array(userSummarySchema) });
export const userResponseSchema = z.object({ user: userSummarySchema });
export const scopesResponseSchema = z.object({ scopes: z.array(adminScopeSchema) });
export const scopeResponseSchema = z.object({ scope: adminScopeSchema });
export const devicesResponseSchema = z.object({ devices: z.array(deviceSummarySchema) });
export const membershipResponseSchema = z.object({ added: z.boolean(), user: userSummarySchema });
export const passwordResetResponseSchema = z.object({ sessionsRevoked: z.number().int() });
export const revokeResponseSchema = z.object({
  device: deviceSummarySchema,
  sessionsRevoked: z.number().int(),
  alreadyRevoked: z.boolean(),
});

/** At least as long as the server's rule (sync-server/src/accounts/passwords.ts). */
export const MIN_ADMIN_PASSWORD_LENGTH = 12;

// Wire shapes of the accounts API (sign-in, setup, admin), shared by its routes. Requests reuse the
// field schemas of accounts/account-fields.ts, so the API and the admin command refuse alike.
import { z } from 'zod';
import { SCOPE_KINDS } from '../accounts/account-fields';
import { ROLES } from '../accounts/permissions';

export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export const scopeSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(SCOPE_KINDS),
  parentId: z.string().nullable(),
  /** A practice group's service by name, for a member of the group alone; null for a service. */
  parentName: z.string().nullable().optional(),
});

/** The signed-in person as the app sees them. */
export const accountSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  /** Memberships by name; a service membership brings its practice groups with it. */
  scopes: z.array(scopeSchema),
});

// The admin API's answers are the shared wire shapes the app's administration screens parse.
export { deviceSummarySchema, userSummarySchema } from '../../../schemas/admin/people';

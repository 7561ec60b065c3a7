// Who is syncing: resolved from the session by the auth plugin, never from the request body.
import { OBSERVING_ROLES as SHARED_OBSERVING_ROLES } from '../../../schemas/api/account';
import type { Role } from '../accounts/permissions';

export type { Role };

export type Actor = {
  userId: string;
  role: Role;
  /** The device registration of this session: a mutation's id sequence belongs to it. */
  deviceId: string;
};

/** Roles that oversee every observation in their scopes (moderation, reports, concerns). */
export const OVERSIGHT_ROLES: ReadonlySet<Role> = new Set([
  'qa-lead',
  'head-of-service',
  'director',
]);

/** Roles that record observations of their own: the shared rule the app offers "New observation" by. */
export const OBSERVING_ROLES: ReadonlySet<Role> = SHARED_OBSERVING_ROLES;

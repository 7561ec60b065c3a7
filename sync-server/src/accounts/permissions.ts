// The roles, as data: the admin screens list them from here and every boundary validates with
// roleSchema. What each role may read and write in records is the sync layer's (sync/access.ts,
// sync/authorize.ts); this file says who they are and who manages accounts.
import { z } from 'zod';

export const ROLES = [
  'observer',
  'practitioner',
  'qa-lead',
  'head-of-service',
  'director',
  'admin',
  'guest',
] as const;

export type Role = (typeof ROLES)[number];

export const roleSchema = z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` });

export const ROLE_DESCRIPTIONS: Readonly<
  Record<Role, { label: string; noun: string; description: string }>
> = {
  observer: {
    label: 'Observer',
    noun: 'an observer',
    description: 'Records observations of practice in their services and practice groups.',
  },
  practitioner: {
    label: 'Practitioner',
    noun: 'a practitioner',
    description: 'The person observed: sees the observations shared with them and can reply.',
  },
  'qa-lead': {
    label: 'QA lead',
    noun: 'a QA lead',
    description: 'Moderates observations, tracks improvement actions and reports each quarter.',
  },
  'head-of-service': {
    label: 'Head of service',
    noun: 'a head of service',
    description: 'Oversees every observation in their services.',
  },
  director: {
    label: 'Director',
    noun: 'a director',
    description: 'Oversees every observation and hears about immediate safety concerns at once.',
  },
  admin: {
    label: 'Administrator',
    noun: 'an administrator',
    description: 'Manages people, services, practice groups and devices; sees no records.',
  },
  guest: {
    label: 'Guest observer',
    noun: 'a guest observer',
    description: 'An observer from another authority: sees only the observations assigned to them.',
  },
};

/** The role that manages accounts, scopes and devices (the admin API and the admin command). */
export const ADMIN_ROLE: Role = 'admin';

export const isRole = (value: string): value is Role =>
  (ROLES as readonly string[]).includes(value);

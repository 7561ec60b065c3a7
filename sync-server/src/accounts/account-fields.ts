// The fields of accounts and scopes as zod schemas, shared by the API routes and the admin command
// so both refuse the same input with the same words.
import { z } from 'zod';
import { ID_PATTERN } from '../../../schemas/entities/common';

/** Email addresses are compared and stored lowercased: one person, one account. */
export const emailSchema = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('must be an email address, like name@example.org'))
  .transform((v) => v.toLowerCase());

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters');

export const scopeNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(120, 'must be at most 120 characters');

export const SCOPE_KINDS = ['service', 'practice-group'] as const;
export const scopeKindSchema = z.enum(SCOPE_KINDS, {
  message: 'must be service or practice-group',
});

/** Ids of people, scopes and devices are the server's own (UUIDs): the shared id rule. */
export const idSchema = z
  .string()
  .trim()
  .regex(ID_PATTERN, 'must be an id of 8 to 64 letters, digits, hyphens or underscores');

/** The name shown until a person gives one: the part of the email address before the @. */
export const defaultDisplayName = (email: string): string => email.split('@')[0] || email;

import { z } from 'zod';
import { localSettingsPatchSchema, localSettingsSchema } from '../entities/local-settings';

// The local settings on the wire. Tablets fetch them at each sync (GET /api/settings) and keep the
// copy; an administrator changes them with PUT /api/admin/settings. `version` is also sent as the
// ETag, so a tablet asks cheaply with If-None-Match and gets 304 when nothing changed.

export const settingsResponseSchema = z.object({
  /** The complete settings in force (stored changes over the defaults). */
  settings: localSettingsSchema,
  /** Changes whenever anything in `settings` changes; the same value as the ETag header. */
  version: z.string(),
  /** Where the duty number comes from: set by an administrator, the server's DUTY_PHONE, or none. */
  dutyPhoneSource: z.enum(['settings', 'environment', 'none']),
});
export type SettingsResponse = z.infer<typeof settingsResponseSchema>;

/** The body of PUT /api/admin/settings: any subset of the fields; null dutyPhone clears it. */
export const settingsUpdateRequestSchema = localSettingsPatchSchema;
export type SettingsUpdateRequest = z.infer<typeof settingsUpdateRequestSchema>;

export const settingsUpdateResponseSchema = settingsResponseSchema.extend({
  /** The fields whose value this change altered (empty when it changed nothing). */
  changed: z.array(z.string()),
});
export type SettingsUpdateResponse = z.infer<typeof settingsUpdateResponseSchema>;

/**
 * What anyone may read before signing in: the authority's name and its own accessibility
 * statement and privacy notice (null where it uses the standard wording).
 */
export const publicLegalResponseSchema = localSettingsSchema.pick({ authorityName: true }).extend({
  accessibilityStatement: z.string().nullable(),
  privacyNotice: z.string().nullable(),
});
export type PublicLegalResponse = z.infer<typeof publicLegalResponseSchema>;

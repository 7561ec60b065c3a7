import { z } from 'zod';
import { localTimescalesSchema } from '../timescales';
import { gradeScaleSchema, ofstedGradeScale } from './grade-scale';

// The authority's own rules, set by an administrator and delivered to every tablet at sync, so a
// change (a new duty number, a local timescale) needs no release. Every field has a default, so a
// server with nothing configured, or a tablet that has never synced, still has a complete set.
// Add fields as optional-with-default; never change what an existing field means.

/** A UK phone number as people write it: digits, spaces, a leading +, brackets and hyphens. */
export const phoneNumberSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{6,24}$/, {
    error: 'Enter a phone number, like 020 7946 0000 or +44 20 7946 0000',
  });

export const LEGAL_TEXT_MAX = 20_000;
const legalTextSchema = z
  .string()
  .trim()
  .min(1, { error: 'Enter the text of the page, or reset it to the standard wording' })
  .max(LEGAL_TEXT_MAX, { error: `The page must be ${LEGAL_TEXT_MAX} characters or fewer` });

/**
 * A whole number from min to max, every mistake (no number, a fraction, too small, too big)
 * answered by one message naming the setting and its range: the settings page shows it beside the
 * field and the server answers it for the same value, so both read alike.
 */
function wholeSetting(what: string, min: number, max: number, orElse = '') {
  const error = `Enter ${what} as a whole number from ${min} to ${max}${orElse}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

const settingsFields = {
  /** The authority's name, shown in the header and on printed documents. */
  authorityName: z
    .string({ error: 'Enter the authority’s name' })
    .trim()
    .min(1, { error: 'Enter the authority’s name' })
    .max(120, { error: 'The authority’s name must be 120 characters or fewer' }),
  /** The duty number shown on the safety-concern screen, above all while the device is offline. */
  dutyPhone: phoneNumberSchema.nullable(),
  /** The grade scale observations use; labels may change freely, keys never. */
  gradeScale: gradeScaleSchema,
  /** Minutes without a touch or key press before the app locks. */
  idleLockMinutes: wholeSetting('the minutes without use before the app locks', 1, 60),
  /** Wrong unlock attempts before a full online sign-in is required. */
  unlockAttempts: wholeSetting('the number of wrong unlock attempts', 3, 10),
  /**
   * Days a tablet may go without reaching the server before its unlock secret no longer opens it
   * and a full online sign-in is required (which also finds out whether it has been revoked).
   * Null: no limit. The work stays on the tablet either way.
   */
  offlineUnlockDays: wholeSetting(
    'the days a tablet may go without reaching the server',
    1,
    365,
    ', or leave it blank for no limit',
  ).nullable(),
  /** Days a synced, closed observation stays on a tablet after its last change. */
  deviceRetentionDays: wholeSetting('the days a finished, sent record stays on a tablet', 1, 365),
  /** Hours a safety concern may wait for acknowledgement before it is shown as overdue. */
  concernAcknowledgeHours: wholeSetting(
    'the hours a safety concern may wait for acknowledgement',
    1,
    168,
  ),
  /**
   * Who is told of a new safety concern, beyond the director and QA leads of its scope (who always
   * are): extra email addresses, such as a duty manager's shared mailbox.
   */
  concernNotifyEmails: z
    .array(
      z.email({
        error: 'Enter each email address in the correct format, like name@example.org',
      }),
    )
    .max(20, { error: 'Enter no more than 20 email addresses' }),
  /** Local variants of the statutory timescales (such as a 90-day first review conference). */
  timescales: localTimescalesSchema,
  /**
   * The authority's own accessibility statement and privacy notice, shown on every tablet (also
   * offline). Plain text: a line starting "## " is a heading, a blank line starts a paragraph.
   * Absent or null: the app's standard wording.
   */
  accessibilityStatement: legalTextSchema.nullable().optional(),
  privacyNotice: legalTextSchema.nullable().optional(),
};

/** A complete set of settings, as tablets receive it. */
export const localSettingsSchema = z.strictObject(settingsFields);
export type LocalSettings = z.infer<typeof localSettingsSchema>;

/** A change an administrator makes, and what the server stores: any subset of the fields. */
export const localSettingsPatchSchema = z.strictObject(settingsFields).partial();
export type LocalSettingsPatch = z.infer<typeof localSettingsPatchSchema>;

/** The settings of an authority that has configured nothing. */
export const DEFAULT_LOCAL_SETTINGS: LocalSettings = {
  authorityName: 'Children’s services',
  dutyPhone: null,
  gradeScale: ofstedGradeScale,
  idleLockMinutes: 5,
  unlockAttempts: 5,
  offlineUnlockDays: null,
  deviceRetentionDays: 30,
  concernAcknowledgeHours: 4,
  concernNotifyEmails: [],
  timescales: {},
};

/** What is stored (a patch, possibly from an older release) laid over the defaults. */
export function resolveLocalSettings(stored: LocalSettingsPatch): LocalSettings {
  return { ...DEFAULT_LOCAL_SETTINGS, ...stored };
}

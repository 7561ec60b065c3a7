import { z } from 'zod';
import { errorCodes, messages } from '../errors';

// Building blocks shared by every entity. Calendar dates (Europe/London civil dates, `YYYY-MM-DD`)
// use `calendarDateSchema` from `../calendar/dates`; instants are always UTC with a trailing `Z`.

export const DEFAULT_MAX_TEXT_LENGTH = 10_000;
export const SHORT_TEXT_MAX_LENGTH = 200;

/** Record and user ids: UUID v4/v7-like strings, or any 8 to 64 URL-safe characters. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

export const idSchema = z.string().regex(ID_PATTERN, { error: messages.idInvalid });

/** Stable machine keys (template, section, item, grade and option keys): kebab-case, no dots. */
export const KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const keySchema = z.string().max(64).regex(KEY_PATTERN, { error: messages.keyInvalid });

const UTC_TIMESTAMP_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?Z$/;

/** True for an ISO 8601 UTC instant such as `2026-04-01T09:30:00Z` or `...:00.123Z`. */
export function isUtcTimestamp(value: string): boolean {
  const m = UTC_TIMESTAMP_PATTERN.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (hour > 23 || minute > 59 || second > 59) return false;
  // Date.UTC rolls 30 February over into March; comparing back catches impossible dates.
  const d = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return (
    year >= 1 &&
    d.getUTCFullYear() === year &&
    d.getUTCMonth() === month - 1 &&
    d.getUTCDate() === day
  );
}

export const utcTimestampSchema = z.string().refine(isUtcTimestamp, {
  error: messages.timestampInvalid,
  params: { code: errorCodes.TIMESTAMP_INVALID },
});

/** A wall-clock time in 24-hour `HH:MM`, read in Europe/London like the date beside it. */
export const clockTimeSchema = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, { error: messages.timeInvalid });

/** Free text with an upper bound, 10,000 characters by default (GOV.UK character count). */
export function boundedText(max: number = DEFAULT_MAX_TEXT_LENGTH) {
  return z.string().max(max, { error: messages.textTooLong(max) });
}

/** Names, roles and settings: short enough to show in a table cell, merged as a whole value. */
export const shortTextSchema = boundedText(SHORT_TEXT_MAX_LENGTH);

/** Text that must contain something other than spaces, e.g. the reason for an amendment. */
export function requiredText(max: number = DEFAULT_MAX_TEXT_LENGTH) {
  return boundedText(max).refine((s) => s.trim().length > 0, {
    error: messages.blank,
    params: { code: errorCodes.FIELD_REQUIRED },
  });
}

export function isBlank(value: string | undefined | null): boolean {
  return value === undefined || value === null || value.trim().length === 0;
}

/**
 * Default case ID: 3 to 20 letters, digits and hyphens, at least one digit. A child's name fails
 * twice over: "Jane Smith" has a space, "JaneSmith" has no digit.
 */
export const DEFAULT_CASE_ID_PATTERN = /^(?=[A-Za-z0-9-]*\d)[A-Za-z0-9-]{3,20}$/;

export type CaseIdOptions = {
  /** A RegExp, or the source of one; a string is anchored at both ends for you. */
  pattern?: RegExp | string;
  /** Say what a valid ID looks like in the authority's own terms. */
  message?: string;
};

function toMatcher(pattern: RegExp | string): RegExp {
  // Rebuild without the g and y flags: a stateful lastIndex would make .test alternate results.
  if (typeof pattern === 'string') return new RegExp(`^(?:${pattern})$`);
  return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
}

/** Case IDs identify the child instead of a name; the pattern is the authority's to configure. */
export function caseIdSchema(options: CaseIdOptions = {}) {
  const matcher = toMatcher(options.pattern ?? DEFAULT_CASE_ID_PATTERN);
  const message = options.message ?? messages.caseIdInvalid;
  return z
    .string()
    .max(64, { error: message })
    .refine((value) => matcher.test(value), {
      error: message,
      params: { code: errorCodes.CASE_ID_INVALID },
    });
}

/** Options shared by entity schema factories, so an authority's settings apply everywhere. */
export type DomainOptions = {
  caseId?: CaseIdOptions;
  maxTextLength?: number;
};

import { addDays, compareDates, isCalendarDate } from '../calendar/dates';
import type { FamilyCallAttempt } from '../entities/family-call-attempt';
import { feedbackWords } from '../entities/kind-words';
import type { Observation } from '../entities/observation';
import { recordNoun } from '../entities/observation-kind';
import { responsePath } from '../entities/observation-fields';
import { templateItems } from '../entities/template';
import type { Template } from '../entities/template';
import { londonDateOf } from '../calendar/london-time';

// A record says what happened: the day of the observation, audit or call, the feedback
// conversation, each call attempt, and every date a template asks (a strategy discussion, a
// previous review, a placement, a referral: all of them things that have already happened). None
// of these can be after today (Europe/London). The same rule as a discussion's or an
// acknowledgement's day (sample-discussion.ts, good-practice.ts): `isAfterToday` is theirs too.
// Drafts may hold any date; only submission judges.

/**
 * How many days after its own London today the server still takes a date, because the tablet
 * judged it by its own clock: a tablet a few hours ahead near midnight is already in tomorrow.
 * The tablet itself allows none.
 */
export const SERVER_DATE_SLACK_DAYS = 1;

/** Whether a calendar day is after `today` (both `YYYY-MM-DD`, London). */
export function isAfterToday(date: string, today: string): boolean {
  return compareDates(date, today) > 0;
}

/** The latest day the server accepts on `now` (a UTC timestamp): London today and its slack. */
export function latestDayOnServer(now: string): string {
  return addDays(londonDateOf(now), SERVER_DATE_SLACK_DAYS);
}

/** A date of something that happened, where it lives, and what it is called on the page. */
export type PastDateField = { path: string; label: string; itemId?: string };

/** What the page says when a date is later than today: GOV.UK's wording. */
export function futureDateMessage(label: string): string {
  return `${label} must be today or in the past`;
}

/** The label of the day of the record, as the "About" page asks it. */
export function recordDateLabel(template: Pick<Template, 'kind'>): string {
  return `Date of the ${recordNoun[template.kind]}`;
}

/** Every date field of the record that records something that happened, in page order. */
export function pastDateFields(template: Template): PastDateField[] {
  const fields: PastDateField[] = [{ path: 'context.date', label: recordDateLabel(template) }];
  for (const { item } of templateItems(template)) {
    if (item.response.type === 'date')
      fields.push({ path: responsePath(item.id, 'value'), label: item.prompt, itemId: item.id });
  }
  fields.push({ path: 'summary.feedback.date', label: feedbackWords[template.kind].date });
  return fields;
}

/** The date a path holds in the record (flat field paths, as the page writes them). */
function dateAt(record: Observation, path: string): unknown {
  if (path === 'context.date') return record.context.date;
  if (path === 'summary.feedback.date') return record.summary.feedback.date;
  const m = /^responses\.([^.]+)\.value$/.exec(path);
  return m ? record.responses[m[1]!]?.value : undefined;
}

export type FutureDate = PastDateField & { message: string };

/** The record's dates of things that happened that are after `latest` (`YYYY-MM-DD`, London). */
export function futureDates(record: Observation, template: Template, latest: string): FutureDate[] {
  return pastDateFields(template).flatMap((field) => {
    const value = dateAt(record, field.path);
    if (!isCalendarDate(value) || !isAfterToday(value, latest)) return [];
    // A feedback conversation not held has no date to judge.
    if (field.path === 'summary.feedback.date' && record.summary.feedback.held !== true) return [];
    return [{ ...field, message: futureDateMessage(field.label) }];
  });
}

// What follows a record cannot have happened before it: a feedback conversation about an
// observation (or an audit's discussion with the social worker), and a head of service's
// discussion of an audited case (sample-discussion.ts), are on or after the record's own day.

/** Whether `date` is before `recordDay` (both `YYYY-MM-DD`): before the record it follows. */
export function isBeforeRecordDay(date: string, recordDay: string): boolean {
  return compareDates(date, recordDay) < 0;
}

const longDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** What the page says when a date is before the record's day (`noun`: the record's kind). */
export function beforeRecordMessage(label: string, noun: string, recordDay: string): string {
  const [y, m, d] = recordDay.split('-').map(Number);
  const day = longDate.format(new Date(Date.UTC(y!, m! - 1, d!)));
  return `${label} must be on or after the day of the ${noun}, ${day}`;
}

/**
 * The feedback conversation (an audit's discussion with the social worker), when it was held and
 * dated before the day of the record, with what the page says; otherwise null. `date` and `held`
 * are the conversation's as the page holds them, `recordDay` the record's `context.date`.
 */
export function feedbackBeforeRecord(
  kind: Template['kind'],
  feedback: { held?: unknown; date?: unknown },
  recordDay: unknown,
): (PastDateField & { message: string }) | null {
  const { held, date } = feedback;
  if (held !== true || !isCalendarDate(date) || !isCalendarDate(recordDay)) return null;
  if (!isBeforeRecordDay(date, recordDay)) return null;
  const label = feedbackWords[kind].date;
  return {
    path: 'summary.feedback.date',
    label,
    message: beforeRecordMessage(label, recordNoun[kind], recordDay),
  };
}

/** Whether a call attempt (its UTC time) was made on a London day after `latest`. */
export function isAttemptAfter(attempt: Pick<FamilyCallAttempt, 'at'>, latest: string): boolean {
  return isAfterToday(londonDateOf(attempt.at), latest);
}

export const FUTURE_ATTEMPT_MESSAGE = 'The date of each call attempt must be today or in the past';

import { addDays, addMonths, compareDates, isCalendarDate } from '../calendar/dates';
import { observationKindSchema } from '../entities/observation-kind';
import type { ObservationKind } from '../entities/observation-kind';
import { londonDateOf } from '../calendar/london-time';
import { isAfterToday, isBeforeRecordDay } from './past-dates';

export { SAMPLE_DISCUSSION_NOTE_MAX } from '../entities/observation';

// "It is expected that Heads of Service will make arrangements to discuss a sample of the cases
// audited with the social workers and managers in the month following the audit" (Southwark QAF,
// monthly service audits, 2i). The head of service records each discussion on the audit itself
// (when it was held, and a note), as part of the audit's handling rather than its content: it
// changes whatever the audit's status, never by an amendment, and only a head of service of the
// audit's team may write it. Each service's head of service discusses a sample of that service's
// audits, so a month is judged for each service apart: one service's discussion never meets
// another's. A service's month meets the expectation when at least one of its audits was discussed
// by the end of the month after; the QAF asks for a sample, not a number.

export const SAMPLE_DISCUSSION_PATHS = [
  'sampleDiscussion.heldOn',
  'sampleDiscussion.note',
] as const;

export function isSampleDiscussionPath(path: string): boolean {
  return (SAMPLE_DISCUSSION_PATHS as readonly string[]).includes(path);
}

/** What the rules need of an audit. */
export type AuditFacts = {
  id: string;
  kind: ObservationKind;
  /** The service the audit's team is in (`serviceId`), when recorded. */
  serviceId?: string | undefined;
  /** The day of the audit (`context.date`), when recorded. */
  date?: string | undefined;
  /** Its first submission, as a Europe/London calendar day; absent on a draft. */
  submittedOn?: string | undefined;
  /** The day its discussion was held, when recorded. */
  heldOn?: string | undefined;
};

/**
 * An audit's facts from its fields as stored (flat paths), the same on the tablet and the server.
 * A kind that is not one reads as an observation that is not an audit.
 */
export function auditFactsOf(id: string, fields: Readonly<Record<string, unknown>>): AuditFacts {
  const kind = observationKindSchema.safeParse(fields['kind']);
  const date = fields['context.date'];
  const submittedAt = fields['submittedAt'];
  const heldOn = fields['sampleDiscussion.heldOn'];
  const serviceId = fields['serviceId'];
  return {
    id,
    kind: kind.success ? kind.data : 'frontline-practice',
    serviceId: typeof serviceId === 'string' && serviceId !== '' ? serviceId : undefined,
    date: isCalendarDate(date) ? date : undefined,
    submittedOn:
      typeof submittedAt === 'string' && !Number.isNaN(Date.parse(submittedAt))
        ? londonDateOf(submittedAt)
        : undefined,
    heldOn: isCalendarDate(heldOn) ? heldOn : undefined,
  };
}

/** Whether a discussion may be recorded on it: a single case audit that has been submitted. */
export function isDiscussable(audit: Pick<AuditFacts, 'kind' | 'submittedOn'>): boolean {
  return audit.kind === 'single-case-audit' && audit.submittedOn !== undefined;
}

/** The day the audit counts from: its own date, or the day it was submitted. */
function auditDay(audit: AuditFacts): string | undefined {
  return audit.date ?? audit.submittedOn;
}

/** The month (`YYYY-MM`) an audit belongs to. */
export function auditMonthOf(audit: AuditFacts): string | undefined {
  return auditDay(audit)?.slice(0, 7);
}

/** The last day of the month after a month (`YYYY-MM`): when its discussions are due by. */
export function discussionsDueBy(month: string): string {
  return addDays(addMonths(`${month}-01`, 2), -1);
}

export type HeldOnProblem = 'before-audit' | 'in-future';

/**
 * Why a discussion cannot have been held on this day (`today`: Europe/London), or null: not
 * before the audit it discusses, and not after today.
 */
export function heldOnProblem(
  audit: AuditFacts,
  heldOn: string,
  today: string,
): HeldOnProblem | null {
  if (isAfterToday(heldOn, today)) return 'in-future';
  const from = auditDay(audit);
  if (from !== undefined && isBeforeRecordDay(heldOn, from)) return 'before-audit';
  return null;
}

export type DiscussionMonthState = 'met' | 'due' | 'missed';

export type DiscussionMonth = {
  /** `YYYY-MM`. */
  month: string;
  /** The service whose audits these are; undefined for audits that name none. */
  serviceId: string | undefined;
  /** Audits of the month and service, submitted. */
  audited: number;
  /** Of those, how many have a discussion recorded. */
  discussed: number;
  /** Of those, how many were discussed by `dueBy`. */
  discussedInTime: number;
  dueBy: string;
  /** Met: one discussed in time; missed: none by `dueBy`, now past; due: neither yet. */
  state: DiscussionMonthState;
};

/**
 * Each month and service with submitted audits, newest month first and then by service id, with
 * how its discussions stand on `today`. The same whatever order the audits come in.
 */
export function discussionMonths(audits: readonly AuditFacts[], today: string): DiscussionMonth[] {
  const months = new Map<string, DiscussionMonth>();
  for (const audit of audits) {
    if (!isDiscussable(audit)) continue;
    const month = auditMonthOf(audit)!;
    const key = `${month}|${audit.serviceId ?? ''}`;
    let m = months.get(key);
    if (!m) {
      m = {
        month,
        serviceId: audit.serviceId,
        audited: 0,
        discussed: 0,
        discussedInTime: 0,
        dueBy: discussionsDueBy(month),
        state: 'due',
      };
      months.set(key, m);
    }
    m.audited += 1;
    if (audit.heldOn !== undefined) {
      m.discussed += 1;
      if (compareDates(audit.heldOn, m.dueBy) <= 0) m.discussedInTime += 1;
    }
  }
  for (const m of months.values()) {
    m.state = m.discussedInTime > 0 ? 'met' : compareDates(today, m.dueBy) > 0 ? 'missed' : 'due';
  }
  return [...months.values()].sort((a, b) =>
    a.month !== b.month
      ? a.month < b.month
        ? 1
        : -1
      : (a.serviceId ?? '') < (b.serviceId ?? '')
        ? -1
        : (a.serviceId ?? '') > (b.serviceId ?? '')
          ? 1
          : 0,
  );
}

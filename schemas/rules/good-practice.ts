import { isCalendarDate } from '../calendar/dates';
import { goodPracticeWhatSchema } from '../entities/observation';
import type { GoodPracticeWhat, ObservationStatus } from '../entities/observation';
import { isAfterToday } from './past-dates';

export { GOOD_PRACTICE_NOTE_MAX } from '../entities/observation';
export type { GoodPracticeWhat } from '../entities/observation';

/** What good practice may be acknowledged for, in the order the choices are offered and counted. */
export const GOOD_PRACTICE_WHATS: readonly GoodPracticeWhat[] = goodPracticeWhatSchema.options;

// "The Quality Assurance Lead for each service will track the implementation of the improvement
// plans, as well as highlighting and acknowledging outstanding and good practice and audits
// completed that are of a high quality" (Southwark QAF, monthly service audits, 2h). A QA lead, or
// a head of service, overseeing the observation's team records it on the observation itself, as
// its handling rather than its content (handling-paths.ts): never by an amendment, whatever its
// status once submitted, and never by the observer who wrote it. Its observer, and the
// practitioner it is shared with, read it on the observation.

export const GOOD_PRACTICE_PATHS = [
  'goodPractice.what',
  'goodPractice.note',
  'goodPractice.by',
  'goodPractice.byName',
  'goodPractice.on',
] as const;

export function isGoodPracticePath(path: string): boolean {
  return (GOOD_PRACTICE_PATHS as readonly string[]).includes(path);
}

/** The roles that acknowledge good practice, on an observation of a team they oversee. */
export const ACKNOWLEDGING_ROLES: ReadonlySet<string> = new Set(['qa-lead', 'head-of-service']);

/** The statuses an acknowledgement is recorded in: once submitted, and not returned. */
const ACKNOWLEDGEABLE: ReadonlySet<ObservationStatus> = new Set([
  'submitted',
  'moderated',
  'closed',
]);

/** Who is acknowledging: their account, role, and whether they oversee the observation's team. */
export type Acknowledger = { userId: string; role: string; oversees: boolean };

/** Why this person may not acknowledge good practice on this observation now. */
export type AcknowledgerProblem = 'not-an-overseer' | 'own-observation' | 'not-submitted';

export type GoodPracticeProblem =
  AcknowledgerProblem | 'what-required' | 'note-required' | 'not-by-you' | 'bad-date';

/** Who may acknowledge good practice on an observation (its root observer, its status). */
export function acknowledgerProblem(
  who: Acknowledger,
  observation: { ownerId: string; status: ObservationStatus },
): AcknowledgerProblem | null {
  if (!ACKNOWLEDGING_ROLES.has(who.role) || !who.oversees) return 'not-an-overseer';
  if (observation.ownerId === who.userId) return 'own-observation';
  if (!ACKNOWLEDGEABLE.has(observation.status)) return 'not-submitted';
  return null;
}

/**
 * Whether the observation's fields (flat paths, after a change) hold none of an acknowledgement:
 * never made, or withdrawn whole (each path emptied, as the tablet writes a withdrawal).
 */
export function isGoodPracticeWithdrawal(fields: Readonly<Record<string, unknown>>): boolean {
  return GOOD_PRACTICE_PATHS.every((p) => fields[p] === undefined || fields[p] === null);
}

/**
 * Why an acknowledgement, as the observation's fields would be after the change (`fields`, flat
 * paths), may not be recorded by `who` on `today` (Europe/London), or null. Checked whole, since
 * the tablet writes it whole: what is acknowledged, a note of what was good, the acknowledger's
 * own account, and a day not after today; or none of it, withdrawn.
 */
export function goodPracticeProblem(
  who: Acknowledger,
  observation: { ownerId: string; status: ObservationStatus },
  fields: Readonly<Record<string, unknown>>,
  today: string,
): GoodPracticeProblem | null {
  const person = acknowledgerProblem(who, observation);
  if (person) return person;
  // Acknowledged in error, or on the wrong observation: withdrawn whole by whoever may make one.
  if (isGoodPracticeWithdrawal(fields)) return null;
  if (!goodPracticeWhatSchema.safeParse(fields['goodPractice.what']).success)
    return 'what-required';
  const note = fields['goodPractice.note'];
  if (typeof note !== 'string' || note.trim() === '') return 'note-required';
  if (fields['goodPractice.by'] !== who.userId) return 'not-by-you';
  const on = fields['goodPractice.on'];
  if (!isCalendarDate(on) || isAfterToday(on, today)) return 'bad-date';
  return null;
}

/** How each choice reads, for an observation or an audit (`noun`). */
export function goodPracticeLabel(what: GoodPracticeWhat, noun: string): string {
  switch (what) {
    case 'practice':
      return noun === 'audit' ? 'The practice audited' : 'The practice observed';
    case 'record-quality':
      return `The quality of the ${noun}`;
    case 'both':
      return `Both the practice and the quality of the ${noun}`;
  }
}

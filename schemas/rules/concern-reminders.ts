// When a safety concern the Director has not acknowledged is reminded about again. The QAF
// (Appendix 1, 2g) says the people told "will always include the Director of Children's Social
// Care", and the users say the director "must hear about an immediate safety concern at once": one
// reminder that goes unread leaves the Director hearing nothing more. So while a concern is not
// settled (rules/concern-acknowledgement.ts: only a director's acknowledgement settles it) a round
// of reminders goes every `concernAcknowledgeHours`:
//
// - round n is due at receivedAt + n × hours, and never sooner than `hours` after the round before
//   it was written, so a server that was stopped for a day sends the next round when it starts and
//   the one after `hours` later, not a burst of every round it missed;
// - rounds are numbered 1, 2, 3 ... and only the round after the last one written is ever due, so
//   none is skipped, and the outbox's unique key (concern, channel, recipient, round) keeps each
//   to once however many server processes ask at the same moment;
// - at most MAX_REMINDER_ROUNDS rounds, and none for a concern received more than
//   REMINDER_LOOKBACK_DAYS ago: past that the concern log keeps showing it overdue, and the
//   authority's own escalation (a phone call) is what is left; an endless stream of emails is
//   filtered or ignored;
// - none once the concern is settled.
//
// The server's worker asks this once a minute for each concern in the window
// (notifications/reminders.ts).

/** Rounds of reminders for one concern: with the default 4 hours, the last goes at 24 hours. */
export const MAX_REMINDER_ROUNDS = 6;

/**
 * Reminders are for concerns received in this many days before now: a database that gains the
 * feature with months of old concerns never acknowledged in the app does not send a flood of them.
 */
export const REMINDER_LOOKBACK_DAYS = 14;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export type ReminderState = {
  /** When the concern reached the server: the clock starts here. */
  receivedAt: string;
  /** A director has acknowledged it (`isConcernSettled`). */
  settled: boolean;
  /** The last round written and when it was written (its first row); null before the first. */
  last: { round: number; at: string } | null;
};

/** When round `round` may be written at the earliest (ms since the epoch). */
function earliest(state: ReminderState, round: number, hours: number): number {
  const byClock = Date.parse(state.receivedAt) + round * hours * HOUR_MS;
  if (state.last === null) return byClock;
  return Math.max(byClock, Date.parse(state.last.at) + hours * HOUR_MS);
}

/**
 * The round of reminders to write now for this concern, or null when none is due: the round after
 * the last one written, once its time has come, while the concern is unsettled, recent, and under
 * the cap.
 */
export function reminderRoundDue(state: ReminderState, hours: number, now: Date): number | null {
  if (state.settled) return null;
  if (now.getTime() - Date.parse(state.receivedAt) > REMINDER_LOOKBACK_DAYS * DAY_MS) return null;
  const next = (state.last?.round ?? 0) + 1;
  if (next > MAX_REMINDER_ROUNDS) return null;
  return now.getTime() >= earliest(state, next, hours) ? next : null;
}

/** Only a concern received before this can need a round at `now`: for the database's filter. */
export function firstRoundDueBy(now: Date, hours: number): string {
  return new Date(now.getTime() - hours * HOUR_MS).toISOString();
}

/** The oldest `receivedAt` still reminded about at `now`. */
export function reminderWindowStart(now: Date): string {
  return new Date(now.getTime() - REMINDER_LOOKBACK_DAYS * DAY_MS).toISOString();
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth'];

/** "second" for round 2: how an email and the concern log name a round. */
export function reminderOrdinal(round: number): string {
  return ORDINALS[round - 1] ?? `${round}th`;
}

import { z } from 'zod';
import {
  FIRST_COVERED_DATE,
  LAST_COVERED_DATE,
  OutsideCoveredYearsError,
  assertCoveredDate,
  coveredRangeText,
  isBankHoliday,
} from './calendar/bank-holidays';
import {
  addDays,
  addMonths,
  calendarDateSchema,
  daysBetween,
  fromDayNumber,
  isCalendarDate,
  isWeekend,
  toDayNumber,
} from './calendar/dates';

// Statutory and local timescales for child protection, looked-after and child in need work
// (domain.md section 3). Day 0 is the trigger day; a meeting held on the due date is in time; a
// due date at a weekend is kept and flagged, never moved.

// ---------------------------------------------------------------------------------------------
// Working days

const FIRST_DAY = toDayNumber(FIRST_COVERED_DATE);
const LAST_DAY = toDayNumber(LAST_COVERED_DATE);

// Built once so that each question is an array lookup rather than a walk through the calendar:
// isWorking[i] says whether day FIRST_DAY + i is a working day, workingDaysUpTo[i] counts the
// working days from FIRST_DAY to FIRST_DAY + i inclusive, and workingDayNumbers lists them in order.
const { isWorking, workingDaysUpTo, workingDayNumbers } = (() => {
  const dayCount = LAST_DAY - FIRST_DAY + 1;
  const working = new Uint8Array(dayCount);
  const upTo = new Int32Array(dayCount);
  const list: number[] = [];
  for (let i = 0; i < dayCount; i += 1) {
    const date = fromDayNumber(FIRST_DAY + i);
    if (!isWeekend(date) && !isBankHoliday(date)) {
      working[i] = 1;
      list.push(FIRST_DAY + i);
    }
    upTo[i] = list.length;
  }
  return { isWorking: working, workingDaysUpTo: upTo, workingDayNumbers: Int32Array.from(list) };
})();

function coveredIndex(date: string): number {
  assertCoveredDate(date);
  return toDayNumber(date) - FIRST_DAY;
}

/** Monday to Friday, and not an England and Wales bank holiday. Christmas Eve is a working day. */
export function isWorkingDay(date: string): boolean {
  return isWorking[coveredIndex(date)] === 1;
}

/**
 * The nth working day after `date`, which is day 0. With n = 0 the date itself comes back, even if
 * it is not a working day, so that adding in two steps gives the same answer as adding at once.
 */
export function addWorkingDays(date: string, n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`The number of working days must be a whole number, 0 or more; got ${n}`);
  }
  const index = coveredIndex(date);
  if (n === 0) return date;
  const upToDate = workingDaysUpTo[index] ?? 0;
  const result = workingDayNumbers[upToDate + n - 1];
  if (result === undefined) {
    throw new OutsideCoveredYearsError(
      `${n} working days after ${date} runs past ${LAST_COVERED_DATE}. ${coveredRangeText()}; later bank holidays are not known`,
    );
  }
  return fromDayNumber(result);
}

// ---------------------------------------------------------------------------------------------
// Rules

export const TIMESCALE_RULES = [
  'icpc',
  'first-core-group',
  'first-review-conference',
  'next-review-conference',
  'first-cla-review',
  'second-cla-review',
  'next-cla-review',
  'assessment',
  'first-cin-review',
  'next-cin-review',
] as const;

export type TimescaleRule = (typeof TIMESCALE_RULES)[number];

export const timescaleRuleSchema = z.enum(TIMESCALE_RULES, {
  error: 'Choose one of the known timescale rules',
});

export const TIMESCALE_UNITS = ['working-days', 'calendar-days', 'months'] as const;

export type TimescaleUnit = (typeof TIMESCALE_UNITS)[number];

// Generous upper bounds: enough for any plausible local policy, small enough to catch a typo
// such as 600 months.
const MAX_AMOUNT: Readonly<Record<TimescaleUnit, number>> = {
  'working-days': 260,
  'calendar-days': 366,
  months: 12,
};

const UNIT_WORDS: Readonly<Record<TimescaleUnit, readonly [string, string]>> = {
  'working-days': ['working day', 'working days'],
  'calendar-days': ['day', 'days'],
  months: ['month', 'months'],
};

export const ruleSpecSchema = z
  .strictObject({
    unit: z.enum(TIMESCALE_UNITS, {
      error: 'Choose working days, calendar days or months',
    }),
    amount: z
      .number({ error: 'Enter the timescale as a whole number' })
      .int({ error: 'Enter the timescale as a whole number' })
      .min(1, { error: 'A timescale must be at least 1' }),
  })
  .superRefine((spec, ctx) => {
    const max = MAX_AMOUNT[spec.unit];
    if (spec.amount > max) {
      ctx.addIssue({
        code: 'custom',
        path: ['amount'],
        message: `A timescale in ${UNIT_WORDS[spec.unit][1]} must be ${max} or fewer`,
      });
    }
  });

export type RuleSpec = z.infer<typeof ruleSpecSchema>;

/**
 * An authority's own variants, e.g. `{ 'first-review-conference': { unit: 'calendar-days', amount: 90 } }`.
 * A statutory timescale may be made shorter, never longer (see statutoryLimitProblem).
 */
export const localTimescalesSchema = z
  .partialRecord(timescaleRuleSchema, ruleSpecSchema)
  .superRefine((local, ctx) => {
    for (const rule of TIMESCALE_RULES) {
      const spec = local[rule];
      const problem = spec && statutoryLimitProblem(rule, spec);
      if (problem) ctx.addIssue({ code: 'custom', path: [rule, 'amount'], message: problem });
    }
  });

export type LocalTimescales = Partial<Record<TimescaleRule, RuleSpec>>;

export type TimescaleDefinition = RuleSpec & {
  /** The rule's number in domain.md section 3. */
  readonly ref: string;
  /** What is due, in plain English. */
  readonly label: string;
  /** The event that is day 0. */
  readonly countsFrom: string;
  readonly source: string;
  /** No national timescale exists: the default is only a starting point for the authority. */
  readonly localPolicy: boolean;
};

const WORKING_TOGETHER = 'Working Together to Safeguard Children (DfE, 2023)';
const CARE_PLANNING_REGULATIONS =
  'Care Planning, Placement and Case Review (England) Regulations 2010';

export const DEFAULT_TIMESCALES: Readonly<Record<TimescaleRule, Readonly<TimescaleDefinition>>> =
  Object.freeze({
    icpc: {
      ref: 'R1',
      unit: 'working-days',
      amount: 15,
      label: 'Initial child protection conference',
      countsFrom: 'the strategy discussion at which the section 47 enquiry started',
      source: WORKING_TOGETHER,
      localPolicy: false,
    },
    'first-core-group': {
      ref: 'R2',
      unit: 'working-days',
      amount: 10,
      label: 'First core group meeting',
      countsFrom: 'the initial child protection conference',
      source: WORKING_TOGETHER,
      localPolicy: false,
    },
    'first-review-conference': {
      ref: 'R3',
      unit: 'months',
      amount: 3,
      label: 'First child protection review conference',
      countsFrom: 'the initial child protection conference',
      source: WORKING_TOGETHER,
      localPolicy: false,
    },
    'next-review-conference': {
      ref: 'R4',
      unit: 'months',
      amount: 6,
      label: 'Next child protection review conference',
      countsFrom: 'the previous review conference',
      source: WORKING_TOGETHER,
      localPolicy: false,
    },
    'first-cla-review': {
      ref: 'R5',
      unit: 'working-days',
      amount: 20,
      label: 'First review for a looked-after child',
      countsFrom: 'the day the child became looked after',
      source: `${CARE_PLANNING_REGULATIONS}, reg 33(1)`,
      localPolicy: false,
    },
    'second-cla-review': {
      ref: 'R6',
      unit: 'months',
      amount: 3,
      label: 'Second review for a looked-after child',
      countsFrom: 'the first review',
      source: `${CARE_PLANNING_REGULATIONS}, reg 33(2)`,
      localPolicy: false,
    },
    'next-cla-review': {
      ref: 'R7',
      unit: 'months',
      amount: 6,
      label: 'Next review for a looked-after child',
      countsFrom: 'the previous review',
      source: `${CARE_PLANNING_REGULATIONS}, reg 33(2)`,
      localPolicy: false,
    },
    assessment: {
      ref: 'R10',
      unit: 'working-days',
      amount: 45,
      label: 'Social work assessment completed',
      countsFrom: 'the referral',
      source: WORKING_TOGETHER,
      localPolicy: false,
    },
    'first-cin-review': {
      ref: 'R9',
      unit: 'months',
      amount: 3,
      label: 'First child in need review',
      countsFrom: 'the child in need plan',
      source: 'Local policy: there is no national timescale for child in need reviews',
      localPolicy: true,
    },
    'next-cin-review': {
      ref: 'R9',
      unit: 'months',
      amount: 6,
      label: 'Next child in need review',
      countsFrom: 'the previous child in need review',
      source: 'Local policy: there is no national timescale for child in need reviews',
      localPolicy: true,
    },
  } satisfies Record<TimescaleRule, TimescaleDefinition>);

export class InvalidLocalTimescaleError extends Error {
  override readonly name = 'InvalidLocalTimescaleError';
  readonly code = 'invalid-local-timescale';
}

// Lengths compared across units: a working week is 7 days for 5 working days, a month a twelfth
// of a year. Southwark's 90 days against 3 months (91.3) is shorter; 4 weeks against 20 working
// days (28) is no longer; 60 working days against 20 is refused.
const NOMINAL_DAYS: Readonly<Record<TimescaleUnit, number>> = {
  'working-days': 7 / 5,
  'calendar-days': 1,
  months: 365.25 / 12,
};

/**
 * Why a local variant may not replace a statutory timescale, or null when it may: it must be no
 * longer than the law's, or every tablet and every quarter's figures would call a breach in
 * time. Rules with no national timescale (child in need reviews) take any valid variant.
 */
export function statutoryLimitProblem(rule: TimescaleRule, spec: RuleSpec): string | null {
  const d = DEFAULT_TIMESCALES[rule];
  if (d.localPolicy) return null;
  const longer = spec.amount * NOMINAL_DAYS[spec.unit] > d.amount * NOMINAL_DAYS[d.unit] + 1e-9;
  if (!longer) return null;
  return `${d.label} is a statutory timescale (${describeRuleSpec(d)} from ${d.countsFrom}): a local timescale may be shorter, not longer than that`;
}

/** "15 working days", "90 days", "3 months". */
export function describeRuleSpec(spec: RuleSpec): string {
  const [one, many] = UNIT_WORDS[spec.unit];
  return `${spec.amount} ${spec.amount === 1 ? one : many}`;
}

/** The rule in force: the authority's variant when it has one, otherwise the default. */
export function ruleSpecFor(rule: TimescaleRule, local?: LocalTimescales): RuleSpec {
  // Checked against the list, not by lookup, so that "toString" is not mistaken for a rule.
  if (!(TIMESCALE_RULES as readonly string[]).includes(rule)) {
    throw new RangeError(
      `"${String(rule)}" is not a timescale rule; use one of ${TIMESCALE_RULES.join(', ')}`,
    );
  }
  const override = local?.[rule];
  if (override === undefined) {
    const { unit, amount } = DEFAULT_TIMESCALES[rule];
    return { unit, amount };
  }
  const parsed = ruleSpecSchema.safeParse(override);
  const problem = parsed.success
    ? statutoryLimitProblem(rule, parsed.data)
    : (parsed.error.issues[0]?.message ?? 'it is not a valid timescale');
  if (problem !== null) {
    throw new InvalidLocalTimescaleError(
      `The local timescale for "${rule}" is invalid: ${problem}`,
    );
  }
  return parsed.data!;
}

// ---------------------------------------------------------------------------------------------
// Due dates and timeliness

/** The last day on which the event is in time. Throws for dates outside the covered years. */
export function dueDate(rule: TimescaleRule, from: string, local?: LocalTimescales): string {
  const spec = ruleSpecFor(rule, local);
  assertCoveredDate(from);
  if (spec.unit === 'working-days') return addWorkingDays(from, spec.amount);
  const due = spec.unit === 'months' ? addMonths(from, spec.amount) : addDays(from, spec.amount);
  if (toDayNumber(due) > LAST_DAY) {
    throw new OutsideCoveredYearsError(
      `${describeRuleSpec(spec)} after ${from} is ${due}, past ${LAST_COVERED_DATE}. ${coveredRangeText()}`,
    );
  }
  return due;
}

export type Timeliness = {
  due: string;
  /** Held on or before the due date. */
  inTime: boolean;
  /** Calendar days after the due date; 0 when in time. */
  daysLate: number;
  /** The due date is a Saturday or Sunday: it stands, but the user should be warned. */
  dueOnWeekend: boolean;
};

/**
 * A meeting cannot be judged from a date after it: a review is not "in time" against the day the
 * child became looked after if that day came later (a slip in one of the two dates). Such a date
 * is a problem of the date entered (rules/meeting-timescale.ts `triggersAfterMeeting`), not a
 * judgement.
 */
export class TriggerAfterMeetingError extends RangeError {
  override readonly name = 'TriggerAfterMeetingError';
  readonly code = 'trigger-after-meeting';
}

/**
 * Whether the meeting held on `held` was in time by `rule`, counting from `from` (day 0). Throws
 * TriggerAfterMeetingError when `from` is after `held`: nothing held before the day it counts
 * from is judged, in time or late.
 */
export function timeliness(
  rule: TimescaleRule,
  from: string,
  held: string,
  local?: LocalTimescales,
): Timeliness {
  const due = dueDate(rule, from, local);
  assertCoveredDate(held);
  if (daysBetween(from, held) < 0) {
    throw new TriggerAfterMeetingError(
      `The meeting on ${held} cannot be judged from ${from}, which is after it`,
    );
  }
  const lateBy = daysBetween(due, held);
  return {
    due,
    inTime: lateBy <= 0,
    daysLate: Math.max(0, lateBy),
    dueOnWeekend: isWeekend(due),
  };
}

// ---------------------------------------------------------------------------------------------
// The timescales an observation is judged by

/**
 * Every rule in force under these local variants, unit and amount, as an observation is stamped
 * with them when it is first submitted (`submittedTimescales`): the authority's own where it has
 * one, the law's (or for child in need reviews the default) otherwise. The whole set, not just the
 * variants, so that what judged an observation stays what it was even if a later release changes
 * a default. A variant that is not valid (which reading the settings already drops) gives way to
 * the default, as it does everywhere else.
 */
export function timescalesInForce(local: LocalTimescales): Record<TimescaleRule, RuleSpec> {
  const inForce = {} as Record<TimescaleRule, RuleSpec>;
  // In the order of the names, so that equal sets are equal strings once stamped.
  for (const rule of [...TIMESCALE_RULES].sort()) {
    let spec: RuleSpec;
    try {
      spec = ruleSpecFor(rule, local);
    } catch {
      spec = ruleSpecFor(rule);
    }
    inForce[rule] = { amount: spec.amount, unit: spec.unit };
  }
  return inForce;
}

/** The stamp an observation carries from its first submission: `timescalesInForce` as JSON. */
export function timescalesStamp(local: LocalTimescales): string {
  return JSON.stringify(timescalesInForce(local));
}

// Every observation submitted under the same settings carries the same stamp, and reports read
// them by the thousand: each distinct stamp is parsed once (up to a bound, since a record's
// fields come from storage).
const STAMPS_KEPT = 1_000;
const parsedStamps = new Map<string, Readonly<LocalTimescales> | null>();

/**
 * The timescales a stamp holds, or null when there is no stamp (a draft, a record from before
 * stamps) or it is not one: anything but a string of JSON that `localTimescalesSchema` accepts.
 */
export function stampedTimescales(stamp: unknown): Readonly<LocalTimescales> | null {
  if (typeof stamp !== 'string') return null;
  const known = parsedStamps.get(stamp);
  if (known !== undefined) return known;
  let parsed: Readonly<LocalTimescales> | null = null;
  try {
    const result = localTimescalesSchema.safeParse(JSON.parse(stamp));
    if (result.success) {
      for (const spec of Object.values(result.data)) Object.freeze(spec);
      parsed = Object.freeze(result.data);
    }
  } catch {
    // Not JSON: not a stamp.
  }
  if (parsedStamps.size >= STAMPS_KEPT) parsedStamps.clear();
  parsedStamps.set(stamp, parsed);
  return parsed;
}

/** A field value that is a stamp, for the observation schema. */
export const timescalesStampSchema = z.string().refine((s) => stampedTimescales(s) !== null, {
  error: 'Must be the timescales in force, as the server stamps them',
});

/**
 * The timescales that judge an observation: the ones stamped on it at its first submission when
 * it has them, otherwise `current` (the authority's settings now: a draft, or a record a tablet
 * pulled before the server stamped it).
 */
export function judgedTimescales(stamp: unknown, current: LocalTimescales): LocalTimescales {
  return stampedTimescales(stamp) ?? current;
}

/** A date this module can work with, for validating input at a boundary before it arrives here. */
export const timescaleDateSchema = calendarDateSchema.refine(
  (date) => {
    if (!isCalendarDate(date)) return false;
    const day = toDayNumber(date);
    return day >= FIRST_DAY && day <= LAST_DAY;
  },
  { error: `Enter a date from ${FIRST_COVERED_DATE} to ${LAST_COVERED_DATE}` },
);

// ---------------------------------------------------------------------------------------------
// Social worker visits to a child in care (reg 28)

/**
 * Care Planning, Placement and Case Review (England) Regulations 2010, reg 28(2): the child's
 * social worker visits (a) within one week of the start of any placement, (b) at intervals of not
 * more than six weeks for the first year of the placement, and (c) thereafter at intervals of not
 * more than three months where the placement is intended to last until the child is 18, and six
 * weeks in any other case. Reg 28(3)-(6) (placement with a parent, temporary approval of a
 * connected person, a child not in the authority's own arrangements) and the six-monthly visits a
 * child in a long-term foster placement may agree to are not modelled.
 *
 * Counting as for R1-R10: the day the placement starts is day 0, a week is 7 calendar days, six
 * weeks 42, months are calendar months clamped to the month's last day, and a visit on its due
 * date is in time. Each visit's deadline runs from the visit before it as it actually happened,
 * as a later review runs from the previous review (R4, R7): a late visit restarts the interval
 * from its own date. The first year ends the day before `addMonths(start, 12)`; an interval runs
 * three-monthly only when the visit it counts from is on or after that day, so the last six-weekly
 * visit of the first year is followed by one at most six weeks later.
 */
export const REG28_VISIT_INTERVALS = Object.freeze({
  'first-visit': Object.freeze({ unit: 'calendar-days', amount: 7 }),
  'six-weekly': Object.freeze({ unit: 'calendar-days', amount: 42 }),
  'three-monthly': Object.freeze({ unit: 'months', amount: 3 }),
} satisfies Record<string, RuleSpec>);

export type VisitInterval = keyof typeof REG28_VISIT_INTERVALS;

export const REG28_VISITS_SOURCE = `${CARE_PLANNING_REGULATIONS}, reg 28(2)`;

export type Reg28Placement = {
  /** The day the placement started: day 0. */
  placementStart: string;
  /** The placement is intended to last until the child is 18 (reg 28(2)(c)(i)). */
  intendedUntil18: boolean;
};

export type NextVisit = {
  /** The last day on which the visit is in time. */
  due: string;
  /** The placement's start (for the first visit) or the visit it counts from. */
  countsFrom: string;
  interval: VisitInterval;
  dueOnWeekend: boolean;
};

export type VisitTimeliness = Timeliness & {
  visit: string;
  countsFrom: string;
  interval: VisitInterval;
};

export type VisitSchedule = {
  /** Each visit once, in date order, judged against the deadline set by the one before it. */
  visits: VisitTimeliness[];
  /** The visit due after the last one (or the first, when none is recorded). */
  next: NextVisit;
};

function visitDue(from: string, spec: RuleSpec): string {
  const due = spec.unit === 'months' ? addMonths(from, spec.amount) : addDays(from, spec.amount);
  if (toDayNumber(due) > LAST_DAY) {
    throw new OutsideCoveredYearsError(
      `${describeRuleSpec(spec)} after ${from} is ${due}, past ${LAST_COVERED_DATE}. ${coveredRangeText()}`,
    );
  }
  return due;
}

/**
 * The visit due next, given the last visit made in this placement (null for none yet). Throws a
 * RangeError for a visit before the placement started, and for dates outside the covered years.
 */
export function nextReg28Visit(placement: Reg28Placement, lastVisit: string | null): NextVisit {
  const { placementStart, intendedUntil18 } = placement;
  assertCoveredDate(placementStart);
  let interval: VisitInterval;
  let countsFrom: string;
  if (lastVisit === null) {
    interval = 'first-visit';
    countsFrom = placementStart;
  } else {
    assertCoveredDate(lastVisit);
    if (lastVisit < placementStart) {
      throw new RangeError(
        `The visit on ${lastVisit} is before the placement started on ${placementStart}`,
      );
    }
    const firstYearOver = lastVisit >= addMonths(placementStart, 12);
    interval = intendedUntil18 && firstYearOver ? 'three-monthly' : 'six-weekly';
    countsFrom = lastVisit;
  }
  const due = visitDue(countsFrom, REG28_VISIT_INTERVALS[interval]);
  return { due, countsFrom, interval, dueOnWeekend: isWeekend(due) };
}

/**
 * Every visit made in the placement judged against reg 28, and the next one due. The visits may
 * come in any order and repeat: two entries for one day are one visit.
 */
export function reg28VisitSchedule(
  placement: Reg28Placement,
  visits: readonly string[],
): VisitSchedule {
  const ordered = [...new Set(visits)].sort();
  const judged: VisitTimeliness[] = [];
  let previous: string | null = null;
  for (const visit of ordered) {
    // Every visit is checked (before the placement, outside the covered years) when the next
    // deadline is counted from it, in this loop or for `next`.
    const owed = nextReg28Visit(placement, previous);
    const lateBy = daysBetween(owed.due, visit);
    judged.push({
      visit,
      countsFrom: owed.countsFrom,
      interval: owed.interval,
      due: owed.due,
      inTime: lateBy <= 0,
      daysLate: Math.max(0, lateBy),
      dueOnWeekend: owed.dueOnWeekend,
    });
    previous = visit;
  }
  return { visits: judged, next: nextReg28Visit(placement, previous) };
}

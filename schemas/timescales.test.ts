import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutsideCoveredYearsError, bankHolidaysOf } from './calendar/bank-holidays';
import { InvalidCalendarDateError, addDays, fromDayNumber, toDayNumber } from './calendar/dates';
import {
  DEFAULT_TIMESCALES,
  InvalidLocalTimescaleError,
  TIMESCALE_RULES,
  TriggerAfterMeetingError,
  addWorkingDays,
  describeRuleSpec,
  dueDate,
  isWorkingDay,
  judgedTimescales,
  localTimescalesSchema,
  ruleSpecFor,
  ruleSpecSchema,
  stampedTimescales,
  timeliness,
  timescaleDateSchema,
  timescalesInForce,
  timescalesStamp,
  timescalesStampSchema,
} from './timescales';
import type { LocalTimescales, TimescaleRule } from './timescales';

const FC = { seed: 42, numRuns: 500 } as const;
const COVERED_MESSAGE = 'Dates from 2015-01-01 to 2035-12-31 are covered';

// Independent of the module: the built-in Date for the weekday, and the published holiday lists.
const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const weekdayName = (date: string): string =>
  WEEKDAY_NAMES[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? '?';

const FIRST = toDayNumber('2015-01-01');
const LAST = toDayNumber('2035-12-31');
// Leaves a year's headroom so that up to 200 working days never run off the end.
const dateArb = fc.integer({ min: FIRST, max: toDayNumber('2034-12-31') }).map(fromDayNumber);
const countArb = fc.integer({ min: 0, max: 200 });
// Starts late enough that a step back, or a held date up to 60 days before it, stays covered.
const laterDateArb = fc
  .integer({ min: toDayNumber('2015-03-15'), max: toDayNumber('2034-12-31') })
  .map(fromDayNumber);

/** Working days strictly after `from`, up to and including `to`, counted one day at a time. */
function countWorkingDaysAfter(from: string, to: string): number {
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) count += 1;
  return count;
}

describe('worked examples in domain.md section 3', () => {
  it('strategy discussion Fri 19 Dec 2025 -> ICPC due Wed 14 Jan 2026', () => {
    expect(weekdayName('2025-12-19')).toBe('Fri');
    expect(dueDate('icpc', '2025-12-19')).toBe('2026-01-14');
    expect(weekdayName('2026-01-14')).toBe('Wed');
    for (const skipped of ['2025-12-25', '2025-12-26', '2026-01-01']) {
      expect(isWorkingDay(skipped)).toBe(false);
    }
  });

  it('strategy discussion Fri 27 Mar 2026 -> ICPC due Tue 21 Apr 2026', () => {
    expect(weekdayName('2026-03-27')).toBe('Fri');
    expect(dueDate('icpc', '2026-03-27')).toBe('2026-04-21');
    expect(weekdayName('2026-04-21')).toBe('Tue');
    expect(isWorkingDay('2026-04-03')).toBe(false);
    expect(isWorkingDay('2026-04-06')).toBe(false);
  });

  it('ICPC Thu 2 Apr 2026 -> first core group due Mon 20 Apr 2026', () => {
    expect(weekdayName('2026-04-02')).toBe('Thu');
    expect(dueDate('first-core-group', '2026-04-02')).toBe('2026-04-20');
    expect(weekdayName('2026-04-20')).toBe('Mon');
  });

  it('looked after Mon 22 Dec 2025 -> first review due Thu 22 Jan 2026, not 4 weeks (19 Jan)', () => {
    expect(weekdayName('2025-12-22')).toBe('Mon');
    expect(dueDate('first-cla-review', '2025-12-22')).toBe('2026-01-22');
    expect(weekdayName('2026-01-22')).toBe('Thu');
    expect(addDays('2025-12-22', 28)).toBe('2026-01-19');
  });

  it('looked after Fri 18 Dec 2026 -> first review due Wed 20 Jan 2027', () => {
    expect(weekdayName('2026-12-18')).toBe('Fri');
    expect(dueDate('first-cla-review', '2026-12-18')).toBe('2027-01-20');
    expect(weekdayName('2027-01-20')).toBe('Wed');
    expect(isWorkingDay('2026-12-24')).toBe(true);
    expect(isWorkingDay('2026-12-28')).toBe(false);
    expect(isWorkingDay('2027-01-01')).toBe(false);
  });

  it('first CLA review Mon 31 Mar 2025 -> second due Mon 30 Jun 2025 (clamped)', () => {
    expect(weekdayName('2025-03-31')).toBe('Mon');
    expect(dueDate('second-cla-review', '2025-03-31')).toBe('2025-06-30');
    expect(weekdayName('2025-06-30')).toBe('Mon');
  });

  it('review conference Fri 29 Aug 2025 -> next due Sat 28 Feb 2026, flagged as a weekend', () => {
    expect(weekdayName('2025-08-29')).toBe('Fri');
    expect(dueDate('next-review-conference', '2025-08-29')).toBe('2026-02-28');
    expect(weekdayName('2026-02-28')).toBe('Sat');
    expect(timeliness('next-review-conference', '2025-08-29', '2026-02-27')).toEqual({
      due: '2026-02-28',
      inTime: true,
      daysLate: 0,
      dueOnWeekend: true,
    });
  });
});

describe('isWorkingDay', () => {
  it.each([
    ['2026-01-14', true],
    ['2026-01-17', false],
    ['2026-01-18', false],
    ['2025-12-24', true],
    ['2025-12-25', false],
    ['2025-12-26', false],
    ['2025-12-29', true],
    ['2022-09-19', false],
    ['2022-05-30', true],
    ['2020-05-04', true],
    ['2020-05-08', false],
  ])('%s is a working day: %s', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });

  it('agrees with "weekday and not a bank holiday" on every covered day', () => {
    const holidays = new Set<string>();
    for (let year = 2015; year <= 2035; year += 1) {
      for (const h of bankHolidaysOf(year)) holidays.add(h.date);
    }
    let days = 0;
    let mismatches = 0;
    const oneDay = 86_400_000;
    for (let t = Date.UTC(2015, 0, 1); t <= Date.UTC(2035, 11, 31); t += oneDay) {
      const d = new Date(t);
      const date = d.toISOString().slice(0, 10);
      const weekday = d.getUTCDay() !== 0 && d.getUTCDay() !== 6;
      if (isWorkingDay(date) !== (weekday && !holidays.has(date))) mismatches += 1;
      days += 1;
    }
    expect(days).toBe(7670);
    expect(mismatches).toBe(0);
  });

  // Weekdays in the year less its bank holidays, all of which fall on weekdays.
  it.each([
    [2020, 262 - 8],
    [2022, 260 - 10],
    [2023, 260 - 9],
    [2024, 262 - 8],
    [2025, 261 - 8],
    [2026, 261 - 8],
    [2027, 261 - 8],
  ])('%i has %i working days', (year, expected) => {
    expect(countWorkingDaysAfter(`${year - 1}-12-31`, `${year}-12-31`)).toBe(expected);
  });

  it.each(['2014-12-31', '2036-01-01'])('refuses %s, naming the covered range', (date) => {
    expect(() => isWorkingDay(date)).toThrow(OutsideCoveredYearsError);
    expect(() => isWorkingDay(date)).toThrow(RangeError);
    expect(() => isWorkingDay(date)).toThrow(`${COVERED_MESSAGE}; ${date} is outside them`);
  });

  it.each(['2026-02-30', '2026-2-3', '03/02/2026', ''])('refuses the malformed %j', (date) => {
    expect(() => isWorkingDay(date)).toThrow(InvalidCalendarDateError);
  });

  it('accepts the first and last covered days', () => {
    expect(isWorkingDay('2015-01-01')).toBe(false);
    expect(isWorkingDay('2015-01-02')).toBe(true);
    expect(isWorkingDay('2035-12-31')).toBe(true);
  });
});

describe('addWorkingDays', () => {
  it.each([
    ['2026-01-14', 0, '2026-01-14'],
    ['2026-01-17', 0, '2026-01-17'],
    ['2025-12-25', 0, '2025-12-25'],
    ['2026-01-14', 1, '2026-01-15'],
    ['2026-01-16', 1, '2026-01-19'],
    ['2026-01-17', 1, '2026-01-19'],
    ['2026-01-18', 1, '2026-01-19'],
    ['2025-12-24', 1, '2025-12-29'],
    ['2025-12-25', 1, '2025-12-29'],
    ['2026-04-02', 1, '2026-04-07'],
    ['2022-06-01', 1, '2022-06-06'],
    ['2015-01-01', 1, '2015-01-02'],
    ['2026-12-23', 1, '2026-12-24'],
    ['2026-12-23', 2, '2026-12-29'],
  ])('%s + %i working days = %s', (date, n, expected) => {
    expect(addWorkingDays(date, n)).toBe(expected);
  });

  it('reaches the last covered day but not beyond it', () => {
    expect(weekdayName('2035-12-27')).toBe('Thu');
    expect(addWorkingDays('2035-12-27', 2)).toBe('2035-12-31');
    expect(() => addWorkingDays('2035-12-27', 3)).toThrow(OutsideCoveredYearsError);
    expect(() => addWorkingDays('2035-12-27', 3)).toThrow(
      `3 working days after 2035-12-27 runs past 2035-12-31. ${COVERED_MESSAGE}; later bank holidays are not known`,
    );
    expect(() => addWorkingDays('2035-12-31', 1)).toThrow(RangeError);
  });

  it.each(['2014-12-31', '2036-01-01'])('refuses to start from %s, even with n = 0', (date) => {
    expect(() => addWorkingDays(date, 0)).toThrow(OutsideCoveredYearsError);
    expect(() => addWorkingDays(date, 5)).toThrow(`${COVERED_MESSAGE}; ${date} is outside them`);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses n = %s', (n) => {
    expect(() => addWorkingDays('2026-01-14', n)).toThrow(
      `The number of working days must be a whole number, 0 or more; got ${n}`,
    );
  });

  it('refuses a malformed date', () => {
    expect(() => addWorkingDays('2026-02-30', 1)).toThrow(InvalidCalendarDateError);
  });

  it('lands on a working day whenever n >= 1', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 200 }), (date, n) => {
        expect(isWorkingDay(addWorkingDays(date, n))).toBe(true);
      }),
      FC,
    );
  });

  it('has exactly n working days after the start, up to and including the result', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 60 }), (date, n) => {
        expect(countWorkingDaysAfter(date, addWorkingDays(date, n))).toBe(n);
      }),
      FC,
    );
  });

  it('is strictly increasing in n', () => {
    fc.assert(
      fc.property(dateArb, countArb, countArb, (date, a, b) => {
        fc.pre(a !== b);
        const [n, m] = a < b ? [a, b] : [b, a];
        expect(addWorkingDays(date, n) < addWorkingDays(date, m)).toBe(true);
      }),
      FC,
    );
  });

  // Because n = 0 returns the start unchanged, the law holds for every start and every split, not
  // only when the intermediate date is a working day.
  const halfCountArb = fc.integer({ min: 0, max: 120 });
  it('adds in steps the same as at once: add(add(d, a), b) = add(d, a + b)', () => {
    fc.assert(
      fc.property(dateArb, halfCountArb, halfCountArb, (date, a, b) => {
        expect(addWorkingDays(addWorkingDays(date, a), b)).toBe(addWorkingDays(date, a + b));
      }),
      FC,
    );
  });

  it('treats every non-working day like the working day before it', () => {
    fc.assert(
      fc.property(laterDateArb, fc.integer({ min: 1, max: 200 }), (date, n) => {
        let previous = addDays(date, -1);
        while (!isWorkingDay(previous)) previous = addDays(previous, -1);
        const fromPrevious = addWorkingDays(previous, n);
        if (isWorkingDay(date))
          expect(addWorkingDays(date, n)).toBe(addWorkingDays(previous, n + 1));
        else expect(addWorkingDays(date, n)).toBe(fromPrevious);
      }),
      { ...FC, examples: [['2015-01-03', 1]] },
    );
  });

  it('throws exactly when there are fewer than n working days left in the covered range', () => {
    const nearEnd = fc.integer({ min: toDayNumber('2035-06-01'), max: LAST }).map(fromDayNumber);
    fc.assert(
      fc.property(nearEnd, countArb, (date, n) => {
        const left = countWorkingDaysAfter(date, '2035-12-31');
        if (n <= left) expect(addWorkingDays(date, n) <= '2035-12-31').toBe(true);
        else expect(() => addWorkingDays(date, n)).toThrow(OutsideCoveredYearsError);
      }),
      FC,
    );
  });
});

describe('default rule table', () => {
  it('holds the rules of domain.md section 3', () => {
    const summary = Object.fromEntries(
      Object.entries(DEFAULT_TIMESCALES).map(([rule, d]) => [
        rule,
        [d.ref, d.unit, d.amount, d.localPolicy],
      ]),
    );
    expect(summary).toEqual({
      icpc: ['R1', 'working-days', 15, false],
      'first-core-group': ['R2', 'working-days', 10, false],
      'first-review-conference': ['R3', 'months', 3, false],
      'next-review-conference': ['R4', 'months', 6, false],
      'first-cla-review': ['R5', 'working-days', 20, false],
      'second-cla-review': ['R6', 'months', 3, false],
      'next-cla-review': ['R7', 'months', 6, false],
      assessment: ['R10', 'working-days', 45, false],
      'first-cin-review': ['R9', 'months', 3, true],
      'next-cin-review': ['R9', 'months', 6, true],
    });
    expect(Object.keys(DEFAULT_TIMESCALES).sort()).toEqual([...TIMESCALE_RULES].sort());
  });

  it('cites a source and gives a plain English label for every rule', () => {
    expect(DEFAULT_TIMESCALES['first-cla-review'].source).toBe(
      'Care Planning, Placement and Case Review (England) Regulations 2010, reg 33(1)',
    );
    expect(DEFAULT_TIMESCALES['second-cla-review'].source).toBe(
      'Care Planning, Placement and Case Review (England) Regulations 2010, reg 33(2)',
    );
    expect(DEFAULT_TIMESCALES.icpc.source).toBe(
      'Working Together to Safeguard Children (DfE, 2023)',
    );
    expect(DEFAULT_TIMESCALES.icpc.label).toBe('Initial child protection conference');
    expect(DEFAULT_TIMESCALES['first-cin-review'].source).toBe(
      'Local policy: there is no national timescale for child in need reviews',
    );
    for (const d of Object.values(DEFAULT_TIMESCALES)) {
      expect(d.label.length).toBeGreaterThan(10);
      expect(d.countsFrom.length).toBeGreaterThan(5);
      expect(d.source.length).toBeGreaterThan(10);
    }
  });

  it('every default passes the schema an authority setting must pass', () => {
    for (const d of Object.values(DEFAULT_TIMESCALES)) {
      expect(ruleSpecSchema.safeParse({ unit: d.unit, amount: d.amount }).success).toBe(true);
    }
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(DEFAULT_TIMESCALES)).toBe(true);
  });

  it.each([
    [{ unit: 'working-days', amount: 15 }, '15 working days'],
    [{ unit: 'working-days', amount: 1 }, '1 working day'],
    [{ unit: 'calendar-days', amount: 90 }, '90 days'],
    [{ unit: 'months', amount: 1 }, '1 month'],
    [{ unit: 'months', amount: 6 }, '6 months'],
  ] as const)('describes %j as "%s"', (spec, text) => {
    expect(describeRuleSpec(spec)).toBe(text);
  });
});

describe('dueDate', () => {
  it.each([
    ['icpc', '2026-01-14', '2026-02-04'],
    ['first-core-group', '2026-01-14', '2026-01-28'],
    ['first-review-conference', '2026-01-14', '2026-04-14'],
    ['next-review-conference', '2026-01-14', '2026-07-14'],
    ['first-cla-review', '2026-01-14', '2026-02-11'],
    ['second-cla-review', '2026-01-14', '2026-04-14'],
    ['next-cla-review', '2026-01-14', '2026-07-14'],
    ['assessment', '2026-01-14', '2026-03-18'],
    ['first-cin-review', '2026-01-14', '2026-04-14'],
    ['next-cin-review', '2026-01-14', '2026-07-14'],
    ['first-review-conference', '2025-11-30', '2026-02-28'],
    ['next-cla-review', '2023-08-31', '2024-02-29'],
  ] as const)('%s from %s is due %s', (rule, from, due) => {
    expect(dueDate(rule, from)).toBe(due);
  });

  it('counts from a trigger at a weekend', () => {
    expect(dueDate('first-core-group', '2026-01-17')).toBe('2026-01-30');
  });

  it.each(['2014-12-31', '2036-01-01'])('refuses a trigger on %s', (from) => {
    expect(() => dueDate('next-cla-review', from)).toThrow(OutsideCoveredYearsError);
    expect(() => dueDate('icpc', from)).toThrow(`${COVERED_MESSAGE}; ${from} is outside them`);
  });

  it('refuses a due date after the covered range, whatever the unit', () => {
    expect(dueDate('next-cla-review', '2035-06-30')).toBe('2035-12-30');
    expect(() => dueDate('next-cla-review', '2035-07-01')).toThrow(
      `6 months after 2035-07-01 is 2036-01-01, past 2035-12-31. ${COVERED_MESSAGE}`,
    );
    expect(() => dueDate('icpc', '2035-12-20')).toThrow(OutsideCoveredYearsError);
    expect(() =>
      dueDate('first-review-conference', '2035-12-01', {
        'first-review-conference': { unit: 'calendar-days', amount: 90 },
      }),
    ).toThrow(OutsideCoveredYearsError);
  });

  it('refuses a malformed trigger date', () => {
    expect(() => dueDate('icpc', '2026-02-30')).toThrow(InvalidCalendarDateError);
    expect(() => dueDate('next-cla-review', '1 Jan 2026')).toThrow(
      '"1 Jan 2026" is not a real date written as YYYY-MM-DD, like 2026-01-14',
    );
  });

  it.each(['visit', 'toString', ''])('refuses the unknown rule %j', (rule) => {
    expect(() => dueDate(rule as TimescaleRule, '2026-01-14')).toThrow(
      `"${rule}" is not a timescale rule; use one of icpc, first-core-group`,
    );
  });
});

describe('local overrides', () => {
  const southwark: LocalTimescales = {
    'first-review-conference': { unit: 'calendar-days', amount: 90 },
  };

  it('applies a 90 calendar day first review conference', () => {
    expect(dueDate('first-review-conference', '2026-03-01', southwark)).toBe('2026-05-30');
    expect(dueDate('first-review-conference', '2026-03-01')).toBe('2026-06-01');
  });

  it('differs from 3 months by as much as the months differ in length', () => {
    // 31 Jan + 3 months clamps to 30 Apr, 89 days; 90 days is a day later.
    expect(dueDate('first-review-conference', '2026-01-31')).toBe('2026-04-30');
    expect(dueDate('first-review-conference', '2026-01-31', southwark)).toBe('2026-05-01');
  });

  it('leaves the other rules alone', () => {
    expect(dueDate('next-review-conference', '2026-03-01', southwark)).toBe('2026-09-01');
    expect(dueDate('icpc', '2025-12-19', southwark)).toBe('2026-01-14');
    expect(ruleSpecFor('icpc', southwark)).toEqual({ unit: 'working-days', amount: 15 });
    expect(ruleSpecFor('first-review-conference', southwark)).toEqual({
      unit: 'calendar-days',
      amount: 90,
    });
  });

  it('lets an authority set its own child in need review cycle', () => {
    const local: LocalTimescales = {
      'first-cin-review': { unit: 'working-days', amount: 30 },
      'next-cin-review': { unit: 'months', amount: 3 },
    };
    expect(dueDate('first-cin-review', '2025-12-19', local)).toBe('2026-02-04');
    expect(dueDate('next-cin-review', '2025-11-30', local)).toBe('2026-02-28');
  });

  it('matches the plain arithmetic of each unit (a rule with no national timescale takes any)', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 200 }), (from, amount) => {
        const wd: LocalTimescales = { 'next-cin-review': { unit: 'working-days', amount } };
        const cd: LocalTimescales = { 'next-cin-review': { unit: 'calendar-days', amount } };
        expect(dueDate('next-cin-review', from, wd)).toBe(addWorkingDays(from, amount));
        expect(dueDate('next-cin-review', from, cd)).toBe(addDays(from, amount));
      }),
      FC,
    );
  });

  it('refuses an invalid variant passed without validation', () => {
    const bad = { icpc: { unit: 'weeks', amount: 3 } } as unknown as LocalTimescales;
    expect(() => dueDate('icpc', '2026-01-14', bad)).toThrow(InvalidLocalTimescaleError);
    expect(() => dueDate('icpc', '2026-01-14', bad)).toThrow(
      'The local timescale for "icpc" is invalid: Choose working days, calendar days or months',
    );
  });
});

describe('localTimescalesSchema', () => {
  it('accepts an empty setting and the 90 day variant', () => {
    expect(localTimescalesSchema.parse({})).toEqual({});
    expect(
      localTimescalesSchema.parse({
        'first-review-conference': { unit: 'calendar-days', amount: 90 },
      }),
    ).toEqual({ 'first-review-conference': { unit: 'calendar-days', amount: 90 } });
  });

  it('accepts a statutory timescale made shorter or restated in other units, and any child in need variant', () => {
    const ok: LocalTimescales = {
      'first-review-conference': { unit: 'calendar-days', amount: 90 },
      'first-cla-review': { unit: 'calendar-days', amount: 28 },
      icpc: { unit: 'working-days', amount: 10 },
      assessment: { unit: 'months', amount: 2 },
      'next-cla-review': { unit: 'calendar-days', amount: 182 },
      'first-cin-review': { unit: 'months', amount: 12 },
      'next-cin-review': { unit: 'working-days', amount: 260 },
    };
    expect(localTimescalesSchema.parse(ok)).toEqual(ok);
  });

  it.each([
    ['first-cla-review', { unit: 'working-days', amount: 60 }],
    ['first-cla-review', { unit: 'calendar-days', amount: 29 }],
    ['first-cla-review', { unit: 'months', amount: 1 }],
    ['icpc', { unit: 'working-days', amount: 16 }],
    ['first-review-conference', { unit: 'calendar-days', amount: 92 }],
    ['next-cla-review', { unit: 'months', amount: 7 }],
    ['assessment', { unit: 'calendar-days', amount: 64 }],
  ] as const)('refuses %s made longer than the law allows: %j', (rule, spec) => {
    const result = localTimescalesSchema.safeParse({ [rule]: spec });
    expect(result.success).toBe(false);
    const label = DEFAULT_TIMESCALES[rule].label;
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: [rule, 'amount'],
        message: expect.stringMatching(
          new RegExp(
            `^${label} is a statutory timescale \\(.+\\): a local timescale may be shorter, not longer than that$`,
          ),
        ),
      }),
    ]);
    // Passed without validation, it is refused where due dates are worked out.
    expect(() => dueDate(rule, '2026-01-14', { [rule]: spec })).toThrow(InvalidLocalTimescaleError);
  });

  it('in the statutory unit, accepts exactly the amounts up to the law’s', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TIMESCALE_RULES),
        fc.integer({ min: 1, max: 12 }),
        (rule, amount) => {
          const d = DEFAULT_TIMESCALES[rule];
          const scaled = d.unit === 'months' ? amount : amount * 5;
          const ok = localTimescalesSchema.safeParse({
            [rule]: { unit: d.unit, amount: scaled },
          }).success;
          expect(ok).toBe(d.localPolicy || scaled <= d.amount);
        },
      ),
      FC,
    );
  });

  it('a variant accepted for a statutory timescale is never due more than five days after the law’s date, whatever its unit', () => {
    const statutory = TIMESCALE_RULES.filter((r) => !DEFAULT_TIMESCALES[r].localPolicy);
    fc.assert(
      fc.property(
        fc.constantFrom(...statutory),
        fc.constantFrom('working-days', 'calendar-days', 'months') as fc.Arbitrary<
          'working-days' | 'calendar-days' | 'months'
        >,
        fc.integer({ min: 1, max: 200 }),
        dateArb,
        (rule, unit, raw, from) => {
          const spec = { unit, amount: unit === 'months' ? 1 + (raw % 12) : raw };
          const local = { [rule]: spec };
          if (!localTimescalesSchema.safeParse(local).success) return;
          const late = toDayNumber(dueDate(rule, from, local)) - toDayNumber(dueDate(rule, from));
          expect(late).toBeLessThanOrEqual(5);
        },
      ),
      FC,
    );
  });

  it.each([
    [{ 'home-visit': { unit: 'months', amount: 1 } }, 'Unrecognized key: "home-visit"'],
    [{ icpc: { unit: 'weeks', amount: 3 } }, 'Choose working days, calendar days or months'],
    [{ icpc: { unit: 'working-days', amount: 0 } }, 'A timescale must be at least 1'],
    [{ icpc: { unit: 'working-days', amount: 1.5 } }, 'Enter the timescale as a whole number'],
    [{ icpc: { unit: 'working-days', amount: '15' } }, 'Enter the timescale as a whole number'],
    [{ icpc: { unit: 'months', amount: 13 } }, 'A timescale in months must be 12 or fewer'],
    [{ icpc: { unit: 'calendar-days', amount: 367 } }, 'A timescale in days must be 366 or fewer'],
    [
      { icpc: { unit: 'working-days', amount: 261 } },
      'A timescale in working days must be 260 or fewer',
    ],
    [{ icpc: { unit: 'working-days', amount: 15, note: 'x' } }, 'Unrecognized key: "note"'],
  ])('rejects %j: %s', (value, message) => {
    const result = localTimescalesSchema.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toContain(message);
  });
});

describe('timeliness', () => {
  it('held before the due date is in time', () => {
    expect(timeliness('icpc', '2025-12-19', '2026-01-09')).toEqual({
      due: '2026-01-14',
      inTime: true,
      daysLate: 0,
      dueOnWeekend: false,
    });
  });

  it('held on the due date is in time', () => {
    expect(timeliness('icpc', '2025-12-19', '2026-01-14')).toEqual({
      due: '2026-01-14',
      inTime: true,
      daysLate: 0,
      dueOnWeekend: false,
    });
  });

  it('held the day after is late by one calendar day', () => {
    expect(timeliness('icpc', '2025-12-19', '2026-01-15')).toEqual({
      due: '2026-01-14',
      inTime: false,
      daysLate: 1,
      dueOnWeekend: false,
    });
  });

  it('counts lateness in calendar days, weekends included', () => {
    expect(timeliness('first-cla-review', '2025-12-22', '2026-02-02').daysLate).toBe(11);
  });

  it('keeps a weekend due date and flags it; the Monday after is late', () => {
    expect(timeliness('next-review-conference', '2025-08-29', '2026-02-28')).toEqual({
      due: '2026-02-28',
      inTime: true,
      daysLate: 0,
      dueOnWeekend: true,
    });
    expect(timeliness('next-review-conference', '2025-08-29', '2026-03-02')).toEqual({
      due: '2026-02-28',
      inTime: false,
      daysLate: 2,
      dueOnWeekend: true,
    });
  });

  it('flags a Sunday due date too', () => {
    expect(weekdayName('2026-05-03')).toBe('Sun');
    expect(timeliness('second-cla-review', '2026-02-03', '2026-04-30').due).toBe('2026-05-03');
    expect(timeliness('second-cla-review', '2026-02-03', '2026-04-30').dueOnWeekend).toBe(true);
  });

  it('uses the local variant', () => {
    const local: LocalTimescales = {
      'first-review-conference': { unit: 'calendar-days', amount: 90 },
    };
    expect(timeliness('first-review-conference', '2026-03-01', '2026-06-01', local)).toEqual({
      due: '2026-05-30',
      inTime: false,
      daysLate: 2,
      dueOnWeekend: true,
    });
    expect(timeliness('first-review-conference', '2026-03-01', '2026-06-01')).toEqual({
      due: '2026-06-01',
      inTime: true,
      daysLate: 0,
      dueOnWeekend: false,
    });
  });

  it('is in time exactly when held on or before the due date', () => {
    const rules = fc.constantFrom(...TIMESCALE_RULES);
    const offset = fc.integer({ min: -60, max: 60 });
    fc.assert(
      fc.property(rules, laterDateArb, offset, (rule, from, delta) => {
        const due = dueDate(rule, from);
        const held = addDays(due, delta);
        // Held before the day it counts from: not judged at all (below).
        fc.pre(held >= from);
        const result = timeliness(rule, from, held);
        expect(result.due).toBe(due);
        expect(result.inTime).toBe(delta <= 0);
        expect(result.daysLate).toBe(Math.max(0, delta));
      }),
      FC,
    );
  });

  it('never judges a meeting held before the day it counts from', () => {
    expect(() => timeliness('first-cla-review', '2026-02-01', '2026-01-23')).toThrow(
      TriggerAfterMeetingError,
    );
    expect(timeliness('first-cla-review', '2026-01-23', '2026-01-23').inTime).toBe(true);
    fc.assert(
      fc.property(
        fc.constantFrom(...TIMESCALE_RULES),
        laterDateArb,
        fc.integer({ min: 1, max: 60 }),
        (rule, from, before) => {
          expect(() => timeliness(rule, from, addDays(from, -before))).toThrow(
            TriggerAfterMeetingError,
          );
        },
      ),
      FC,
    );
  });

  it('refuses a malformed or uncovered held date', () => {
    expect(() => timeliness('icpc', '2025-12-19', '2026-01-32')).toThrow(InvalidCalendarDateError);
    expect(() => timeliness('icpc', '2035-12-01', '2036-01-02')).toThrow(
      `${COVERED_MESSAGE}; 2036-01-02 is outside them`,
    );
  });
});

describe('timescaleDateSchema', () => {
  it('accepts a covered date', () => {
    expect(timescaleDateSchema.parse('2026-01-14')).toBe('2026-01-14');
  });

  it.each([
    ['2014-12-31', 'Enter a date from 2015-01-01 to 2035-12-31'],
    ['2036-01-01', 'Enter a date from 2015-01-01 to 2035-12-31'],
    ['2026-02-30', 'Enter a real date in the format YYYY-MM-DD, like 2026-01-14'],
    [42, 'Enter a real date in the format YYYY-MM-DD, like 2026-01-14'],
  ])('rejects %j with "%s"', (value, message) => {
    const result = timescaleDateSchema.safeParse(value);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([message]);
  });
});

describe('the timescales an observation is judged by (its stamp)', () => {
  const UNITS = ['working-days', 'calendar-days', 'months'] as const;
  // Any setting an administrator could save: for each rule, no variant or one the law allows.
  const localArb: fc.Arbitrary<LocalTimescales> = fc
    .array(
      fc.tuple(
        fc.constantFrom(...TIMESCALE_RULES),
        fc.constantFrom(...UNITS),
        fc.integer({ min: 1, max: 260 }),
      ),
      { maxLength: TIMESCALE_RULES.length * 2 },
    )
    .map((entries) => {
      const local: LocalTimescales = {};
      for (const [rule, unit, raw] of entries) {
        const amount = unit === 'months' ? 1 + (raw % 12) : raw;
        const candidate = { ...local, [rule]: { unit, amount } };
        if (localTimescalesSchema.safeParse(candidate).success) Object.assign(local, candidate);
      }
      return local;
    });
  const NINETY: LocalTimescales = {
    'first-review-conference': { unit: 'calendar-days', amount: 90 },
  };

  it('holds every rule, the authority’s variant where it has one and the default otherwise, named in order', () => {
    const inForce = timescalesInForce(NINETY);
    expect(Object.keys(inForce)).toEqual([...TIMESCALE_RULES].sort());
    for (const rule of TIMESCALE_RULES) {
      const { unit, amount } = DEFAULT_TIMESCALES[rule];
      expect(inForce[rule]).toEqual(
        rule === 'first-review-conference'
          ? { unit: 'calendar-days', amount: 90 }
          : { unit, amount },
      );
    }
    expect(JSON.parse(timescalesStamp({}))).toEqual(
      Object.fromEntries(
        TIMESCALE_RULES.map((r) => [
          r,
          { unit: DEFAULT_TIMESCALES[r].unit, amount: DEFAULT_TIMESCALES[r].amount },
        ]),
      ),
    );
  });

  it('is the same text for the same timescales, whatever order they were set in', () => {
    const a: LocalTimescales = {
      icpc: { unit: 'working-days', amount: 10 },
      'first-review-conference': { unit: 'calendar-days', amount: 90 },
    };
    const b: LocalTimescales = {
      'first-review-conference': { amount: 90, unit: 'calendar-days' } as never,
      icpc: { amount: 10, unit: 'working-days' } as never,
    };
    expect(timescalesStamp(a)).toBe(timescalesStamp(b));
    // Restating the default is the default.
    expect(timescalesStamp({ icpc: { unit: 'working-days', amount: 15 } })).toBe(
      timescalesStamp({}),
    );
    expect(timescalesStamp(NINETY)).not.toBe(timescalesStamp({}));
  });

  it('a variant that is not valid gives way to the default, as it does wherever due dates are worked out from settings', () => {
    const tooLong = { 'first-cla-review': { unit: 'working-days', amount: 60 } } as const;
    expect(timescalesInForce(tooLong)['first-cla-review']).toEqual({
      unit: 'working-days',
      amount: 20,
    });
  });

  it('read back, gives every due date the settings it was made from give', () => {
    fc.assert(
      fc.property(
        localArb,
        fc.constantFrom(...TIMESCALE_RULES),
        laterDateArb,
        (local, rule, from) => {
          const stamped = stampedTimescales(timescalesStamp(local));
          expect(stamped).not.toBeNull();
          expect(localTimescalesSchema.safeParse(stamped).success).toBe(true);
          expect(dueDate(rule, from, stamped!)).toBe(dueDate(rule, from, local));
        },
      ),
      FC,
    );
  });

  it('read back, is frozen, and read once per distinct stamp', () => {
    const stamp = timescalesStamp(NINETY);
    const read = stampedTimescales(stamp)!;
    expect(stampedTimescales(timescalesStamp(NINETY))).toBe(read);
    expect(Object.isFrozen(read)).toBe(true);
    expect(Object.isFrozen(read['first-review-conference'])).toBe(true);
  });

  it('a stamp written before a rule existed leaves that rule to its default', () => {
    const older = JSON.stringify({ icpc: { amount: 10, unit: 'working-days' } });
    expect(stampedTimescales(older)).toEqual({ icpc: { unit: 'working-days', amount: 10 } });
    expect(dueDate('first-cla-review', '2025-12-22', stampedTimescales(older)!)).toBe('2026-01-22');
  });

  it.each([
    ['nothing', undefined],
    ['null', null],
    ['a number', 3],
    ['true', true],
    ['an object, not its text', { icpc: { unit: 'working-days', amount: 10 } }],
    ['empty text', ''],
    ['text that is not JSON', 'first review within 90 days'],
    ['JSON that is not an object', '[1,2]'],
    ['JSON null', 'null'],
    ['a rule that does not exist', '{"home-visit":{"amount":1,"unit":"months"}}'],
    ['a unit that does not exist', '{"icpc":{"amount":3,"unit":"weeks"}}'],
    ['an amount that is not whole', '{"icpc":{"amount":1.5,"unit":"working-days"}}'],
    ['a field too many', '{"icpc":{"amount":10,"note":"x","unit":"working-days"}}'],
    [
      'a statutory timescale made longer',
      '{"first-cla-review":{"amount":60,"unit":"working-days"}}',
    ],
  ])('%s is not a stamp', (_, value) => {
    expect(stampedTimescales(value)).toBeNull();
    expect(judgedTimescales(value, NINETY)).toBe(NINETY);
    expect(timescalesStampSchema.safeParse(value).success).toBe(false);
  });

  it('judges by the stamp when there is one, whatever the settings now; otherwise by the settings now', () => {
    fc.assert(
      fc.property(localArb, localArb, (then, now) => {
        const stamp = timescalesStamp(then);
        expect(timescalesStampSchema.safeParse(stamp).success).toBe(true);
        expect(timescalesStamp(judgedTimescales(stamp, now))).toBe(stamp);
        expect(judgedTimescales(undefined, now)).toBe(now);
      }),
      FC,
    );
    // The worked case: a first review conference held 10 July 2026, the initial one 10 April.
    const held = '2026-07-10';
    const underThreeMonths = judgedTimescales(timescalesStamp({}), NINETY);
    expect(
      timeliness('first-review-conference', '2026-04-10', held, underThreeMonths),
    ).toMatchObject({ due: '2026-07-10', inTime: true });
    expect(
      timeliness(
        'first-review-conference',
        '2026-04-10',
        held,
        judgedTimescales(undefined, NINETY),
      ),
    ).toMatchObject({ due: '2026-07-09', inTime: false, daysLate: 1 });
  });
});

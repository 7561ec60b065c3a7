import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutsideCoveredYearsError } from './calendar/bank-holidays';
import {
  InvalidCalendarDateError,
  addDays,
  daysBetween,
  fromDayNumber,
  toDayNumber,
} from './calendar/dates';
import { nextReg28Visit, reg28VisitSchedule } from './timescales';
import type { Reg28Placement, VisitSchedule } from './timescales';

// Social worker visits to a child in care, Care Planning, Placement and Case Review (England)
// Regulations 2010, reg 28(2): within 1 week of the placement, at most every 6 weeks in its first
// year, then every 3 months if it is intended to last until 18, otherwise still every 6 weeks.

const FC = { seed: 28, numRuns: 300 } as const;

// Independent of the module: the built-in Date for the weekday.
const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const weekdayName = (date: string): string =>
  WEEKDAY_NAMES[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? '?';

const shortTerm = (placementStart: string): Reg28Placement => ({
  placementStart,
  intendedUntil18: false,
});
const longTerm = (placementStart: string): Reg28Placement => ({
  placementStart,
  intendedUntil18: true,
});

describe('worked cases', () => {
  it('placement Mon 5 Jan 2026 with no visit yet -> first visit due Mon 12 Jan 2026 (day 7)', () => {
    expect(weekdayName('2026-01-05')).toBe('Mon');
    expect(reg28VisitSchedule(shortTerm('2026-01-05'), [])).toEqual({
      visits: [],
      next: {
        due: '2026-01-12',
        countsFrom: '2026-01-05',
        interval: 'first-visit',
        dueOnWeekend: false,
      },
    });
    expect(weekdayName('2026-01-12')).toBe('Mon');
  });

  it('a visit on the due date is in time; the day after is 1 day late', () => {
    const onTheDay = reg28VisitSchedule(shortTerm('2026-01-05'), ['2026-01-12']).visits[0];
    expect(onTheDay).toMatchObject({ due: '2026-01-12', inTime: true, daysLate: 0 });
    const dayAfter = reg28VisitSchedule(shortTerm('2026-01-05'), ['2026-01-13']).visits[0];
    expect(dayAfter).toMatchObject({ due: '2026-01-12', inTime: false, daysLate: 1 });
  });

  it('a visit on the day of the placement (day 0) is in time', () => {
    const [visit] = reg28VisitSchedule(shortTerm('2026-01-05'), ['2026-01-05']).visits;
    expect(visit).toMatchObject({ visit: '2026-01-05', inTime: true, daysLate: 0 });
  });

  it('then every 6 weeks (42 days) from the visit before: 12 Jan 2026 -> 23 Feb 2026', () => {
    const schedule = reg28VisitSchedule(shortTerm('2026-01-05'), ['2026-01-12', '2026-02-23']);
    expect(schedule.visits[1]).toMatchObject({
      countsFrom: '2026-01-12',
      interval: 'six-weekly',
      due: '2026-02-23',
      inTime: true,
    });
    expect(schedule.next).toMatchObject({ countsFrom: '2026-02-23', due: '2026-04-06' });
  });

  it('a late visit restarts the interval from its own date, as a late review does (R4, R7)', () => {
    const schedule = reg28VisitSchedule(shortTerm('2026-01-05'), ['2026-01-12', '2026-03-02']);
    expect(schedule.visits[1]).toMatchObject({
      visit: '2026-03-02',
      due: '2026-02-23',
      inTime: false,
      daysLate: 7,
    });
    // 13 Apr (42 days after the late visit), not 6 Apr (42 days after the missed due date).
    expect(schedule.next.due).toBe('2026-04-13');
    expect(weekdayName('2026-04-13')).toBe('Mon');
  });

  it('a whole placement, judged visit by visit', () => {
    const schedule = reg28VisitSchedule(shortTerm('2026-01-05'), [
      '2026-01-09',
      '2026-02-20',
      '2026-04-10',
    ]);
    expect(schedule).toEqual({
      visits: [
        {
          visit: '2026-01-09',
          countsFrom: '2026-01-05',
          interval: 'first-visit',
          due: '2026-01-12',
          inTime: true,
          daysLate: 0,
          dueOnWeekend: false,
        },
        {
          visit: '2026-02-20',
          countsFrom: '2026-01-09',
          interval: 'six-weekly',
          due: '2026-02-20',
          inTime: true,
          daysLate: 0,
          dueOnWeekend: false,
        },
        {
          visit: '2026-04-10',
          countsFrom: '2026-02-20',
          interval: 'six-weekly',
          due: '2026-04-03',
          inTime: false,
          daysLate: 7,
          dueOnWeekend: false,
        },
      ],
      next: {
        due: '2026-05-22',
        countsFrom: '2026-04-10',
        interval: 'six-weekly',
        dueOnWeekend: false,
      },
    } satisfies VisitSchedule);
  });

  it('after the first year a placement meant to last until 18 moves to 3-monthly visits', () => {
    // Placed Mon 5 Jan 2026: the first year ends on Mon 4 Jan 2027.
    expect(nextReg28Visit(longTerm('2026-01-05'), '2027-01-05')).toEqual({
      due: '2027-04-05',
      countsFrom: '2027-01-05',
      interval: 'three-monthly',
      dueOnWeekend: false,
    });
    expect(weekdayName('2027-04-05')).toBe('Mon');
  });

  it('a visit on the last day of the first year is still followed by one within 6 weeks', () => {
    expect(nextReg28Visit(longTerm('2026-01-05'), '2027-01-04')).toMatchObject({
      due: '2027-02-15',
      interval: 'six-weekly',
    });
  });

  it('any other placement stays 6-weekly after the first year (reg 28(2)(c)(ii))', () => {
    expect(nextReg28Visit(shortTerm('2026-01-05'), '2027-01-05')).toMatchObject({
      due: '2027-02-16',
      interval: 'six-weekly',
    });
    expect(nextReg28Visit(shortTerm('2026-01-05'), '2031-06-01')).toMatchObject({
      due: '2031-07-13',
      interval: 'six-weekly',
    });
  });

  it('3 months are calendar months, clamped: 31 Mar 2027 -> 30 Jun 2027', () => {
    expect(weekdayName('2027-03-31')).toBe('Wed');
    expect(nextReg28Visit(longTerm('2026-03-01'), '2027-03-31')).toMatchObject({
      due: '2027-06-30',
      interval: 'three-monthly',
    });
    expect(weekdayName('2027-06-30')).toBe('Wed');
  });

  it('clamped into a leap February: 30 Nov 2027 -> 29 Feb 2028', () => {
    expect(nextReg28Visit(longTerm('2026-03-01'), '2027-11-30').due).toBe('2028-02-29');
  });

  it('clamped into an ordinary February at a weekend: 30 Nov 2025 -> Sat 28 Feb 2026, flagged', () => {
    expect(nextReg28Visit(longTerm('2024-10-01'), '2025-11-30')).toEqual({
      due: '2026-02-28',
      countsFrom: '2025-11-30',
      interval: 'three-monthly',
      dueOnWeekend: true,
    });
    expect(weekdayName('2026-02-28')).toBe('Sat');
  });

  it('a placement from 29 Feb 2028: its first year ends on 27 Feb 2029 (12 months, clamped)', () => {
    expect(nextReg28Visit(longTerm('2028-02-29'), '2029-02-27').interval).toBe('six-weekly');
    expect(nextReg28Visit(longTerm('2028-02-29'), '2029-02-28')).toMatchObject({
      due: '2029-05-28',
      interval: 'three-monthly',
    });
  });

  it('a due date at a weekend stands and is flagged', () => {
    // Placed Sat 3 Jan 2026: the first visit is due Sat 10 Jan.
    expect(weekdayName('2026-01-10')).toBe('Sat');
    expect(nextReg28Visit(shortTerm('2026-01-03'), null)).toMatchObject({
      due: '2026-01-10',
      dueOnWeekend: true,
    });
  });

  it('the same day entered twice, or the visits out of order, give the same answer', () => {
    const once = reg28VisitSchedule(shortTerm('2026-01-05'), ['2026-01-09', '2026-02-20']);
    expect(
      reg28VisitSchedule(shortTerm('2026-01-05'), ['2026-02-20', '2026-01-09', '2026-02-20']),
    ).toEqual(once);
    expect(once.visits).toHaveLength(2);
  });

  it('refuses a visit before the placement started', () => {
    expect(() => reg28VisitSchedule(shortTerm('2026-01-05'), ['2026-01-04'])).toThrow(
      'The visit on 2026-01-04 is before the placement started on 2026-01-05',
    );
    expect(() => nextReg28Visit(shortTerm('2026-01-05'), '2025-12-31')).toThrow(RangeError);
  });

  it('refuses dates outside the covered years, and a due date past them', () => {
    expect(() => nextReg28Visit(shortTerm('2014-12-31'), null)).toThrow(OutsideCoveredYearsError);
    expect(() => nextReg28Visit(shortTerm('2035-01-01'), '2035-12-01')).toThrow(
      OutsideCoveredYearsError,
    );
    expect(() => reg28VisitSchedule(longTerm('2034-01-01'), ['2035-11-01'])).toThrow(
      OutsideCoveredYearsError,
    );
    expect(() => nextReg28Visit(shortTerm('2026-02-30'), null)).toThrow(InvalidCalendarDateError);
  });
});

describe('properties', () => {
  const startArb = fc
    .integer({ min: toDayNumber('2015-01-01'), max: toDayNumber('2031-12-31') })
    .map(fromDayNumber);
  // Up to about three years into the placement, so both sides of the first year are reached.
  const offsetsArb = fc.array(fc.integer({ min: 0, max: 1100 }), { maxLength: 25 });
  const placementArb = fc.record({ placementStart: startArb, intendedUntil18: fc.boolean() });
  const visitsOf = (start: string, offsets: readonly number[]) =>
    offsets.map((n) => addDays(start, n));

  it('order and repetition do not matter', () => {
    fc.assert(
      fc.property(
        placementArb,
        offsetsArb,
        fc.array(fc.nat(), { maxLength: 25 }),
        (placement, offsets, repeats) => {
          const visits = visitsOf(placement.placementStart, offsets);
          // Every visit again (some of them twice), reversed and interleaved.
          const noisy = [
            ...visits,
            ...repeats.flatMap((r) => (visits.length ? [visits[r % visits.length]!] : [])),
          ].reverse();
          expect(reg28VisitSchedule(placement, noisy)).toEqual(
            reg28VisitSchedule(placement, visits),
          );
        },
      ),
      FC,
    );
  });

  it('each distinct visit is judged once, in date order, against the visit before it', () => {
    fc.assert(
      fc.property(placementArb, offsetsArb, (placement, offsets) => {
        const { visits, next } = reg28VisitSchedule(
          placement,
          visitsOf(placement.placementStart, offsets),
        );
        const distinct = [...new Set(offsets)].sort((a, b) => a - b);
        expect(visits.map((v) => v.visit)).toEqual(visitsOf(placement.placementStart, distinct));
        visits.forEach((v, i) => {
          expect(v.countsFrom).toBe(i === 0 ? placement.placementStart : visits[i - 1]!.visit);
          expect(v.interval === 'first-visit').toBe(i === 0);
          const lateBy = daysBetween(v.due, v.visit);
          expect(v.inTime).toBe(lateBy <= 0);
          expect(v.daysLate).toBe(Math.max(0, lateBy));
        });
        expect(next.countsFrom).toBe(visits.at(-1)?.visit ?? placement.placementStart);
      }),
      FC,
    );
  });

  it('intervals: 7 days first, then 42 days, and 3 months only after the first year of a placement meant to last until 18', () => {
    fc.assert(
      fc.property(placementArb, fc.option(fc.integer({ min: 0, max: 1100 })), (p, offset) => {
        const last = offset === null ? null : addDays(p.placementStart, offset);
        const next = nextReg28Visit(p, last);
        const days = daysBetween(next.countsFrom, next.due);
        if (last === null) {
          expect([next.interval, days]).toEqual(['first-visit', 7]);
        } else if (p.intendedUntil18 && daysBetween(p.placementStart, last) >= 366) {
          // At least a year in, so past the first year whatever the leap days.
          expect(next.interval).toBe('three-monthly');
          expect(days).toBeGreaterThanOrEqual(89);
          expect(days).toBeLessThanOrEqual(92);
        } else if (!p.intendedUntil18 || daysBetween(p.placementStart, last) < 365) {
          expect([next.interval, days]).toEqual(['six-weekly', 42]);
        }
      }),
      FC,
    );
  });

  it('an extra visit never makes another visit late', () => {
    fc.assert(
      fc.property(
        placementArb,
        offsetsArb,
        fc.integer({ min: 0, max: 1100 }),
        (placement, offsets, extra) => {
          const visits = visitsOf(placement.placementStart, offsets);
          const before = reg28VisitSchedule(placement, visits);
          const after = reg28VisitSchedule(placement, [
            ...visits,
            addDays(placement.placementStart, extra),
          ]);
          for (const v of before.visits) {
            const same = after.visits.find((w) => w.visit === v.visit)!;
            expect(same.due >= v.due).toBe(true);
            if (v.inTime) expect(same.inTime).toBe(true);
          }
        },
      ),
      FC,
    );
  });
});

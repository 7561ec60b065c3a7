import { describe, expect, test } from 'vitest';
import {
  calendarDateWords,
  londonDateOf,
  londonDateTimeOf,
  londonDayMonthWordsOf,
  londonDayWordsOf,
  londonHour,
  londonInstant,
  londonShortDateTimeOf,
  londonTimeOnDayWordsOf,
  londonTimeOf,
  londonTimeWords,
} from './london-time';

describe('London wall-clock time', () => {
  test('winter is UTC, summer is an hour ahead', () => {
    expect(londonInstant('2026-01-15', '09:30')).toBe('2026-01-15T09:30:00.000Z');
    expect(londonInstant('2026-07-15', '09:30')).toBe('2026-07-15T08:30:00.000Z');
  });
  test('round trip through the clock change', () => {
    for (const [date, time] of [
      ['2026-03-29', '03:15'],
      ['2026-10-25', '00:30'],
      ['2026-12-31', '23:59'],
    ] as const) {
      const at = new Date(londonInstant(date, time));
      expect([londonDateOf(at), londonTimeOf(at)]).toEqual([date, time]);
    }
  });
});

test('a moment in words, as London read it: summer time, then winter', () => {
  expect(londonDateTimeOf('2026-05-03T10:30:00.000Z')).toBe('3 May 2026 at 11:30am');
  expect(londonDateTimeOf(new Date('2026-12-06T22:38:00.000Z'))).toBe('6 December 2026 at 10:38pm');
});

// GOV.UK style: "7 December 2026 at 10:20am"; 10am, 2:05pm, midday and midnight; London's own
// clock either side of the changes to and from British Summer Time.
describe('times in words (GOV.UK style), on London clocks', () => {
  test.each([
    ['2026-12-07T10:20:00Z', '10:20am', '7 December 2026 at 10:20am'],
    ['2026-12-07T10:00:00Z', '10am', '7 December 2026 at 10am'],
    ['2026-12-07T14:05:00Z', '2:05pm', '7 December 2026 at 2:05pm'],
    ['2026-12-07T12:00:00Z', 'midday', '7 December 2026 at midday'],
    ['2026-12-07T12:30:00Z', '12:30pm', '7 December 2026 at 12:30pm'],
    ['2026-12-07T00:00:00Z', 'midnight', '7 December 2026 at midnight'],
    ['2026-12-07T00:05:00Z', '12:05am', '7 December 2026 at 12:05am'],
    ['2026-12-07T23:59:00Z', '11:59pm', '7 December 2026 at 11:59pm'],
    // Summer: an hour ahead of UTC, so 23:00 UTC is midnight of the next London day.
    ['2026-07-01T11:00:00Z', 'midday', '1 July 2026 at midday'],
    ['2026-06-30T23:00:00Z', 'midnight', '1 July 2026 at midnight'],
    // Clocks go forward at 1am GMT on 29 March 2026: 12:59am, then 2am.
    ['2026-03-29T00:59:00Z', '12:59am', '29 March 2026 at 12:59am'],
    ['2026-03-29T01:00:00Z', '2am', '29 March 2026 at 2am'],
    // Clocks go back at 2am BST on 25 October 2026: 1:30am comes twice.
    ['2026-10-25T00:30:00Z', '1:30am', '25 October 2026 at 1:30am'],
    ['2026-10-25T01:30:00Z', '1:30am', '25 October 2026 at 1:30am'],
    ['2026-10-25T02:00:00Z', '2am', '25 October 2026 at 2am'],
  ])('%s is %s, %s', (at, time, dateTime) => {
    expect(londonTimeWords(new Date(at))).toBe(time);
    expect(londonDateTimeOf(at)).toBe(dateTime);
  });

  test('in a table, where space is short: the month cut to 3 letters', () => {
    expect(londonShortDateTimeOf('2026-12-07T10:18:00Z')).toBe('7 Dec 2026 at 10:18am');
    expect(londonShortDateTimeOf('2026-09-07T11:00:00Z')).toBe('7 Sep 2026 at midday');
  });

  test('the London day of an instant, in words: in summer, 11:30pm UTC is the next day', () => {
    expect(londonDayWordsOf('2026-06-30T23:30:00Z')).toBe('1 July 2026');
    expect(londonDayWordsOf('2026-12-31T23:30:00Z')).toBe('31 December 2026');
  });

  test('the 24-hour time a time field takes is unchanged', () => {
    expect(londonTimeOf(new Date('2026-12-07T14:05:00Z'))).toBe('14:05');
  });
});

describe('the London calendar day and hour of an instant', () => {
  test('at 11:30pm UTC: the same day in winter, the next in summer time', () => {
    expect(londonDateOf('2026-12-01T23:30:00.000Z')).toBe('2026-12-01');
    expect(londonDateOf('2026-10-24T23:30:00.000Z')).toBe('2026-10-25');
    expect(londonDateOf('2026-10-25T23:30:00.000Z')).toBe('2026-10-25');
    expect(londonDateOf('2026-03-28T23:30:00.000Z')).toBe('2026-03-28');
    expect(londonDateOf('2026-03-29T23:30:00.000Z')).toBe('2026-03-30');
    expect(londonDateOf(new Date('2026-03-29T23:30:00.000Z'))).toBe('2026-03-30');
  });

  test('the hour, 0 to 23, on London clocks', () => {
    expect(londonHour(new Date('2026-12-07T08:00:00Z'))).toBe(8);
    expect(londonHour(new Date('2026-07-06T07:00:00Z'))).toBe(8);
    expect(londonHour(new Date('2026-06-30T23:00:00Z'))).toBe(0);
    expect(londonHour(new Date('2026-12-07T23:59:00Z'))).toBe(23);
  });

  test('the day and month alone, where the year goes without saying', () => {
    expect(londonDayMonthWordsOf('2026-06-30T23:30:00Z')).toBe('1 July');
  });
});

test('a calendar date with its weekday, whatever the time zone', () => {
  expect(calendarDateWords('2026-11-30')).toBe('Monday 30 November 2026');
  expect(calendarDateWords('2026-03-29')).toBe('Sunday 29 March 2026');
});

test('the time, then the London day with its weekday: for an email read anywhere', () => {
  expect(londonTimeOnDayWordsOf('2026-05-05T13:05:00Z')).toBe('2:05pm on Tuesday 5 May 2026');
  expect(londonTimeOnDayWordsOf('2026-06-30T23:00:00Z')).toBe('midnight on Wednesday 1 July 2026');
  expect(londonTimeOnDayWordsOf(new Date('2026-12-07T12:00:00Z'))).toBe(
    'midday on Monday 7 December 2026',
  );
});

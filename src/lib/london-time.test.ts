import { describe, expect, test } from 'vitest';
import { londonDateOf, londonDateTimeOf, londonInstant, londonTimeOf } from './london-time';

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
  expect(londonDateTimeOf('2026-05-03T10:30:00.000Z')).toBe('3 May 2026 at 11:30');
  expect(londonDateTimeOf(new Date('2026-12-06T22:38:00.000Z'))).toBe('6 December 2026 at 22:38');
});

import { describe, expect, test } from 'vitest';
import { londonDateOf, londonInstant, londonTimeOf } from './london-time';

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

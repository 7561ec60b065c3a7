import { describe, expect, it } from 'vitest';
import { formatDate, formatInstant, formatMonth } from './london-time';

describe('dates in words (GOV.UK style)', () => {
  it.each([
    ['2026-03-27', '27 March 2026'],
    ['2026-12-01', '1 December 2026'],
    ['not a date', 'not a date'],
  ])('formatDate(%s) is %s', (date, words) => expect(formatDate(date)).toBe(words));

  it.each([
    ['2026-10', 'October 2026'],
    ['2027-01-31', 'January 2027'],
    ['soon', 'soon'],
  ])('formatMonth(%s) is %s', (month, words) => expect(formatMonth(month)).toBe(words));

  it('names the month alone when asked', () => {
    expect(formatMonth('2026-04-01', { year: false })).toBe('April');
  });

  it('reads an instant on London clocks, summer time included', () => {
    expect(formatInstant('2026-07-01T09:42:00Z')).toBe('1 July 2026 at 10:42am');
    expect(formatInstant('2026-12-01T10:42:00Z')).toBe('1 December 2026 at 10:42am');
  });
});

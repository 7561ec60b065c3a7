import { describe, expect, it } from 'vitest';
import { quarterChoices, quartersInMonths } from './report-words';

describe('quarterChoices', () => {
  it('names each financial quarter by its months, the current quarter first', () => {
    const choices = quarterChoices('2026-12-07');
    expect(choices[0]!.label).toMatch(/\(October to December 2026\)$/);
    expect(choices[1]!.label).toMatch(/\(July to September 2026\)$/);
    expect(choices.at(-1)!.label).toMatch(/\(April to June 2024\)$/);
    expect(choices.find((c) => /January/.test(c.label))!.label).toMatch(
      /\(January to March 2026\)$/,
    );
  });
});

describe('quartersInMonths', () => {
  it.each([
    ['2026-27-Q1', '2026-27-Q4', 'April 2026 to March 2027'],
    ['2026-27-Q1', '2026-27-Q3', 'April to December 2026'],
    ['2026-27-Q4', '2026-27-Q4', 'January to March 2027'],
    ['2025-26-Q3', '2026-27-Q2', 'October 2025 to September 2026'],
  ])('%s to %s covers %s', (from, to, words) => {
    expect(quartersInMonths(from, to)).toBe(words);
  });

  it('keys it cannot read are left as they are', () => {
    expect(quartersInMonths('2026-28-Q1', '2026-27-Q2')).toBe('2026-28-Q1 to 2026-27-Q2');
  });
});

import { describe, expect, it } from 'vitest';
import { quarterChoices } from './report-words';

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

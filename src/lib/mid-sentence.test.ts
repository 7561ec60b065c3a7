import { expect, test } from 'vitest';
import { midSentence } from './mid-sentence';

test.each([
  ['Case ID', 'case ID'],
  ['How consent was given', 'how consent was given'],
  [
    'Signs of Safety: worries (including past harm) and what is going well were recorded',
    'Signs of Safety: worries (including past harm) and what is going well were recorded',
  ],
  ['LAC review date', 'LAC review date'],
  ['CP plan reviewed', 'CP plan reviewed'],
  ['IRO met the child', 'IRO met the child'],
  [
    'The IRO met the child before the first review',
    'the IRO met the child before the first review',
  ],
  [
    'Date of the strategy discussion (initial conferences)',
    'date of the strategy discussion (initial conferences)',
  ],
  ['A', 'a'],
  ['', ''],
])('%s reads as “%s” mid-sentence', (text, expected) => {
  expect(midSentence(text)).toBe(expected);
});

import { describe, expect, test } from 'vitest';
import { ofstedGradeScale } from '../entities/grade-scale';
import { findItem } from '../entities/template';
import { findTemplate } from '../templates/catalogue';
import { shouldPromptSafetyConcern } from './safeguarding-prompt';

const frontline = findTemplate('frontline-practice', 1)!;
const call = findTemplate('family-feedback-call', 1)!;
const itemOf = (t = frontline, id: string) => findItem(t, id)!.item;

describe('prompting for an immediate safety concern', () => {
  test('a flagged grade item prompts on the worst grade only', () => {
    const risk = itemOf(frontline, 'risk-identified-reduced');
    expect(shouldPromptSafetyConcern(risk, { value: 'inadequate' }, ofstedGradeScale)).toBe(true);
    expect(
      shouldPromptSafetyConcern(
        risk,
        { value: 'requires-improvement-to-be-good' },
        ofstedGradeScale,
      ),
    ).toBe(false);
    expect(shouldPromptSafetyConcern(risk, undefined, ofstedGradeScale)).toBe(false);
  });

  test('a flagged yes/no item prompts on "No"', () => {
    const seenAlone = itemOf(frontline, 'child-seen-alone');
    expect(shouldPromptSafetyConcern(seenAlone, { value: 'no' }, ofstedGradeScale)).toBe(true);
    expect(
      shouldPromptSafetyConcern(seenAlone, { value: 'not-applicable' }, ofstedGradeScale),
    ).toBe(false);
    const ended = itemOf(call, 'no-immediate-concern');
    expect(shouldPromptSafetyConcern(ended, { value: 'no' }, ofstedGradeScale)).toBe(true);
  });

  test('items without the flag never prompt', () => {
    const focus = itemOf(frontline, 'professionalism');
    expect(shouldPromptSafetyConcern(focus, { value: 'inadequate' }, ofstedGradeScale)).toBe(false);
  });

  test('an item can name its own concerning answers', () => {
    const item = {
      ...itemOf(frontline, 'family-understands-plan'),
      safeguardingFlag: true,
      safeguardingPromptOn: ['dont-know'],
    };
    expect(shouldPromptSafetyConcern(item, { value: 'dont-know' }, ofstedGradeScale)).toBe(true);
    expect(shouldPromptSafetyConcern(item, { value: 'no' }, ofstedGradeScale)).toBe(false);
  });
});

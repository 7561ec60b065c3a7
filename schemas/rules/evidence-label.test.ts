import { describe, expect, test } from 'vitest';
import { templateItems } from '../entities/template';
import type { Template } from '../entities/template';
import { frontlinePracticeV1 } from '../templates/frontline-practice';
import { singleCaseAuditV1 } from '../templates/single-case-audit';
import { evidenceLabelFor } from './evidence-label';

const item = (t: Template, id: string) => templateItems(t).find((l) => l.item.id === id)!.item;

describe('the evidence box beside an answer', () => {
  test.each([
    ['frontline practice', item(frontlinePracticeV1, 'child-seen-alone')],
    ['a single case audit', item(singleCaseAuditV1, 'family-questionnaire-completed')],
  ])(
    '%s: "If not, why not?" goes with "No" only; beside any other answer it is a comment',
    (_, it) => {
      expect(evidenceLabelFor(it, 'no')).toEqual({ asked: true, label: 'If not, why not?' });
      expect(evidenceLabelFor(it, 'yes')).toEqual({ asked: false, label: 'Comment' });
      expect(evidenceLabelFor(it, 'not-applicable').asked).toBe(false);
      expect(evidenceLabelFor(it, undefined).asked).toBe(false);
    },
  );

  test('a label for every answer stays with every answer', () => {
    const words = { evidenceLabel: 'What the family said' };
    expect(evidenceLabelFor(words, 'yes')).toEqual({ asked: true, label: 'What the family said' });
    expect(evidenceLabelFor({}, 'yes')).toEqual({ asked: true, label: undefined });
  });
});

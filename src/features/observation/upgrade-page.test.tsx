// The preview of moving a draft to a newer checklist shows every answer that will go, so the
// person can copy it first: a removed question's answer, and one cleared because its question
// now takes a different kind of answer.
import { render, screen } from '@testing-library/preact';
import { describe, expect, test } from 'vitest';
import { SummaryList } from '../../ui/summary-list';
import { reportRows } from './upgrade-page';

describe('the upgrade preview', () => {
  test('an answer cleared by a changed kind of answer is shown with its evidence', () => {
    render(
      <SummaryList
        rows={reportRows({
          templateId: 'frontline-practice-local',
          fromVersion: 1,
          toVersion: 2,
          moved: [],
          added: [],
          dropped: [],
          reworded: [],
          responseChanged: [
            {
              itemId: 'purpose-agreed',
              prompt: 'The purpose of the visit was agreed beforehand',
              valueCleared: true,
              evidenceCleared: true,
              value: 'good',
              evidence: 'The plan was read out at the start of the visit.',
            },
            {
              itemId: 'child-seen',
              prompt: 'The child was seen alone',
              valueCleared: true,
              evidenceCleared: false,
              value: 'yes',
              evidence: 'Kept, as the new question takes evidence too.',
            },
          ],
        })}
      />,
    );
    const cleared = screen.getAllByTestId('cleared-answer').map((e) => e.textContent);
    expect(cleared).toEqual([
      'Your answer: good — The plan was read out at the start of the visit.',
      'Your answer: yes',
    ]);
  });
});

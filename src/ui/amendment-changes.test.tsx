// The history of an amended observation says what each amendment changed, not only how many.
import { render, screen, within } from '@testing-library/preact';
import { expect, test } from 'vitest';
import { ofstedGradeScale } from '../../schemas/entities/grade-scale';
import { templateItems } from '../../schemas/entities/template';
import { frontlinePracticeV1 } from '../../schemas/templates/frontline-practice';
import { AmendmentChanges, amendmentChanges } from './amendment-changes';

const template = frontlinePracticeV1;
const graded = templateItems(template).find((l) => l.item.response.type === 'grade4')!.item;
const data = { template, scale: ofstedGradeScale, actions: [{ id: 'act-history-0001' }] };

// As the tablet holds the row: fields whose value is null are left out.
const row = {
  reason: 'The grade was entered on the wrong line',
  'changes.0.path': `responses.${graded.id}.value`,
  'changes.0.before': 'good',
  'changes.0.after': 'requires-improvement-to-be-good',
  'changes.1.path': 'summary.strengths',
  'changes.1.after': 'Calm, clear questions.',
  'childChanges.0.recordType': 'action',
  'childChanges.0.recordId': 'act-history-0001',
  'childChanges.0.path': 'what',
  'childChanges.0.after': 'Share the plan',
  'childChanges.1.recordType': 'call-attempt',
  'childChanges.1.recordId': 'call-history-0001',
  'childChanges.1.path': 'outcome',
  'childChanges.1.before': 'no-answer',
  'childChanges.1.after': 'completed',
};

test('each change in the words of its page, a missing before read as empty', () => {
  expect(amendmentChanges(data, row)).toEqual([
    {
      what: `‘${graded.prompt}’`,
      before: 'Good',
      after: 'Requires improvement to be good',
    },
    { what: 'Strengths', before: 'Empty', after: 'Calm, clear questions.' },
    { what: 'Action 1, what needs to be done', before: 'Empty', after: 'Share the plan' },
    { what: 'A call attempt, outcome', before: 'No answer', after: 'Completed' },
  ]);
});

test('shown behind “Show what changed”, as a table of answer, before and after', () => {
  render(<AmendmentChanges data={data} fields={row} summary="2 fields changed" />);
  const table = screen.getByRole('table', { name: 'What the amendment changed' });
  const strengths = within(table).getByRole('rowheader', { name: 'Strengths' }).closest('tr')!;
  expect(
    within(strengths)
      .getAllByRole('cell')
      .map((c) => c.textContent),
  ).toEqual(['Empty', 'Calm, clear questions.']);
  expect(screen.getByText('Show what changed: 2 fields changed')).toBeTruthy();
});

test('an account unlinked while amending is said as linked or not, never by its id', () => {
  const unlinked = {
    reason: 'The name was of someone else',
    'changes.0.path': 'context.observedName',
    'changes.0.before': 'Priya Shah',
    'changes.0.after': 'Jo Bloggs',
    'changes.1.path': 'context.observedUserId',
    'changes.1.before': 'user-priya-0001',
  };
  expect(amendmentChanges(data, unlinked)).toEqual([
    {
      what: `Name of ${template.observedDescription}`,
      before: 'Priya Shah',
      after: 'Jo Bloggs',
    },
    { what: `Account of ${template.observedDescription}`, before: 'Linked', after: 'Not linked' },
  ]);
});

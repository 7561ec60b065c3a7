// What is typed but held back (kept in scratch, not sent) as problems of the observation: named
// as the pages name their fields, said as the fields say it, and in the order of the pages.
import { describe, expect, test } from 'vitest';
import { observationFromFields } from '../../../schemas/entities/observation-fields';
import type { ImprovementAction } from '../../../schemas/entities/improvement-action';
import { templateItems } from '../../../schemas/entities/template';
import { checkCompleteness } from '../../../schemas/rules/completeness';
import { builtInTemplates } from '../../../schemas/templates/catalogue';
import { frontlinePracticeV1 } from '../../../schemas/templates/frontline-practice';
import { ofstedGradeScale } from '../../../schemas/entities/grade-scale';
import { fieldLabel, heldBackOf, partsOf, pathValueText, withHeldBack } from './model';

const ID = 'obs-model-0001';
const template = frontlinePracticeV1;
const observation = observationFromFields(
  {
    kind: 'frontline-practice',
    templateId: template.id,
    templateVersion: template.version,
    status: 'draft',
  },
  {
    id: ID,
    ownerId: 'user-1',
    scopeId: 'scope-1',
    createdAt: '2026-05-01T09:00:00Z',
    updatedAt: '2026-05-01T09:00:00Z',
  },
);
const graded = templateItems(template).find((l) => l.item.response.type === 'grade4')!.item;
const action = {
  id: 'act-model-0001',
  observationId: ID,
  status: 'open',
  what: 'Share the plan',
  createdAt: '2026-05-01T09:00:00Z',
  updatedAt: '2026-05-01T09:00:00Z',
} satisfies ImprovementAction;

describe('values held back', () => {
  test('each is named as its page names it and says what is wrong as its field does', () => {
    const held = heldBackOf(observation, template, [action], {
      observation: {
        'context.caseId': 'Jane Smith',
        'partial:context.date': '["27","3",""]',
        [`responses.${graded.id}.evidence`]: 'x'.repeat(10_001),
        'summary.strengths': 'y'.repeat(10_026),
      },
      actions: { [action.id]: { ownerName: 'z'.repeat(201), 'partial:dueDate': '["1","",""]' } },
    });
    expect(held.map((h) => [h.path, h.message])).toEqual([
      [
        'context.caseId',
        'Case ID: enter a case ID, not a name: 3 to 20 letters, numbers or hyphens, including at least one number',
      ],
      ['context.date', 'Date of the observation: enter a real date'],
      [
        `responses.${graded.id}.evidence`,
        `Evidence for ‘${graded.prompt}’: you have 1 character too many`,
      ],
      ['summary.strengths', 'Strengths: you have 26 characters too many'],
      [`actions.${action.id}.ownerName`, 'Action 1, who will do it: you have 1 character too many'],
      [`actions.${action.id}.dueDate`, 'Action 1, due by: enter a real date'],
    ]);
  });

  test('a deleted action’s scratch is not a problem of the observation', () => {
    const held = heldBackOf(observation, template, [{ ...action, deleted: true }], {
      observation: {},
      actions: { [action.id]: { ownerName: 'z'.repeat(201) } },
    });
    expect(held).toEqual([]);
  });

  test('join the completeness problems in the order of the pages, in place of a gap in the same field', () => {
    const problems = checkCompleteness(observation, template);
    const held = heldBackOf(observation, template, [], {
      observation: { 'summary.strengths': 'y'.repeat(10_001), 'context.caseId': 'Jane Smith' },
      actions: {},
    });
    const list = withHeldBack(problems, held, partsOf(template, ID));
    const paths = list.map((p) => p.path);
    // "Enter the strengths you found" gives way to what was typed there.
    expect(list.filter((p) => p.path === 'summary.strengths')).toEqual([
      {
        path: 'summary.strengths',
        message: 'Strengths: you have 1 character too many',
        heldBack: true,
      },
    ]);
    expect(list.filter((p) => p.path === 'context.caseId')).toHaveLength(1);
    // In the place of "Enter the case ID" and of "Enter the strengths you found"; a value held
    // back where nothing was missing goes where its field is on its page.
    const gaps = problems.map((p) => p.path);
    expect(paths.indexOf('context.caseId')).toBe(gaps.indexOf('context.caseId'));
    expect(paths.indexOf('summary.strengths')).toBe(gaps.indexOf('summary.strengths'));
    expect(paths.indexOf('summary.strengths')).toBeGreaterThan(
      paths.indexOf(`responses.${graded.id}.value`),
    );
    expect(paths.indexOf('summary.strengths')).toBeLessThan(
      paths.indexOf('summary.areasForDevelopment'),
    );
    expect(list).toHaveLength(problems.length);
    const more = withHeldBack(
      problems,
      heldBackOf(observation, template, [], {
        observation: { 'context.startTime': '9.30am' },
        actions: {},
      }),
      partsOf(template, ID),
    ).map((p) => p.path);
    // Where the start time is on its page: below the date, above consent.
    const date = more.indexOf('context.date');
    expect(more.slice(date, date + 3)).toEqual([
      'context.date',
      'context.startTime',
      'context.consent.given',
    ]);
  });
});

describe('the task list', () => {
  // Two tasks of one name are two links a screen reader user (and anyone) cannot tell apart.
  test.each(builtInTemplates.map((t) => [`${t.id} v${t.version}`, t] as const))(
    '%s names each task once',
    (_, t) => {
      const titles = partsOf(t, ID).map((p) => p.title.toLowerCase());
      expect(titles.filter((title, i) => titles.indexOf(title) !== i)).toEqual([]);
    },
  );
});

describe('a field’s value in words', () => {
  const ynna = templateItems(template).find((l) => l.item.response.type === 'ynna')!.item;
  const choice = templateItems(template).find((l) => l.item.response.type === 'choice')!.item;
  const option = choice.response.type === 'choice' ? choice.response.options[0]! : undefined;
  test.each([
    [
      `responses.${graded.id}.value`,
      'requires-improvement-to-be-good',
      'Requires improvement to be good',
    ],
    [`responses.${graded.id}.value`, 'not-observed', 'Not observed'],
    ['summary.overallGrade', 'outstanding', 'Outstanding'],
    [`responses.${ynna.id}.value`, 'not-applicable', 'Not applicable'],
    [`responses.${choice.id}.value`, option!.key, option!.label],
    [`responses.${choice.id}.choices.${option!.key}`, true, 'Chosen'],
    ['context.date', '2026-05-01', '1 May 2026'],
    ['summary.feedback.held', false, 'No'],
    ['summary.strengths', '', 'Empty'],
    ['summary.strengths', null, 'Empty'],
    [`responses.${graded.id}.evidence`, 'Seen at the visit.', 'Seen at the visit.'],
    ['context.consent.given', 'not-reached', 'Could not reach them'],
  ] as const)('%s = %s reads “%s”', (path, value, words) => {
    expect(pathValueText(template, ofstedGradeScale, path, value)).toBe(words);
  });
});

test('every field a cancelled amendment can list has a name of its own, not “An answer”', () => {
  const choice = templateItems(template).find((l) => l.item.response.type === 'choice')!.item;
  const option = choice.response.type === 'choice' ? choice.response.options[0]! : undefined;
  expect(fieldLabel(template, `responses.${choice.id}.choices.${option!.key}`)).toBe(
    `‘${choice.prompt}’: ${option!.label}`,
  );
  for (const path of [
    'context.consent.given',
    'summary.overallGrade',
    'summary.feedback.held',
    'summary.feedback.restorative',
  ])
    expect(fieldLabel(template, path), path).not.toBe('An answer');
});

import { describe, expect, test } from 'vitest';
import { parseWith } from '../field-errors';
import { NOW, testId } from '../testing/fixtures';
import { checkChildFields } from './child-fields';
import { familyCallAttemptSchema } from './family-call-attempt';
import { createImprovementActionSchema, improvementActionSchema } from './improvement-action';
import { reviewCommentSchema } from './review-comment';
import { safetyConcernSchema } from './safety-concern';

const errorsOf = (schema: Parameters<typeof parseWith>[0], input: unknown) => {
  const result = parseWith(schema, input);
  return result.ok ? [] : result.errors;
};

describe('improvement actions', () => {
  const action = {
    id: testId(40),
    observationId: testId(1),
    what: 'Update the chronology',
    status: 'open',
    createdAt: NOW,
    updatedAt: NOW,
  };

  test('an action can be saved before its owner and date are known', () => {
    expect(errorsOf(improvementActionSchema, action)).toEqual([]);
  });

  test('bad status, date and over-long text are named', () => {
    expect(
      errorsOf(improvementActionSchema, {
        ...action,
        status: 'finished',
        dueDate: '31/06/2026',
        what: 'x'.repeat(10_001),
      }),
    ).toEqual([
      { path: 'what', code: 'TEXT_TOO_LONG', message: 'Must be 10,000 characters or fewer' },
      {
        path: 'dueDate',
        code: 'DATE_INVALID',
        message: 'Enter a real date in the format YYYY-MM-DD, like 2026-01-14',
      },
      {
        path: 'status',
        code: 'NOT_AN_OPTION',
        message: 'Must be one of: open, in-progress, done, cancelled',
      },
    ]);
  });

  test('an authority can set a shorter text limit', () => {
    expect(
      errorsOf(createImprovementActionSchema({ maxTextLength: 500 }), {
        ...action,
        what: 'x'.repeat(501),
      }),
    ).toEqual([
      { path: 'what', code: 'TEXT_TOO_LONG', message: 'Must be 500 characters or fewer' },
    ]);
  });
});

describe('safety concerns', () => {
  const concern = {
    id: testId(50),
    observationId: testId(1),
    caseId: 'CS-20931',
    what: 'Child disclosed being hit at home last night',
    raisedAt: NOW,
    raisedBy: testId(900),
    whoWasTold: [{ name: 'A. Manager', role: 'Team manager', at: NOW }],
  };

  test('a concern with who was told parses', () => {
    expect(errorsOf(safetyConcernSchema, concern)).toEqual([]);
  });

  test('the child is identified by case ID, never by name', () => {
    expect(errorsOf(safetyConcernSchema, { ...concern, caseId: 'Jane Smith' })).toEqual([
      {
        path: 'caseId',
        code: 'CASE_ID_INVALID',
        message:
          'Enter a case ID, not a name: 3 to 20 letters, numbers or hyphens, including at least one number',
      },
    ]);
  });

  test('each person told has a name and a time', () => {
    expect(
      errorsOf(safetyConcernSchema, {
        ...concern,
        whoWasTold: [{ name: '', role: 'Director', at: 'now' }],
      }),
    ).toEqual([
      { path: 'whoWasTold.0.name', code: 'FIELD_REQUIRED', message: 'This field cannot be blank' },
      {
        path: 'whoWasTold.0.at',
        code: 'TIMESTAMP_INVALID',
        message: 'Must be a UTC date and time in ISO 8601 format, like 2026-04-01T09:30:00Z',
      },
    ]);
  });

  test('an acknowledgement needs both who and when', () => {
    expect(errorsOf(safetyConcernSchema, { ...concern, acknowledgedBy: testId(901) })).toEqual([
      {
        path: 'acknowledgedAt',
        code: 'ACKNOWLEDGEMENT_INCOMPLETE',
        message: 'Enter both who acknowledged the safety concern and when',
      },
    ]);
    expect(
      errorsOf(safetyConcernSchema, {
        ...concern,
        acknowledgedBy: testId(901),
        acknowledgedAt: NOW,
      }),
    ).toEqual([]);
  });
});

describe('family call attempts', () => {
  test('an attempt has a time and an outcome', () => {
    const attempt = { id: testId(30), observationId: testId(1), at: NOW, outcome: 'no-answer' };
    expect(errorsOf(familyCallAttemptSchema, attempt)).toEqual([]);
    expect(errorsOf(familyCallAttemptSchema, { ...attempt, outcome: 'busy' })).toEqual([
      {
        path: 'outcome',
        code: 'NOT_AN_OPTION',
        message: 'Must be one of: no-answer, call-back, declined, completed',
      },
    ]);
  });
});

describe('review comments', () => {
  const comment = {
    id: testId(70),
    observationId: testId(1),
    authorId: testId(600),
    at: NOW,
    agrees: false,
    moderatorGrade: 'requires-improvement-to-be-good',
    reason: 'The evidence describes the meeting but not its impact on the child.',
  };

  test('a comment on the overall judgement, and on an item', () => {
    expect(errorsOf(reviewCommentSchema, comment)).toEqual([]);
    expect(errorsOf(reviewCommentSchema, { ...comment, itemId: 'family-spoke-early' })).toEqual([]);
  });

  test('a reason is always required, and grades are keys', () => {
    expect(
      errorsOf(reviewCommentSchema, {
        ...comment,
        reason: '',
        moderatorGrade: 'Requires improvement',
      }),
    ).toEqual([
      {
        path: 'moderatorGrade',
        code: 'KEY_INVALID',
        message:
          'Must be a key of lower-case letters and numbers separated by single hyphens, like ‘not-observed’',
      },
      { path: 'reason', code: 'FIELD_REQUIRED', message: 'This field cannot be blank' },
    ]);
  });
});

describe('child records as field maps on the wire', () => {
  test('an action is saved as it is typed; what it holds must be valid', () => {
    expect(checkChildFields('action', { what: 'Update the chronology' })).toEqual([]);
    expect(checkChildFields('action', { dueDate: null, status: 'done' })).toEqual([]);
    expect(checkChildFields('action', { status: 'finished', dueDate: '2026-02-30' })).toEqual([
      expect.objectContaining({ path: 'dueDate', code: 'DATE_INVALID' }),
      expect.objectContaining({ path: 'status', code: 'NOT_AN_OPTION' }),
    ]);
    expect(checkChildFields('action', { title: 'x' })).toEqual([
      expect.objectContaining({ path: 'title', code: 'FIELD_NOT_ALLOWED' }),
    ]);
  });

  test('a moderation comment is whole when it is made: agreement and a reason, a grade key', () => {
    expect(
      checkChildFields('review-comment', {
        itemId: 'family-spoke-early',
        agrees: false,
        moderatorGrade: 'inadequate',
        reason: 'The evidence does not show the family spoke early.',
      }),
    ).toEqual([]);
    expect(checkChildFields('review-comment', { agrees: true, reason: 'Agreed.' })).toEqual([]);
    expect(
      checkChildFields('review-comment', { agrees: 'yes', moderatorGrade: 'Good', reason: null }),
    ).toEqual([
      expect.objectContaining({ path: 'reason', code: 'FIELD_REQUIRED' }),
      expect.objectContaining({ path: 'agrees', code: 'WRONG_TYPE' }),
      expect.objectContaining({ path: 'moderatorGrade', code: 'KEY_INVALID' }),
    ]);
  });

  test('a call attempt names a known outcome', () => {
    expect(checkChildFields('call-attempt', { at: NOW, outcome: 'no-answer' })).toEqual([]);
    expect(checkChildFields('call-attempt', { outcome: 'busy' })).toEqual([
      expect.objectContaining({ path: 'outcome', code: 'NOT_AN_OPTION' }),
    ]);
  });

  test('the tablet’s copies of the row’s facts are taken when they are well formed', () => {
    // As the tablet writes them (src/features/observation/actions-page.tsx and calls-page.tsx).
    expect(
      checkChildFields('action', {
        observationId: testId(1),
        status: 'open',
        what: '',
        createdAt: NOW,
      }),
    ).toEqual([]);
    expect(
      checkChildFields('call-attempt', {
        observationId: testId(1),
        at: NOW,
        outcome: 'completed',
        createdBy: testId(2),
      }),
    ).toEqual([]);
    expect(checkChildFields('action', { observationId: 'short', createdAt: 'today' })).toEqual([
      expect.objectContaining({ path: 'observationId', code: 'ID_INVALID' }),
      expect.objectContaining({ path: 'createdAt', code: 'TIMESTAMP_INVALID' }),
    ]);
    // A review comment has no such copies.
    expect(
      checkChildFields('review-comment', { agrees: true, reason: 'Agreed.', createdBy: testId(2) }),
    ).toEqual([expect.objectContaining({ path: 'createdBy', code: 'FIELD_NOT_ALLOWED' })]);
  });
});

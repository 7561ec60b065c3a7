import { describe, expect, test } from 'vitest';
import { OBSERVATION_STATUSES } from '../entities/observation';
import { contentChangeProblem } from './after-submission';
import { isAmendable } from './status';

const words = { 'summary.strengths': 'Rewritten.' };

describe('what may change once an observation is submitted', () => {
  test('content: freely as a draft or returned, by an amendment when submitted or moderated, never when closed', () => {
    const plain = OBSERVATION_STATUSES.map((s) => [s, contentChangeProblem(s, words, false)]);
    expect(plain).toEqual([
      ['draft', null],
      ['submitted', { reason: 'amendment-required', path: 'summary.strengths' }],
      ['returned', null],
      ['moderated', { reason: 'amendment-required', path: 'summary.strengths' }],
      ['closed', { reason: 'closed', path: 'summary.strengths' }],
    ]);
    const amending = OBSERVATION_STATUSES.map((s) => [s, contentChangeProblem(s, words, true)]);
    expect(amending).toEqual([
      ['draft', null],
      ['submitted', null],
      ['returned', null],
      ['moderated', null],
      ['closed', { reason: 'closed', path: 'summary.strengths' }],
    ]);
    expect(OBSERVATION_STATUSES.filter(isAmendable)).toEqual(['submitted', 'moderated']);
  });

  test('every content path counts: context, answers, choices, summary, family, template, service', () => {
    for (const path of [
      'context.caseId',
      'context.observedName',
      'context.consent.how',
      'responses.B1.value',
      'responses.B1.evidence',
      'responses.tools.choices.scaling',
      'summary.overallGrade',
      'summary.feedback.notes',
      'family.familyWords',
      'templateVersion',
      'serviceId',
    ]) {
      expect(contentChangeProblem('moderated', { [path]: null }, false), path).toEqual({
        reason: 'amendment-required',
        path,
      });
    }
  });

  test('handling changes whatever the status: status, sharing and whom with, the reflection', () => {
    for (const status of OBSERVATION_STATUSES) {
      expect(contentChangeProblem(status, { status: 'returned' }, false)).toBeNull();
      expect(
        contentChangeProblem(
          status,
          { sharedWithPractitioner: true, 'context.observedUserId': 'u-1' },
          false,
        ),
      ).toBeNull();
      expect(contentChangeProblem(status, { sharedWithPractitioner: false }, false)).toBeNull();
      expect(contentChangeProblem(status, { 'summary.reflection': 'Mine.' }, false)).toBeNull();
      // Settling a conflict by keeping what the record holds writes no field.
      expect(contentChangeProblem(status, {}, false)).toBeNull();
    }
  });

  test('who was observed is content unless the change shares it with them', () => {
    expect(contentChangeProblem('submitted', { 'context.observedUserId': 'u-2' }, false)).toEqual({
      reason: 'amendment-required',
      path: 'context.observedUserId',
    });
    expect(
      contentChangeProblem(
        'submitted',
        { sharedWithPractitioner: false, 'context.observedUserId': 'u-2' },
        false,
      ),
    ).toEqual({ reason: 'amendment-required', path: 'context.observedUserId' });
  });

  test('a submission that carries content from a draft is a draft change; a status with content is judged by the status before', () => {
    expect(contentChangeProblem('draft', { status: 'submitted', ...words }, false)).toBeNull();
    expect(contentChangeProblem('returned', { status: 'submitted', ...words }, false)).toBeNull();
    expect(contentChangeProblem('moderated', { status: 'returned', ...words }, false)).toEqual({
      reason: 'amendment-required',
      path: 'summary.strengths',
    });
  });
});

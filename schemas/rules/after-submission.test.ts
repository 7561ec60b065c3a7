import { describe, expect, test } from 'vitest';
import { OBSERVATION_STATUSES } from '../entities/observation';
import type { FieldValue } from '../entities/field-value';
import {
  actionTrackingProblem,
  amendmentRowProblem,
  childChangeProblem,
  contentChangeProblem,
} from './after-submission';
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

  test('handling changes whatever the status: status, sharing and whom with, the practitioner’s response', () => {
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
      expect(contentChangeProblem(status, { practitionerResponse: 'Mine.' }, false)).toBeNull();
      expect(
        contentChangeProblem(
          status,
          { 'goodPractice.what': 'both', 'goodPractice.note': 'Clear analysis.' },
          false,
        ),
      ).toBeNull();
      // Settling a conflict by keeping what the record holds writes no field.
      expect(contentChangeProblem(status, {}, false)).toBeNull();
    }
  });

  test('the reflection the observer recorded is their content: after submission only by amendment', () => {
    expect(contentChangeProblem('submitted', { 'summary.reflection': 'Theirs.' }, false)).toEqual({
      reason: 'amendment-required',
      path: 'summary.reflection',
    });
    expect(contentChangeProblem('moderated', { 'summary.reflection': 'Theirs.' }, true)).toBeNull();
    expect(contentChangeProblem('closed', { 'summary.reflection': 'Theirs.' }, true)).toEqual({
      reason: 'closed',
      path: 'summary.reflection',
    });
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

describe('child rows of a submitted observation', () => {
  const each = (type: string, change: Parameters<typeof childChangeProblem>[2], set = {}) =>
    OBSERVATION_STATUSES.map((s) => [
      s,
      childChangeProblem(s, type, change, set, false)?.reason ?? null,
      childChangeProblem(s, type, change, set, true)?.reason ?? null,
    ]);
  const byRule = [
    ['draft', null, null],
    ['submitted', 'amendment-required', null],
    ['returned', null, null],
    ['moderated', 'amendment-required', null],
    ['closed', 'closed', 'closed'],
  ];

  test('a call attempt is the call’s content: added, changed or removed by the after-submission rule', () => {
    expect(each('call-attempt', 'create', { outcome: 'no-answer' })).toEqual(byRule);
    expect(each('call-attempt', 'update', { note: 'Rang twice.' })).toEqual(byRule);
    expect(each('call-attempt', 'delete')).toEqual(byRule);
    expect(childChangeProblem('submitted', 'call-attempt', 'update', { note: 'x' }, false)).toEqual(
      { reason: 'amendment-required', path: 'note' },
    );
    expect(childChangeProblem('submitted', 'call-attempt', 'create', {}, false)).toEqual({
      reason: 'amendment-required',
      path: '',
    });
  });

  test('an action’s words, and adding or removing one, are content; its tracking changes whatever the status', () => {
    expect(each('action', 'update', { what: 'Reworded' })).toEqual(byRule);
    expect(each('action', 'create', { what: 'New', status: 'open' })).toEqual(byRule);
    expect(each('action', 'delete')).toEqual(byRule);
    const tracking = {
      status: 'done',
      ownerName: 'Team manager',
      ownerUserId: '00000000-0000-4000-8000-000000000001',
      dueDate: '2026-07-01',
      completedAt: '2026-06-30T09:00:00.000Z',
      order: 'a1',
    };
    for (const [path, value] of Object.entries(tracking))
      expect(each('action', 'update', { [path]: value }).map(([, plain]) => plain)).toEqual(
        OBSERVATION_STATUSES.map(() => null),
      );
    // With its words, the words decide.
    expect(
      childChangeProblem('closed', 'action', 'update', { status: 'done', what: 'x' }, false),
    ).toEqual({ reason: 'closed', path: 'what' });
  });

  test('bringing back a row removed elsewhere is the settling of that removal; what the restore writes is judged', () => {
    for (const type of ['action', 'call-attempt'])
      expect(each(type, 'restore').map(([, plain]) => plain)).toEqual(
        OBSERVATION_STATUSES.map(() => null),
      );
    expect(
      childChangeProblem('submitted', 'call-attempt', 'restore', { note: 'x' }, false),
    ).toEqual({ reason: 'amendment-required', path: 'note' });
  });

  test('review comments, amendments and concerns follow their own rules, not this one', () => {
    for (const type of ['review-comment', 'amendment', 'safety-concern'])
      for (const change of ['create', 'update', 'delete'] as const)
        expect(childChangeProblem('closed', type, change, { reason: 'x' }, false)).toBeNull();
  });

  test('an amendment row is added only to a submitted or moderated observation', () => {
    expect(OBSERVATION_STATUSES.map((s) => [s, amendmentRowProblem(s)])).toEqual([
      ['draft', 'not-submitted'],
      ['submitted', null],
      ['returned', 'returned'],
      ['moderated', null],
      ['closed', 'closed'],
    ]);
  });
});

describe('an improvement action’s owner and due date once the observation is submitted', () => {
  const action = { what: 'Share the plan', ownerName: 'Sam Practitioner', dueDate: '2026-07-01' };
  const judged = (set: Record<string, FieldValue>, before: Record<string, FieldValue> = action) =>
    OBSERVATION_STATUSES.map((s) => [s, actionTrackingProblem(s, before, set, false)]);

  test('cleared after submission (moderated and closed included): refused; in a draft or returned: free', () => {
    for (const set of [{ ownerName: null }, { ownerName: '' }, { ownerName: '   ' }])
      expect(judged(set)).toEqual([
        ['draft', null],
        ['submitted', 'owner-required'],
        ['returned', null],
        ['moderated', 'owner-required'],
        ['closed', 'owner-required'],
      ]);
    for (const set of [{ dueDate: null }, { dueDate: '' }, { dueDate: '2026-02-30' }])
      expect(judged(set)).toEqual([
        ['draft', null],
        ['submitted', 'due-date-required'],
        ['returned', null],
        ['moderated', 'due-date-required'],
        ['closed', 'due-date-required'],
      ]);
  });

  test('changed, not cleared: allowed', () => {
    for (const set of [
      { ownerName: 'Alex Manager' } as Record<string, FieldValue>,
      { dueDate: '2026-08-01' },
      { status: 'done', completedAt: '2026-07-20T09:00:00.000Z' },
    ])
      expect(judged(set).every(([, p]) => p === null)).toBe(true);
  });

  test('an owner linked to an account is an owner: the typed name may go, and then not the account', () => {
    const linked = { ...action, ownerUserId: 'user-robin-0001' };
    expect(actionTrackingProblem('submitted', linked, { ownerName: null }, false)).toBeNull();
    expect(actionTrackingProblem('submitted', linked, { ownerUserId: null }, false)).toBeNull();
    expect(
      actionTrackingProblem(
        'submitted',
        { ...linked, ownerName: undefined } as never,
        {
          ownerUserId: null,
        },
        false,
      ),
    ).toBe('owner-required');
  });

  test('while amending, the edits are not judged one by one (the amendment’s row is)', () => {
    expect(actionTrackingProblem('submitted', action, { ownerName: null }, true)).toBeNull();
    expect(actionTrackingProblem('submitted', action, { dueDate: null }, true)).toBeNull();
  });
});

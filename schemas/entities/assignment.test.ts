import { describe, expect, test } from 'vitest';
import {
  AUDIT_PARTS,
  checkAssignmentUpdate,
  completionProblems,
  familyCallPartProblem,
  hasProgress,
} from './assignment';

describe('what a tablet may write to an assignment', () => {
  const audit = { kind: 'single-case-audit', caseId: 'AB-1234', dueDate: '2026-05-31' };

  test('the observer’s fields only, with values of the right shape', () => {
    expect(checkAssignmentUpdate({ 'parts.family-call': '2026-05-12' }, audit)).toEqual([]);
    expect(checkAssignmentUpdate({ observationId: 'obs-12345678' }, audit)).toEqual([]);
    expect(checkAssignmentUpdate({ dueDate: '2026-06-30' }, audit).map((e) => e.code)).toEqual([
      'FIELD_NOT_ALLOWED',
    ]);
    expect(checkAssignmentUpdate({ 'exemption.reason': 'leave' }, audit)[0]?.path).toBe(
      'exemption.reason',
    );
    expect(checkAssignmentUpdate({ 'parts.reflection': 'soon' }, audit)[0]?.code).toBe(
      'DATE_INVALID',
    );
  });

  test('an audit is finished only when all four parts have a date', () => {
    const three = {
      ...audit,
      'parts.case-file-audit': '2026-05-02',
      'parts.family-call': '2026-05-12',
      'parts.reflection': '2026-05-14',
    };
    const [problem] = checkAssignmentUpdate({ completedAt: '2026-05-20T10:00:00Z' }, three);
    expect(problem?.message).toContain('improvement plan');
    expect(
      checkAssignmentUpdate(
        { 'parts.improvement-plan': '2026-05-20', completedAt: '2026-05-20T10:00:00Z' },
        { ...three, observationId: 'obs-12345678', familyCallId: 'call-12345678' },
        { observation: 'submitted', familyCall: 'submitted' },
      ),
    ).toEqual([]);
  });

  test('an audit is finished only with a family feedback call recorded, one not reached included', () => {
    const parts = Object.fromEntries(AUDIT_PARTS.map((p) => [`parts.${p}`, '2026-05-12']));
    // The questionnaire answered "No" with a reason and no call started: not done (QAF 2d).
    const noCall = { ...audit, ...parts, observationId: 'obs-12345678' };
    const done = { completedAt: '2026-05-20T10:00:00Z' };
    const expected = {
      path: 'parts.family-call',
      code: 'FAMILY_CALL_NOT_RECORDED',
      message: expect.stringContaining('We could not reach them') as unknown,
    };
    expect(checkAssignmentUpdate(done, noCall, { observation: 'submitted' })).toEqual([expected]);
    expect(familyCallPartProblem(noCall)).toEqual(expected);
    // A call recorded, submitted as reached or not: the part may be done, and so may the audit.
    const withCall = { ...noCall, familyCallId: 'call-12345678' };
    expect(familyCallPartProblem(withCall)).toBeUndefined();
    expect(
      checkAssignmentUpdate(done, withCall, { observation: 'submitted', familyCall: 'submitted' }),
    ).toEqual([]);
  });

  test('an audit is finished only once its audit record and its family call are submitted', () => {
    const parts = Object.fromEntries(AUDIT_PARTS.map((p) => [`parts.${p}`, '2026-05-12']));
    const ticked = { ...audit, ...parts, observationId: 'obs-12345678' };
    const done = { completedAt: '2026-05-20T10:00:00Z' };
    const withCall = { ...ticked, familyCallId: 'call-12345678' };
    expect(
      checkAssignmentUpdate(done, withCall, { observation: 'draft', familyCall: 'submitted' })[0],
    ).toMatchObject({
      path: 'completedAt',
      code: 'OBSERVATION_NOT_SUBMITTED',
      message: expect.stringContaining('submit the audit first') as unknown,
    });
    expect(
      checkAssignmentUpdate(done, withCall, { observation: 'submitted', familyCall: 'draft' })[0]
        ?.message,
    ).toContain('submit the family feedback call first');
    expect(
      checkAssignmentUpdate(done, withCall, { observation: 'returned', familyCall: 'submitted' }),
    ).toEqual([]);
    // Parts ticked with no audit record started: start it first.
    expect(completionProblems({ ...audit, ...parts }, {})[0]?.message).toContain('start the audit');
  });

  test('an observation assignment is done only when its observation is submitted', () => {
    const plan = { kind: 'frontline-practice', dueDate: '2026-06-30' };
    const done = { completedAt: '2026-05-20T10:00:00Z' };
    const [none] = checkAssignmentUpdate(done, plan);
    expect(none).toMatchObject({ path: 'completedAt', code: 'OBSERVATION_NOT_SUBMITTED' });
    expect(none?.message).toContain('start the observation');
    const started = { ...plan, observationId: 'obs-12345678' };
    const [draft] = checkAssignmentUpdate(done, started, { observation: 'draft' });
    expect(draft?.code).toBe('OBSERVATION_NOT_SUBMITTED');
    expect(draft?.message).toContain('finish the observation and submit it');
    expect(checkAssignmentUpdate(done, started, {})[0]?.code).toBe('OBSERVATION_NOT_SUBMITTED');
    for (const status of ['submitted', 'returned', 'moderated', 'closed'])
      expect(checkAssignmentUpdate(done, started, { observation: status }), status).toEqual([]);
    // Started and marked in one change: judged on the observation it names.
    expect(
      checkAssignmentUpdate({ ...done, observationId: 'obs-12345678' }, plan, {
        observation: 'submitted',
      }),
    ).toEqual([]);
    // One already done (history, or stamped by the server) may be sent as done again.
    expect(checkAssignmentUpdate(done, { ...plan, ...done })).toEqual([]);
  });

  test('a finished assignment stays finished: its completion cannot be taken back from a tablet', () => {
    const done = {
      kind: 'frontline-practice',
      dueDate: '2026-06-30',
      completedAt: '2026-05-20T10:00:00Z',
    };
    expect(checkAssignmentUpdate({ completedAt: null }, done).map((e) => e.path)).toEqual([
      'completedAt',
    ]);
    expect(checkAssignmentUpdate({ observationId: 'obs-12345678' }, done)).toEqual([]);
    expect(
      checkAssignmentUpdate({ completedAt: null }, { ...done, completedAt: undefined as never }),
    ).toEqual([]);
  });
});

describe('progress that keeps an assignment with its observer', () => {
  const plan = { kind: 'single-case-audit', caseId: 'AB-1234', dueDate: '2026-05-31' };

  test('none in the plan alone, nor in an exemption', () => {
    expect(hasProgress(plan)).toBe(false);
    expect(hasProgress({ ...plan, 'exemption.reason': 'leave', dueDate: '2026-06-30' })).toBe(
      false,
    );
  });

  test('an observation or family call started from it, or any part of an audit done', () => {
    expect(hasProgress({ ...plan, observationId: 'obs-12345678' })).toBe(true);
    expect(hasProgress({ ...plan, familyCallId: 'call-12345678' })).toBe(true);
    for (const part of AUDIT_PARTS)
      expect(hasProgress({ ...plan, [`parts.${part}`]: '2026-05-12' }), part).toBe(true);
    // A part cleared on the tablet (null) is no longer progress.
    expect(hasProgress({ ...plan, 'parts.reflection': null })).toBe(false);
  });

  test('not an observation since deleted, nor a family call', () => {
    const gone = new Set(['obs-12345678', 'call-12345678']);
    expect(hasProgress({ ...plan, observationId: 'obs-12345678' }, gone)).toBe(false);
    expect(hasProgress({ ...plan, familyCallId: 'call-12345678' }, gone)).toBe(false);
    expect(hasProgress({ ...plan, observationId: 'obs-87654321' }, gone)).toBe(true);
  });
});

import { describe, expect, test } from 'vitest';
import { checkAssignmentUpdate } from './assignment';

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
        three,
      ),
    ).toEqual([]);
    expect(
      checkAssignmentUpdate(
        { completedAt: '2026-05-20T10:00:00Z' },
        { kind: 'frontline-practice', dueDate: '2026-06-30' },
      ),
    ).toEqual([]);
  });
});

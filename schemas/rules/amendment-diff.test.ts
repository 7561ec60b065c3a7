import { describe, expect, test } from 'vitest';
import { amendmentSchema } from '../entities/amendment';
import { parseWith } from '../field-errors';
import { timescalesStamp } from '../timescales';
import { findTemplate } from '../templates/catalogue';
import { NOW, completeFor, testId } from '../testing/fixtures';
import { diffObservations, needsAmendment } from './amendment-diff';

const frontline = findTemplate('frontline-practice', 1)!;

describe('amendments after submission', () => {
  test('drafts need no amendment; submitted and moderated records do; returned ones are edited', () => {
    const record = completeFor(frontline);
    expect(needsAmendment(record)).toBe(false);
    expect(needsAmendment({ ...record, status: 'submitted', submittedAt: NOW })).toBe(true);
    expect(needsAmendment({ ...record, status: 'moderated', submittedAt: NOW })).toBe(true);
    expect(needsAmendment({ ...record, status: 'returned', submittedAt: NOW })).toBe(false);
  });

  test('the diff lists each changed field with before and after, ignoring updatedAt', () => {
    const before = completeFor(frontline);
    const after = structuredClone(before);
    after.updatedAt = '2026-05-13T09:00:00Z';
    after.summary.overallGrade = 'outstanding';
    delete after.summary.reflection;
    after.responses['direct-work-tools'] = { choices: { 'three-houses': true, scaling: true } };
    after.context.startTime = '10:30';
    expect(diffObservations(before, after)).toEqual([
      { path: 'context.startTime', before: '10:00', after: '10:30' },
      { path: 'responses.direct-work-tools.choices.scaling', before: null, after: true },
      {
        path: 'responses.direct-work-tools.evidence',
        before: 'Evidence for direct-work-tools',
        after: null,
      },
      { path: 'summary.overallGrade', before: 'good', after: 'outstanding' },
      { path: 'summary.reflection', before: 'I found it useful.', after: null },
    ]);
  });

  test('the timescales the server stamps, pulled in while amending, are not a change of the amendment', () => {
    const before = { ...completeFor(frontline), status: 'submitted' as const, submittedAt: NOW };
    const after = structuredClone(before);
    after.submittedTimescales = timescalesStamp({});
    expect(diffObservations(before, after)).toEqual([]);
    after.summary.overallGrade = 'outstanding';
    expect(diffObservations(before, after)).toEqual([
      { path: 'summary.overallGrade', before: 'good', after: 'outstanding' },
    ]);
  });

  test('no change, no diff', () => {
    const record = completeFor(frontline);
    expect(diffObservations(record, structuredClone(record))).toEqual([]);
  });

  test('an amendment row needs a reason and at least one change', () => {
    const row = {
      id: testId(60),
      observationId: testId(1),
      at: NOW,
      by: testId(900),
      reason: ' ',
      changes: [],
    };
    const result = parseWith(amendmentSchema, row);
    expect(result.ok ? [] : result.errors).toEqual([
      { path: 'reason', code: 'FIELD_REQUIRED', message: 'This field cannot be blank' },
      { path: 'changes', code: 'VALUE_OUT_OF_RANGE', message: 'Must have at least 1 item(s)' },
    ]);
    const good = parseWith(amendmentSchema, {
      ...row,
      reason: 'Corrected the time after checking the diary',
      changes: [{ path: 'context.startTime', before: '10:00', after: '10:30' }],
    });
    expect(good.ok).toBe(true);
  });
});

import { describe, expect, test } from 'vitest';
import { findTemplate } from '../templates/catalogue';
import { NOW, completeFor, testId } from '../testing/fixtures';
import { checkCompleteness } from './completeness';
import type { Problem } from './completeness';
import {
  actionFromRow,
  callAttemptFromRow,
  describeProblems,
  submissionProblems,
} from './submission';
import type { ChildRow } from './submission';
import { latestDayOnServer } from './past-dates';

const call = findTemplate('family-feedback-call', 1)!;
const audit = findTemplate('single-case-audit', 1)!;
const ID = testId(1);
// Judged as the server judges on the day of the fixtures.
const ON_THE_DAY = { latestDate: latestDayOnServer(NOW) };

const row = (id: number, fields: ChildRow['fields'], extra: Partial<ChildRow> = {}): ChildRow => ({
  id: testId(id),
  parentId: ID,
  fields,
  updatedAt: NOW,
  ...extra,
});

describe('an observation submitted from its records', () => {
  test('child rows are made the way the tablet makes them: a call attempt belongs to its parent, an action keeps its fields', () => {
    expect(callAttemptFromRow(row(30, { at: NOW, outcome: 'completed' }))).toEqual({
      id: testId(30),
      observationId: ID,
      at: NOW,
      outcome: 'completed',
    });
    // Whatever its fields say about the observation it is for.
    expect(callAttemptFromRow(row(31, { observationId: testId(9) })).observationId).toBe(ID);
    expect(actionFromRow(row(40, { what: 'Book the review', dueDate: '2026-07-01' }))).toEqual({
      id: testId(40),
      status: 'open',
      what: 'Book the review',
      dueDate: '2026-07-01',
      createdAt: NOW,
      updatedAt: NOW,
    });
  });

  test('the completeness rules decide, on the rows as they are; removed rows do not count', () => {
    const record = completeFor(call, ID);
    const attempt = row(30, { at: NOW, outcome: 'completed' });
    expect(
      submissionProblems(record, call, { actions: [], attempts: [attempt] }, ON_THE_DAY),
    ).toEqual([]);
    expect(
      submissionProblems(
        record,
        call,
        {
          actions: [],
          attempts: [{ ...attempt, deleted: true }],
        },
        ON_THE_DAY,
      ).map((p) => p.code),
    ).toEqual(['call-attempt-required']);
    const needsActions = completeFor(audit, ID);
    needsActions.responses['actions-needed'] = { value: 'yes', evidence: 'Out of date.' };
    const action = row(40, { observationId: ID, what: 'Update the chronology' });
    expect(
      submissionProblems(needsActions, audit, { actions: [action], attempts: [] }, ON_THE_DAY).map(
        (p) => p.code,
      ),
    ).toEqual(['action-owner-required', 'action-due-date-required']);
    expect(
      submissionProblems(
        needsActions,
        audit,
        {
          actions: [{ ...action, deleted: true }],
          attempts: [],
        },
        ON_THE_DAY,
      ).map((p) => p.code),
    ).toEqual(['actions-not-added']);
  });

  test('a call that found an immediate concern is not held back for the concern, which the server may not have yet', () => {
    const record = completeFor(call, ID);
    record.responses['no-immediate-concern'] = { value: 'no', evidence: 'Said he was hit.' };
    const attempts = [row(30, { at: NOW, outcome: 'completed' })];
    expect(
      checkCompleteness(record, call, { attempts: attempts.map(callAttemptFromRow) }),
    ).not.toEqual([]);
    expect(submissionProblems(record, call, { actions: [], attempts }, ON_THE_DAY)).toEqual([]);
  });
});

describe('the problems in a sentence', () => {
  const p = (message: string): Problem => ({ code: 'case-id-required', path: 'x', message });
  test('names the first three and counts the rest', () => {
    expect(describeProblems([p('Enter the case ID')])).toBe('Enter the case ID');
    expect(describeProblems([p('A'), p('B'), p('C')])).toBe('A; B; C');
    expect(describeProblems([p('A'), p('B'), p('C'), p('D'), p('E')])).toBe('A; B; C; and 2 more');
  });
});

import { describe, expect, test } from 'vitest';
import { OBSERVATION_STATUSES } from '../entities/observation';
import {
  acknowledgerProblem,
  goodPracticeLabel,
  goodPracticeProblem,
  isGoodPracticeWithdrawal,
} from './good-practice';
import type { Acknowledger } from './good-practice';

const lead: Acknowledger = { userId: 'u-lead', role: 'qa-lead', oversees: true };
const submitted = { ownerId: 'u-observer', status: 'submitted' as const };
const TODAY = '2026-12-07';
const whole = {
  'goodPractice.what': 'practice',
  'goodPractice.note': 'The child’s voice runs through the plan.',
  'goodPractice.by': 'u-lead',
  'goodPractice.byName': 'Sam Lead',
  'goodPractice.on': TODAY,
};

describe('who acknowledges good practice, and when', () => {
  test.each([
    ['a QA lead overseeing the team', lead, null],
    ['a head of service overseeing it', { ...lead, role: 'head-of-service' }, null],
    ['a QA lead of another team', { ...lead, oversees: false }, 'not-an-overseer'],
    ['a director, even overseeing it', { ...lead, role: 'director' }, 'not-an-overseer'],
    ['an observer', { ...lead, role: 'observer' }, 'not-an-overseer'],
    ['the practitioner', { ...lead, role: 'practitioner' }, 'not-an-overseer'],
    ['its own observer, though a QA lead', { ...lead, userId: 'u-observer' }, 'own-observation'],
  ] as const)('%s', (_, who, problem) => {
    expect(acknowledgerProblem(who, submitted)).toBe(problem);
  });

  test('once submitted, moderated or closed; never a draft nor one returned for more evidence', () => {
    expect(
      OBSERVATION_STATUSES.map((status) => [
        status,
        acknowledgerProblem(lead, { ...submitted, status }),
      ]),
    ).toEqual([
      ['draft', 'not-submitted'],
      ['submitted', null],
      ['returned', 'not-submitted'],
      ['moderated', null],
      ['closed', null],
    ]);
  });
});

describe('an acknowledgement is recorded whole', () => {
  test.each([
    ['complete', {}, null],
    ['audit quality', { 'goodPractice.what': 'record-quality' }, null],
    ['both', { 'goodPractice.what': 'both' }, null],
    ['on an earlier day', { 'goodPractice.on': '2026-11-30' }, null],
    ['nothing acknowledged', { 'goodPractice.what': null }, 'what-required'],
    ['something unknown', { 'goodPractice.what': 'everything' }, 'what-required'],
    ['no note', { 'goodPractice.note': null }, 'note-required'],
    ['a blank note', { 'goodPractice.note': '  \n ' }, 'note-required'],
    ['in someone else’s name', { 'goodPractice.by': 'u-other' }, 'not-by-you'],
    ['no account', { 'goodPractice.by': null }, 'not-by-you'],
    ['tomorrow', { 'goodPractice.on': '2026-12-08' }, 'bad-date'],
    ['no day', { 'goodPractice.on': null }, 'bad-date'],
  ] as const)('%s', (_, over, problem) => {
    expect(goodPracticeProblem(lead, submitted, { ...whole, ...over }, TODAY)).toBe(problem);
  });

  test('who may comes first: a director’s complete acknowledgement is still not theirs to make', () => {
    expect(goodPracticeProblem({ ...lead, role: 'director' }, submitted, whole, TODAY)).toBe(
      'not-an-overseer',
    );
  });
});

// Acknowledged on the wrong observation, or in error: an overseer withdraws it whole (every path
// emptied), which the audit trail keeps; part of it emptied is still an incomplete acknowledgement.
describe('an acknowledgement is withdrawn whole', () => {
  const withdrawn = Object.fromEntries(Object.keys(whole).map((p) => [p, null]));
  test('by whoever may acknowledge it, however it was made', () => {
    expect(goodPracticeProblem(lead, submitted, withdrawn, TODAY)).toBeNull();
    expect(
      goodPracticeProblem({ ...lead, role: 'head-of-service' }, submitted, withdrawn, TODAY),
    ).toBeNull();
    expect(goodPracticeProblem(lead, submitted, {}, TODAY)).toBeNull();
  });
  test.each([
    ['a director', { ...lead, role: 'director' }, 'not-an-overseer'],
    ['a QA lead of another team', { ...lead, oversees: false }, 'not-an-overseer'],
    ['its own observer', { ...lead, userId: 'u-observer' }, 'own-observation'],
  ] as const)('never by %s', (_, who, problem) => {
    expect(goodPracticeProblem(who, submitted, withdrawn, TODAY)).toBe(problem);
  });
  test('part of it emptied is not a withdrawal', () => {
    expect(
      goodPracticeProblem(lead, submitted, { ...withdrawn, 'goodPractice.note': 'Kept' }, TODAY),
    ).toBe('what-required');
  });
  test('isGoodPracticeWithdrawal names the fields with none of it', () => {
    expect(isGoodPracticeWithdrawal(withdrawn)).toBe(true);
    expect(isGoodPracticeWithdrawal({ status: 'submitted' })).toBe(true);
    expect(isGoodPracticeWithdrawal({ 'goodPractice.on': TODAY })).toBe(false);
  });
});

test('each choice reads for an observation and for an audit', () => {
  expect(goodPracticeLabel('practice', 'observation')).toBe('The practice observed');
  expect(goodPracticeLabel('practice', 'audit')).toBe('The practice audited');
  expect(goodPracticeLabel('record-quality', 'audit')).toBe('The quality of the audit');
  expect(goodPracticeLabel('both', 'observation')).toBe(
    'Both the practice and the quality of the observation',
  );
});

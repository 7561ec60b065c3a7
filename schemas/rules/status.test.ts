import { describe, expect, test } from 'vitest';
import { OBSERVATION_STATUSES } from '../entities/observation';
import { actorRoleSchema } from './status';
import { canTransition, isEditableByAuthor, nextStatuses } from './status';

describe('status transitions', () => {
  test('the allowed moves, and who may make them', () => {
    const allowed: string[] = [];
    for (const from of OBSERVATION_STATUSES) {
      for (const to of OBSERVATION_STATUSES) {
        for (const role of actorRoleSchema.options) {
          if (canTransition(from, to, role)) allowed.push(`${from}->${to} by ${role}`);
        }
      }
    }
    expect(allowed).toEqual([
      'draft->submitted by author',
      'submitted->returned by qa-lead',
      'submitted->moderated by qa-lead',
      'returned->submitted by author',
      'moderated->returned by qa-lead',
      'moderated->closed by qa-lead',
      'moderated->closed by director',
    ]);
  });

  test('an observer cannot moderate their own record, nor a QA lead submit it', () => {
    expect(canTransition('submitted', 'moderated', 'author')).toBe(false);
    expect(canTransition('draft', 'submitted', 'qa-lead')).toBe(false);
    expect(canTransition('closed', 'draft', 'director')).toBe(false);
  });

  test('next statuses for buttons', () => {
    expect(nextStatuses('submitted', 'qa-lead')).toEqual(['returned', 'moderated']);
    expect(nextStatuses('submitted', 'author')).toEqual([]);
  });

  test('free editing only before submission or when returned', () => {
    expect(OBSERVATION_STATUSES.filter(isEditableByAuthor)).toEqual(['draft', 'returned']);
  });
});

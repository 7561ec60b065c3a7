import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { RoleKey } from '../api/account';
import { safetyConcernSchema } from '../entities/safety-concern';
import type { SafetyConcern } from '../entities/safety-concern';
import { isConcernOverdue } from '../reports/concern-log';
import {
  acknowledgeConcern,
  acknowledgementSettles,
  awaitsAcknowledgementBy,
  hasAcknowledged,
  isConcernSettled,
  mayAcknowledgeConcern,
} from './concern-acknowledgement';

const concern: SafetyConcern = {
  id: 'concern-0001',
  caseId: 'AB-1234',
  what: 'Bruising seen.',
  raisedAt: '2026-05-01T09:00:00.000Z',
  raisedBy: 'user-observer',
  receivedAt: '2026-05-01T09:00:02.000Z',
  whoWasTold: [],
};

describe('who settles an immediate safety concern (QAF 2g: "always include the Director")', () => {
  test('the Director, QA leads and heads of service may acknowledge; only the Director settles', () => {
    expect(
      (
        [
          'director',
          'qa-lead',
          'head-of-service',
          'observer',
          'practitioner',
          'admin',
          'guest',
        ] as const
      ).map((r) => [r, mayAcknowledgeConcern(r), acknowledgementSettles(r)]),
    ).toEqual([
      ['director', true, true],
      ['qa-lead', true, false],
      ['head-of-service', true, false],
      ['observer', false, false],
      ['practitioner', false, false],
      ['admin', false, false],
      ['guest', false, false],
    ]);
  });

  test('a QA lead’s acknowledgement is recorded (who, role, when) and settles nothing: the concern still goes overdue', () => {
    const r = acknowledgeConcern(
      concern,
      { userId: 'user-qa-lead', role: 'qa-lead' },
      '2026-05-01T10:00:00.000Z',
    );
    expect(r.kind).toBe('recorded');
    expect(r.concern.alsoAcknowledged).toEqual([
      { by: 'user-qa-lead', role: 'qa-lead', at: '2026-05-01T10:00:00.000Z' },
    ]);
    expect(r.concern.acknowledgedAt).toBeUndefined();
    expect(isConcernSettled(r.concern)).toBe(false);
    expect(isConcernOverdue(r.concern, 4, new Date('2026-05-01T14:00:03.000Z'))).toBe(true);
    expect(safetyConcernSchema.parse(r.concern)).toEqual(r.concern);
    expect(hasAcknowledged(r.concern, 'user-qa-lead')).toBe(true);
    expect(hasAcknowledged(r.concern, 'user-director')).toBe(false);
  });

  test('the Director’s settles it; a second one (theirs or another director’s) changes nothing', () => {
    const r = acknowledgeConcern(
      concern,
      { userId: 'user-director', role: 'director' },
      '2026-05-01T10:00:00.000Z',
    );
    expect(r).toEqual({
      kind: 'settled',
      concern: {
        ...concern,
        acknowledgedBy: 'user-director',
        acknowledgedAt: '2026-05-01T10:00:00.000Z',
      },
    });
    expect(isConcernSettled(r.concern)).toBe(true);
    const again = acknowledgeConcern(
      r.concern,
      { userId: 'user-director-2', role: 'director' },
      '2026-05-01T11:00:00.000Z',
    );
    expect(again).toEqual({ kind: 'already', concern: r.concern });
  });

  test('whatever order people acknowledge in: settled exactly when a director did, by the first director, everyone else recorded once each in order', () => {
    const people: Array<{ userId: string; role: RoleKey }> = [
      { userId: 'user-director-1', role: 'director' },
      { userId: 'user-director-2', role: 'director' },
      { userId: 'user-qa-1', role: 'qa-lead' },
      { userId: 'user-qa-2', role: 'qa-lead' },
      { userId: 'user-head-1', role: 'head-of-service' },
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...people), { maxLength: 12 }), (sequence) => {
        let c = concern;
        sequence.forEach((who, i) => {
          c = acknowledgeConcern(
            c,
            who,
            new Date(Date.UTC(2026, 4, 1, 10, i)).toISOString(),
          ).concern;
        });
        const firstDirector = sequence.find((p) => p.role === 'director');
        expect(isConcernSettled(c)).toBe(firstDirector !== undefined);
        expect(c.acknowledgedBy).toBe(firstDirector?.userId);
        const others = [
          ...new Set(sequence.filter((p) => p.role !== 'director').map((p) => p.userId)),
        ];
        expect((c.alsoAcknowledged ?? []).map((a) => a.by)).toEqual(others);
      }),
    );
  });
});

describe('which concerns wait for a person to acknowledge them (the home banner and menu count)', () => {
  const director = { userId: 'user-director', role: 'director' as const };
  const qa = { userId: 'user-qa', role: 'qa-lead' as const };
  test('an unsettled concern waits for the Director and for each QA lead or head of service until they acknowledge it', () => {
    expect(awaitsAcknowledgementBy(concern, director)).toBe(true);
    expect(awaitsAcknowledgementBy(concern, qa)).toBe(true);
    expect(awaitsAcknowledgementBy(concern, { userId: 'user-hos', role: 'head-of-service' })).toBe(
      true,
    );
    const byQa = acknowledgeConcern(concern, qa, '2026-05-01T10:00:00.000Z').concern;
    expect(awaitsAcknowledgementBy(byQa, qa)).toBe(false);
    expect(awaitsAcknowledgementBy(byQa, director)).toBe(true);
    const settled = acknowledgeConcern(byQa, director, '2026-05-01T11:00:00.000Z').concern;
    expect(awaitsAcknowledgementBy(settled, director)).toBe(false);
    expect(awaitsAcknowledgementBy(settled, { userId: 'user-qa-2', role: 'qa-lead' })).toBe(false);
  });

  test('nothing waits for a role that does not acknowledge, nor for the person who raised it', () => {
    for (const role of ['observer', 'practitioner', 'admin', 'guest'] as const)
      expect(awaitsAcknowledgementBy(concern, { userId: 'user-someone', role })).toBe(false);
    expect(awaitsAcknowledgementBy({ ...concern, raisedBy: 'user-qa' }, qa)).toBe(false);
  });
});

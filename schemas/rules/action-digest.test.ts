import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ESCALATE_AFTER_DAYS, digestRound, overdueActionDigests } from './action-digest';
import type { DigestAction, DigestPerson, DigestScope } from './action-digest';

const TODAY = '2026-12-07';
const scopes: DigestScope[] = [
  { id: 'svc', name: 'Children and families', parentId: null },
  { id: 'ga', name: 'Group A', parentId: 'svc' },
  { id: 'gb', name: 'Group B', parentId: 'svc' },
];
const people: DigestPerson[] = [
  { id: 'obs', role: 'observer', active: true, scopeIds: ['ga'] },
  { id: 'sw', role: 'practitioner', active: true, scopeIds: ['ga'] },
  { id: 'qa-a', role: 'qa-lead', active: true, scopeIds: ['ga'] },
  { id: 'qa-svc', role: 'qa-lead', active: true, scopeIds: ['svc', 'ga'] },
  { id: 'hos', role: 'head-of-service', active: true, scopeIds: ['svc'] },
  { id: 'gone', role: 'qa-lead', active: false, scopeIds: ['ga'] },
  { id: 'left', role: 'practitioner', active: false, scopeIds: ['ga'] },
];
let n = 0;
const action = (over: Partial<DigestAction>): DigestAction => ({
  id: `a${++n}`,
  scopeId: 'ga',
  status: 'open',
  dueDate: '2026-12-01',
  observerId: 'obs',
  ...over,
});
const digest = (actions: DigestAction[], today = TODAY) =>
  overdueActionDigests({ actions, scopes, people, today });

describe('the weekly round', () => {
  test.each([
    ['2026-12-07', 7, null],
    ['2026-12-07', 8, 20261207],
    ['2026-12-08', 0, 20261207],
    ['2026-12-13', 23, 20261207],
    ['2026-12-14', 7, null],
    ['2026-12-14', 9, 20261214],
    ['2027-01-01', 12, 20261228],
  ])('on %s at %i:00 the round due is %s', (today, hour, round) => {
    expect(digestRound(today, hour)?.round ?? null).toBe(round);
  });
});

describe('who hears of which overdue action', () => {
  test('owner and observer, QA leads of the team or its service; disabled accounts nobody', () => {
    const result = digest([
      action({ ownerUserId: 'sw', dueDate: '2026-11-30' }),
      action({ ownerUserId: 'left', dueDate: '2026-12-03' }),
    ]);
    const team = (count: number, oldestDue: string, scopeId = 'ga') => ({
      scopeId,
      teamName: 'Group A (Children and families)',
      count,
      oldestDue,
    });
    expect(result).toEqual([
      { userId: 'obs', yours: [team(2, '2026-11-30')], overseen: [], escalated: [] },
      { userId: 'qa-a', yours: [], overseen: [team(2, '2026-11-30')], escalated: [] },
      // A member of both the team and its service: each action once.
      { userId: 'qa-svc', yours: [], overseen: [team(2, '2026-11-30')], escalated: [] },
      { userId: 'sw', yours: [team(1, '2026-11-30')], overseen: [], escalated: [] },
    ]);
  });

  test.each([
    ['done', '2026-11-01'],
    ['cancelled', '2026-11-01'],
    ['open', TODAY],
    ['in-progress', '2026-12-08'],
  ] as const)('a %s action due %s is not counted', (status, dueDate) => {
    expect(digest([action({ status, dueDate, ownerUserId: 'sw' })])).toEqual([]);
  });

  test('an undated action is not counted', () => {
    expect(digest([action({ dueDate: undefined })])).toEqual([]);
  });

  test(`heads of service hear of an action only once it is more than ${ESCALATE_AFTER_DAYS} days overdue`, () => {
    expect(ESCALATE_AFTER_DAYS).toBe(28);
    const at28 = digest([action({ dueDate: '2026-11-09' })]);
    expect(at28.find((d) => d.userId === 'hos')).toBeUndefined();
    const at29 = digest([action({ dueDate: '2026-11-08' }), action({ dueDate: '2026-12-01' })]);
    expect(at29.find((d) => d.userId === 'hos')?.escalated).toEqual([
      {
        scopeId: 'ga',
        teamName: 'Group A (Children and families)',
        count: 1,
        oldestDue: '2026-11-08',
      },
    ]);
  });

  test('each team is counted apart, listed by name', () => {
    const result = digest([action({ scopeId: 'gb' }), action({ scopeId: 'ga' })]);
    const qa = result.find((d) => d.userId === 'qa-svc')!;
    expect(qa.overseen.map((t) => [t.teamName, t.count])).toEqual([
      ['Group A (Children and families)', 1],
      ['Group B (Children and families)', 1],
    ]);
    expect(result.find((d) => d.userId === 'qa-a')!.overseen.map((t) => t.scopeId)).toEqual(['ga']);
  });
});

describe('properties', () => {
  const arbAction = fc.record({
    id: fc.uuid(),
    scopeId: fc.constantFrom('ga', 'gb', 'svc'),
    status: fc.constantFrom('open', 'in-progress', 'done', 'cancelled'),
    dueDate: fc.option(
      fc
        .integer({ min: 0, max: 90 })
        .map((d) => new Date(Date.UTC(2026, 9, 1) + d * 86_400_000).toISOString().slice(0, 10)),
      { nil: undefined },
    ),
    ownerUserId: fc.option(fc.constantFrom(...people.map((p) => p.id)), { nil: undefined }),
    observerId: fc.constantFrom(...people.map((p) => p.id)),
  });

  test('the digest does not depend on the order of the actions', () => {
    fc.assert(
      fc.property(
        fc
          .array(arbAction, { maxLength: 30 })
          .chain((actions) =>
            fc.tuple(
              fc.constant(actions),
              fc.shuffledSubarray(actions, { minLength: actions.length }),
            ),
          ),
        ([actions, shuffled]) => {
          expect(digest(shuffled)).toEqual(digest(actions));
        },
      ),
      { seed: 20261207, numRuns: 200 },
    );
  });

  test('each overdue action is counted once per recipient and part', () => {
    fc.assert(
      fc.property(fc.array(arbAction, { maxLength: 30 }), (actions) => {
        const overdue = actions.filter(
          (a) =>
            (a.status === 'open' || a.status === 'in-progress') && !!a.dueDate && a.dueDate < TODAY,
        );
        for (const d of digest(actions)) {
          const total = (part: keyof typeof d) =>
            (d[part] as Array<{ count: number }>).reduce((s, t) => s + t.count, 0);
          const mine = overdue.filter(
            (a) => a.ownerUserId === d.userId || a.observerId === d.userId,
          );
          expect(total('yours')).toBe(mine.length);
          const person = people.find((p) => p.id === d.userId)!;
          expect(person.active).toBe(true);
          const covered = overdue.filter((a) =>
            person.scopeIds.some((s) => s === a.scopeId || (a.scopeId !== 'svc' && s === 'svc')),
          );
          expect(total('overseen')).toBe(person.role === 'qa-lead' ? covered.length : 0);
          expect(total('escalated')).toBeLessThanOrEqual(covered.length);
        }
      }),
      { seed: 20261207, numRuns: 200 },
    );
  });
});

// People are looked up by the teams they belong to: these catch a lookup keyed wrongly, one that
// misses a service's members for its groups, or one that lets a member of one team hear of
// another's actions.
describe('teams that share people', () => {
  const two: DigestScope[] = [
    ...scopes,
    { id: 'svc2', name: 'Disabled children', parentId: null },
    { id: 'gc', name: 'Group C', parentId: 'svc2' },
  ];
  const crossing: DigestPerson[] = [
    { id: 'obs', role: 'observer', active: true, scopeIds: ['ga'] },
    { id: 'qa-ac', role: 'qa-lead', active: true, scopeIds: ['ga', 'gc'] },
    { id: 'qa-svc2', role: 'qa-lead', active: true, scopeIds: ['svc2'] },
    { id: 'hos-2a', role: 'head-of-service', active: true, scopeIds: ['svc2', 'ga'] },
  ];
  const late = '2026-10-01';

  test('each hears of the teams they belong to and the groups of their services, no others', () => {
    const result = overdueActionDigests({
      actions: [
        action({ scopeId: 'ga', dueDate: late }),
        action({ scopeId: 'gb', dueDate: late }),
        action({ scopeId: 'gc', dueDate: late }),
        action({ scopeId: 'svc2', dueDate: late }),
      ],
      scopes: two,
      people: crossing,
      today: TODAY,
    });
    const part = (userId: string, key: 'overseen' | 'escalated') =>
      result.find((d) => d.userId === userId)?.[key].map((t) => [t.scopeId, t.count]);
    expect(part('qa-ac', 'overseen')).toEqual([
      ['ga', 1],
      ['gc', 1],
    ]);
    expect(part('qa-svc2', 'overseen')).toEqual([
      ['svc2', 1],
      ['gc', 1],
    ]);
    expect(part('hos-2a', 'escalated')).toEqual([
      ['svc2', 1],
      ['ga', 1],
      ['gc', 1],
    ]);
  });

  test('any memberships: as if every person were checked against every action', () => {
    const ids = two.map((s) => s.id);
    const arbPerson = fc.record({
      id: fc.uuid(),
      role: fc.constantFrom('qa-lead', 'head-of-service', 'observer'),
      active: fc.boolean(),
      scopeIds: fc.array(fc.constantFrom(...ids, 'gone'), { maxLength: 4 }),
    });
    const arbAction = fc.record({
      id: fc.uuid(),
      scopeId: fc.constantFrom(...ids, 'gone'),
      status: fc.constant('open' as const),
      dueDate: fc.constantFrom('2026-10-01', '2026-12-01'),
      observerId: fc.constant('nobody'),
    });
    fc.assert(
      fc.property(
        fc.array(arbPerson, { maxLength: 8 }),
        fc.array(arbAction, { maxLength: 12 }),
        (people, actions) => {
          const result = overdueActionDigests({ actions, scopes: two, people, today: TODAY });
          const parentOf = (id: string) => two.find((s) => s.id === id)?.parentId ?? null;
          for (const person of people) {
            const covered = actions.filter((a) =>
              person.scopeIds.some((s) => s === a.scopeId || s === parentOf(a.scopeId)),
            );
            const expected = (role: string, only: (a: DigestAction) => boolean) =>
              person.active && person.role === role ? covered.filter(only).length : 0;
            const d = result.find((r) => r.userId === person.id);
            const total = (ts: Array<{ count: number }> | undefined) =>
              (ts ?? []).reduce((s, t) => s + t.count, 0);
            expect(total(d?.overseen)).toBe(expected('qa-lead', () => true));
            expect(total(d?.escalated)).toBe(
              expected('head-of-service', (a) => a.dueDate === '2026-10-01'),
            );
          }
        },
      ),
      { seed: 20261207, numRuns: 300 },
    );
  });
});

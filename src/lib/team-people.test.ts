import { describe, expect, test } from 'vitest';
import { ownersNamedBefore } from './team-people';

describe('ownersNamedBefore', () => {
  const observed = { observedName: 'Jo Lee', observedRole: 'Social worker', observedUserId: 'u1' };

  test('offers the person observed, with their role and account, then each other owner once', () => {
    expect(
      ownersNamedBefore(
        observed,
        [
          { ownerName: 'Robin Shah, Team manager', ownerUserId: 'u2' },
          { ownerName: ' robin shah, team manager ' },
          { ownerName: 'jo lee, social worker' },
          { ownerName: '  ' },
          {},
        ],
        undefined,
      ),
    ).toEqual([
      { text: 'Jo Lee, Social worker', userId: 'u1' },
      { text: 'Robin Shah, Team manager', userId: 'u2' },
    ]);
  });

  test('leaves out what the field already holds, whatever its case and spaces', () => {
    expect(ownersNamedBefore(observed, [], ' JO LEE, social worker')).toEqual([]);
  });

  test('a name without a role is offered alone; nothing named, nothing offered', () => {
    expect(ownersNamedBefore({ observedName: 'Jo Lee' }, [], null)).toEqual([{ text: 'Jo Lee' }]);
    expect(ownersNamedBefore({}, [], '')).toEqual([]);
  });
});

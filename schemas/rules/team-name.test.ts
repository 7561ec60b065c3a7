import { describe, expect, test } from 'vitest';
import { UNKNOWN_TEAM, teamName } from './team-name';

describe('a team as emails name it', () => {
  test('a practice group with its service in brackets', () => {
    expect(teamName({ name: 'Group A', parentName: 'Children and families' })).toBe(
      'Group A (Children and families)',
    );
  });

  test.each([null, undefined])('a service (no parent: %s) by its own name', (parentName) => {
    expect(teamName({ name: 'Children and families', parentName })).toBe('Children and families');
  });

  test('a team no longer found: the reader’s service, never an id', () => {
    expect(teamName(undefined)).toBe(UNKNOWN_TEAM);
    expect(UNKNOWN_TEAM).toBe('your service');
  });
});

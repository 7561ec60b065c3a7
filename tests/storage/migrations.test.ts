import { expect, test } from 'vitest';
import { migrations } from '../../sync-server/src/storage/migrations/catalogue';

// Numbers are handed out to branches in advance (0005 and 0006 to work in flight elsewhere), so a
// branch may skip some; once merged they are 0001, 0002, ... with each number used once.
test('migrations are numbered from 0001, each number once, in increasing order', () => {
  const names = Object.keys(migrations);
  expect(names.length).toBeGreaterThan(0);
  expect(names[0]!.slice(0, 4)).toBe('0001');
  names.forEach((name, i) => {
    expect(name).toMatch(/^\d{4}-[a-z0-9-]+$/);
    if (i > 0) {
      expect(Number.parseInt(name.slice(0, 4), 10)).toBeGreaterThan(
        Number.parseInt(names[i - 1]!.slice(0, 4), 10),
      );
    }
  });
});

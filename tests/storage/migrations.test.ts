import { expect, test } from 'vitest';
import { migrations } from '../../sync-server/src/storage/migrations/catalogue';

test('migrations are numbered 0001, 0002, ... with no gaps, in order', () => {
  const names = Object.keys(migrations);
  expect(names.length).toBeGreaterThan(0);
  names.forEach((name, i) => {
    expect(name).toMatch(/^\d{4}-[a-z0-9-]+$/);
    expect(Number.parseInt(name.slice(0, 4), 10)).toBe(i + 1);
  });
});

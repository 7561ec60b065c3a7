import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { migrations } from '../../sync-server/src/storage/migrations/catalogue';

// Numbers were handed out to branches in advance. 0005 went to the quality assurance work (the
// reporting tables and the notification outbox) and 0007 to 0009 to the operators' work; 0006 was
// reserved and never used. 0010 to 0012 went to the programme, administration screens and
// oversight screens, 0013 to device protection (key recovery, recovery files), 0014 to push speed, 0015 to reminders of unacknowledged safety concerns, 0016 to working out meeting timeliness again, 0017 to team names unique whatever their letter case. A number is never reused or given to another migration: a database
// records the names it has run.
const EXPECTED = [
  '0001-settings',
  '0002-accounts',
  '0003-sync',
  '0004-audit',
  '0005-reports-and-notifications',
  '0007-single-sign-on',
  '0008-retention',
  '0009-local-templates',
  '0013-recovery',
  '0014-lz4-compression',
  '0015-concern-reminders',
  '0016-meeting-timeliness',
  '0017-scope-names-any-case',
];

test('the catalogue is exactly these migrations, in this order', () => {
  expect(Object.keys(migrations)).toEqual(EXPECTED);
});

test('migrations are numbered from 0001, each number once, in increasing order', () => {
  const names = Object.keys(migrations);
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

test('every migration file is in the catalogue, and nothing else is', () => {
  const dir = path.resolve('sync-server/src/storage/migrations');
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}-.+\.ts$/.test(f))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
  expect(files).toEqual(Object.keys(migrations));
});

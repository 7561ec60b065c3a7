// The storage contract: every engine must pass exactly this suite.
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { migrations } from '../../sync-server/src/storage/migrations/catalogue';
import { openStorage } from '../../sync-server/src/storage/storage';
import type { Storage } from '../../sync-server/src/storage/storage';
import type { EngineFixture } from '../helpers/engines';

export async function runStorageContract(engine: EngineFixture): Promise<void> {
  const fixture = await engine.create();
  describe.skipIf(fixture === null)(`storage contract on ${engine.name}`, () => {
    let storage: Storage;
    beforeAll(async () => {
      storage = openStorage(fixture!.target);
    });
    afterAll(async () => {
      await storage?.close();
      await fixture?.dispose();
    });

    test('reports its engine', () => {
      expect(storage.engine).toBe(engine.name);
    });

    test('a new database gets every migration, in order, recorded in the database', async () => {
      expect(await storage.appliedMigrations()).toEqual([]);
      const applied = await storage.migrate();
      expect(applied).toEqual(Object.keys(migrations));
      expect(await storage.appliedMigrations()).toEqual(Object.keys(migrations));
    });

    test('migrating again applies nothing', async () => {
      expect(await storage.migrate()).toEqual([]);
    });

    test('ping answers', async () => {
      await expect(storage.ping()).resolves.toBeUndefined();
    });

    test('settings are written, read and overwritten', async () => {
      expect(await storage.getSetting('duty-phone')).toBeUndefined();
      await storage.setSetting('duty-phone', '020 7525 1921');
      expect(await storage.getSetting('duty-phone')).toBe('020 7525 1921');
      await storage.setSetting('duty-phone', '0800 000 000');
      expect(await storage.getSetting('duty-phone')).toBe('0800 000 000');
    });

    test('a transaction commits all of its writes together', async () => {
      await storage.transaction(async (tx) => {
        await storage.setSetting('a', '1', tx);
        await storage.setSetting('b', '2', tx);
      });
      expect([await storage.getSetting('a'), await storage.getSetting('b')]).toEqual(['1', '2']);
    });

    test('a transaction that throws leaves nothing behind', async () => {
      await expect(
        storage.transaction(async (tx) => {
          await storage.setSetting('c', '3', tx);
          await storage.setSetting('a', 'changed', tx);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await storage.getSetting('c')).toBeUndefined();
      expect(await storage.getSetting('a')).toBe('1');
    });

    test('concurrent transactions each commit whole', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          storage.transaction(async (tx) => {
            await storage.setSetting(`k${i}`, `v${i}`, tx);
            await storage.setSetting(`k${i}-twin`, `v${i}`, tx);
          }),
        ),
      );
      for (let i = 0; i < 20; i++) {
        expect(await storage.getSetting(`k${i}`)).toBe(`v${i}`);
        expect(await storage.getSetting(`k${i}-twin`)).toBe(`v${i}`);
      }
    });

    test('what was committed is there after closing and reopening', async () => {
      await storage.close();
      storage = openStorage(fixture!.target);
      expect(await storage.getSetting('duty-phone')).toBe('0800 000 000');
      expect(await storage.appliedMigrations()).toEqual(Object.keys(migrations));
    });
  });

  const upgraded = await engine.create();
  describe.skipIf(upgraded === null)(`an upgraded database on ${engine.name}`, () => {
    let storage: Storage;
    beforeAll(async () => {
      storage = openStorage(upgraded!.target);
    });
    afterAll(async () => {
      await storage?.close();
      await upgraded?.dispose();
    });

    test('teams whose names differ only in letter case keep their ids; the later ones are renamed, and no new twin can be made', async () => {
      const provider = { getMigrations: async () => migrations };
      const before = await new Migrator({ db: storage.db, provider }).migrateTo(
        '0017-cancelled-reminders',
      );
      expect(before.error).toBeUndefined();
      const teams = [
        ['t-0', 'Fostering (2)'],
        ['t-1', 'Fostering'],
        ['t-2', 'FOSTERING'],
        ['t-3', 'fostering'],
        ['t-4', 'Adoption'],
      ];
      await storage.db
        .insertInto('scopes')
        .values(
          teams.map(([id, name], i) => ({
            id: id!,
            name: name!,
            kind: 'service' as const,
            parent_id: null,
            created_at: new Date(Date.UTC(2024, 0, 1 + i)).toISOString(),
          })),
        )
        .execute();

      expect(await storage.migrate()).toEqual([
        '0018-scope-names-any-case',
        '0019-revoked-device-keys',
        '0020-programme-plans',
        '0021-audit-record-links',
        '0022-audit-included-records',
        '0023-audit-content-guard',
        '0024-director-acknowledges-concerns',
        '0025-reminder-rounds',
        '0026-submitted-timescales',
        '0027-action-digests',
        '0028-good-practice-counted',
      ]);
      const names = await storage.db
        .selectFrom('scopes')
        .select(['id', 'name'])
        .orderBy('id')
        .execute();
      // The oldest of each name keeps it; the next free number goes to each later one.
      expect(names).toEqual([
        { id: 't-0', name: 'Fostering (2)' },
        { id: 't-1', name: 'Fostering' },
        { id: 't-2', name: 'FOSTERING (3)' },
        { id: 't-3', name: 'fostering (4)' },
        { id: 't-4', name: 'Adoption' },
      ]);
      await expect(
        storage.db
          .insertInto('scopes')
          .values({
            id: 't-5',
            name: 'ADOPTION',
            kind: 'service',
            parent_id: null,
            created_at: new Date().toISOString(),
          })
          .execute(),
      ).rejects.toThrow();
    });
  });
}

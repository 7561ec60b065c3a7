// The storage contract: every engine must pass exactly this suite.
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
}

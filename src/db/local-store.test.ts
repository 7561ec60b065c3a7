import { afterEach, describe, expect, test } from 'vitest';
import { generateDataKey } from './cipher';
import { LocalDatabase, localDatabaseName } from './database';
import { StoreClosedError, WrongDataKeyError } from './errors';
import { saveFields } from './local-edits';
import { closeLocalStore, openLocalStore, wipeLocalStore } from './local-store';
import type { LocalStore } from './local-store';
import { listRecords } from './read-records';
import { writeSealed } from './session-store';

const opened: LocalStore[] = [];
const users = ['user-alice-0001', 'user-bob-0002'];
afterEach(async () => {
  for (const s of opened.splice(0)) s.db.close();
  for (const u of users) await wipeLocalStore(u);
});

async function open(userId: string, key: Uint8Array): Promise<LocalStore> {
  const store = await openLocalStore(userId, key);
  opened.push(store);
  return store;
}

describe('one database per user', () => {
  test('is named by a SHA-256 of the user id, which does not reveal it', async () => {
    const name = await localDatabaseName('user-alice-0001');
    expect(name).toMatch(/^obs-[0-9a-f]{64}$/);
    expect(name).not.toContain('alice');
    expect(await localDatabaseName('user-alice-0001')).toBe(name);
    expect(await localDatabaseName('user-bob-0002')).not.toBe(name);
  });

  test("each user's records are separate, and the next user's key cannot open them", async () => {
    const aliceKey = generateDataKey();
    const alice = await open('user-alice-0001', aliceKey);
    await saveFields(alice.db, alice.cipher, {
      recordId: 'observation-aaaa-0001',
      type: 'observation',
      scopeId: 'scope-a-000001',
      changes: { status: 'draft' },
    });
    const bob = await open('user-bob-0002', generateDataKey());
    expect(await listRecords(bob.db, bob.cipher, 'observation')).toEqual([]);

    alice.db.close();
    await expect(openLocalStore('user-alice-0001', generateDataKey())).rejects.toBeInstanceOf(
      WrongDataKeyError,
    );
    const again = await open('user-alice-0001', aliceKey);
    expect(await listRecords(again.db, again.cipher, 'observation')).toHaveLength(1);
  });

  test('closing a store (lock, sign-out) forgets its key: nothing more is sealed or opened with it', async () => {
    const key = generateDataKey();
    const alice = await open('user-alice-0001', key);
    const change = {
      recordId: 'observation-aaaa-0001',
      type: 'observation' as const,
      scopeId: 'scope-a-000001',
      changes: { status: 'draft' },
    };
    await saveFields(alice.db, alice.cipher, change);
    closeLocalStore(alice);
    // A late save (an autosave after the lock) is refused, and nothing is sealed or opened.
    await expect(saveFields(alice.db, alice.cipher, change)).rejects.toThrow();
    expect(() => alice.cipher.seal({ table: 'records', key: change.recordId }, {})).toThrow(
      StoreClosedError,
    );
    expect(() =>
      alice.cipher.open({ table: 'records', key: change.recordId }, new Uint8Array(64)),
    ).toThrow(StoreClosedError);
    // Unlocking again opens the same records with the same key.
    const again = await open('user-alice-0001', key);
    expect(await listRecords(again.db, again.cipher, 'observation')).toHaveLength(1);
  });

  test('wiping removes the database from the device', async () => {
    const key = generateDataKey();
    const alice = await open('user-alice-0001', key);
    const name = alice.db.name;
    await saveFields(alice.db, alice.cipher, {
      recordId: 'observation-aaaa-0001',
      type: 'observation',
      scopeId: 'scope-a-000001',
      changes: { status: 'draft' },
    });
    await wipeLocalStore('user-alice-0001', alice);
    expect(await LocalDatabase.exists(name)).toBe(false);
    // A fresh start for that user: a new key is accepted, and nothing is there.
    const fresh = await open('user-alice-0001', generateDataKey());
    expect(await listRecords(fresh.db, fresh.cipher, 'observation')).toEqual([]);
  });
});

describe('a store another window deletes (a sign-out or revocation there)', () => {
  const draft = (id: string) => ({
    recordId: id,
    type: 'observation' as const,
    scopeId: 'scope-a-000001',
    changes: { status: 'draft' },
  });

  test('closes for good, says so once, and is never created again by a later write', async () => {
    const key = generateDataKey();
    // Two windows of the same person: each has its own connection.
    const here = await open('user-alice-0001', key);
    const there = await open('user-alice-0001', key);
    const name = there.db.name;
    const heard: string[] = [];
    there.db.onClosedElsewhere((why) => heard.push(why));
    await saveFields(there.db, there.cipher, draft('observation-aaaa-0001'));

    // The other window signs out: it closes its own store and deletes the database.
    await wipeLocalStore('user-alice-0001', here);
    expect(heard).toEqual(['deleted']);
    expect(there.db.closedElsewhere).toBe('deleted');
    expect(there.db.isOpen()).toBe(false);

    // An autosave or a sync in this window afterwards fails plainly rather than reopening.
    await expect(
      saveFields(there.db, there.cipher, draft('observation-aaaa-0002')),
    ).rejects.toBeInstanceOf(StoreClosedError);
    await expect(writeSealed(there.db, there.cipher, 'settings', {})).rejects.toBeInstanceOf(
      StoreClosedError,
    );
    await expect(listRecords(there.db, there.cipher, 'observation')).rejects.toBeInstanceOf(
      StoreClosedError,
    );
    expect(await LocalDatabase.exists(name)).toBe(false);
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(name);
    expect(heard).toEqual(['deleted']);
  });

  test("another person's store on the same tablet is left open", async () => {
    const alice = await open('user-alice-0001', generateDataKey());
    const bob = await open('user-bob-0002', generateDataKey());
    const heard: string[] = [];
    bob.db.onClosedElsewhere((why) => heard.push(why));
    await wipeLocalStore('user-alice-0001', alice);
    expect(heard).toEqual([]);
    await saveFields(bob.db, bob.cipher, draft('observation-bbbb-0001'));
    expect(await listRecords(bob.db, bob.cipher, 'observation')).toHaveLength(1);
  });

  test("the app's own close is not an event", async () => {
    const alice = await open('user-alice-0001', generateDataKey());
    const heard: string[] = [];
    alice.db.onClosedElsewhere((why) => heard.push(why));
    alice.db.close();
    expect(heard).toEqual([]);
    expect(alice.db.closedElsewhere).toBeNull();
  });

  test('an update taken in another window waits while this one saves what was typed, then closes it', async () => {
    const here = await open('user-alice-0001', generateDataKey());
    const heard: string[] = [];
    here.db.onClosedElsewhere((why) => heard.push(why));
    // The autosave of a form with words typed but not yet saved.
    here.db.beforeUpgradeElsewhere(async () => {
      await new Promise((r) => setTimeout(r, 20));
      await saveFields(here.db, here.cipher, {
        recordId: 'observation-aaaa-0009',
        type: 'observation',
        scopeId: 'scope-a-000001',
        changes: { 'summary.strengths': 'typed just before the update' },
      });
    });
    const name = here.db.name;
    const version = here.db.backendDB().version;
    // The other window opens the database at its new version, as an update does.
    const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
      const req = indexedDB.open(name, version + 10);
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const db = req.result;
        const read = db.transaction('records').objectStore('records').getAllKeys();
        read.onsuccess = () => {
          db.close();
          resolve(read.result);
        };
      };
    });
    expect(keys).toContain('observation-aaaa-0009');
    expect(heard).toEqual(['upgraded']);
    expect(here.db.isOpen()).toBe(false);
  });
});

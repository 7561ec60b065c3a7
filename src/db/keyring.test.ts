import { beforeEach, describe, expect, test } from 'vitest';
import { clear, createStore, get, set } from 'idb-keyval';
import {
  clearLockout,
  deleteKeyringEntry,
  findKeyringEntryByEmail,
  keyringUserIds,
  lastUserId,
  readKeyringEntry,
  setLastUserId,
  noteServerContact,
  unlockWithDeviceKey,
  unlockWithSecret,
  writeDevicePolicy,
  writeKeyringEntry,
} from './keyring';
import type { KeyringEntry } from './keyring';
import { generateDataKey } from './cipher';

const SECRET = 'kettle orbit pencil lantern';
const iterations = 1_000; // the real count is slow on purpose; the logic is the same

const keyringStore = () => createStore('obs-keyring', 'entries');

beforeEach(async () => {
  await clear(keyringStore());
});

/** The hash versions before the salt stored: SHA-256 of the lower-cased email, in hex. */
async function unsaltedHash(email: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(email));
  return Buffer.from(digest).toString('hex');
}

async function entry(userId = 'user-0001-aaaa', deviceKey: Uint8Array | null = null) {
  const dataKey = generateDataKey();
  await writeKeyringEntry({
    userId,
    email: 'Sam.Patel@example.org',
    deviceId: 'device-0001-aaaa',
    secret: SECRET,
    dataKey,
    deviceKey,
    iterations,
  });
  return dataKey;
}

describe('the tablet keyring', () => {
  test('the right secret gives back the data key; the disk holds only its wrapped form', async () => {
    const dataKey = await entry();
    const stored = await readKeyringEntry('user-0001-aaaa');
    expect(stored?.bySecret.data).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(stored!.bySecret.data).includes(Buffer.from(dataKey))).toBe(false);
    expect(JSON.stringify(stored)).not.toContain('Sam');
    const result = await unlockWithSecret('user-0001-aaaa', SECRET);
    expect(result).toEqual({ ok: true, dataKey });
  });

  test('found by email address, whatever its case, without storing it', async () => {
    await entry();
    expect((await findKeyringEntryByEmail(' sam.patel@EXAMPLE.org'))?.userId).toBe(
      'user-0001-aaaa',
    );
    expect(await findKeyringEntryByEmail('someone@example.org')).toBeUndefined();
  });

  test('wrong secrets are counted on disk and lock out at the authority’s limit', async () => {
    await entry();
    await writeDevicePolicy('user-0001-aaaa', { unlockAttempts: 3, offlineUnlockDays: null });
    expect(await unlockWithSecret('user-0001-aaaa', 'wrong one')).toEqual({
      ok: false,
      attemptsLeft: 2,
      lockedOut: false,
      offlineDays: null,
    });
    expect((await readKeyringEntry('user-0001-aaaa'))?.failedAttempts).toBe(1);
    await unlockWithSecret('user-0001-aaaa', 'wrong two');
    expect(await unlockWithSecret('user-0001-aaaa', 'wrong three')).toEqual({
      ok: false,
      attemptsLeft: 0,
      lockedOut: true,
      offlineDays: null,
    });
    // Locked out: even the right secret no longer opens it until an online sign-in.
    expect((await unlockWithSecret('user-0001-aaaa', SECRET)).ok).toBe(false);
    await clearLockout('user-0001-aaaa', null);
    expect((await unlockWithSecret('user-0001-aaaa', SECRET)).ok).toBe(true);
  });

  test('before the authority’s settings arrive, five wrong secrets lock out', async () => {
    await entry();
    for (let i = 1; i <= 4; i++)
      expect(await unlockWithSecret('user-0001-aaaa', `wrong ${i}`)).toMatchObject({
        attemptsLeft: 5 - i,
        lockedOut: false,
      });
    expect(await unlockWithSecret('user-0001-aaaa', 'wrong 5')).toMatchObject({ lockedOut: true });
  });

  test('too long without reaching the server: the secret no longer opens it, a sign-in does', async () => {
    await entry();
    await writeDevicePolicy('user-0001-aaaa', { unlockAttempts: 5, offlineUnlockDays: 7 });
    const day = 86_400_000;
    const contact = new Date('2026-11-01T09:00:00Z');
    await noteServerContact('user-0001-aaaa', contact);
    // Six days later it opens; eight days later it does not, whatever the secret.
    const six = new Date(contact.getTime() + 6 * day);
    expect((await unlockWithSecret('user-0001-aaaa', SECRET, six)).ok).toBe(true);
    const eight = new Date(contact.getTime() + 8 * day);
    expect(await unlockWithSecret('user-0001-aaaa', SECRET, eight)).toEqual({
      ok: false,
      attemptsLeft: 0,
      lockedOut: true,
      offlineDays: 7,
    });
    // Not a wrong attempt; and turning the clock back does not open it again.
    expect((await readKeyringEntry('user-0001-aaaa'))?.failedAttempts).toBe(0);
    expect((await unlockWithSecret('user-0001-aaaa', SECRET, six)).ok).toBe(false);
    // A full online sign-in clears it and counts as contact.
    await clearLockout('user-0001-aaaa', null);
    expect((await unlockWithSecret('user-0001-aaaa', SECRET)).ok).toBe(true);
  });

  test('with no limit set, a tablet away for a year still opens', async () => {
    await entry();
    await noteServerContact('user-0001-aaaa', new Date('2025-01-01T00:00:00Z'));
    expect((await unlockWithSecret('user-0001-aaaa', SECRET, new Date('2026-06-01'))).ok).toBe(
      true,
    );
  });

  test('a good unlock resets the count', async () => {
    await entry();
    await unlockWithSecret('user-0001-aaaa', 'wrong');
    await unlockWithSecret('user-0001-aaaa', SECRET);
    expect((await readKeyringEntry('user-0001-aaaa'))?.failedAttempts).toBe(0);
  });

  test('the server’s device key recovers the data key after a forgotten secret', async () => {
    const deviceKey = crypto.getRandomValues(new Uint8Array(32));
    const dataKey = await entry('user-0002-bbbb', deviceKey);
    expect(await unlockWithDeviceKey('user-0002-bbbb', deviceKey)).toEqual(dataKey);
    expect(await unlockWithDeviceKey('user-0002-bbbb', new Uint8Array(32))).toBeNull();
  });

  test('each person has their own entry; forgetting one leaves the other', async () => {
    await entry('user-0001-aaaa');
    await entry('user-0002-bbbb');
    await setLastUserId('user-0002-bbbb');
    expect((await keyringUserIds()).sort()).toEqual(['user-0001-aaaa', 'user-0002-bbbb']);
    await deleteKeyringEntry('user-0002-bbbb');
    expect(await keyringUserIds()).toEqual(['user-0001-aaaa']);
    expect(await lastUserId()).toBeNull();
  });

  test('a new entry holds no unsalted hash of the email, so a list of staff emails cannot be tried against it', async () => {
    await entry();
    const stored = await get<Record<string, unknown>>('user:user-0001-aaaa', keyringStore());
    const unsalted = await unsaltedHash('sam.patel@example.org');
    expect(JSON.stringify(stored)).not.toContain(unsalted);
    expect(Object.values(stored!)).not.toContain(unsalted);
  });

  test('the same email on two tablets gives two different stored hashes', async () => {
    await entry();
    const first = await readKeyringEntry('user-0001-aaaa');
    await clear(keyringStore()); // the second tablet's keyring starts empty
    await entry();
    const second = await readKeyringEntry('user-0001-aaaa');
    expect(second!.emailHash).not.toBe(first!.emailHash);
    expect((await findKeyringEntryByEmail('sam.patel@example.org'))?.userId).toBe('user-0001-aaaa');
  });

  test('an entry from an older version (unsalted hash) is still found, then rewritten salted', async () => {
    const deviceKey = crypto.getRandomValues(new Uint8Array(32));
    const dataKey = await entry('user-0001-aaaa', deviceKey);
    await writeDevicePolicy('user-0001-aaaa', { unlockAttempts: 3, offlineUnlockDays: 7 });
    await unlockWithSecret('user-0001-aaaa', 'wrong one');
    // Rebuilt as older versions wrote it: the plain hash and no salt.
    const current = await get<KeyringEntry>('user:user-0001-aaaa', keyringStore());
    const legacy: Record<string, unknown> = { ...current };
    delete legacy.emailSalt;
    const unsalted = await unsaltedHash('sam.patel@example.org');
    legacy.emailHash = unsalted;
    await set('user:user-0001-aaaa', legacy, keyringStore());

    const found = await findKeyringEntryByEmail('Sam.Patel@example.org ');
    expect(found?.userId).toBe('user-0001-aaaa');
    expect(found?.deviceId).toBe('device-0001-aaaa');

    const upgraded = await get<KeyringEntry>('user:user-0001-aaaa', keyringStore());
    expect(JSON.stringify(upgraded)).not.toContain(unsalted);
    // Only the lookup changed: the keys, the count and the authority's rules are as they were.
    expect(upgraded).toEqual({
      ...legacy,
      emailHash: upgraded!.emailHash,
      emailSalt: upgraded!.emailSalt,
    });
    expect((await findKeyringEntryByEmail('sam.patel@example.org'))?.userId).toBe('user-0001-aaaa');
    expect(await findKeyringEntryByEmail('someone@example.org')).toBeUndefined();
    expect(await unlockWithSecret('user-0001-aaaa', SECRET)).toEqual({ ok: true, dataKey });
    expect(await unlockWithDeviceKey('user-0001-aaaa', deviceKey)).toEqual(dataKey);
  });
});

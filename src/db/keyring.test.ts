import { beforeEach, describe, expect, test } from 'vitest';
import { clear, createStore } from 'idb-keyval';
import {
  clearLockout,
  deleteKeyringEntry,
  findKeyringEntryByEmail,
  keyringUserIds,
  lastUserId,
  readKeyringEntry,
  setLastUserId,
  unlockWithDeviceKey,
  unlockWithSecret,
  writeKeyringEntry,
} from './keyring';
import { generateDataKey } from './cipher';

const SECRET = 'kettle orbit pencil lantern';
const iterations = 1_000; // the real count is slow on purpose; the logic is the same

beforeEach(async () => {
  await clear(createStore('obs-keyring', 'entries'));
});

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
    const result = await unlockWithSecret('user-0001-aaaa', SECRET, 5);
    expect(result).toEqual({ ok: true, dataKey });
  });

  test('found by email address, whatever its case, without storing it', async () => {
    await entry();
    expect((await findKeyringEntryByEmail(' sam.patel@EXAMPLE.org'))?.userId).toBe(
      'user-0001-aaaa',
    );
    expect(await findKeyringEntryByEmail('someone@example.org')).toBeUndefined();
  });

  test('wrong secrets are counted on disk and lock out at the limit', async () => {
    await entry();
    expect(await unlockWithSecret('user-0001-aaaa', 'wrong one', 3)).toEqual({
      ok: false,
      attemptsLeft: 2,
      lockedOut: false,
    });
    expect((await readKeyringEntry('user-0001-aaaa'))?.failedAttempts).toBe(1);
    await unlockWithSecret('user-0001-aaaa', 'wrong two', 3);
    expect(await unlockWithSecret('user-0001-aaaa', 'wrong three', 3)).toEqual({
      ok: false,
      attemptsLeft: 0,
      lockedOut: true,
    });
    // Locked out: even the right secret no longer opens it until an online sign-in.
    expect((await unlockWithSecret('user-0001-aaaa', SECRET, 3)).ok).toBe(false);
    await clearLockout('user-0001-aaaa', null);
    expect((await unlockWithSecret('user-0001-aaaa', SECRET, 3)).ok).toBe(true);
  });

  test('a good unlock resets the count', async () => {
    await entry();
    await unlockWithSecret('user-0001-aaaa', 'wrong', 5);
    await unlockWithSecret('user-0001-aaaa', SECRET, 5);
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
});

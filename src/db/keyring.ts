// The device's keyring: for each person who has signed in on this tablet, their data key wrapped
// (AES-GCM, WebCrypto) by a key derived from their unlock secret with PBKDF2-SHA256, and, when the
// server issued one, wrapped a second time by the device key the server holds for this
// registration, so a full online sign-in recovers the data when the secret is forgotten or locked
// out. The data key never reaches the disk unwrapped. Nothing here says anything about a child or
// names anyone: entries are found by user id or a hash of the email address salted per entry, so
// the same address stored on two tablets does not match, and no table of the
// authority's staff emails hashed once can be looked up against a lost tablet.
import { createStore, del, entries, get, promisifyRequest, set } from 'idb-keyval';
import { KeyringError } from './errors';

/** About 1 s on a 2020 tablet; see README ("Device protection") for what a guess costs. */
export const PBKDF2_ITERATIONS = 1_000_000;
const SALT_BYTES = 16;
const IV_BYTES = 12;

export type WrappedKey = { iv: Uint8Array; data: Uint8Array };

export type KeyringEntry = {
  userId: string;
  /**
   * HMAC-SHA-256 of the trimmed, lower-cased email address keyed by `emailSalt`: finds the entry
   * at sign-in without storing the address or a hash that a list of addresses hashed once would
   * match on every tablet. Entries written before the salt hold the plain SHA-256 and no salt;
   * the first sign-in that finds one rewrites it salted.
   */
  emailHash: string;
  /** Random, this entry's own; absent only in entries written before it existed. */
  emailSalt?: Uint8Array;
  /** The server's registration of this tablet for this person; sent again at sign-in. */
  deviceId: string | null;
  kdf: { name: 'PBKDF2-SHA256'; iterations: number; salt: Uint8Array };
  bySecret: WrappedKey;
  /** Null when the server gave no device key (an older server). */
  byDeviceKey: WrappedKey | null;
  /** Wrong unlock attempts since the last good one; kept on disk so a reload does not reset it. */
  failedAttempts: number;
  /** Too many wrong attempts: only a full online sign-in opens the data again. */
  lockedOut: boolean;
  /** The lock-out came from too long without reaching the server, not from wrong attempts. */
  lockedOutOffline?: boolean;
  /**
   * The authority's rules for unlocking, copied from its settings (which are sealed, so a locked
   * tablet could not read them). Absent until the settings first arrive: the defaults apply.
   */
  policy?: DevicePolicy;
  /** When this person's session last reached the server (a sync or a full sign-in). */
  lastContactAt?: string;
  createdAt: string;
};

export type DevicePolicy = { unlockAttempts: number; offlineUnlockDays: number | null };

/** Until the authority's settings reach the tablet. */
export const DEFAULT_DEVICE_POLICY: DevicePolicy = { unlockAttempts: 5, offlineUnlockDays: null };

const DAY_MS = 86_400_000;

/**
 * The authority's limit in days when this tablet has gone longer than it without reaching the
 * server (counted from the first sign-in when no contact is recorded); otherwise null.
 */
export function offlineLimitPassed(entry: KeyringEntry, now: Date): number | null {
  const days = entry.policy?.offlineUnlockDays ?? null;
  if (days === null) return null;
  const since = Date.parse(entry.lastContactAt ?? entry.createdAt);
  return now.getTime() - since > days * DAY_MS ? days : null;
}

const store = () => createStore('obs-keyring', 'entries');
const entryKey = (userId: string) => `user:${userId}`;
const LAST_USER = 'last-user';

const bytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));

function aad(userId: string, purpose: 'secret' | 'device'): Uint8Array {
  return new TextEncoder().encode(`obs-keyring/1\u0000${purpose}\u0000${userId}`);
}

const hex = (buf: ArrayBuffer) =>
  Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
const normalEmail = (email: string) => new TextEncoder().encode(email.trim().toLowerCase());

async function saltedEmailHash(email: string, salt: Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    salt as BufferSource,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return hex(await crypto.subtle.sign('HMAC', key, normalEmail(email) as BufferSource));
}

/** What versions before the salt stored; read only to find and upgrade their entries. */
async function unsaltedEmailHash(email: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', normalEmail(email) as BufferSource));
}

async function kekFromSecret(
  secret: string,
  salt: Uint8Array,
  iterations: number,
): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret.normalize('NFKC')),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

async function kekFromDeviceKey(deviceKey: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', deviceKey as BufferSource, 'AES-GCM', false, [
    'encrypt',
    'decrypt',
  ]);
}

async function wrap(kek: CryptoKey, dataKey: Uint8Array, additional: Uint8Array) {
  const iv = bytes(IV_BYTES);
  const data = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv: iv as BufferSource, additionalData: additional as BufferSource },
      kek,
      dataKey as BufferSource,
    ),
  );
  return { iv, data };
}

/** The data key, or null when the wrapping key is wrong (GCM's tag check fails). */
async function unwrap(
  kek: CryptoKey,
  wrapped: WrappedKey,
  additional: Uint8Array,
): Promise<Uint8Array | null> {
  try {
    const plain = await crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: wrapped.iv as BufferSource,
        additionalData: additional as BufferSource,
      },
      kek,
      wrapped.data as BufferSource,
    );
    return new Uint8Array(plain);
  } catch {
    return null;
  }
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof KeyringError) throw err;
    throw new KeyringError({ cause: err });
  }
}

export async function readKeyringEntry(userId: string): Promise<KeyringEntry | undefined> {
  return guarded(() => get<KeyringEntry>(entryKey(userId), store()));
}

/**
 * The entry for this email address, trying each entry's own salt (a tablet holds a few). An entry
 * from before the salt is found by the plain hash and rewritten salted in place, keeping
 * everything else in it, so nobody loses their registration or their data.
 */
export async function findKeyringEntryByEmail(email: string): Promise<KeyringEntry | undefined> {
  return guarded(async () => {
    const all = await entries<string, KeyringEntry>(store());
    let unsalted: string | undefined;
    for (const [key, e] of all) {
      if (!String(key).startsWith('user:') || !e || typeof e !== 'object') continue;
      if (e.emailSalt) {
        if ((await saltedEmailHash(email, e.emailSalt)) === e.emailHash) return e;
        continue;
      }
      unsalted ??= await unsaltedEmailHash(email);
      if (e.emailHash !== unsalted) continue;
      const emailSalt = bytes(SALT_BYTES);
      const salted = await saltedEmailHash(email, emailSalt);
      const hash = unsalted;
      // Read and written in one transaction, so a count or a policy written since the read above
      // is kept, and an entry deleted or replaced meanwhile is left as it is.
      return store()('readwrite', async (s) => {
        const now = await promisifyRequest<KeyringEntry | undefined>(s.get(key));
        if (!now || now.emailSalt || now.emailHash !== hash) return now;
        const upgraded: KeyringEntry = { ...now, emailHash: salted, emailSalt };
        s.put(upgraded, key);
        await promisifyRequest(s.transaction);
        return upgraded;
      });
    }
    return undefined;
  });
}

/** Everyone who has a keyring entry on this tablet (user ids only). */
export async function keyringUserIds(): Promise<string[]> {
  return guarded(async () => {
    const all = await entries<string, unknown>(store());
    return all
      .map(([k]) => String(k))
      .filter((k) => k.startsWith('user:'))
      .map((k) => k.slice('user:'.length));
  });
}

export async function lastUserId(): Promise<string | null> {
  return guarded(async () => (await get<string>(LAST_USER, store())) ?? null);
}

export async function setLastUserId(userId: string | null): Promise<void> {
  await guarded(() =>
    userId === null ? del(LAST_USER, store()) : set(LAST_USER, userId, store()),
  );
}

export type NewKeyringEntry = {
  userId: string;
  email: string;
  deviceId: string | null;
  secret: string;
  dataKey: Uint8Array;
  deviceKey: Uint8Array | null;
  iterations?: number;
};

/** Wraps a data key for a person and stores it; replaces any entry they had. */
export async function writeKeyringEntry(input: NewKeyringEntry): Promise<KeyringEntry> {
  return guarded(async () => {
    const salt = bytes(SALT_BYTES);
    const emailSalt = bytes(SALT_BYTES);
    const iterations = input.iterations ?? PBKDF2_ITERATIONS;
    const kek = await kekFromSecret(input.secret, salt, iterations);
    const entry: KeyringEntry = {
      userId: input.userId,
      emailHash: await saltedEmailHash(input.email, emailSalt),
      emailSalt,
      deviceId: input.deviceId,
      kdf: { name: 'PBKDF2-SHA256', iterations, salt },
      bySecret: await wrap(kek, input.dataKey, aad(input.userId, 'secret')),
      byDeviceKey: input.deviceKey
        ? await wrap(
            await kekFromDeviceKey(input.deviceKey),
            input.dataKey,
            aad(input.userId, 'device'),
          )
        : null,
      failedAttempts: 0,
      lockedOut: false,
      createdAt: new Date().toISOString(),
    };
    await set(entryKey(input.userId), entry, store());
    return entry;
  });
}

export type UnlockResult =
  | { ok: true; dataKey: Uint8Array }
  | {
      ok: false;
      attemptsLeft: number;
      lockedOut: boolean;
      /** Locked out for going longer than this many days without reaching the server. */
      offlineDays: number | null;
    };

/** Wrong attempts allowed for this person on this tablet: the authority's, once it has arrived. */
export function maxUnlockAttempts(entry: KeyringEntry | undefined): number {
  return entry?.policy?.unlockAttempts ?? DEFAULT_DEVICE_POLICY.unlockAttempts;
}

/**
 * Tries the unlock secret. A wrong one is counted on disk before the answer is given, so closing
 * the app between attempts does not reset the count; at the authority's number of attempts the
 * entry is locked out. So is a tablet that has gone longer than the authority allows without
 * reaching the server, before the secret is even tried.
 */
export async function unlockWithSecret(
  userId: string,
  secret: string,
  now: Date = new Date(),
): Promise<UnlockResult> {
  return guarded(async () => {
    const entry = await get<KeyringEntry>(entryKey(userId), store());
    if (!entry) throw new KeyringError();
    const offlineDays = offlineLimitPassed(entry, now);
    if (offlineDays !== null && !entry.lockedOut) {
      // Kept on disk: turning the tablet's clock back afterwards does not open it again.
      await set(entryKey(userId), { ...entry, lockedOut: true, lockedOutOffline: true }, store());
    }
    if (entry.lockedOut || offlineDays !== null) {
      const days = entry.lockedOutOffline
        ? (entry.policy?.offlineUnlockDays ?? offlineDays)
        : offlineDays;
      return { ok: false, attemptsLeft: 0, lockedOut: true, offlineDays: days };
    }
    const maxAttempts = maxUnlockAttempts(entry);
    const kek = await kekFromSecret(secret, entry.kdf.salt, entry.kdf.iterations);
    const dataKey = await unwrap(kek, entry.bySecret, aad(userId, 'secret'));
    if (dataKey) {
      if (entry.failedAttempts > 0)
        await set(entryKey(userId), { ...entry, failedAttempts: 0 }, store());
      return { ok: true, dataKey };
    }
    const failedAttempts = entry.failedAttempts + 1;
    const lockedOut = failedAttempts >= maxAttempts;
    await set(entryKey(userId), { ...entry, failedAttempts, lockedOut }, store());
    return {
      ok: false,
      attemptsLeft: Math.max(0, maxAttempts - failedAttempts),
      lockedOut,
      offlineDays: null,
    };
  });
}

/** After a full online sign-in: the data key through the server's device key, or null. */
export async function unlockWithDeviceKey(
  userId: string,
  deviceKey: Uint8Array,
): Promise<Uint8Array | null> {
  return guarded(async () => {
    const entry = await get<KeyringEntry>(entryKey(userId), store());
    if (!entry?.byDeviceKey) return null;
    return unwrap(await kekFromDeviceKey(deviceKey), entry.byDeviceKey, aad(userId, 'device'));
  });
}

/** Clears a lock-out and the count after a full online sign-in, which is contact too. */
export async function clearLockout(userId: string, deviceId: string | null): Promise<void> {
  await guarded(async () => {
    const entry = await get<KeyringEntry>(entryKey(userId), store());
    if (!entry) return;
    await set(
      entryKey(userId),
      {
        ...entry,
        failedAttempts: 0,
        lockedOut: false,
        lockedOutOffline: false,
        lastContactAt: new Date().toISOString(),
        deviceId: deviceId ?? entry.deviceId,
      },
      store(),
    );
  });
}

/** Keeps the authority's unlocking rules beside the person's keys, where a locked tablet reads. */
export async function writeDevicePolicy(userId: string, policy: DevicePolicy): Promise<void> {
  await guarded(async () => {
    const entry = await get<KeyringEntry>(entryKey(userId), store());
    if (!entry) return;
    const same =
      entry.policy?.unlockAttempts === policy.unlockAttempts &&
      entry.policy.offlineUnlockDays === policy.offlineUnlockDays;
    if (!same) await set(entryKey(userId), { ...entry, policy: { ...policy } }, store());
  });
}

/** Records that this person's session reached the server (at most one write a minute). */
export async function noteServerContact(userId: string, at: Date = new Date()): Promise<void> {
  await guarded(async () => {
    const entry = await get<KeyringEntry>(entryKey(userId), store());
    if (!entry) return;
    const last = entry.lastContactAt ? Date.parse(entry.lastContactAt) : 0;
    if (at.getTime() - last < 60_000) return;
    await set(entryKey(userId), { ...entry, lastContactAt: at.toISOString() }, store());
  });
}

/** Forgets a person's keys on this tablet (their encrypted data becomes unreadable). */
export async function deleteKeyringEntry(userId: string): Promise<void> {
  await guarded(async () => {
    await del(entryKey(userId), store());
    if ((await get<string>(LAST_USER, store())) === userId) await del(LAST_USER, store());
  });
}

// Password hashing, session tokens and setup codes: the secrets of accounts.
import { describe, expect, test } from 'vitest';
import {
  PRODUCTION_SCRYPT,
  hashPassword,
  needsRehash,
  setScryptCostForTests,
  verifyPassword,
} from '../../sync-server/src/accounts/passwords';
import { newSetupCode, normalizeSetupCode } from '../../sync-server/src/accounts/setup-codes';
import { bearerToken, hashToken, newToken } from '../../sync-server/src/accounts/tokens';

const HASH_FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

describe('password hashing at production cost', () => {
  test('production uses scrypt N=2^15, r=8, p=1 with a 16-byte salt, and the hash says so', async () => {
    expect(PRODUCTION_SCRYPT).toEqual({ N: 32768, r: 8, p: 1 });
    const hash = await hashPassword('correct horse battery staple');
    const m = HASH_FORMAT.exec(hash);
    expect(m).not.toBeNull();
    expect([m![1], m![2], m![3]]).toEqual(['32768', '8', '1']);
    expect(Buffer.from(m![4]!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(m![5]!, 'base64url')).toHaveLength(32);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(needsRehash(hash)).toBe(false);
  });
});

describe('password hashing (cheap cost for speed)', () => {
  test('verifies the right password and refuses a wrong one', async () => {
    setScryptCostForTests(2 ** 10);
    const hash = await hashPassword('correct horse battery staple');
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
    expect(await verifyPassword('Correct horse battery staple', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  test('the same password hashes differently each time (a fresh salt), and both verify', async () => {
    setScryptCostForTests(2 ** 10);
    const a = await hashPassword('the same password');
    const b = await hashPassword('the same password');
    expect(a).not.toBe(b);
    expect(HASH_FORMAT.exec(a)![4]).not.toBe(HASH_FORMAT.exec(b)![4]);
    expect(await verifyPassword('the same password', a)).toBe(true);
    expect(await verifyPassword('the same password', b)).toBe(true);
  });

  test('a hash records its own cost, so it verifies after the cost changes and asks to be upgraded', async () => {
    setScryptCostForTests(2 ** 10);
    const cheap = await hashPassword('an older password');
    expect(cheap.startsWith('scrypt$1024$8$1$')).toBe(true);
    setScryptCostForTests(2 ** 12);
    expect(await verifyPassword('an older password', cheap)).toBe(true);
    expect(needsRehash(cheap)).toBe(true);
    setScryptCostForTests(2 ** 10);
  });

  test('the same characters in another Unicode form verify', async () => {
    setScryptCostForTests(2 ** 10);
    const composed = 'café au lait chaud'.normalize('NFC');
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(await verifyPassword(decomposed, await hashPassword(composed))).toBe(true);
  });

  test.each([
    ['not a hash'],
    ['scrypt$1024$8$1$c2FsdA$a2V5'],
    ['scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['scrypt$4294967296$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['bcrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
  ])('a malformed or hostile stored hash (%s) never verifies', async (stored) => {
    expect(await verifyPassword('anything at all', stored)).toBe(false);
  });

  test('the test hook refuses a cost that is not a power of two', () => {
    expect(() => setScryptCostForTests(1000)).toThrow();
    expect(() => setScryptCostForTests(2 ** 21)).toThrow();
  });
});

describe('session tokens', () => {
  test('are 32 random bytes in base64url, stored as their sha256 in hex', () => {
    const token = newToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(newToken()).not.toBe(token);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).toBe(hashToken(token));
  });

  test('are read only from a Bearer authorization header', () => {
    const token = newToken();
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
    expect(bearerToken(`bearer ${token}`)).toBe(token);
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken(token)).toBeNull();
    expect(bearerToken(`Basic ${token}`)).toBeNull();
    expect(bearerToken('Bearer ')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
  });
});

describe('setup codes', () => {
  test('are four groups of four unambiguous characters, different each time', () => {
    const code = newSetupCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(newSetupCode()).not.toBe(code);
  });

  test('are accepted as a person types them', () => {
    expect(normalizeSetupCode('ab0c-d1ef-ghjk-mnpq')).toBe('AB0CD1EFGHJKMNPQ');
    expect(normalizeSetupCode(' abOc dIef ghjk mnpL ')).toBe('AB0CD1EFGHJKMNP1');
  });
});

// Password hashing with scrypt, a memory-hard function built into Node (no native add-on to
// install). N=2^15, r=8, p=1 takes about 32 MiB and a tenth of a second per hash: slow enough to
// make guessing a stolen hash expensive, quick enough for a sign-in. Each hash records its own
// parameters, so raising the cost later still verifies old hashes (and sign-in upgrades them).
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const PRODUCTION_SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
export const MIN_PASSWORD_LENGTH = 12;
// scrypt copes with any length, but a megabyte "password" would still cost time to process.
export const MAX_PASSWORD_LENGTH = 1000;

const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Hashes we did not write (a corrupted or hostile row) must not make us allocate gigabytes.
const MAX_N = 2 ** 20;

let costN: number = PRODUCTION_SCRYPT.N;

/**
 * Test hook: a lower N makes test suites quick. Production never calls this. Hashes made at a low
 * cost still verify anywhere because each hash carries its own N.
 */
export function setScryptCostForTests(n: number): void {
  if (!Number.isInteger(n) || n < 2 || (n & (n - 1)) !== 0 || n > MAX_N) {
    throw new Error('scrypt N must be a power of two from 2 to 2^20');
  }
  costN = n;
  dummyHash = null;
}

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`)
  .refine((s) => s.trim().length > 0, 'must not be only spaces');

type Params = { N: number; r: number; p: number };

function derive(password: string, salt: Buffer, params: Params): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // The same characters typed on different keyboards can arrive in different Unicode forms.
    scrypt(
      password.normalize('NFC'),
      salt,
      KEY_BYTES,
      { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64url. */
export async function hashPassword(password: string): Promise<string> {
  const params = { N: costN, r: PRODUCTION_SCRYPT.r, p: PRODUCTION_SCRYPT.p };
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return [
    'scrypt',
    params.N,
    params.r,
    params.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

type Parsed = Params & { salt: Buffer; key: Buffer };

function parse(encoded: string): Parsed | null {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map((v) => Number.parseInt(v, 10));
  if (N === undefined || r === undefined || p === undefined) return null;
  if (!(N >= 2 && N <= MAX_N && (N & (N - 1)) === 0 && r >= 1 && r <= 32 && p >= 1 && p <= 16)) {
    return null;
  }
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const key = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length < 16 || key.length < 16) return null;
  return { N, r, p, salt, key };
}

/** True when the password matches; false for a wrong password or a malformed hash. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parse(encoded);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** A hash made at a lower cost than today's, to be replaced at the next successful sign-in. */
export function needsRehash(encoded: string): boolean {
  const parsed = parse(encoded);
  return (
    !parsed ||
    parsed.N < costN ||
    parsed.r !== PRODUCTION_SCRYPT.r ||
    parsed.p !== PRODUCTION_SCRYPT.p
  );
}

let dummyHash: Promise<string> | null = null;

/**
 * Spends the same time as checking a real password, so the response time of a sign-in does not
 * reveal whether the email address has an account.
 */
export async function verifyAgainstNothing(password: string): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(16).toString('base64url'));
  await verifyPassword(password, await dummyHash);
}

// First-run setup without a password in the environment: the server prints a one-time code at
// start-up, and whoever can read the server's output uses it to create the first admin. Only the
// code's hash is stored; it works once, only while no admin exists, and only until a newer code
// is printed (each server process starting with no admin prints one). Issuing a code and
// completing setup take one lock (storage/locks.ts), so two processes starting at once leave one
// code, and two codes spent at once create one admin.
import { randomInt } from 'node:crypto';
import { AppError, ErrorCode } from '../errors';
import type { Db, UserSummary } from './accounts-repository';
import { countAdmins, createUser, inTransaction } from './accounts-repository';
import { hashToken } from './tokens';
import { holdLock } from '../storage/locks';

// Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Four groups of four characters: 80 random bits. */
export function newSetupCode(): string {
  const groups = Array.from({ length: 4 }, () =>
    Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
  );
  return groups.join('-');
}

/** Accepts the code as a person types it: any case, with or without dashes or spaces. */
export function normalizeSetupCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/**
 * A new code, and the end of every code printed before it and not used: otherwise each start
 * without an admin would leave one more code that works for as long as setup stays open.
 */
export async function issueSetupCode(db: Db, now: Date = new Date()): Promise<string> {
  const code = newSetupCode();
  await inTransaction(db, async (tx) => {
    await holdLock(tx, 'first-run');
    await tx.deleteFrom('setup_codes').where('used_at', 'is', null).execute();
    await tx
      .insertInto('setup_codes')
      .values({
        code_hash: hashToken(normalizeSetupCode(code)),
        created_at: now.toISOString(),
        used_at: null,
      })
      .execute();
  });
  return code;
}

/** Setup is open while there is no active admin. */
export async function setupAvailable(db: Db): Promise<boolean> {
  return (await countAdmins(db)) === 0;
}

export type CompleteSetupInput = {
  code: string;
  email: string;
  displayName?: string | undefined;
  /** Already checked against the password rules. */
  password: string;
};

/**
 * Creates the first admin with a valid, unused setup code; the code is spent in the same commit,
 * and any other unused code goes with it. The lock comes before the check that no admin exists:
 * with no admin there is no row to lock, and two codes spent at once (codes an earlier release
 * left valid together) would otherwise both find none and create two first admins.
 */
export async function completeSetup(
  db: Db,
  input: CompleteSetupInput,
  now: Date = new Date(),
): Promise<UserSummary> {
  return inTransaction(db, async (tx) => {
    await holdLock(tx, 'first-run');
    if ((await countAdmins(tx)) > 0) {
      throw new AppError(
        409,
        ErrorCode.SETUP_NOT_AVAILABLE,
        'This server already has an administrator, so setup is closed. Sign in, or ask an administrator for an account.',
      );
    }
    const spent = await tx
      .updateTable('setup_codes')
      .set({ used_at: now.toISOString() })
      .where('code_hash', '=', hashToken(normalizeSetupCode(input.code)))
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) {
      throw new AppError(
        403,
        ErrorCode.SETUP_CODE_INVALID,
        'That setup code is not right. Use the code in the line the server printed at its latest start (with several server processes, the one that started last).',
      );
    }
    await tx.deleteFrom('setup_codes').where('used_at', 'is', null).execute();
    return createUser(tx, {
      email: input.email,
      displayName: input.displayName,
      role: 'admin',
      password: input.password,
    });
  });
}

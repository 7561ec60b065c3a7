// Signing in: one generic failure for a wrong password and an unknown address (and the same time
// spent on both), a lock after repeated failures that holds across every server process because it
// lives in the database, and a device registration plus a session on success.
import type { ExpressionBuilder } from 'kysely';
import { AppError, ErrorCode } from '../errors';
import type { Database } from '../storage/database';
import type { Db, ScopeSummary } from './accounts-repository';
import {
  createSession,
  findUserByEmail,
  inTransaction,
  registerDevice,
  userScopes,
} from './accounts-repository';
import { hashPassword, needsRehash, verifyAgainstNothing, verifyPassword } from './passwords';
import { isRole } from './permissions';
import type { Role } from './permissions';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MINUTES = 15;

export const SIGN_IN_FAILED_MESSAGE = 'Enter a correct email address and password.';

export type SignInInput = {
  email: string;
  password: string;
  /** The registration this tablet was given at an earlier sign-in, if any. */
  deviceId?: string | undefined;
  deviceName?: string | undefined;
};

export type AccountView = {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  scopes: ScopeSummary[];
};

export type SignInResult = {
  token: string;
  expiresAt: string;
  deviceId: string;
  /** The server's half of this registration's key recovery. */
  deviceKey: string;
  user: AccountView;
};

const signInFailed = () => new AppError(401, ErrorCode.SIGN_IN_FAILED, SIGN_IN_FAILED_MESSAGE);

export function accountLocked(lockedUntil: string, now: Date): AppError {
  const seconds = Math.max(1, Math.ceil((Date.parse(lockedUntil) - now.getTime()) / 1000));
  const minutes = Math.ceil(seconds / 60);
  return new AppError(
    423,
    ErrorCode.ACCOUNT_LOCKED,
    `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, ` +
      'or ask an administrator to reset your password.',
    { lockedUntil, retryAfterSeconds: seconds },
  );
}

/** Rows whose lock, if any, has run out by `now` (times are ISO strings, so they sort as text). */
const notLockedAt = (now: Date) => (eb: ExpressionBuilder<Database, 'users'>) =>
  eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now.toISOString())]);

/**
 * The answer when a conditional write on the account matched nothing: the lock if one holds now,
 * otherwise the generic failure (the password was changed, or the account removed, meanwhile).
 */
async function refusal(db: Db, userId: string, now: Date): Promise<AppError> {
  const row = await db
    .selectFrom('users')
    .select('locked_until')
    .where('id', '=', userId)
    .executeTakeFirst();
  const lockedUntil = row?.locked_until ?? null;
  return lockedUntil !== null && Date.parse(lockedUntil) > now.getTime()
    ? accountLocked(lockedUntil, now)
    : signInFailed();
}

/**
 * Counts this attempt as a failure before the password is checked, in one statement, so that
 * concurrent guesses (in this process or another) each take a place in the count and no more than
 * MAX_FAILED_SIGN_INS of them get as far as the check; a right password then starts the count
 * again. Nothing comes back while the account is locked. The hash returned is the one to check,
 * read in the same statement.
 */
async function takeAttempt(db: Db, userId: string, now: Date) {
  const row = await db
    .updateTable('users')
    .set((eb) => ({ failed_sign_ins: eb('failed_sign_ins', '+', 1) }))
    .where('id', '=', userId)
    .where(notLockedAt(now))
    .returning(['failed_sign_ins', 'password_hash', 'status', 'role'])
    .executeTakeFirst();
  return row && { ...row, failed_sign_ins: Number(row.failed_sign_ins) };
}

/**
 * Locks the account unless a lock already holds (one taken by a concurrent attempt is not pushed
 * further out), and returns the answer naming the lock in force.
 */
async function lockAccount(db: Db, userId: string, now: Date): Promise<AppError> {
  const lockedUntil = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString();
  const res = await db
    .updateTable('users')
    .set({ locked_until: lockedUntil, failed_sign_ins: 0 })
    .where('id', '=', userId)
    .where(notLockedAt(now))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0
    ? accountLocked(lockedUntil, now)
    : refusal(db, userId, now);
}

export async function signIn(
  db: Db,
  input: SignInInput,
  opts: { sessionTtlHours: number; now?: Date },
): Promise<SignInResult> {
  const now = opts.now ?? new Date();
  const user = await findUserByEmail(db, input.email);
  if (!user || user.password_hash === null) {
    await verifyAgainstNothing(input.password);
    throw signInFailed();
  }
  const attempt = await takeAttempt(db, user.id, now);
  if (!attempt) throw await refusal(db, user.id, now);
  // More attempts than the limit without a success between them (a burst, or attempts a crashed
  // process never finished): lock at once, without checking this one. Refusing without a lock
  // would leave the count over the limit with nothing to end it.
  if (attempt.failed_sign_ins > MAX_FAILED_SIGN_INS) throw await lockAccount(db, user.id, now);
  const checkedHash = attempt.password_hash;
  if (checkedHash === null || !(await verifyPassword(input.password, checkedHash))) {
    if (attempt.failed_sign_ins >= MAX_FAILED_SIGN_INS) throw await lockAccount(db, user.id, now);
    throw signInFailed();
  }
  // Only someone who knows the password learns that the account is disabled.
  if (attempt.status !== 'active' || !isRole(attempt.role)) {
    // A right password is not a failure: give back the place this attempt took in the count.
    await db
      .updateTable('users')
      .set((eb) => ({ failed_sign_ins: eb('failed_sign_ins', '-', 1) }))
      .where('id', '=', user.id)
      .where('failed_sign_ins', '>', 0)
      .where(notLockedAt(now))
      .execute();
    throw new AppError(
      403,
      ErrorCode.ACCOUNT_DISABLED,
      'This account has been disabled. Ask your administrator if you need access again.',
    );
  }
  const role = attempt.role;
  const upgraded = needsRehash(checkedHash) ? await hashPassword(input.password) : null;

  return inTransaction(db, async (tx) => {
    // Conditional on the hash checked above: a password reset committed since then ends this
    // sign-in (its session would otherwise outlive the reset, and the upgrade would write the old
    // password back). Conditional on no lock: a right password checked while concurrent failures
    // locked the account does not lift the lock. The row stays locked until commit, so a reset
    // arriving now waits and then revokes the session made here.
    const res = await tx
      .updateTable('users')
      .set(
        upgraded
          ? { failed_sign_ins: 0, locked_until: null, password_hash: upgraded }
          : { failed_sign_ins: 0, locked_until: null },
      )
      .where('id', '=', user.id)
      .where('password_hash', '=', checkedHash)
      .where(notLockedAt(now))
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw await refusal(tx, user.id, now);
    const { device, recoveryKey } = await registerDevice(tx, {
      userId: user.id,
      name: input.deviceName,
      reuseId: input.deviceId,
      now,
    });
    const session = await createSession(tx, {
      userId: user.id,
      deviceId: device.id,
      ttlHours: opts.sessionTtlHours,
      now,
    });
    return {
      token: session.token,
      expiresAt: session.expiresAt,
      deviceId: device.id,
      deviceKey: recoveryKey,
      user: {
        id: user.id,
        email: user.email,
        displayName: user.display_name,
        role,
        scopes: await userScopes(tx, user.id),
      },
    };
  });
}

// Signing in: one generic failure for a wrong password and an unknown address (and the same time
// spent on both), a lock after repeated failures that holds across every server process because it
// lives in the database, and a device registration plus a session on success.
import { AppError, ErrorCode } from '../errors';
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

/**
 * Counts a failure atomically (two servers may see failures for the same account at once) and
 * locks the account when the count reaches the limit. Returns the lock's end, if it locked.
 */
async function recordFailure(db: Db, userId: string, now: Date): Promise<string | null> {
  const row = await db
    .updateTable('users')
    .set((eb) => ({ failed_sign_ins: eb('failed_sign_ins', '+', 1) }))
    .where('id', '=', userId)
    .returning('failed_sign_ins')
    .executeTakeFirst();
  if (!row || Number(row.failed_sign_ins) < MAX_FAILED_SIGN_INS) return null;
  const lockedUntil = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString();
  await db
    .updateTable('users')
    .set({ locked_until: lockedUntil, failed_sign_ins: 0 })
    .where('id', '=', userId)
    .execute();
  return lockedUntil;
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
  if (user.locked_until !== null && Date.parse(user.locked_until) > now.getTime()) {
    throw accountLocked(user.locked_until, now);
  }
  if (!(await verifyPassword(input.password, user.password_hash))) {
    const lockedUntil = await recordFailure(db, user.id, now);
    if (lockedUntil) throw accountLocked(lockedUntil, now);
    throw signInFailed();
  }
  // Only someone who knows the password learns that the account is disabled.
  if (user.status !== 'active' || !isRole(user.role)) {
    throw new AppError(
      403,
      ErrorCode.ACCOUNT_DISABLED,
      'This account has been disabled. Ask your administrator if you need access again.',
    );
  }
  const role = user.role;
  const upgraded = needsRehash(user.password_hash) ? await hashPassword(input.password) : null;

  return inTransaction(db, async (tx) => {
    await tx
      .updateTable('users')
      .set(
        upgraded
          ? { failed_sign_ins: 0, locked_until: null, password_hash: upgraded }
          : { failed_sign_ins: 0, locked_until: null },
      )
      .where('id', '=', user.id)
      .execute();
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

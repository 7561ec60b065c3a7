// Accounts for server tests: people created through the same repository the admin API uses, and
// signed in through the real sign-in route.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createUser } from '../../sync-server/src/accounts/accounts-repository';
import type { UserSummary } from '../../sync-server/src/accounts/accounts-repository';
import { setScryptCostForTests } from '../../sync-server/src/accounts/passwords';
import type { Role } from '../../sync-server/src/accounts/permissions';
import type { Storage } from '../../sync-server/src/storage/storage';

export const PASSWORD = 'correct horse battery staple';

/** Production hashing costs a tenth of a second; suites use a cheap N (one test checks the real). */
export function useQuickPasswordHashing(): void {
  setScryptCostForTests(2 ** 10);
}

export const uniqueEmail = (label = 'user') => `${label}-${randomUUID().slice(0, 8)}@example.org`;

export async function createAccount(
  storage: Storage,
  opts: { role: Role; email?: string; password?: string; scopeIds?: string[] },
): Promise<UserSummary & { password: string }> {
  const password = opts.password ?? PASSWORD;
  const user = await createUser(storage.db, {
    email: opts.email ?? uniqueEmail(opts.role),
    role: opts.role,
    password,
    scopeIds: opts.scopeIds,
  });
  return { ...user, password };
}

export type SignedIn = { token: string; deviceId: string; expiresAt: string };

export async function signIn(
  app: FastifyInstance,
  body: { email: string; password: string; deviceId?: string; deviceName?: string },
): Promise<SignedIn> {
  // Only the sign-in fields: callers often pass a whole account, and the route refuses unknown keys.
  const { email, password, deviceId, deviceName } = body;
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { email, password, deviceId, deviceName },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  return res.json<SignedIn>();
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

// Sign-in against what happens at the same time, on every engine: a burst of guesses (through two
// apps on one database on PostgreSQL, as two server processes would send them) gets no more
// password checks than the lock-out allows, and a password reset ends a sign-in already under way.
// The password check is wrapped so a test can count the checks and hold them at a chosen point.
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { setPassword } from '../../sync-server/src/accounts/accounts-repository';
import type * as Passwords from '../../sync-server/src/accounts/passwords';
import { setScryptCostForTests, verifyPassword } from '../../sync-server/src/accounts/passwords';
import { MAX_FAILED_SIGN_INS, signIn } from '../../sync-server/src/accounts/sign-in';
import { buildApp } from '../../sync-server/src/app';
import { openStorage } from '../../sync-server/src/storage/storage';
import type { Storage } from '../../sync-server/src/storage/storage';
import { PASSWORD, createAccount, useQuickPasswordHashing } from '../helpers/accounts';
import { TEST_CONFIG } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import { waitFor } from '../helpers/sinks';

vi.mock('../../sync-server/src/accounts/passwords', async (importOriginal) => {
  const actual = await importOriginal<typeof Passwords>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});

useQuickPasswordHashing();

const { verifyPassword: realVerify } = await vi.importActual<typeof Passwords>(
  '../../sync-server/src/accounts/passwords',
);
const verify = vi.mocked(verifyPassword);

const NEW_PASSWORD = 'a new password after the reset';

/** Runs fn after `password` has been checked, before sign-in learns the answer. */
function onCheckOf(password: string, fn: () => Promise<void>): void {
  verify.mockImplementation(async (given, encoded) => {
    const ok = await realVerify(given, encoded);
    if (given === password) await fn();
    return ok;
  });
}

/** A gate the password checks wait at, and how many have reached it. */
function holdChecks() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const held = { count: 0, open };
  verify.mockImplementation(async (given, encoded) => {
    held.count++;
    await gate;
    return realVerify(given, encoded);
  });
  return held;
}

for (const engine of ENGINES) {
  const fixture = await engine.create();
  describe.skipIf(fixture === null)(`sign-in races on ${engine.name}`, () => {
    const storages: Storage[] = [];
    const apps: FastifyInstance[] = [];
    let storage: Storage;

    beforeAll(async () => {
      // Several server processes share one database only on PostgreSQL (SQLite has one per data
      // directory), so only there do the guesses arrive through two apps.
      for (let i = 0; i < (engine.name === 'postgres' ? 2 : 1); i++) {
        const s = openStorage(fixture!.target);
        if (i === 0) await s.migrate();
        storages.push(s);
        const app = await buildApp({ config: TEST_CONFIG, storage: s, logger: false });
        await app.ready();
        apps.push(app);
      }
      storage = storages[0]!;
    });
    afterEach(() => {
      verify.mockImplementation(realVerify);
      setScryptCostForTests(2 ** 10);
    });
    afterAll(async () => {
      for (const app of apps) await app.close();
      for (const s of storages) await s.close();
      await fixture?.dispose();
    });

    const attempt = (app: FastifyInstance, email: string, password: string) =>
      app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password } });
    const liveSessions = async (userId: string) =>
      (
        await storage.db
          .selectFrom('sessions')
          .select('id')
          .where('user_id', '=', userId)
          .where('revoked_at', 'is', null)
          .execute()
      ).length;

    test('a burst of concurrent guesses gets no more checks than the limit, and the right password after them is refused', async () => {
      const user = await createAccount(storage, { role: 'observer' });
      const held = holdChecks();
      let answered = 0;
      const send = (i: number, password: string) =>
        attempt(apps[i % apps.length]!, user.email, password).finally(() => answered++);
      const wrong = Array.from({ length: 19 }, (_, i) => send(i, `wrong guess ${i}`));
      // Every guess is either being checked or answered before the right password is sent.
      await waitFor('the guesses', () => held.count + answered === 19);
      const right = send(19, PASSWORD);
      await waitFor('the right password', () => held.count + answered === 20);
      held.open();
      const answers = await Promise.all(wrong);

      expect(held.count).toBeLessThanOrEqual(MAX_FAILED_SIGN_INS);
      const codes = answers.map((a) => a.json().error.code);
      expect(codes.filter((c) => c === 'SIGN_IN_FAILED').length).toBeLessThan(MAX_FAILED_SIGN_INS);
      expect(codes.every((c) => c === 'SIGN_IN_FAILED' || c === 'ACCOUNT_LOCKED')).toBe(true);
      const rightAnswer = await right;
      expect(rightAnswer.statusCode).toBe(423);
      expect(rightAnswer.json().error.code).toBe('ACCOUNT_LOCKED');
      expect(await liveSessions(user.id)).toBe(0);

      // The lock holds for the lock-out period afterwards, on every app.
      for (const app of apps) {
        const later = await attempt(app, user.email, PASSWORD);
        expect(later.statusCode).toBe(423);
        expect(Number(later.headers['retry-after'])).toBeGreaterThan(14 * 60);
      }
    });

    test('a right password checked while other failures lock the account neither signs in nor lifts the lock', async () => {
      const user = await createAccount(storage, { role: 'observer' });
      const held = holdChecks();
      const right = attempt(apps[0]!, user.email, PASSWORD);
      await waitFor('the right password’s check', () => held.count === 1);
      // The wrong guesses are checked at once, one after another, while the right one waits.
      verify.mockImplementation(realVerify);
      const codes: string[] = [];
      for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) {
        const res = await attempt(apps[i % apps.length]!, user.email, `wrong guess ${i}`);
        codes.push(res.json().error.code);
      }
      expect(codes.at(-1)).toBe('ACCOUNT_LOCKED');
      held.open();
      const answer = await right;
      expect(answer.statusCode).toBe(423);
      expect(answer.json().error.code).toBe('ACCOUNT_LOCKED');
      expect(await liveSessions(user.id)).toBe(0);
      expect((await attempt(apps.at(-1)!, user.email, PASSWORD)).statusCode).toBe(423);
    });

    test('a password reset while a sign-in checks the old password ends that sign-in', async () => {
      const user = await createAccount(storage, { role: 'observer' });
      onCheckOf(PASSWORD, async () => {
        await setPassword(storage.db, user.id, NEW_PASSWORD);
      });
      await expect(
        signIn(storage.db, { email: user.email, password: PASSWORD }, { sessionTtlHours: 720 }),
      ).rejects.toMatchObject({ statusCode: 401, code: 'SIGN_IN_FAILED' });
      expect(await liveSessions(user.id)).toBe(0);

      verify.mockImplementation(realVerify);
      expect((await attempt(apps[0]!, user.email, PASSWORD)).statusCode).toBe(401);
      expect((await attempt(apps.at(-1)!, user.email, NEW_PASSWORD)).statusCode).toBe(200);
    });

    test('a password reset while a sign-in checks an old hash due an upgrade keeps the new password', async () => {
      const user = await createAccount(storage, { role: 'observer' });
      // The account's hash is now cheaper than the current cost, so sign-in would upgrade it.
      setScryptCostForTests(2 ** 11);
      onCheckOf(PASSWORD, async () => {
        await setPassword(storage.db, user.id, NEW_PASSWORD);
      });
      await expect(
        signIn(storage.db, { email: user.email, password: PASSWORD }, { sessionTtlHours: 720 }),
      ).rejects.toMatchObject({ statusCode: 401, code: 'SIGN_IN_FAILED' });

      const { password_hash: stored } = await storage.db
        .selectFrom('users')
        .select('password_hash')
        .where('id', '=', user.id)
        .executeTakeFirstOrThrow();
      expect(await realVerify(NEW_PASSWORD, stored!)).toBe(true);
      expect(await realVerify(PASSWORD, stored!)).toBe(false);
      expect(await liveSessions(user.id)).toBe(0);
    });
  });
}

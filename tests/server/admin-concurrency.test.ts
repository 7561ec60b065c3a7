// Administrators acting at the same moment, on every engine. On PostgreSQL the requests go to two
// apps on one database, as two server processes would; SQLite has one server process per data
// directory, so there they overlap inside one app. Each race is run several rounds: a rule that
// only holds when the requests happen not to overlap fails within a few.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countAdmins } from '../../sync-server/src/accounts/accounts-repository';
import { prepareFirstRun } from '../../sync-server/src/accounts/first-run';
import { normalizeSetupCode, newSetupCode } from '../../sync-server/src/accounts/setup-codes';
import { hashToken } from '../../sync-server/src/accounts/tokens';
import { buildApp } from '../../sync-server/src/app';
import { verifyAudit } from '../../sync-server/src/audit/verify';
import { openStorage } from '../../sync-server/src/storage/storage';
import type { Storage } from '../../sync-server/src/storage/storage';
import { TEST_CONFIG } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import type { EngineFixture } from '../helpers/engines';
import {
  PASSWORD,
  bearer,
  createAccount,
  signIn,
  uniqueEmail,
  useQuickPasswordHashing,
} from '../helpers/accounts';

useQuickPasswordHashing();

const ROUNDS = 8;

type Servers = {
  /** One app per server process: two on PostgreSQL, one on SQLite. */
  apps: FastifyInstance[];
  /** The storage of each app, in the same order. */
  storages: Storage[];
  /** The app the i-th of two simultaneous requests goes to. */
  on(i: number): FastifyInstance;
  close(): Promise<void>;
};

async function servers(engine: EngineFixture): Promise<Servers | null> {
  const fixture = await engine.create();
  if (!fixture) return null;
  const storages = [openStorage(fixture.target)];
  await storages[0]!.migrate();
  if (engine.name === 'postgres') storages.push(openStorage(fixture.target));
  const apps: FastifyInstance[] = [];
  for (const storage of storages) {
    const app = await buildApp({ config: TEST_CONFIG, storage, logger: false });
    await app.ready();
    apps.push(app);
  }
  return {
    apps,
    storages,
    on: (i) => apps[i % apps.length]!,
    async close() {
      for (const app of apps) await app.close();
      for (const storage of storages) await storage.close();
      await fixture.dispose();
    },
  };
}

for (const engine of ENGINES) {
  const probe = await engine.create();
  await probe?.dispose();
  describe.skipIf(probe === null)(
    `the last administrator at the same moment on ${engine.name}`,
    () => {
      test('two administrators demoting or disabling each other at once leave one administrator', async () => {
        const own = (await servers(engine))!;
        const db = own.storages[0]!.db;
        const tokens = new Map<string, string>();
        const addAdmin = async (i: number) => {
          const admin = await createAccount(own.storages[0]!, { role: 'admin' });
          tokens.set(admin.id, (await signIn(own.on(i), admin)).token);
          return admin.id;
        };
        const change = (by: string, target: string, i: number, payload: object) =>
          own.on(i).inject({
            method: 'PATCH',
            url: `/api/admin/users/${target}`,
            headers: bearer(tokens.get(by)!),
            payload,
          });
        try {
          let survivor = await addAdmin(0);
          for (let round = 0; round < ROUNDS; round++) {
            const other = await addAdmin(1);
            expect(await countAdmins(db)).toBe(2);
            const answers = await Promise.all([
              change(survivor, other, 0, round % 2 ? { status: 'disabled' } : { role: 'guest' }),
              change(other, survivor, 1, round % 3 ? { role: 'observer' } : { status: 'disabled' }),
            ]);
            expect(await countAdmins(db), `round ${round}`).toBe(1);
            expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(1);
            // The other was refused: LAST_ADMIN when the two overlapped or, when it came after the
            // first had committed, as someone no longer an active administrator.
            const refused = answers.find((a) => a.statusCode !== 200)!;
            expect([401, 403, 409], refused.body).toContain(refused.statusCode);
            if (refused.statusCode === 409) expect(refused.json().error.code).toBe('LAST_ADMIN');
            const remaining = await db
              .selectFrom('users')
              .select('id')
              .where('role', '=', 'admin')
              .where('status', '=', 'active')
              .executeTakeFirstOrThrow();
            survivor = remaining.id;
          }
          const stillAdministers = await own.on(1).inject({
            method: 'GET',
            url: '/api/admin/users',
            headers: bearer(tokens.get(survivor)!),
          });
          expect(stillAdministers.statusCode).toBe(200);
        } finally {
          await own.close();
        }
      });
    },
  );

  describe.skipIf(probe === null)(
    `settings and teams changed at the same moment on ${engine.name}`,
    () => {
      let s: Servers;
      let adminToken: string;
      beforeAll(async () => {
        s = (await servers(engine))!;
        const admin = await createAccount(s.storages[0]!, { role: 'admin' });
        adminToken = (await signIn(s.on(0), admin)).token;
      });
      afterAll(async () => s?.close());

      test('two settings changed at once both stick, and both are audited', async () => {
        const put = (i: number, payload: object) =>
          s.on(i).inject({
            method: 'PUT',
            url: '/api/admin/settings',
            headers: bearer(adminToken),
            payload,
          });
        for (let round = 0; round < ROUNDS; round++) {
          const idleLockMinutes = 10 + round;
          // Each round changes both (the default is 5), so each request is a change to audit.
          const unlockAttempts = round % 2 ? 3 : 10;
          const answers = await Promise.all([
            put(0, { idleLockMinutes }),
            put(1, { unlockAttempts }),
          ]);
          expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
          const settings = (
            await s
              .on(round)
              .inject({ method: 'GET', url: '/api/settings', headers: bearer(adminToken) })
          ).json().settings;
          expect(settings, `round ${round}`).toMatchObject({
            idleLockMinutes,
            unlockAttempts,
          });
        }
        const audited = await s.storages[0]!.db.selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('action', '=', 'admin:update-settings')
          .executeTakeFirstOrThrow();
        expect(Number(audited.n)).toBe(2 * ROUNDS);
        await expect(verifyAudit(s.storages[0]!)).resolves.toMatchObject({ ok: true });
      });

      test('two retention periods changed at once both stick', async () => {
        const put = (i: number, periods: object) =>
          s.on(i).inject({
            method: 'PUT',
            url: '/api/admin/retention/policy',
            headers: bearer(adminToken),
            payload: { periods },
          });
        for (let round = 0; round < ROUNDS; round++) {
          const answers = await Promise.all([
            put(0, { 'frontline-practice': 100 + round }),
            put(1, { 'safety-concern': 200 + round }),
          ]);
          expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
          const policy = await s.on(round).inject({
            method: 'GET',
            url: '/api/admin/retention/policy',
            headers: bearer(adminToken),
          });
          expect(policy.json().periods, `round ${round}`).toMatchObject({
            'frontline-practice': 100 + round,
            'safety-concern': 200 + round,
          });
        }
      });

      test('a team created twice at once under names differing only in letter case is created once; the other is told 409', async () => {
        for (let round = 0; round < ROUNDS; round++) {
          const name = `Fostering ${engine.name} ${round}`;
          const answers = await Promise.all(
            [name, name.toUpperCase()].map((n, i) =>
              s.on(i).inject({
                method: 'POST',
                url: '/api/admin/scopes',
                headers: bearer(adminToken),
                payload: { name: n, kind: 'service' },
              }),
            ),
          );
          expect(answers.map((a) => a.statusCode).sort(), `round ${round}`).toEqual([201, 409]);
          expect(answers.find((a) => a.statusCode === 409)!.json().error.code).toBe(
            'SCOPE_NAME_TAKEN',
          );
          const teams = await s.storages[0]!.db.selectFrom('scopes')
            .select('id')
            .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
            .execute();
          expect(teams).toHaveLength(1);
        }
      });
    },
  );

  describe.skipIf(probe === null)(`first-run setup at the same moment on ${engine.name}`, () => {
    const setup = (app: FastifyInstance, code: string) =>
      app.inject({
        method: 'POST',
        url: '/api/setup',
        payload: { code, email: uniqueEmail('first'), displayName: 'First', password: PASSWORD },
      });
    const unusedCodes = async (storage: Storage) =>
      Number(
        (
          await storage.db
            .selectFrom('setup_codes')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('used_at', 'is', null)
            .executeTakeFirstOrThrow()
        ).n,
      );

    test('a newer setup code replaces an older unused one, and setup leaves no code unused', async () => {
      const s = (await servers(engine))!;
      try {
        const older = await prepareFirstRun(s.storages[0]!.db, {});
        const newer = await prepareFirstRun(s.storages.at(-1)!.db, {});
        if (older.kind !== 'setup-code' || newer.kind !== 'setup-code') throw new Error('no code');
        const refused = await setup(s.on(0), older.code);
        expect(refused.statusCode).toBe(403);
        expect(refused.json().error.code).toBe('SETUP_CODE_INVALID');
        expect((await setup(s.on(1), newer.code)).statusCode).toBe(201);
        expect(await unusedCodes(s.storages[0]!)).toBe(0);
      } finally {
        await s.close();
      }
    });

    test('two processes starting at once leave one setup code that works', async () => {
      const s = (await servers(engine))!;
      try {
        for (let round = 0; round < ROUNDS; round++) {
          await Promise.all(
            [0, 1].map((i) => prepareFirstRun(s.storages[i % s.storages.length]!.db, {})),
          );
          expect(await unusedCodes(s.storages[0]!), `round ${round}`).toBe(1);
        }
      } finally {
        await s.close();
      }
    });

    test('two different setup codes spent at once create one administrator', async () => {
      const s = (await servers(engine))!;
      const db = s.storages[0]!.db;
      try {
        for (let round = 0; round < ROUNDS; round++) {
          // Two codes valid together, as an earlier release left them (it kept every code it
          // printed); setup itself must still let only one of them through.
          const codes = [newSetupCode(), newSetupCode()];
          await db
            .insertInto('setup_codes')
            .values(
              codes.map((c) => ({
                code_hash: hashToken(normalizeSetupCode(c)),
                created_at: new Date().toISOString(),
                used_at: null,
              })),
            )
            .execute();
          const answers = await Promise.all(codes.map((c, i) => setup(s.on(i), c)));
          expect(answers.map((a) => a.statusCode).sort(), `round ${round}`).toEqual([201, 409]);
          expect(answers.find((a) => a.statusCode === 409)!.json().error.code).toBe(
            'SETUP_NOT_AVAILABLE',
          );
          expect(await countAdmins(db)).toBe(1);
          // Setup opens again for the next round only because the database is changed by hand.
          await db.updateTable('users').set({ status: 'disabled' }).execute();
        }
      } finally {
        await s.close();
      }
    });
  });
}

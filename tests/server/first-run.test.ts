// The first admin, on every engine: from ADMIN_EMAIL and ADMIN_PASSWORD, or with the one-time setup
// code the server prints; in-process for the rules and as a real process for what an operator sees.
import { afterAll, describe, expect, test } from 'vitest';
import { createUser } from '../../sync-server/src/accounts/accounts-repository';
import { prepareFirstRun } from '../../sync-server/src/accounts/first-run';
import { issueSetupCode } from '../../sync-server/src/accounts/setup-codes';
import { AppError } from '../../sync-server/src/errors';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import type { EngineFixture } from '../helpers/engines';
import {
  PASSWORD,
  bearer,
  signIn,
  uniqueEmail,
  useQuickPasswordHashing,
} from '../helpers/accounts';
import { startServer } from '../helpers/server-process';

useQuickPasswordHashing();

const SETUP_LINE =
  /^First start: no admin exists\. Create one at http:\/\/localhost:\d+\/setup with the one-time setup code ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}), or run: npm run admin -- add-user --email you@example\.org --role admin$/m;

async function withApp(engine: EngineFixture, fn: (ctx: TestApp) => Promise<void>) {
  const ctx = await buildTestApp(engine);
  try {
    await fn(ctx!);
  } finally {
    await ctx?.close();
  }
}

const countRows = async (ctx: TestApp, table: 'users' | 'setup_codes') =>
  Number(
    (
      await ctx.storage.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

for (const engine of ENGINES) {
  const probe = await engine.create();
  await probe?.dispose();
  describe.skipIf(probe === null)(`first run on ${engine.name}`, () => {
    test('ADMIN_EMAIL and ADMIN_PASSWORD create the first admin once; later starts leave it alone', async () => {
      await withApp(engine, async (ctx) => {
        const email = uniqueEmail('first-admin');
        const env = { ADMIN_EMAIL: email, ADMIN_PASSWORD: PASSWORD };
        expect(await prepareFirstRun(ctx.storage.db, env)).toEqual({ kind: 'admin-created' });
        expect(await prepareFirstRun(ctx.storage.db, env)).toEqual({ kind: 'admin-exists' });
        expect(
          await prepareFirstRun(ctx.storage.db, {
            ADMIN_EMAIL: uniqueEmail('other'),
            ADMIN_PASSWORD: PASSWORD,
          }),
        ).toEqual({ kind: 'admin-exists' });
        expect(await countRows(ctx, 'users')).toBe(1);
        expect(await countRows(ctx, 'setup_codes')).toBe(0);
        const s = await signIn(ctx.app, { email, password: PASSWORD });
        const users = await ctx.app.inject({
          method: 'GET',
          url: '/api/admin/users',
          headers: bearer(s.token),
        });
        expect(users.statusCode).toBe(200);
        expect(users.json().users).toMatchObject([{ email, role: 'admin' }]);
      });
    });

    test('ADMIN_EMAIL that belongs to an account that is not an admin stops start-up with a clear message', async () => {
      await withApp(engine, async (ctx) => {
        const email = uniqueEmail('observer');
        await createUser(ctx.storage.db, { email, role: 'observer', password: PASSWORD });
        const attempt = prepareFirstRun(ctx.storage.db, {
          ADMIN_EMAIL: email,
          ADMIN_PASSWORD: PASSWORD,
        });
        await expect(attempt).rejects.toBeInstanceOf(AppError);
        await expect(attempt).rejects.toThrow(
          /ADMIN_EMAIL belongs to an existing account that is not an administrator/,
        );
      });
    });

    test('without them, a setup code creates the first admin once; a wrong code is refused and writes nothing', async () => {
      await withApp(engine, async (ctx) => {
        const first = await prepareFirstRun(ctx.storage.db, {});
        expect(first.kind).toBe('setup-code');
        const code = (first as { code: string }).code;
        // Only the hash is stored.
        const stored = await ctx.storage.db.selectFrom('setup_codes').selectAll().execute();
        expect(stored).toHaveLength(1);
        expect(JSON.stringify(stored)).not.toContain(code.replaceAll('-', ''));

        const available = await ctx.app.inject({ method: 'GET', url: '/api/setup' });
        expect(available.json()).toEqual({ available: true });

        const email = uniqueEmail('setup-admin');
        const body = { email, displayName: 'Setup Admin', password: PASSWORD };
        const wrong = await ctx.app.inject({
          method: 'POST',
          url: '/api/setup',
          payload: { ...body, code: 'AAAA-BBBB-CCCC-DDDD' },
        });
        expect(wrong.statusCode).toBe(403);
        expect(wrong.json().error.code).toBe('SETUP_CODE_INVALID');
        const short = await ctx.app.inject({
          method: 'POST',
          url: '/api/setup',
          payload: { ...body, code, password: 'short' },
        });
        expect(short.statusCode).toBe(400);
        expect(short.json().error.code).toBe('VALIDATION_FAILED');
        expect(await countRows(ctx, 'users')).toBe(0);

        // Typed in lower case without dashes, it still works.
        const created = await ctx.app.inject({
          method: 'POST',
          url: '/api/setup',
          payload: { ...body, code: code.toLowerCase().replaceAll('-', '') },
        });
        expect(created.statusCode).toBe(201);
        expect(created.json().user).toMatchObject({
          email,
          displayName: 'Setup Admin',
          role: 'admin',
        });
        const s = await signIn(ctx.app, { email, password: PASSWORD });
        const me = await ctx.app.inject({
          method: 'GET',
          url: '/api/auth/me',
          headers: bearer(s.token),
        });
        expect(me.json().user.role).toBe('admin');

        // Setup is closed now, for that code and for any other.
        const otherCode = await issueSetupCode(ctx.storage.db);
        for (const c of [code, otherCode]) {
          const again = await ctx.app.inject({
            method: 'POST',
            url: '/api/setup',
            payload: { ...body, email: uniqueEmail('second'), code: c },
          });
          expect(again.statusCode).toBe(409);
          expect(again.json().error.code).toBe('SETUP_NOT_AVAILABLE');
        }
        expect((await ctx.app.inject({ method: 'GET', url: '/api/setup' })).json()).toEqual({
          available: false,
        });
        expect(await countRows(ctx, 'users')).toBe(1);
        expect(await prepareFirstRun(ctx.storage.db, {})).toEqual({ kind: 'admin-exists' });
      });
    });

    test('a setup code works only once, even if there were no admin again', async () => {
      await withApp(engine, async (ctx) => {
        const { code } = (await prepareFirstRun(ctx.storage.db, {})) as { code: string };
        const body = { displayName: 'Admin', password: PASSWORD, code };
        const first = await ctx.app.inject({
          method: 'POST',
          url: '/api/setup',
          payload: { ...body, email: uniqueEmail('a') },
        });
        expect(first.statusCode).toBe(201);
        await ctx.storage.db.updateTable('users').set({ status: 'disabled' }).execute();
        const reused = await ctx.app.inject({
          method: 'POST',
          url: '/api/setup',
          payload: { ...body, email: uniqueEmail('b') },
        });
        expect(reused.statusCode).toBe(403);
        expect(reused.json().error.code).toBe('SETUP_CODE_INVALID');
      });
    });
  });

  describe.skipIf(probe === null)(`first start as a real process on ${engine.name}`, () => {
    const disposals: (() => Promise<void>)[] = [];
    /** A fresh database for one server: its own DATA_DIR on SQLite, its own database on PostgreSQL. */
    const env = async (): Promise<Record<string, string>> => {
      if (engine.name === 'sqlite') return {};
      const fixture = await engine.create();
      if (!fixture || fixture.target.engine !== 'postgres') throw new Error('no database');
      disposals.push(fixture.dispose);
      return { DATABASE_URL: fixture.target.url };
    };
    afterAll(async () => {
      for (const dispose of disposals) await dispose();
    });

    test('with no admin and no ADMIN_EMAIL, the server prints one setup line, and the code creates the admin', async () => {
      const base = await env();
      const server = await startServer(base);
      try {
        const waitForLine = async () => {
          for (let i = 0; i < 50 && !SETUP_LINE.test(server.output()); i++) {
            await new Promise((r) => setTimeout(r, 100));
          }
          return server.output();
        };
        const output = await waitForLine();
        const lines = output.split('\n').filter((l) => l.startsWith('First start'));
        expect(lines).toHaveLength(1);
        const code = SETUP_LINE.exec(output)![1]!;
        const email = uniqueEmail('operator');
        const res = await fetch(`${server.url}/api/setup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code, email, displayName: 'Operator', password: PASSWORD }),
        });
        expect(res.status).toBe(201);
        const signedIn = await fetch(`${server.url}/api/auth/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: PASSWORD }),
        });
        expect(signedIn.status).toBe(200);
        expect(server.output()).not.toContain(email);
      } finally {
        await server.stop();
      }
      // The next start has an admin, so it prints no code.
      const again = await startServer({ ...base, DATA_DIR: server.dataDir });
      try {
        await new Promise((r) => setTimeout(r, 300));
        expect(again.output()).not.toContain('First start');
      } finally {
        await again.stop();
      }
    });

    test('ADMIN_EMAIL and ADMIN_PASSWORD create the first admin, and neither appears in the output', async () => {
      const email = uniqueEmail('env-admin');
      const password = 'an admin password from the environment';
      const server = await startServer({
        ...(await env()),
        ADMIN_EMAIL: email,
        ADMIN_PASSWORD: password,
        LOG_LEVEL: 'info',
      });
      try {
        const res = await fetch(`${server.url}/api/auth/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password }),
        });
        expect(res.status).toBe(200);
        const token = ((await res.json()) as { token: string }).token;
        const users = await fetch(`${server.url}/api/admin/users`, { headers: bearer(token) });
        expect(users.status).toBe(200);
        const output = server.output();
        expect(output).toContain('created the first admin from ADMIN_EMAIL and ADMIN_PASSWORD');
        expect(output).not.toContain('First start');
        expect(output).not.toContain(email);
        expect(output).not.toContain(password);
        expect(output).not.toContain(token);
      } finally {
        await server.stop();
      }
    });

    test('an ADMIN_PASSWORD under 12 characters stops start-up without repeating it', async () => {
      const server = await startServer(
        { ...(await env()), ADMIN_EMAIL: 'admin@example.org', ADMIN_PASSWORD: 'tooshort' },
        { waitReady: false },
      );
      expect(await server.exited).toBe(1);
      expect(server.output()).toBe(
        'Configuration error: ADMIN_PASSWORD must be at least 12 characters\n',
      );
    });
  });
}

// The admin command as an operator runs it: a real process on a real database (SQLite in a data
// directory, or PostgreSQL through DATABASE_URL), passwords on standard input, before and while
// the server runs, and the people it adds signing in through the API.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { recordDeviceContact } from '../../sync-server/src/accounts/accounts-repository';
import { openStorage } from '../../sync-server/src/storage/storage';
import type { Storage } from '../../sync-server/src/storage/storage';
import { pastTheGuard } from '../helpers/audit-guard';
import { ENGINES } from '../helpers/engines';
import { assertBuilt, startServer, tempDir } from '../helpers/server-process';
import type { RunningServer } from '../helpers/server-process';

const ADMIN_ENTRY = path.resolve('dist/server/admin.js');
const PASSWORD = 'a long password for the command line';

type Run = { code: number | null; stdout: string; stderr: string };

function admin(env: Record<string, string>, args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [ADMIN_ENTRY, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => resolve({ code, stdout, stderr }));
    proc.stdin.end(stdin ?? '');
  });
}

async function signInOver(server: RunningServer, email: string, password: string) {
  const res = await fetch(`${server.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

for (const engine of ENGINES) {
  const fixture = await engine.create();
  describe.skipIf(fixture === null)(`admin command on ${engine.name}`, () => {
    let env: Record<string, string>;
    let dataDir: string;
    let storage: Storage;
    let server: RunningServer | null = null;
    const count = async (table: 'users' | 'scopes' | 'memberships') =>
      Number(
        (
          await storage.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    beforeAll(() => {
      assertBuilt();
      expect(fs.existsSync(ADMIN_ENTRY)).toBe(true);
      const target = fixture!.target;
      // On SQLite the fixture's folder is the data directory: DATA_DIR/observations.sqlite.
      dataDir = target.engine === 'sqlite' ? path.dirname(target.file) : tempDir('obs-admin-');
      env =
        target.engine === 'postgres'
          ? { DATABASE_URL: target.url, DATA_DIR: dataDir }
          : { DATA_DIR: dataDir };
    });
    afterAll(async () => {
      await server?.stop();
      await storage?.close();
      await fixture?.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    test('with no server running: it creates the database, a service, a practice group and a user', async () => {
      const service = await admin(env, [
        'add-scope',
        '--name',
        'Children in need',
        '--kind',
        'service',
      ]);
      expect(service).toMatchObject({ code: 0, stderr: '' });
      expect(service.stdout).toMatch(/^Added service "Children in need" \(id [0-9a-f-]{36}\)\.\n$/);

      const group = await admin(env, [
        'add-scope',
        '--name',
        'CIN team 2',
        '--kind',
        'practice-group',
        '--parent',
        'children in need',
      ]);
      expect(group.code).toBe(0);
      expect(group.stdout).toMatch(/^Added practice group "CIN team 2" under "Children in need"/);

      const user = await admin(
        env,
        [
          'add-user',
          '--email',
          'Lead.Observer@Example.org',
          '--role',
          'observer',
          '--scope',
          'CIN team 2',
          '--name',
          'Lee Observer',
        ],
        `${PASSWORD}\n`,
      );
      expect(user.stderr).toBe('');
      expect(user.code).toBe(0);
      expect(user.stdout).toMatch(
        /^Added observer lead\.observer@example\.org \(id [0-9a-f-]{36}\) in "CIN team 2"\.\n$/,
      );
      // The password was read from standard input and is in no output.
      expect(user.stdout + user.stderr).not.toContain(PASSWORD);

      if (engine.name === 'sqlite') {
        expect(fs.existsSync(path.join(dataDir, 'observations.sqlite'))).toBe(true);
        // The command never takes the server's lock.
        expect(fs.existsSync(path.join(dataDir, 'server.lock'))).toBe(false);
      }
      storage = openStorage(fixture!.target);
    });

    test('mistakes exit non-zero with a clear message and write nothing', async () => {
      const before = [await count('users'), await count('scopes'), await count('memberships')];
      const cases: [string[], string | undefined, number, RegExp][] = [
        [
          ['add-user', '--email', 'lead.observer@example.org', '--role', 'observer'],
          `${PASSWORD}\n`,
          1,
          /^There is already an account with this email address\./,
        ],
        [
          ['add-user', '--email', 'new@example.org', '--role', 'observer', '--scope', 'Nowhere'],
          `${PASSWORD}\n`,
          1,
          /^There is no service or practice group called "Nowhere"\./,
        ],
        [
          ['add-user', '--email', 'new@example.org', '--role', 'superuser'],
          `${PASSWORD}\n`,
          2,
          /^--role must be one of observer, practitioner, qa-lead, head-of-service, director, admin, guest\./,
        ],
        [
          ['add-user', '--email', 'not-an-email', '--role', 'observer'],
          `${PASSWORD}\n`,
          2,
          /^--email must be an email address/,
        ],
        [
          ['add-user', '--email', 'new@example.org', '--role', 'observer'],
          'too short\n',
          1,
          /^The password must be at least 12 characters\. Nothing was changed\./,
        ],
        [
          ['add-user', '--email', 'new@example.org', '--role', 'observer'],
          '',
          1,
          /^No password on standard input\./,
        ],
        [
          ['add-scope', '--name', 'CIN TEAM 2', '--kind', 'service'],
          undefined,
          1,
          /^There is already a service or practice group called "CIN TEAM 2"\./,
        ],
        [
          ['add-scope', '--name', 'Orphan', '--kind', 'practice-group'],
          undefined,
          1,
          /^A practice group belongs to a service/,
        ],
        [['revoke-device', '--device', 'no-such-device'], undefined, 1, /^There is no device/],
        [['launch-rockets'], undefined, 2, /^There is no verb "launch-rockets"\./],
        [['list-users', '--password', 'x'], undefined, 2, /^Unknown option '--password'/],
      ];
      for (const [args, stdin, code, message] of cases) {
        const r = await admin(env, args, stdin);
        expect(r.code, args.join(' ')).toBe(code);
        expect(r.stderr, args.join(' ')).toMatch(message);
        expect(r.stdout).toBe('');
      }
      expect([await count('users'), await count('scopes'), await count('memberships')]).toEqual(
        before,
      );
    });

    test('while the server runs, a user added by the command signs in through the API at once', async () => {
      server = await startServer(env);
      const before = await signInOver(server, 'lead.observer@example.org', PASSWORD);
      expect(before.status).toBe(200);
      expect(
        (before.body.user as { scopes: { name: string }[] }).scopes.map((s) => s.name),
      ).toEqual(['CIN team 2']);

      const added = await admin(
        env,
        ['add-user', '--email', 'qa@example.org', '--role', 'qa-lead'],
        `${PASSWORD}\r\n`,
      );
      expect(added.code).toBe(0);
      expect(added.stdout).toContain('with no scopes yet');
      const member = await admin(env, [
        'add-membership',
        '--email',
        'qa@example.org',
        '--scope',
        'Children in need',
      ]);
      expect(member.code).toBe(0);
      expect(member.stdout).toBe('Added qa@example.org to "Children in need".\n');
      const repeat = await admin(env, [
        'add-membership',
        '--email',
        'qa@example.org',
        '--scope',
        'Children in need',
      ]);
      expect(repeat.stdout).toContain('was already in');

      const qa = await signInOver(server, 'qa@example.org', PASSWORD);
      expect(qa.status).toBe(200);
      expect((qa.body.user as { role: string }).role).toBe('qa-lead');
      expect((qa.body.user as { scopes: { name: string }[] }).scopes.map((s) => s.name)).toEqual([
        'Children in need',
        'CIN team 2',
      ]);

      const users = await admin(env, ['list-users']);
      expect(users.code).toBe(0);
      expect(users.stdout).toMatch(/observer +lead\.observer@example\.org +\(CIN team 2\)/);
      expect(users.stdout).toMatch(/qa-lead +qa@example\.org +\(Children in need\)/);
      expect(users.stdout).not.toMatch(/scrypt/);

      const scopes = await admin(env, ['list-scopes']);
      expect(scopes.stdout).toMatch(/practice-group +"CIN team 2" under "Children in need"/);
    });

    test('revoke-device reports the unsent changes given up, and the device is refused at once', async () => {
      const s = await signInOver(server!, 'lead.observer@example.org', PASSWORD);
      const deviceId = s.body.deviceId as string;
      const token = s.body.token as string;
      await recordDeviceContact(storage.db, deviceId, { unsent: 3 });

      const devices = await admin(env, ['list-devices']);
      expect(devices.stdout).toMatch(
        new RegExp(`${deviceId} +lead\\.observer@example\\.org .*3 unsent changes last reported`),
      );

      const r = await admin(env, ['revoke-device', '--device', deviceId]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        new RegExp(
          `^Revoked device ${deviceId} \\("Unnamed device" of lead\\.observer@example\\.org\\); 1 session ended\\. It had last reported 3 unsent changes at .*; those are given up\\.\\n$`,
        ),
      );
      const me = await fetch(`${server!.url}/api/auth/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(me.status).toBe(401);
      expect(((await me.json()) as { error: { code: string } }).error.code).toBe('DEVICE_REVOKED');

      const again = await admin(env, ['revoke-device', '--device', deviceId]);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('was already revoked');
    });

    test('reset-password takes the new password from standard input', async () => {
      const r = await admin(
        env,
        ['reset-password', '--email', 'qa@example.org'],
        'another long password\n',
      );
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Password reset for qa@example\.org; any lock-out is cleared/);
      expect((await signInOver(server!, 'qa@example.org', PASSWORD)).status).toBe(401);
      expect((await signInOver(server!, 'qa@example.org', 'another long password')).status).toBe(
        200,
      );
      const unknown = await admin(env, ['reset-password', '--email', 'who@example.org'], 'x\n');
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toBe('There is no account with the email address who@example.org.\n');
    });

    test('disable-user ends a leaver’s sign-ins, enable-user lets them back, set-role and remove-membership take effect', async () => {
      const off = await admin(env, ['disable-user', '--email', 'qa@example.org']);
      expect(off.code, off.stderr).toBe(0);
      expect(off.stdout).toMatch(/^Disabled qa@example\.org; \d+ sessions? ended\./);
      expect((await signInOver(server!, 'qa@example.org', 'another long password')).status).toBe(
        403,
      );
      const on = await admin(env, ['enable-user', '--email', 'qa@example.org']);
      expect(on.code).toBe(0);
      const back = await signInOver(server!, 'qa@example.org', 'another long password');
      expect(back.status).toBe(200);
      const role = await admin(env, [
        'set-role',
        '--email',
        'qa@example.org',
        '--role',
        'director',
      ]);
      expect(role.code, role.stderr).toBe(0);
      expect(role.stdout).toBe('qa@example.org is now director, from their next request.\n');
      const list = await admin(env, ['list-users']);
      const line = list.stdout.split('\n').find((l) => l.includes('qa@example.org'));
      expect(line).toContain('director');
      const bad = await admin(env, ['set-role', '--email', 'qa@example.org', '--role', 'king']);
      expect(bad.code).not.toBe(0);
    });

    test('verify-audit checks the audit trail', async () => {
      const r = await admin(env, ['verify-audit']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^The audit trail is intact: \d+ entr(y|ies) checked\.\n$/);
    });

    test('verify-audit reports content removed outside a retention deletion, and exits non-zero', async () => {
      const entry = await storage.db
        .selectFrom('audit_log')
        .innerJoin('audit_content', 'audit_content.hash', 'audit_log.content_hash')
        .select(['audit_log.seq', 'audit_log.content_hash', 'audit_content.body'])
        .where('audit_content.body', 'is not', null)
        .orderBy('audit_log.seq')
        .executeTakeFirstOrThrow();
      const setBody = (body: string | null) =>
        storage.db
          .updateTable('audit_content')
          .set({ body })
          .where('hash', '=', entry.content_hash)
          .execute();
      // The database refuses it; someone holding the tables' owner could still do it.
      await expect(setBody(null)).rejects.toThrow(/erased only by a retention deletion/);
      await pastTheGuard(storage, () => setBody(null));
      try {
        const r = await admin(env, ['verify-audit']);
        expect(r.code).toBe(1);
        expect(r.stdout).toContain(
          `Entry ${Number(entry.seq)}: its content was removed outside a retention deletion.\n`,
        );
        expect(r.stdout).toMatch(/The audit trail is NOT intact: 1 problem in \d+ entries\.\n$/);
      } finally {
        await pastTheGuard(storage, () => setBody(entry.body));
      }
      expect((await admin(env, ['verify-audit'])).code).toBe(0);
    });

    test('help lists every verb', async () => {
      const r = await admin(env, ['help']);
      expect(r.code).toBe(0);
      for (const verb of [
        'add-scope',
        'list-scopes',
        'add-user',
        'add-membership',
        'list-users',
        'list-devices',
        'revoke-device',
        'reset-password',
        'remove-membership',
        'set-role',
        'disable-user',
        'enable-user',
        'verify-audit',
      ]) {
        expect(r.stdout).toContain(verb);
      }
    });
  });
}

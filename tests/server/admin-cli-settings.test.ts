// `set-setting` and `show-settings` from the admin command on every engine: values as JSON or
// plain text, refusals that change nothing, and each change in the audit trail.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readEffectiveSettings } from '../../sync-server/src/settings/effective-settings';
import { openStorage } from '../../sync-server/src/storage/storage';
import type { Storage } from '../../sync-server/src/storage/storage';
import { runAdmin } from '../helpers/admin-command';
import { ENGINES } from '../helpers/engines';
import { assertBuilt, tempDir } from '../helpers/server-process';

for (const engine of ENGINES) {
  const fixture = await engine.create();
  describe.skipIf(fixture === null)(`settings from the admin command on ${engine.name}`, () => {
    let env: Record<string, string>;
    let storage: Storage;
    beforeAll(async () => {
      assertBuilt();
      const target = fixture!.target;
      env =
        target.engine === 'postgres'
          ? { DATABASE_URL: target.url, DATA_DIR: tempDir('obs-cli-settings-') }
          : { DATA_DIR: path.dirname(target.file) };
      env.DUTY_PHONE = '0300 000 1111';
      storage = openStorage(target);
      await storage.migrate();
    });
    afterAll(async () => {
      await storage?.close();
      await fixture?.dispose();
    });

    test('sets a text setting and a number, shows them, and audits each change as the admin command', async () => {
      const phone = await runAdmin(env, [
        'set-setting',
        '--key',
        'dutyPhone',
        '--value',
        '020 7946 0000',
      ]);
      expect(phone.stderr).toBe('');
      expect(phone.code).toBe(0);
      expect(phone.stdout).toBe(
        'Set dutyPhone to "020 7946 0000" (was null). Tablets receive it at their next sync.\n',
      );
      const lock = await runAdmin(env, [
        'set-setting',
        '--key',
        'idleLockMinutes',
        '--value',
        '12',
      ]);
      expect(lock.code).toBe(0);
      const same = await runAdmin(env, [
        'set-setting',
        '--key',
        'idleLockMinutes',
        '--value',
        '12',
      ]);
      expect(same.stdout).toBe('idleLockMinutes was already 12; nothing changed.\n');

      const view = await readEffectiveSettings(storage.db, {});
      expect(view.settings).toMatchObject({ dutyPhone: '020 7946 0000', idleLockMinutes: 12 });
      const shown = await runAdmin(env, ['show-settings']);
      expect(shown.stdout).toContain('dutyPhone = "020 7946 0000"  (settings)');
      expect(shown.stdout).toContain('idleLockMinutes = 12');

      const entries = await storage.db
        .selectFrom('audit_log')
        .select(['user_id', 'record_id'])
        .where('action', '=', 'admin:update-settings')
        .execute();
      expect(entries).toEqual([
        { user_id: 'admin-command', record_id: 'local-settings' },
        { user_id: 'admin-command', record_id: 'local-settings' },
      ]);
      // Clearing the duty number puts DUTY_PHONE back in force.
      await runAdmin(env, ['set-setting', '--key', 'dutyPhone', '--value', 'null']);
      expect((await runAdmin(env, ['show-settings'])).stdout).toContain(
        'dutyPhone = "0300 000 1111"  (environment)',
      );
    });

    test('an unknown setting or a bad value is refused and changes nothing', async () => {
      const before = await readEffectiveSettings(storage.db, {});
      const unknown = await runAdmin(env, ['set-setting', '--key', 'colour', '--value', 'red']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/^There is no setting "colour"\. Settings: authorityName, /);
      const bad = await runAdmin(env, ['set-setting', '--key', 'idleLockMinutes', '--value', '0']);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(
        /^The value is not valid for idleLockMinutes: .*Nothing was changed\.\n$/,
      );
      const phone = await runAdmin(env, [
        'set-setting',
        '--key',
        'dutyPhone',
        '--value',
        'ring Sam',
      ]);
      expect(phone.code).toBe(1);
      expect(phone.stderr).toContain('Enter a phone number');
      expect(await readEffectiveSettings(storage.db, {})).toEqual(before);
    });
  });
}

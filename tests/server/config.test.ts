import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig, notifierConfig } from '../../sync-server/src/config';

describe('configuration from the environment', () => {
  test('defaults: port 8080, ./data on SQLite', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(8080);
    expect(c.dataDir).toBe(path.resolve('data'));
    expect(c.storage).toEqual({ engine: 'sqlite', file: path.resolve('data/observations.sqlite') });
  });

  test('DATABASE_URL selects PostgreSQL', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/obs' });
    expect(c.storage).toEqual({ engine: 'postgres', url: 'postgres://u@127.0.0.1:5432/obs' });
    expect(c.migrationStorage).toBeNull();
  });

  test('DATABASE_MIGRATION_URL migrates as the owner beside the runtime role', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://app:s3cret@127.0.0.1/obs',
      DATABASE_MIGRATION_URL: 'postgres://owner:hunter2@127.0.0.1:5432/obs',
    });
    expect(c.storage).toEqual({ engine: 'postgres', url: 'postgres://app:s3cret@127.0.0.1/obs' });
    expect(c.migrationStorage).toEqual({
      engine: 'postgres',
      url: 'postgres://owner:hunter2@127.0.0.1:5432/obs',
    });
  });

  test.each([
    [
      { DATABASE_MIGRATION_URL: 'postgres://owner:hunter2@127.0.0.1/obs' },
      'set together with DATABASE_URL',
    ],
    [
      {
        DATABASE_URL: 'postgres://app:s3cret@127.0.0.1/obs',
        DATABASE_MIGRATION_URL: 'postgres://owner:hunter2@127.0.0.1/other',
      },
      'must name the same database as DATABASE_URL',
    ],
    [
      {
        DATABASE_URL: 'postgres://app:s3cret@127.0.0.1/obs',
        DATABASE_MIGRATION_URL: 'mysql://owner:hunter2@127.0.0.1/obs',
      },
      'DATABASE_MIGRATION_URL must be a PostgreSQL URL',
    ],
  ])('DATABASE_MIGRATION_URL %o is refused without repeating it: %s', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
    try {
      loadConfig(env);
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2');
      expect((err as Error).message).not.toContain('s3cret');
    }
  });

  test.each([
    [
      { PORT: 'abc' },
      'Configuration error: PORT must be a whole number from 1 to 65535 (got "abc")',
    ],
    [
      { PORT: '70000' },
      'Configuration error: PORT must be a whole number from 1 to 65535 (got "70000")',
    ],
    [
      { DATABASE_URL: 'mysql://x' },
      'Configuration error: DATABASE_URL must be a PostgreSQL URL such as postgres://user@host:5432/db',
    ],
    [
      { TRUST_PROXY: 'maybe' },
      'Configuration error: TRUST_PROXY must be true or false (got "maybe")',
    ],
  ])('a bad value %o stops start-up with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
    try {
      loadConfig(env);
    } catch (err) {
      expect((err as Error).message).not.toContain('\n');
    }
  });
});

describe('notification channels from the environment', () => {
  const SECRET = 'x'.repeat(40);

  test('none configured: no notifier', () => {
    expect(notifierConfig(loadConfig({}))).toBeUndefined();
  });

  test('SMTP and a webhook, with the retry timings', () => {
    const c = notifierConfig(
      loadConfig({
        NOTIFY_SMTP_URL: 'smtp://mail.example.org:587',
        NOTIFY_FROM: 'observations@example.org',
        NOTIFY_WEBHOOK_URL: 'https://hooks.example.org/concern',
        NOTIFY_WEBHOOK_SECRET: SECRET,
        NOTIFY_RETRY_BASE_MS: '1000',
      }),
    );
    expect(c).toMatchObject({
      smtpUrl: 'smtp://mail.example.org:587',
      from: 'observations@example.org',
      webhookUrl: 'https://hooks.example.org/concern',
      webhookSecret: SECRET,
      retryBaseMs: 1000,
      retryMaxMs: 900_000,
    });
  });

  test('a webhook on this machine may be plain http (a local relay or a test receiver)', () => {
    const c = notifierConfig(
      loadConfig({
        NOTIFY_WEBHOOK_URL: 'http://127.0.0.1:9000/hook',
        NOTIFY_WEBHOOK_SECRET: SECRET,
      }),
    );
    expect(c?.webhookUrl).toBe('http://127.0.0.1:9000/hook');
  });

  test.each([
    [
      { NOTIFY_SMTP_URL: 'smtp://mail.example.org' },
      'NOTIFY_FROM must be set together with NOTIFY_SMTP_URL',
    ],
    [
      { NOTIFY_WEBHOOK_URL: 'https://h.example.org' },
      'NOTIFY_WEBHOOK_SECRET must be set together with NOTIFY_WEBHOOK_URL',
    ],
    [
      { NOTIFY_SMTP_URL: 'mail.example.org', NOTIFY_FROM: 'a@example.org' },
      'NOTIFY_SMTP_URL must be an SMTP URL',
    ],
    [
      { NOTIFY_WEBHOOK_URL: 'ftp://h', NOTIFY_WEBHOOK_SECRET: SECRET },
      'NOTIFY_WEBHOOK_URL must be an https URL',
    ],
    [
      { NOTIFY_WEBHOOK_URL: 'http://hooks.example.org/concern', NOTIFY_WEBHOOK_SECRET: SECRET },
      'NOTIFY_WEBHOOK_URL must be an https URL such as https://hooks.example.org/concern (plain http only on localhost)',
    ],
    [
      { NOTIFY_WEBHOOK_URL: 'https://h.example.org', NOTIFY_WEBHOOK_SECRET: 'short' },
      'NOTIFY_WEBHOOK_SECRET must be at least 32 characters',
    ],
    [
      { NOTIFY_RETRY_BASE_MS: '-5' },
      'NOTIFY_RETRY_BASE_MS must be a whole number of milliseconds above 0 (got "-5")',
    ],
  ])('%o is refused: %s', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  test('a secret or an address is never repeated in the error', () => {
    for (const env of [
      { NOTIFY_SMTP_URL: 'smtp:/user:hunter2@mail', NOTIFY_FROM: 'a@example.org' },
      { NOTIFY_WEBHOOK_URL: 'https://h.example.org', NOTIFY_WEBHOOK_SECRET: 'hunter2' },
      { NOTIFY_SMTP_URL: 'smtp://mail', NOTIFY_FROM: 'not an address hunter2' },
    ]) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      try {
        loadConfig(env);
      } catch (err) {
        expect((err as Error).message).not.toContain('hunter2');
      }
    }
  });
});

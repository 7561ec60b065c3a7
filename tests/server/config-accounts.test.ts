import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../sync-server/src/config';

describe('account settings from the environment', () => {
  test('defaults: 30-day sessions, 20 sign-in attempts a minute, no first admin', () => {
    const c = loadConfig({});
    expect(c.SESSION_TTL_HOURS).toBe(720);
    expect(c.SIGN_IN_RATE_LIMIT_PER_MINUTE).toBe(20);
    expect(c.ADMIN_EMAIL).toBeUndefined();
    expect(c.ADMIN_PASSWORD).toBeUndefined();
  });

  test('ADMIN_EMAIL is stored lowercased; SESSION_TTL_HOURS is read as hours', () => {
    const c = loadConfig({
      ADMIN_EMAIL: 'Head.Of.QA@Example.org',
      ADMIN_PASSWORD: 'twelve chars!',
      SESSION_TTL_HOURS: '48',
    });
    expect(c.ADMIN_EMAIL).toBe('head.of.qa@example.org');
    expect(c.SESSION_TTL_HOURS).toBe(48);
  });

  test.each([
    [
      { SESSION_TTL_HOURS: '0' },
      'Configuration error: SESSION_TTL_HOURS must be a whole number of hours from 1 to 8760 (got "0")',
    ],
    [
      { SESSION_TTL_HOURS: '9000' },
      'Configuration error: SESSION_TTL_HOURS must be a whole number of hours from 1 to 8760 (got "9000")',
    ],
    [
      { ADMIN_EMAIL: 'admin@example.org' },
      'Configuration error: ADMIN_PASSWORD must be set together with ADMIN_EMAIL to create the first admin',
    ],
    [
      { ADMIN_PASSWORD: 'a long enough password' },
      'Configuration error: ADMIN_EMAIL must be set together with ADMIN_PASSWORD to create the first admin',
    ],
    // Neither a password nor an email address is repeated back: the message may reach a log.
    [
      { ADMIN_EMAIL: 'admin@example.org', ADMIN_PASSWORD: 'hunter2' },
      'Configuration error: ADMIN_PASSWORD must be at least 12 characters',
    ],
    [
      { ADMIN_EMAIL: 'person at example.org', ADMIN_PASSWORD: 'a long enough password' },
      'Configuration error: ADMIN_EMAIL must be an email address, like name@example.org',
    ],
  ])('%o stops start-up with one line', (env, message) => {
    let thrown: unknown;
    try {
      loadConfig(env);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as Error).message).toBe(message);
  });
});

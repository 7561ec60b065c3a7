import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../sync-server/src/config';

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

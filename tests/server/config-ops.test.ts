// The operations settings from the environment: each bad value or half-set pair stops start-up
// with one line naming the variable, and secrets are never repeated back.
import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../sync-server/src/config';

const OIDC = {
  OIDC_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
  OIDC_CLIENT_ID: 'client-id',
  OIDC_CLIENT_SECRET: 'a secret value',
  OIDC_REDIRECT_URI: 'https://observations.example.org/api/auth/oidc/callback',
};

describe('operations configuration', () => {
  test('defaults: no TLS, metrics off, no single sign-on, no duty number', () => {
    const c = loadConfig({});
    expect(c.TLS_CERT_FILE).toBeUndefined();
    expect(c.METRICS_TOKEN).toBeUndefined();
    expect(c.oidc).toBeNull();
    expect(c.DUTY_PHONE).toBeUndefined();
    // Sent notifications' rows (with their addresses) are kept 90 days.
    expect(c.NOTIFY_RETENTION_DAYS).toBe(90);
    expect(loadConfig({ NOTIFY_RETENTION_DAYS: '30' }).NOTIFY_RETENTION_DAYS).toBe(30);
  });

  test('single sign-on when all four OIDC variables are set, with re-check defaults', () => {
    expect(loadConfig(OIDC).oidc).toEqual({
      issuer: OIDC.OIDC_ISSUER,
      clientId: OIDC.OIDC_CLIENT_ID,
      clientSecret: OIDC.OIDC_CLIENT_SECRET,
      redirectUri: OIDC.OIDC_REDIRECT_URI,
      revalidateMinutes: 15,
      unreachableGraceHours: 24,
    });
    // A provider on this machine may be plain http (development and tests).
    expect(loadConfig({ ...OIDC, OIDC_ISSUER: 'http://127.0.0.1:9000' }).oidc?.issuer).toBe(
      'http://127.0.0.1:9000',
    );
  });

  test.each([
    [{ DUTY_PHONE: 'ring the office' }, /^Configuration error: DUTY_PHONE Enter a phone number/],
    [
      { TLS_CERT_FILE: '/etc/cert.pem' },
      /^Configuration error: TLS_CERT_FILE must be set together with TLS_KEY_FILE to serve HTTPS$/,
    ],
    [
      { METRICS_TOKEN: 'short' },
      /^Configuration error: METRICS_TOKEN must be at least 32 characters[^"]*$/,
    ],
    [
      { ...OIDC, OIDC_ISSUER: 'http://login.example.org' },
      /^Configuration error: OIDC_ISSUER must be an https URL/,
    ],
    [
      { ...OIDC, OIDC_REDIRECT_URI: 'not a url' },
      /^Configuration error: OIDC_REDIRECT_URI must be an absolute URL/,
    ],
    [
      { OIDC_ISSUER: OIDC.OIDC_ISSUER, OIDC_CLIENT_ID: 'x' },
      /^Configuration error: OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI must be set too for single sign-on/,
    ],
    [
      { ...OIDC, OIDC_REVALIDATE_MINUTES: '0' },
      /^Configuration error: OIDC_REVALIDATE_MINUTES must be a whole number of minutes from 1 to 1440/,
    ],
    [
      { NOTIFY_RETENTION_DAYS: '0' },
      /^Configuration error: NOTIFY_RETENTION_DAYS must be a whole number of days above 0/,
    ],
  ])('%o stops start-up with one line', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (err) {
      const text = (err as Error).message;
      expect(text).toMatch(message);
      expect(text).not.toContain('\n');
      expect(text).not.toContain('short');
      expect(text).not.toContain('a secret value');
    }
  });
});

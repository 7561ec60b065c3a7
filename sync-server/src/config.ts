// Configuration comes from the environment only, parsed once at start-up. A bad value stops the
// server with one line that names the variable and says what is expected.
import path from 'node:path';
import { z } from 'zod';
import { emailSchema } from './accounts/account-fields';
import { passwordSchema } from './accounts/passwords';
import { phoneNumberSchema } from '../../schemas/entities/local-settings';
import type { NotifierConfig } from './notifications/channels';

const port = z.coerce
  .number({ message: 'must be a whole number from 1 to 65535' })
  .int('must be a whole number from 1 to 65535')
  .min(1, 'must be a whole number from 1 to 65535')
  .max(65535, 'must be a whole number from 1 to 65535');

const positiveInt = (what: string) =>
  z.coerce
    .number({ message: `must be ${what}` })
    .int(`must be ${what}`)
    .positive(`must be ${what}`);

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const postgresUrl = z
  .string()
  .regex(
    /^postgres(ql)?:\/\/\S+$/,
    'must be a PostgreSQL URL such as postgres://user@host:5432/db',
  );

// A secret or personal data: never repeated back in an error message (it may reach a log).
// Values that may hold a secret or a person's address are never repeated in an error.
const NOT_ECHOED: ReadonlySet<string> = new Set([
  'ADMIN_PASSWORD',
  'ADMIN_EMAIL',
  'DATABASE_URL',
  'DATABASE_MIGRATION_URL',
  'METRICS_TOKEN',
  'OIDC_CLIENT_SECRET',
  'NOTIFY_SMTP_URL',
  'NOTIFY_WEBHOOK_URL',
  'NOTIFY_WEBHOOK_SECRET',
  'NOTIFY_FROM',
]);

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https, or plain http on this machine only (a development or test peer). */
const secureUrl = (example: string) =>
  z.string().refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.has(u.hostname));
    } catch {
      return false;
    }
  }, `must be an https URL such as ${example} (plain http only on localhost)`);

const absoluteUrl = z.string().refine((v) => {
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}, 'must be an absolute URL such as https://observations.example.org/api/auth/oidc/callback');

const filePath = z.string().min(1, 'must be a file path');

const smtpUrl = z
  .string()
  .regex(
    /^smtps?:\/\/\S+$/,
    'must be an SMTP URL such as smtp://mail.example.org:587 or smtps://user:password@mail.example.org',
  );

const httpUrl = (what: string) =>
  z.string().refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  }, `must be ${what} starting with https:// or http://`);

/** Host, port and database name of a PostgreSQL URL: which database it is, whoever signs in. */
function databaseOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return url;
  }
}

export const envSchema = z.object({
  PORT: port.default(8080),
  HOST: z.string().min(1, 'must be a host name or address').default('localhost'),
  DATA_DIR: z.string().min(1, 'must be a folder path').default('./data'),
  DATABASE_URL: postgresUrl.optional(),
  // The role that owns the tables, for migrations only; DATABASE_URL's role then needs no more
  // than the privileges the server grants it after migrating (storage/runtime-grants.ts).
  DATABASE_MIGRATION_URL: postgresUrl.optional(),
  APP_DIR: z.string().min(1, 'must be a folder path').default('./dist/app'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  RATE_LIMIT_PER_MINUTE: positiveInt('a whole number of requests per minute above 0').default(1200),
  TRUST_PROXY: bool.default(false),
  SHUTDOWN_GRACE_MS: positiveInt('a whole number of milliseconds above 0').default(10_000),
  // Tablets work offline for weeks: a session outlives that, and a lost tablet is revoked instead.
  TOMBSTONE_WINDOW_DAYS: positiveInt('a whole number of days above 0').default(90),
  SESSION_TTL_HOURS: positiveInt('a whole number of hours from 1 to 8760')
    .max(8760, 'must be a whole number of hours from 1 to 8760')
    .default(720),
  SIGN_IN_RATE_LIMIT_PER_MINUTE: positiveInt(
    'a whole number of attempts per minute above 0',
  ).default(20),
  // Create the first admin at start-up when the database has none (ignored once one exists).
  ADMIN_EMAIL: emailSchema.optional(),
  ADMIN_PASSWORD: passwordSchema.optional(),
  // The duty number tablets show while an administrator has not set one in the local settings.
  DUTY_PHONE: phoneNumberSchema.optional(),
  // Serve HTTPS directly (both set); otherwise plain HTTP, for a reverse proxy that ends TLS.
  TLS_CERT_FILE: filePath.optional(),
  TLS_KEY_FILE: filePath.optional(),
  // GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`; without it /metrics is off.
  METRICS_TOKEN: z
    .string()
    .min(32, 'must be at least 32 characters (a random secret for the metrics scraper)')
    .max(256, 'must be at most 256 characters')
    .regex(/^[\x21-\x7e]+$/, 'must be printable characters without spaces')
    .optional(),
  // Single sign-on with an OpenID Connect provider (for example Microsoft Entra ID).
  OIDC_ISSUER: secureUrl('https://login.microsoftonline.com/<tenant>/v2.0').optional(),
  OIDC_CLIENT_ID: z.string().min(1, 'must not be empty').max(256).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1, 'must not be empty').max(1024).optional(),
  OIDC_REDIRECT_URI: absoluteUrl.optional(),
  OIDC_REVALIDATE_MINUTES: positiveInt('a whole number of minutes from 1 to 1440')
    .max(1440, 'must be a whole number of minutes from 1 to 1440')
    .default(15),
  OIDC_UNREACHABLE_GRACE_HOURS: positiveInt('a whole number of hours from 1 to 168')
    .max(168, 'must be a whole number of hours from 1 to 168')
    .default(24),
  // Telling the director and QA leads of a new safety concern, by email and/or a webhook.
  NOTIFY_SMTP_URL: smtpUrl.optional(),
  NOTIFY_FROM: emailSchema.optional(),
  // It carries only ids and times, but it is signed and says a concern was raised: not in clear.
  NOTIFY_WEBHOOK_URL: secureUrl('https://hooks.example.org/concern').optional(),
  NOTIFY_WEBHOOK_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (a random secret shared with the receiver)')
    .optional(),
  NOTIFY_APP_URL: httpUrl('the address people open the app at').optional(),
  NOTIFY_RETRY_BASE_MS: positiveInt('a whole number of milliseconds above 0').default(5_000),
  NOTIFY_RETRY_MAX_MS: positiveInt('a whole number of milliseconds above 0').default(900_000),
  NOTIFY_POLL_MS: positiveInt('a whole number of milliseconds above 0').default(2_000),
  // A sent notification's row keeps its recipient's address (a digest, counts and team names):
  // kept this long once settled, then deleted (notifications/outbox-retention.ts).
  NOTIFY_RETENTION_DAYS: positiveInt('a whole number of days above 0').default(90),
});

export type Env = z.infer<typeof envSchema>;

export type Config = Env & {
  /** Absolute data directory for the embedded database. */
  dataDir: string;
  appDir: string;
  storage: { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };
  /**
   * Where migrations run, when not on `storage` itself: DATABASE_MIGRATION_URL, the owner of the
   * tables, beside a runtime role in DATABASE_URL that cannot change or drop them.
   */
  migrationStorage: { engine: 'postgres'; url: string } | null;
  /** Set when single sign-on is configured. */
  oidc: OidcConfig | null;
};

export type OidcConfig = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  revalidateMinutes: number;
  unreachableGraceHours: number;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
}

/** Parses the environment; throws a ConfigError whose message is one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k in envSchema.shape && v !== undefined && v !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    const got = present[name];
    throw new ConfigError(
      `Configuration error: ${name} ${issue?.message ?? 'is invalid'}` +
        (got === undefined || NOT_ECHOED.has(name) ? '' : ` (got ${JSON.stringify(got)})`),
    );
  }
  const e = parsed.data;
  if ((e.ADMIN_EMAIL === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
    const missing = e.ADMIN_EMAIL === undefined ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD';
    const other = missing === 'ADMIN_EMAIL' ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL';
    throw new ConfigError(
      `Configuration error: ${missing} must be set together with ${other} to create the first admin`,
    );
  }
  if ((e.TLS_CERT_FILE === undefined) !== (e.TLS_KEY_FILE === undefined)) {
    const [set, missing] =
      e.TLS_CERT_FILE === undefined
        ? ['TLS_KEY_FILE', 'TLS_CERT_FILE']
        : ['TLS_CERT_FILE', 'TLS_KEY_FILE'];
    throw new ConfigError(
      `Configuration error: ${set} must be set together with ${missing} to serve HTTPS`,
    );
  }
  const oidc = [
    'OIDC_ISSUER',
    'OIDC_CLIENT_ID',
    'OIDC_CLIENT_SECRET',
    'OIDC_REDIRECT_URI',
  ] as const;
  const oidcSet = oidc.filter((k) => e[k] !== undefined);
  if (oidcSet.length > 0 && oidcSet.length < oidc.length) {
    const missing = oidc.filter((k) => e[k] === undefined);
    throw new ConfigError(
      `Configuration error: ${missing.join(', ')} must be set too for single sign-on (${oidcSet.join(', ')} ${oidcSet.length === 1 ? 'is' : 'are'} set)`,
    );
  }
  const pairs = [
    ['NOTIFY_SMTP_URL', 'NOTIFY_FROM', 'to send notification emails'],
    ['NOTIFY_WEBHOOK_URL', 'NOTIFY_WEBHOOK_SECRET', 'to sign webhook notifications'],
  ] as const;
  for (const [a, b, why] of pairs) {
    if ((e[a] === undefined) !== (e[b] === undefined)) {
      const missing = e[a] === undefined ? a : b;
      const other = missing === a ? b : a;
      throw new ConfigError(
        `Configuration error: ${missing} must be set together with ${other} ${why}`,
      );
    }
  }
  if (e.DATABASE_MIGRATION_URL !== undefined) {
    if (e.DATABASE_URL === undefined) {
      throw new ConfigError(
        'Configuration error: DATABASE_MIGRATION_URL must be set together with DATABASE_URL (the owner role migrates, the role in DATABASE_URL serves)',
      );
    }
    // Migrating one database and serving another would start on tables never migrated.
    if (databaseOf(e.DATABASE_MIGRATION_URL) !== databaseOf(e.DATABASE_URL)) {
      throw new ConfigError(
        'Configuration error: DATABASE_MIGRATION_URL must name the same database as DATABASE_URL (host, port and database name), signing in as the owner role',
      );
    }
  }
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    ...e,
    dataDir,
    appDir: path.resolve(e.APP_DIR),
    storage: e.DATABASE_URL
      ? { engine: 'postgres', url: e.DATABASE_URL }
      : { engine: 'sqlite', file: path.join(dataDir, 'observations.sqlite') },
    migrationStorage: e.DATABASE_MIGRATION_URL
      ? { engine: 'postgres', url: e.DATABASE_MIGRATION_URL }
      : null,
    oidc:
      e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET && e.OIDC_REDIRECT_URI
        ? {
            issuer: e.OIDC_ISSUER,
            clientId: e.OIDC_CLIENT_ID,
            clientSecret: e.OIDC_CLIENT_SECRET,
            redirectUri: e.OIDC_REDIRECT_URI,
            revalidateMinutes: e.OIDC_REVALIDATE_MINUTES,
            unreachableGraceHours: e.OIDC_UNREACHABLE_GRACE_HOURS,
          }
        : null,
  };
}

/** The notification settings, or undefined when no channel is configured. */
export function notifierConfig(config: Config): NotifierConfig | undefined {
  if (!config.NOTIFY_SMTP_URL && !config.NOTIFY_WEBHOOK_URL) return undefined;
  return {
    smtpUrl: config.NOTIFY_SMTP_URL,
    from: config.NOTIFY_FROM,
    webhookUrl: config.NOTIFY_WEBHOOK_URL,
    webhookSecret: config.NOTIFY_WEBHOOK_SECRET,
    appUrl: config.NOTIFY_APP_URL,
    retryBaseMs: config.NOTIFY_RETRY_BASE_MS,
    retryMaxMs: config.NOTIFY_RETRY_MAX_MS,
    pollMs: config.NOTIFY_POLL_MS,
    leaseMs: 120_000,
  };
}

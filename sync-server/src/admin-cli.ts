// `npm run admin -- <verb>`: accounts, scopes and devices from the command line, with or without
// the server running. It reads the same configuration (DATA_DIR or DATABASE_URL) and calls the same
// repository functions as the admin API. It does not take the server's data-directory lock: SQLite
// in WAL mode is safe for a second process, and the server keeps no account state in memory.
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import {
  displayNameSchema,
  emailSchema,
  scopeKindSchema,
  scopeNameSchema,
} from './accounts/account-fields';
import {
  addMembership,
  changeAccount,
  createScope,
  createUser,
  emailTaken,
  findScopeByName,
  findUserByEmail,
  listDevices,
  listScopes,
  listUsers,
  removeMembership,
  revokeDevice,
  scopeNotFound,
  setPassword,
  userNotFound,
} from './accounts/accounts-repository';
import type { Db } from './accounts/accounts-repository';
import { passwordSchema } from './accounts/passwords';
import { ROLES, roleSchema } from './accounts/permissions';
import { verifyAudit } from './audit/verify';
import { ConfigError, loadConfig } from './config';
import { DataDirLockedError } from './lock-file';
import { AppError } from './errors';
import { openMigratedStorage } from './storage/runtime-grants';
import { openStorage } from './storage/storage';
import type { Storage } from './storage/storage';
import { audited } from './accounts/audited';
import { localSettingsPatchSchema } from '../../schemas/entities/local-settings';
import {
  LOCAL_SETTINGS_KEY,
  applySettingsPatch,
  readEffectiveSettings,
} from './settings/effective-settings';
import type { Config } from './config';
import { backupPostgres, backupSqlite, restorePostgres, restoreSqlite } from './operations/backup';
import { keepFilesPrivate } from './private-files';

/** How the admin command appears in the audit trail. */
const CLI = { userId: 'admin-command' };

const USAGE = `Usage: npm run admin -- <verb> [options]

  add-scope --name NAME --kind service|practice-group [--parent SERVICE]
  list-scopes
  add-user --email EMAIL --role ROLE [--scope NAME ...] [--name "Display name"] [--sso-only]
      (the password is read from standard input, except with --sso-only for someone who signs in
       only through single sign-on; roles: ${ROLES.join(', ')})
  add-membership --email EMAIL --scope NAME
  remove-membership --email EMAIL --scope NAME
  set-role --email EMAIL --role ROLE
  disable-user --email EMAIL        (a leaver: every session ends; devices keep unsent work)
  enable-user --email EMAIL
  list-users
  list-devices
  revoke-device --device ID
  reset-password --email EMAIL      (the new password is read from standard input)
  verify-audit
  show-settings
  backup --to FILE
      (a consistent copy while the server runs: SQLite's VACUUM INTO, or pg_dump -Fc on PostgreSQL)
  restore --from FILE
      (SQLite: with the server stopped; the replaced database is kept beside it, renamed.
       PostgreSQL: into the new, empty database named by DATABASE_URL, with pg_restore)
  set-setting --key NAME --value VALUE
      (VALUE is JSON, or plain text for a text setting: --key dutyPhone --value "020 7946 0000";
       --value null clears the duty number)

It uses DATA_DIR (default ./data) or DATABASE_URL, like the server, and works whether or not the
server is running. With DATABASE_MIGRATION_URL set too, it migrates, backs up and restores as that
owner role and runs the other verbs as DATABASE_URL's.`;

/** A mistake in how the command was called: exit code 2. */
class UsageError extends Error {}

/** Input refused before anything was written: exit code 1. */
class InputError extends Error {}

const OPTIONS = {
  name: { type: 'string' },
  kind: { type: 'string' },
  parent: { type: 'string' },
  email: { type: 'string' },
  role: { type: 'string' },
  scope: { type: 'string', multiple: true },
  device: { type: 'string' },
  key: { type: 'string' },
  to: { type: 'string' },
  from: { type: 'string' },
  value: { type: 'string' },
  'sso-only': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

const out = (line: string) => process.stdout.write(`${line}\n`);

function required(
  values: Values,
  name: 'name' | 'kind' | 'email' | 'role' | 'device' | 'key' | 'to' | 'from',
): string {
  const v = values[name];
  if (v === undefined || v.trim() === '') throw new UsageError(`--${name} is required.`);
  return v;
}

/** Checks an option with the API's own schema, so both refuse the same input in the same words. */
function check<T>(schema: z.ZodType<T>, option: string, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new UsageError(`--${option} ${parsed.error.issues[0]?.message ?? 'is not valid'}.`);
  }
  return parsed.data;
}

async function scopeIdOf(db: Db, name: string): Promise<string> {
  const scope = await findScopeByName(db, name);
  if (!scope) throw scopeNotFound(`called ${JSON.stringify(name.trim())}`);
  return scope.id;
}

async function userIdOf(db: Db, email: string): Promise<string> {
  const user = await findUserByEmail(db, email);
  if (!user) throw userNotFound(`with the email address ${email}`);
  return user.id;
}

// --- passwords from standard input ---------------------------------------------------------------

/** Reads a line from the terminal without echoing it. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    process.stderr.write(prompt);
    let typed = '';
    const finish = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new Error('Cancelled.'));
        if (ch === '\u0004' && typed === '') return finish(new Error('Cancelled.'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else if (ch >= ' ') typed += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/** The first line of piped standard input (so a password never appears in a command line). */
function readFirstLine(): Promise<string | null> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    let buffered = '';
    const done = (line: string | null) => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.off('error', reject);
      stdin.pause();
      resolve(line);
    };
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const nl = buffered.indexOf('\n');
      if (nl >= 0) done(buffered.slice(0, nl).replace(/\r$/, ''));
    };
    const onEnd = () => done(buffered === '' ? null : buffered.replace(/\r$/, ''));
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.on('error', reject);
  });
}

async function readPassword(forWhom: string): Promise<string> {
  let password: string | null;
  if (process.stdin.isTTY) {
    password = await promptHidden(`New password for ${forWhom} (at least 12 characters): `);
    const again = await promptHidden('Type it again: ');
    if (again !== password) {
      throw new InputError('The two passwords are different. Nothing was changed.');
    }
  } else {
    password = await readFirstLine();
    if (password === null) {
      throw new InputError(
        'No password on standard input. Type it when asked, or pipe it in: printf "%s\\n" "$PASSWORD" | npm run admin -- ...',
      );
    }
  }
  const parsed = passwordSchema.safeParse(password);
  if (!parsed.success) {
    throw new InputError(
      `The password ${parsed.error.issues[0]?.message ?? 'is not valid'}. Nothing was changed.`,
    );
  }
  return parsed.data;
}

// --- verbs ---------------------------------------------------------------------------------------

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

type Verb = (storage: Storage, values: Values, config: Config) => Promise<number>;

const SETTING_KEYS = Object.keys(localSettingsPatchSchema.shape);

/** A setting's value from the command line: JSON when it parses as a valid value, else text. */
function settingValue(key: string, raw: string): Record<string, unknown> {
  if (!SETTING_KEYS.includes(key)) {
    throw new UsageError(
      `There is no setting ${JSON.stringify(key)}. Settings: ${SETTING_KEYS.join(', ')}.`,
    );
  }
  const tries: unknown[] = [];
  try {
    tries.push(JSON.parse(raw));
  } catch {
    // Not JSON: plain text.
  }
  tries.push(raw);
  let first: string | undefined;
  for (const value of tries) {
    const parsed = localSettingsPatchSchema.safeParse({ [key]: value });
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    first ??= `${[key, ...(issue?.path.slice(1) ?? [])].join('.')}: ${issue?.message ?? 'is not valid'}`;
  }
  throw new InputError(`The value is not valid for ${first}. Nothing was changed.`);
}

const VERBS: Record<string, Verb> = {
  async 'add-scope'(storage, values) {
    const db = storage.db;
    const name = check(scopeNameSchema, 'name', required(values, 'name'));
    const kind = check(scopeKindSchema, 'kind', required(values, 'kind'));
    const parent = values.parent === undefined ? null : await findScopeByName(db, values.parent);
    if (parent === undefined)
      throw scopeNotFound(`called ${JSON.stringify(values.parent?.trim())}`);
    const scope = await audited(
      db,
      CLI,
      (tx) => createScope(tx, { name, kind, parentId: parent?.id ?? null }),
      (sc) => ({ action: 'admin:add-scope', recordId: sc.id, content: sc }),
    );
    const what = scope.kind === 'service' ? 'service' : 'practice group';
    const under = parent ? ` under ${JSON.stringify(parent.name)}` : '';
    out(`Added ${what} ${JSON.stringify(scope.name)}${under} (id ${scope.id}).`);
    return 0;
  },

  async 'list-scopes'(storage) {
    const scopes = await listScopes(storage.db);
    const byId = new Map(scopes.map((s) => [s.id, s]));
    if (scopes.length === 0) out('No services or practice groups yet. Add one with add-scope.');
    for (const s of scopes) {
      const parent = s.parentId
        ? ` under ${JSON.stringify(byId.get(s.parentId)?.name ?? s.parentId)}`
        : '';
      out(`${s.id}  ${s.kind.padEnd(14)}  ${JSON.stringify(s.name)}${parent}`);
    }
    return 0;
  },

  async 'add-user'(storage, values) {
    const db = storage.db;
    const email = check(emailSchema, 'email', required(values, 'email'));
    const role = check(roleSchema, 'role', required(values, 'role'));
    const displayName =
      values.name === undefined ? undefined : check(displayNameSchema, 'name', values.name);
    // Everything that can be refused is refused before asking for the password.
    const scopeIds: string[] = [];
    for (const name of values.scope ?? []) scopeIds.push(await scopeIdOf(db, name));
    // createUser checks this again (another admin may be quicker); asking first saves typing.
    if (await findUserByEmail(db, email)) throw emailTaken();
    const password = values['sso-only'] ? null : await readPassword(email);
    const user = await audited(
      db,
      CLI,
      (tx) => createUser(tx, { email, role, displayName, password, scopeIds }),
      (u) => ({
        action: 'admin:add-user',
        recordId: u.id,
        content: { role: u.role, scopes: scopeIds ?? [] },
      }),
    );
    const scopes = user.scopes.map((s) => JSON.stringify(s.name)).join(', ');
    out(
      `Added ${user.role} ${user.email} (id ${user.id})${scopes ? ` in ${scopes}` : ' with no scopes yet'}.`,
    );
    return 0;
  },

  async 'add-membership'(storage, values) {
    const db = storage.db;
    const email = check(emailSchema, 'email', required(values, 'email'));
    const names = values.scope ?? [];
    if (names.length === 0) throw new UsageError('--scope is required.');
    const userId = await userIdOf(db, email);
    for (const name of names) {
      const scopeId = await scopeIdOf(db, name);
      const { added } = await audited(
        db,
        CLI,
        (tx) => addMembership(tx, userId, scopeId),
        () => ({ action: 'admin:add-membership', recordId: userId, content: { scopeId } }),
      );
      out(
        added
          ? `Added ${email} to ${JSON.stringify(name.trim())}.`
          : `${email} was already in ${JSON.stringify(name.trim())}; nothing changed.`,
      );
    }
    return 0;
  },

  async 'remove-membership'(storage, values) {
    const db = storage.db;
    const email = check(emailSchema, 'email', required(values, 'email'));
    const names = values.scope ?? [];
    if (names.length === 0) throw new UsageError('--scope is required.');
    const userId = await userIdOf(db, email);
    for (const name of names) {
      const scopeId = await scopeIdOf(db, name);
      const { removed } = await audited(
        db,
        CLI,
        (tx) => removeMembership(tx, userId, scopeId),
        (r) => ({
          action: 'admin:remove-membership',
          recordId: userId,
          content: { scopeId, removed: r.removed },
        }),
      );
      out(
        removed
          ? `Removed ${email} from ${JSON.stringify(name.trim())}.`
          : `${email} was not in ${JSON.stringify(name.trim())}; nothing changed.`,
      );
    }
    return 0;
  },

  async 'set-role'(storage, values) {
    const db = storage.db;
    const email = check(emailSchema, 'email', required(values, 'email'));
    const role = check(roleSchema, 'role', required(values, 'role'));
    const userId = await userIdOf(db, email);
    await audited(
      db,
      CLI,
      (tx) => changeAccount(tx, userId, { role }),
      (r) => ({
        action: 'admin:change-account',
        recordId: userId,
        content: { role, sessionsRevoked: r.sessionsRevoked },
      }),
    );
    out(`${email} is now ${role}, from their next request.`);
    return 0;
  },

  async 'disable-user'(storage, values) {
    const db = storage.db;
    const email = check(emailSchema, 'email', required(values, 'email'));
    const userId = await userIdOf(db, email);
    const { sessionsRevoked } = await audited(
      db,
      CLI,
      (tx) => changeAccount(tx, userId, { status: 'disabled' }),
      (r) => ({
        action: 'admin:change-account',
        recordId: userId,
        content: { status: 'disabled', sessionsRevoked: r.sessionsRevoked },
      }),
    );
    out(
      `Disabled ${email}; ${plural(sessionsRevoked, 'session')} ended. Their devices keep any unsent ` +
        'work (a recovery file can bring it in).',
    );
    return 0;
  },

  async 'enable-user'(storage, values) {
    const db = storage.db;
    const email = check(emailSchema, 'email', required(values, 'email'));
    const userId = await userIdOf(db, email);
    await audited(
      db,
      CLI,
      (tx) => changeAccount(tx, userId, { status: 'active' }),
      () => ({ action: 'admin:change-account', recordId: userId, content: { status: 'active' } }),
    );
    out(`Enabled ${email}; they can sign in again.`);
    return 0;
  },

  async 'list-users'(storage) {
    const users = await listUsers(storage.db);
    if (users.length === 0) out('No accounts yet. Add one with add-user.');
    for (const u of users) {
      const scopes = u.scopes.map((s) => s.name).join(', ') || 'no scopes';
      const flags = [
        u.status === 'active' ? '' : u.status,
        u.lockedUntil ? `locked until ${u.lockedUntil}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      out(`${u.id}  ${u.role.padEnd(15)}  ${u.email}  (${scopes})${flags ? `  [${flags}]` : ''}`);
    }
    return 0;
  },

  async 'list-devices'(storage) {
    const devices = await listDevices(storage.db);
    if (devices.length === 0) out('No devices have signed in yet.');
    for (const d of devices) {
      const state = d.revokedAt ? `revoked ${d.revokedAt}` : `last contact ${d.lastSeenAt}`;
      out(
        `${d.id}  ${d.userEmail}  ${JSON.stringify(d.name)}  ${state}  ` +
          `${plural(d.unsentReported, 'unsent change')} last reported`,
      );
    }
    return 0;
  },

  async 'revoke-device'(storage, values) {
    const id = required(values, 'device').trim();
    const r = await audited(
      storage.db,
      CLI,
      (tx) => revokeDevice(tx, id, 'admin-command'),
      (res) => ({ action: 'admin:revoke-device', recordId: id, content: res }),
    );
    if (r.alreadyRevoked) {
      out(`Device ${id} was already revoked at ${r.device.revokedAt}; nothing changed.`);
      return 0;
    }
    out(
      `Revoked device ${id} (${JSON.stringify(r.device.name)} of ${r.device.userEmail}); ` +
        `${plural(r.sessionsRevoked, 'session')} ended. It had last reported ` +
        `${plural(r.device.unsentReported, 'unsent change')} at ${r.device.lastSeenAt}; those are given up.`,
    );
    return 0;
  },

  async 'reset-password'(storage, values) {
    const db = storage.db;
    const email = check(emailSchema, 'email', required(values, 'email'));
    const userId = await userIdOf(db, email);
    const password = await readPassword(email);
    const { sessionsRevoked } = await audited(
      db,
      CLI,
      (tx) => setPassword(tx, userId, password),
      () => ({ action: 'admin:reset-password', recordId: userId, content: {} }),
    );
    out(
      `Password reset for ${email}; any lock-out is cleared and ${plural(sessionsRevoked, 'session')} ended ` +
        '(their devices stay registered and keep their unsent work).',
    );
    return 0;
  },

  async 'show-settings'(storage, _values, config) {
    const view = await readEffectiveSettings(storage.db, config);
    for (const [key, value] of Object.entries(view.settings)) {
      const from = key === 'dutyPhone' ? `  (${view.dutyPhoneSource})` : '';
      out(`${key} = ${JSON.stringify(value)}${from}`);
    }
    out(`version ${view.version}`);
    return 0;
  },

  async 'set-setting'(storage, values) {
    const key = required(values, 'key').trim();
    if (values.value === undefined) throw new UsageError('--value is required.');
    const patch = settingValue(key, values.value);
    const r = await audited(
      storage.db,
      CLI,
      (tx) => applySettingsPatch(tx, patch),
      (res) =>
        res.changed.length === 0
          ? null
          : {
              action: 'admin:update-settings',
              recordId: LOCAL_SETTINGS_KEY,
              content: { changed: res.changed, before: res.before, after: res.after },
            },
    );
    out(
      r.changed.length === 0
        ? `${key} was already ${JSON.stringify(patch[key])}; nothing changed.`
        : `Set ${key} to ${JSON.stringify(r.after[key])} (was ${JSON.stringify(r.before[key])}). Tablets receive it at their next sync.`,
    );
    return 0;
  },

  async 'verify-audit'(storage) {
    const report = await verifyAudit(storage);
    if (report.ok) {
      out(`The audit trail is intact: ${plural(report.entries, 'entry', 'entries')} checked.`);
      return 0;
    }
    for (const p of report.problems) out(`Entry ${p.seq}: ${p.problem}.`);
    out(
      `The audit trail is NOT intact: ${plural(report.problems.length, 'problem')} in ` +
        `${plural(report.entries, 'entry', 'entries')}.`,
    );
    return 1;
  },
};

/**
 * The role a PostgreSQL backup or restore signs in as: the owner when DATABASE_MIGRATION_URL is
 * set, since pg_dump reads every table (the migrator's, which the runtime role may not read,
 * included) and pg_restore creates them; the runtime role cannot create tables.
 */
function ownerTarget(config: Config): { engine: 'postgres'; url: string } {
  if (config.migrationStorage) return config.migrationStorage;
  if (config.storage.engine !== 'postgres') throw new Error('not a PostgreSQL configuration');
  return config.storage;
}

/** Verbs that work on the database's files, not through the storage (no migrations run). */
const FILE_VERBS: Record<string, (config: Config, values: Values) => Promise<number>> = {
  async backup(config, values) {
    const to = required(values, 'to');
    if (config.storage.engine === 'sqlite') {
      const b = backupSqlite(config.storage.file, to);
      out(
        `Backed up to ${b.file} (${plural(b.bytes, 'byte')}: ${plural(b.records, 'record')}, ` +
          `${plural(b.auditEntries, 'audit entry', 'audit entries')}). The file is checked and complete.`,
      );
    } else {
      const b = await backupPostgres(ownerTarget(config).url, to);
      out(`Backed up to ${b.file} (${plural(b.bytes, 'byte')}, pg_dump custom format).`);
    }
    out('It holds personal data: keep it encrypted and access-controlled, like the database.');
    return 0;
  },

  async restore(config, values) {
    const from = required(values, 'from');
    if (config.storage.engine === 'sqlite') {
      const r = restoreSqlite(config.dataDir, config.storage.file, from);
      out(
        `Restored ${plural(r.records, 'record')} and ${plural(r.auditEntries, 'audit entry', 'audit entries')} ` +
          `into ${r.file}.` +
          (r.previous ? ` The database it replaced is kept as ${r.previous}.` : ''),
      );
    } else {
      await restorePostgres(ownerTarget(config).url, from);
      out('Restored into the database in DATABASE_URL.');
    }
    const storage = openStorage(
      config.storage.engine === 'sqlite' ? config.storage : ownerTarget(config),
    );
    try {
      const report = await verifyAudit(storage);
      out(
        report.ok
          ? `The audit trail is intact: ${plural(report.entries, 'entry', 'entries')} checked. Start the server.`
          : `The restored audit trail is NOT intact (${plural(report.problems.length, 'problem')}); run verify-audit.`,
      );
      return report.ok ? 0 : 1;
    } finally {
      await storage.close();
    }
  },
};

async function main(argv: string[]): Promise<number> {
  // Backups, restores and the files verbs write hold the same records as the database.
  keepFilesPrivate();
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const [verb, ...rest] = parsed.positionals;
  if (parsed.values.help || verb === 'help') {
    out(USAGE);
    return 0;
  }
  if (verb === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const run = VERBS[verb];
  const fileVerb = FILE_VERBS[verb];
  if (!run && !fileVerb) throw new UsageError(`There is no verb ${JSON.stringify(verb)}.`);
  if (rest.length > 0) throw new UsageError(`Unexpected ${JSON.stringify(rest[0])}.`);

  const config = loadConfig();
  if (fileVerb) return fileVerb(config, parsed.values);
  if (!run) throw new UsageError(`There is no verb ${JSON.stringify(verb)}.`);
  // Migrated as the owner when DATABASE_MIGRATION_URL is set; the verb runs as DATABASE_URL.
  const storage = await openMigratedStorage(config.storage, config.migrationStorage);
  try {
    return await run(storage, parsed.values, config);
  } finally {
    await storage.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\nRun \`npm run admin -- help\` to see every verb.\n`);
      process.exit(2);
    }
    if (
      err instanceof AppError ||
      err instanceof ConfigError ||
      err instanceof InputError ||
      err instanceof DataDirLockedError
    ) {
      process.stderr.write(`${err.message}\n`);
    } else {
      process.stderr.write(
        `The admin command failed: ${err instanceof Error ? err.message : String(err)}\n`,
      );
    }
    process.exit(1);
  },
);

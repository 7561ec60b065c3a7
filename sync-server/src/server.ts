// The standalone server process: configuration, the data-directory lock, migrations, listening,
// and a graceful stop on SIGTERM (in-flight requests finish, the database closes, the lock goes).
import { prepareFirstRun, setupCodeLine } from './accounts/first-run';
import type { FirstRun } from './accounts/first-run';
import { buildApp } from './app';
import { ConfigError, loadConfig, notifierConfig } from './config';
import { DataDirLockedError, lockDataDir } from './lock-file';
import type { DataDirLock } from './lock-file';
import { keepFilesPrivate } from './private-files';
import { failureCode } from './notifications/channels';
import { purgeSettledNotifications } from './notifications/outbox-retention';
import { openMigratedStorage } from './storage/runtime-grants';
import { purgeTombstones } from './sync/tombstones';
import { loadTls } from './tls';

async function main(): Promise<void> {
  keepFilesPrivate();
  const config = loadConfig();
  const https = loadTls(config);
  const lock: DataDirLock | null =
    config.storage.engine === 'sqlite' ? lockDataDir(config.dataDir) : null;
  let storage;
  try {
    // As the owner when DATABASE_MIGRATION_URL is set; the server then queries as DATABASE_URL.
    storage = await openMigratedStorage(config.storage, config.migrationStorage);
  } catch (err) {
    lock?.release();
    throw err;
  }
  let firstRun: FirstRun;
  try {
    firstRun = await prepareFirstRun(storage.db, config);
  } catch (err) {
    await storage.close();
    lock?.release();
    throw err;
  }
  const notifications = notifierConfig(config);
  const app = await buildApp({ config, storage, ownsStorage: true, https, notifications });
  app.addHook('onClose', async () => lock?.release());

  // Deletions older than the offline window, and notifications settled for longer than their
  // retention period, are purged at start and then daily (whether or not a channel is set up now:
  // rows written while one was are kept no longer). Counts only in the log, never an address.
  const purge = async () => {
    await purgeTombstones(storage.db, config.TOMBSTONE_WINDOW_DAYS).then(
      (r) => r.purged && app.log.info({ purged: r.purged }, 'purged old deletions'),
      (err: unknown) => app.log.error({ err }, 'purging old deletions failed'),
    );
    await purgeSettledNotifications(storage.db, config.NOTIFY_RETENTION_DAYS).then(
      (n) => n && app.log.info({ notifications: n }, 'deleted notifications past retention'),
      (err: unknown) =>
        app.log.error({ error: failureCode(err) }, 'deleting old notifications failed'),
    );
  };
  await purge();
  const purgeTimer = setInterval(() => void purge(), 86_400_000);
  purgeTimer.unref();
  app.addHook('onClose', async () => clearInterval(purgeTimer));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
    const force = setTimeout(() => {
      app.log.error('in-flight requests did not finish in time; exiting');
      lock?.release();
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  await app.listen({ port: config.PORT, host: config.HOST });
  app.log.info(
    {
      engine: config.storage.engine,
      port: config.PORT,
      host: config.HOST,
      protocol: https ? 'https' : 'http',
    },
    'practice observations server ready',
  );
  if (!notifications) {
    app.log.warn(
      'no notification channel is configured (NOTIFY_SMTP_URL, NOTIFY_WEBHOOK_URL): directors and QA leads learn of safety concerns only in the app',
    );
  }
  if (firstRun.kind === 'admin-created') {
    app.log.info('created the first admin from ADMIN_EMAIL and ADMIN_PASSWORD');
  } else if (firstRun.kind === 'setup-code') {
    // Plain text, not a log entry: it is for the operator reading the console.
    const host = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(config.HOST)
      ? 'localhost'
      : config.HOST;
    process.stdout.write(
      `${setupCodeLine(firstRun.code, `${https ? 'https' : 'http'}://${host}:${config.PORT}`)}\n`,
    );
  }
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(
      `The server could not start: ${err instanceof Error ? err.message : String(err)}\n`,
    );
  }
  process.exit(1);
});

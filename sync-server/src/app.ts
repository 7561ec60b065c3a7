// The application as a Fastify plugin tree: third-party plugins first, then our own named plugins,
// then routes. server.ts owns the process (listening, signals); tests build this in-process.
import Fastify from 'fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config';
import { authOf, authPlugin } from './plugins/app/auth';
import { answerFrameworkError, errorHandlerPlugin } from './plugins/app/error-handler';
import { jsonBodyPlugin } from './plugins/app/json-body';
import { metricsPlugin } from './plugins/app/metrics';
import { notificationsPlugin } from './plugins/app/notifications';
import type { NotifierConfig } from './notifications/channels';
import { storagePlugin } from './plugins/app/storage';
import { appFilesPlugin } from './plugins/external/app-files';
import { openApiPlugin } from './plugins/external/openapi';
import { rateLimitPlugin } from './plugins/external/rate-limit';
import { securityHeadersPlugin } from './plugins/external/security-headers';
import { adminRoutes } from './routes/admin';
import { authRoutes } from './routes/auth';
import { healthRoutes } from './routes/health';
import { syncRoutes } from './routes/sync';
import { concernRoutes } from './routes/concerns';
import { exportRoutes } from './routes/exports';
import { actionHistoryRoutes } from './routes/action-history';
import { reportRoutes } from './routes/reports';
import { setupRoutes } from './routes/setup';
import { oidcRoutes } from './routes/oidc';
import { settingsRoutes } from './routes/settings';
import { recordsAdminRoutes } from './routes/records-admin';
import { templateRoutes } from './routes/templates';
import { directoryRoutes } from './routes/directory';
import { programmeRoutes } from './routes/programme';
import { recoveryRoutes } from './routes/recovery';
import type { Storage } from './storage/storage';
import { loggerOptions } from './logger';

export type BuildOptions = {
  config: Pick<
    Config,
    | 'appDir'
    | 'RATE_LIMIT_PER_MINUTE'
    | 'TRUST_PROXY'
    | 'LOG_LEVEL'
    | 'SESSION_TTL_HOURS'
    | 'SIGN_IN_RATE_LIMIT_PER_MINUTE'
  > &
    Partial<Pick<Config, 'DUTY_PHONE' | 'METRICS_TOKEN' | 'oidc'>>;
  storage: Storage;
  /** Close the storage when the app closes (true for the real server). */
  ownsStorage?: boolean;
  logger?: boolean;
  /** Serve HTTPS with this certificate and key (see tls.ts); plain HTTP without. */
  https?: { cert: Buffer; key: Buffer } | null;
  /** Safety concern notifications (config.ts: NOTIFY_*); none when absent. */
  notifications?: NotifierConfig;
};

export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.https ? { https: { cert: opts.https.cert, key: opts.https.key } } : {}),
    logger: opts.logger === false ? false : loggerOptions(opts.config.LOG_LEVEL),
    trustProxy: opts.config.TRUST_PROXY,
    bodyLimit: 1_048_576,
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
    return503OnClosing: true,
    // Errors the router raises before any hook runs, answered in our own shape.
    frameworkErrors: answerFrameworkError,
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(errorHandlerPlugin);
  await app.register(jsonBodyPlugin);
  await app.register(securityHeadersPlugin);
  await app.register(rateLimitPlugin, { perMinute: opts.config.RATE_LIMIT_PER_MINUTE });
  await app.register(openApiPlugin);
  await app.register(storagePlugin, {
    storage: opts.storage,
    closeOnShutdown: opts.ownsStorage ?? false,
  });
  await app.register(metricsPlugin, { token: opts.config.METRICS_TOKEN });
  await app.register(authPlugin);
  await app.register(notificationsPlugin, { config: opts.notifications });
  await app.register(authRoutes, {
    sessionTtlHours: opts.config.SESSION_TTL_HOURS,
    signInPerMinute: opts.config.SIGN_IN_RATE_LIMIT_PER_MINUTE,
  });
  await app.register(oidcRoutes, {
    oidc: opts.config.oidc ?? null,
    sessionTtlHours: opts.config.SESSION_TTL_HOURS,
    signInPerMinute: opts.config.SIGN_IN_RATE_LIMIT_PER_MINUTE,
  });
  await app.register(adminRoutes);
  await app.register(recordsAdminRoutes);
  await app.register(templateRoutes);
  await app.register(directoryRoutes);
  await app.register(recoveryRoutes);
  await app.register(settingsRoutes, { env: { DUTY_PHONE: opts.config.DUTY_PHONE } });
  const actorOf = (request: FastifyRequest) => {
    const { userId, role, deviceId } = authOf(request);
    return { userId, role, deviceId };
  };
  await app.register(syncRoutes, { actorOf });
  await app.register(concernRoutes, { actorOf });
  await app.register(reportRoutes, { actorOf });
  await app.register(exportRoutes, { actorOf });
  await app.register(programmeRoutes, { actorOf });
  await app.register(actionHistoryRoutes, { actorOf });
  await app.register(setupRoutes, { attemptsPerMinute: opts.config.SIGN_IN_RATE_LIMIT_PER_MINUTE });
  await app.register(appFilesPlugin, { appDir: opts.config.appDir });

  await app.register(healthRoutes);
  return app;
}

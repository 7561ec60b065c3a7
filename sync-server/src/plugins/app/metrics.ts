// Prometheus metrics for operators at GET /metrics, behind a bearer token of their own
// (METRICS_TOKEN; without it the route answers 404). Labels hold route templates, methods, status
// codes and error codes only: never an id, an address, a name or a case ID.
import { createHash, timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import client from 'prom-client';
import { sql } from 'kysely';
import { AppError, ErrorCode } from '../../errors';

const PUSH = '/api/sync/push';
const PULL = '/api/sync/pull';
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

function errorCodeOf(payload: unknown): string | null {
  if (typeof payload !== 'string' || !payload.startsWith('{"error"')) return null;
  try {
    const code = (JSON.parse(payload) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' && /^[A-Z_]{1,64}$/.test(code) ? code : 'UNKNOWN';
  } catch {
    return null;
  }
}

export const metricsPlugin = fp<{ token?: string | undefined }>(
  async (app, opts) => {
    const registry = new client.Registry();
    if (opts.token) client.collectDefaultMetrics({ register: registry, prefix: 'obs_' });

    const requests = new client.Counter({
      name: 'obs_http_requests_total',
      help: 'HTTP requests answered, by route template, method and status code',
      labelNames: ['route', 'method', 'status'] as const,
      registers: [registry],
    });
    const duration = new client.Histogram({
      name: 'obs_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route template and method',
      labelNames: ['route', 'method'] as const,
      buckets: SECONDS,
      registers: [registry],
    });
    const errors = new client.Counter({
      name: 'obs_http_errors_total',
      help: 'Error answers by route template and stable error code',
      labelNames: ['route', 'code'] as const,
      registers: [registry],
    });
    const syncDuration = new client.Histogram({
      name: 'obs_sync_duration_seconds',
      help: 'Time to answer a sync push or pull, by operation and outcome (ok or error)',
      labelNames: ['operation', 'outcome'] as const,
      buckets: SECONDS,
      registers: [registry],
    });
    const pushFailures = new client.Counter({
      name: 'obs_sync_push_failures_total',
      help: 'Pushes refused as a whole (nothing applied), by error code',
      labelNames: ['code'] as const,
      registers: [registry],
    });
    const mutations = new client.Counter({
      name: 'obs_sync_mutations_total',
      help: 'Mutations answered in pushes: applied, or rejected with a code',
      labelNames: ['result', 'code'] as const,
      registers: [registry],
    });

    const dbUp = new client.Gauge({
      name: 'obs_db_up',
      help: '1 when the database answered a trivial query at this scrape, else 0',
      registers: [registry],
    });
    const dbPing = new client.Gauge({
      name: 'obs_db_ping_seconds',
      help: 'Time the database took to answer that query',
      registers: [registry],
    });
    const seqGauge = new client.Gauge({
      name: 'obs_sync_sequence',
      help: 'The global change sequence (rises with every push that changed something)',
      registers: [registry],
    });
    const auditGauge = new client.Gauge({
      name: 'obs_audit_entries',
      help: 'Entries in the audit trail',
      registers: [registry],
    });
    const unsentGauge = new client.Gauge({
      name: 'obs_devices_unsent_changes',
      help: 'Changes that registered, unrevoked devices last said they had not yet sent',
      registers: [registry],
    });

    async function collectDatabase(): Promise<void> {
      const started = process.hrtime.bigint();
      try {
        await Promise.race([
          app.storage.ping(),
          new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
        ]);
        dbPing.set(Number(process.hrtime.bigint() - started) / 1e9);
        dbUp.set(1);
        const db = app.storage.db;
        const [seq, audit, unsent] = await Promise.all([
          db.selectFrom('sync_counter').select('seq').where('id', '=', 1).executeTakeFirst(),
          db.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirst(),
          db
            .selectFrom('devices')
            .select(sql<number>`coalesce(sum(unsent_reported), 0)`.as('n'))
            .where('revoked_at', 'is', null)
            .executeTakeFirst(),
        ]);
        seqGauge.set(Number(seq?.seq ?? 0));
        auditGauge.set(Number(audit?.seq ?? 0));
        unsentGauge.set(Number(unsent?.n ?? 0));
      } catch {
        dbUp.set(0);
      }
    }

    app.addHook('onSend', async (request, reply, payload) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const code = reply.statusCode >= 400 ? errorCodeOf(payload) : null;
      if (code) {
        errors.inc({ route, code });
        if (route === PUSH) pushFailures.inc({ code });
      } else if (route === PUSH && reply.statusCode === 200 && typeof payload === 'string') {
        try {
          const body = JSON.parse(payload) as {
            results?: { status: string; code?: string }[];
          };
          for (const r of body.results ?? []) {
            mutations.inc(
              r.status === 'applied'
                ? { result: 'applied', code: '' }
                : { result: 'rejected', code: r.code ?? 'UNKNOWN' },
            );
          }
        } catch {
          // Not the shape we send: nothing to count.
        }
      }
      return payload;
    });

    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const seconds = reply.elapsedTime / 1000;
      requests.inc({ route, method: request.method, status: String(reply.statusCode) });
      duration.observe({ route, method: request.method }, seconds);
      if (route === PUSH || route === PULL) {
        syncDuration.observe(
          {
            operation: route === PUSH ? 'push' : 'pull',
            outcome: reply.statusCode < 400 ? 'ok' : 'error',
          },
          seconds,
        );
      }
    });

    const expected = opts.token ? digest(opts.token) : null;
    app.get(
      '/metrics',
      {
        config: { rateLimit: false },
        schema: {
          tags: ['health'],
          summary: 'Prometheus metrics (Authorization: Bearer <METRICS_TOKEN>)',
          security: [{ bearer: [] }],
        },
      },
      async (request, reply) => {
        if (!expected) {
          throw new AppError(
            404,
            ErrorCode.NOT_FOUND,
            'Metrics are turned off. Set METRICS_TOKEN to turn them on.',
          );
        }
        const given = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
        if (!given || !timingSafeEqual(digest(given), expected)) {
          throw new AppError(
            401,
            ErrorCode.AUTH_REQUIRED,
            'Send the metrics token as Authorization: Bearer <METRICS_TOKEN>.',
          );
        }
        await collectDatabase();
        return reply.header('content-type', registry.contentType).send(await registry.metrics());
      },
    );
  },
  { name: 'metrics', dependencies: ['storage'] },
);

// GET /metrics on every engine: off without METRICS_TOKEN, refused without the token, and in
// Prometheus text format with request counts by route template, sync latency histograms, push
// rejections and failures by code, and the database's health — with no id, address or case ID.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../schemas/sync/protocol-version';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import { addScope } from '../helpers/sync-fixtures';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';

useQuickPasswordHashing();

const TOKEN = 'metrics-token-0123456789abcdef-0123456789';
const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION };

/** The value of one sample, by its exact name and labels as Prometheus prints them. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test('without METRICS_TOKEN, /metrics is off (404), not the app page', async () => {
  const t = (await buildTestApp())!;
  try {
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  } finally {
    await t.close();
  }
});

for (const engine of ENGINES) {
  const t = await buildTestApp(engine, { METRICS_TOKEN: TOKEN });
  describe.skipIf(t === null)(`metrics on ${engine.name}`, () => {
    let ctx: TestApp;
    const secrets: string[] = [];
    beforeAll(async () => {
      ctx = t!;
      const scopeId = await addScope(ctx.storage.db, 'Metrics service', 'service');
      const observer = await createAccount(ctx.storage, { role: 'observer', scopeIds: [scopeId] });
      const session = await signIn(ctx.app, observer);
      const caseId = 'ZX-4455123';
      const recordId = `metrics-record-${session.deviceId.slice(0, 8)}`;
      secrets.push(observer.email, session.deviceId, session.token, recordId, caseId, observer.id);
      const push = (mutations: object[]) =>
        ctx.app.inject({
          method: 'POST',
          url: '/api/sync/push',
          headers: bearer(session.token),
          payload: {
            ...versions,
            deviceId: session.deviceId,
            sentAt: new Date().toISOString(),
            mutations,
          },
        });
      const at = new Date().toISOString();
      const ok = await push([
        {
          id: 1,
          recordId,
          type: 'observation',
          op: 'put',
          scopeId,
          baseVersion: 0,
          at,
          set: {
            kind: 'frontline-practice',
            templateId: 'frontline-practice',
            templateVersion: 1,
            'context.caseId': caseId,
          },
        },
        {
          id: 2,
          recordId: `${recordId}-x`,
          type: 'observation',
          op: 'put',
          scopeId,
          baseVersion: 0,
          at,
          set: { 'server.flag': true },
        },
      ]);
      expect(ok.statusCode).toBe(200);
      expect(ok.json().results.map((r: { status: string }) => r.status)).toEqual([
        'applied',
        'rejected',
      ]);
      const gap = await push([
        { id: 9, recordId, type: 'observation', op: 'put', baseVersion: 0, at, set: {} },
      ]);
      expect(gap.statusCode).toBe(409);
      const pull = await ctx.app.inject({
        method: 'POST',
        url: '/api/sync/pull',
        headers: bearer(session.token),
        payload: { ...versions, deviceId: session.deviceId, cursor: null },
      });
      expect(pull.statusCode).toBe(200);
    });
    afterAll(async () => ctx?.close());

    const scrape = (authorization?: string) =>
      ctx.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: authorization ? { authorization } : {},
      });

    test('is refused without the token or with a wrong one', async () => {
      for (const auth of [undefined, 'Bearer wrong-token', `Basic ${TOKEN}`, TOKEN]) {
        const res = await scrape(auth);
        expect(res.statusCode, String(auth)).toBe(401);
        expect(res.json().error.code).toBe('AUTH_REQUIRED');
        expect(res.body).not.toContain('obs_');
      }
    });

    test('counts requests by route template, sync latency, rejections and failures by code, and database health', async () => {
      const res = await scrape(`Bearer ${TOKEN}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = res.body;
      expect(
        sample(text, 'obs_http_requests_total{route="/api/sync/push",method="POST",status="200"}'),
      ).toBe(1);
      expect(
        sample(text, 'obs_http_requests_total{route="/api/sync/push",method="POST",status="409"}'),
      ).toBe(1);
      expect(
        sample(
          text,
          'obs_http_requests_total{route="/api/auth/sign-in",method="POST",status="200"}',
        ),
      ).toBe(1);
      expect(sample(text, 'obs_sync_mutations_total{result="applied",code=""}')).toBe(1);
      expect(
        sample(text, 'obs_sync_mutations_total{result="rejected",code="SERVER_OWNED_FIELD"}'),
      ).toBe(1);
      expect(sample(text, 'obs_sync_push_failures_total{code="MUTATION_GAP"}')).toBe(1);
      expect(
        sample(text, 'obs_http_errors_total{route="/api/sync/push",code="MUTATION_GAP"}'),
      ).toBe(1);
      expect(sample(text, 'obs_sync_duration_seconds_count{operation="push",outcome="ok"}')).toBe(
        1,
      );
      expect(
        sample(text, 'obs_sync_duration_seconds_count{operation="push",outcome="error"}'),
      ).toBe(1);
      expect(sample(text, 'obs_sync_duration_seconds_count{operation="pull",outcome="ok"}')).toBe(
        1,
      );
      expect(
        sample(text, 'obs_sync_duration_seconds_bucket{le="+Inf",operation="pull",outcome="ok"}'),
      ).toBe(1);
      expect(sample(text, 'obs_db_up')).toBe(1);
      expect(sample(text, 'obs_db_ping_seconds')).toBeGreaterThan(0);
      expect(sample(text, 'obs_sync_sequence')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'obs_audit_entries')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'obs_process_resident_memory_bytes')).toBeGreaterThan(0);
      // Earlier refused scrapes count too, under the route's own template.
      expect(
        sample(text, 'obs_http_requests_total{route="/metrics",method="GET",status="401"}'),
      ).toBe(4);
      for (const secret of secrets) expect(text).not.toContain(secret);
    });

    test('a database that no longer answers reads as obs_db_up 0, and the scrape still answers', async () => {
      await ctx.storage.close();
      const res = await scrape(`Bearer ${TOKEN}`);
      expect(res.statusCode).toBe(200);
      expect(sample(res.body, 'obs_db_up')).toBe(0);
    });
  });
}

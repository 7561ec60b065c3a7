import { describe, expect, test } from 'vitest';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../schemas/sync/protocol-version';
import { createManualClock } from '../../tests/helpers/manual-clock';
import { CONCERN_TIMEOUT_MS, DEFAULT_TIMEOUT_MS, createHttpTransport } from './transport';
import type { FetchLike } from './transport';

const auth = { token: 'tok-123' };
const pullBody = { deviceId: 'device-0001-aaaa', cursor: null };
const pullAnswer = {
  records: [],
  evict: [],
  cursor: 'c1',
  hasMore: false,
  lastMutationId: 0,
  reset: false,
  serverTime: '2026-05-01T10:00:00.000Z',
};

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
const error = (status: number, code: string, details?: unknown) =>
  json(status, { error: { code, message: 'A message for a person.', details } });

function answering(res: () => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    return res();
  };
  return { calls, transport: createHttpTransport({ baseUrl: 'https://obs.example', fetch }) };
}

describe('the sync transport', () => {
  test('sends the bearer token and the protocol and schema versions, and parses the answer', async () => {
    const { calls, transport } = answering(() => json(200, pullAnswer));
    const result = await transport.pull(pullBody, auth);
    expect(result).toEqual({ ok: true, status: 200, value: pullAnswer });
    expect(calls[0]!.url).toBe('https://obs.example/api/sync/pull');
    expect(new Headers(calls[0]!.init.headers).get('authorization')).toBe('Bearer tok-123');
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({
      protocolVersion: PROTOCOL_VERSION,
      schemaVersion: SCHEMA_VERSION,
      ...pullBody,
    });
  });

  test.each([
    [error(401, 'SESSION_EXPIRED'), { kind: 'session-expired' }],
    [error(401, 'DEVICE_REVOKED'), { kind: 'device-revoked' }],
    [error(401, 'AUTH_REQUIRED'), { kind: 'signed-out', reason: 'auth-required' }],
    [error(401, 'ACCOUNT_DISABLED'), { kind: 'signed-out', reason: 'account-disabled' }],
    [error(403, 'DEVICE_MISMATCH'), { kind: 'signed-out', reason: 'device-mismatch' }],
    [error(426, 'CLIENT_TOO_OLD'), { kind: 'too-old' }],
    [error(409, 'MUTATION_GAP', { expected: 42 }), { kind: 'gap', expected: 42 }],
    [error(500, 'INTERNAL'), { kind: 'server-unavailable' }],
    [error(503, 'NOT_READY'), { kind: 'server-unavailable' }],
    [new Response('<html>Bad gateway</html>', { status: 502 }), { kind: 'server-unavailable' }],
    [error(429, 'RATE_LIMITED', undefined), { kind: 'server-unavailable' }],
    [
      error(400, 'VALIDATION_FAILED'),
      {
        kind: 'rejected-request',
        status: 400,
        code: 'VALIDATION_FAILED',
        message: 'A message for a person.',
      },
    ],
    [
      error(403, 'FORBIDDEN'),
      {
        kind: 'rejected-request',
        status: 403,
        code: 'FORBIDDEN',
        message: 'A message for a person.',
      },
    ],
    [
      error(409, 'SOMETHING_ELSE'),
      {
        kind: 'rejected-request',
        status: 409,
        code: 'SOMETHING_ELSE',
        message: 'A message for a person.',
      },
    ],
  ])('classifies %# as what the engine does next', async (response, failure) => {
    const { transport } = answering(() => response);
    expect(await transport.pull(pullBody, auth)).toEqual({ ok: false, failure });
  });

  test('Retry-After from the server is kept for the retry', async () => {
    const { transport } = answering(() => error(503, 'NOT_READY', undefined));
    const withHeader = answering(() =>
      json(
        429,
        { error: { code: 'RATE_LIMITED', message: 'Slow down.' } },
        { 'retry-after': '30' },
      ),
    );
    expect(await transport.pull(pullBody, auth)).toEqual({
      ok: false,
      failure: { kind: 'server-unavailable' },
    });
    expect(await withHeader.transport.pull(pullBody, auth)).toEqual({
      ok: false,
      failure: { kind: 'server-unavailable', retryAfterMs: 30_000 },
    });
  });

  test('no answer at all is "offline"', async () => {
    const { transport } = answering(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await transport.pull(pullBody, auth)).toEqual({
      ok: false,
      failure: { kind: 'offline' },
    });
  });

  test('a success that is not what the protocol says (a captive portal) is retried later', async () => {
    const { transport } = answering(
      () => new Response('<html>Sign in to the hotel wifi</html>', { status: 200 }),
    );
    expect(await transport.pull(pullBody, auth)).toEqual({
      ok: false,
      failure: { kind: 'server-unavailable' },
    });
    const wrongShape = answering(() => json(200, { records: 'no' }));
    expect((await wrongShape.transport.pull(pullBody, auth)).ok).toBe(false);
  });

  test('a request with no answer in time is abandoned with AbortController', async () => {
    const clock = createManualClock();
    let signal: AbortSignal | undefined;
    const fetch: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => {
        signal = init.signal ?? undefined;
        init.signal?.addEventListener('abort', () =>
          reject(new DOMException('aborted', 'AbortError')),
        );
      });
    const transport = createHttpTransport({ fetch, clock, timeoutMs: 10_000 });
    const pending = transport.pull(pullBody, auth);
    await clock.advance(9_999);
    expect(signal?.aborted).toBe(false);
    await clock.advance(1);
    expect(await pending).toEqual({ ok: false, failure: { kind: 'server-unavailable' } });
    expect(signal?.aborted).toBe(true);
    expect(clock.pending()).toEqual([]);
  });

  test('a concern with no answer is abandoned after its own short time; a pull still has the full time', async () => {
    const clock = createManualClock();
    const signals = new Map<string, AbortSignal>();
    // A server that takes the connection and never answers.
    const fetch: FetchLike = (url, init) =>
      new Promise((_resolve, reject) => {
        signals.set(url, init.signal!);
        init.signal?.addEventListener('abort', () =>
          reject(new DOMException('aborted', 'AbortError')),
        );
      });
    const transport = createHttpTransport({ fetch, clock });
    const concern = transport.raiseConcern(
      {
        deviceId: 'device-0001-aaaa',
        scopeId: 'scope-0001-aaaa',
        concern: {
          id: 'concern-0001',
          caseId: 'AB-1234',
          what: 'Bruising seen on the younger child.',
          raisedAt: '2026-05-01T09:00:00.000Z',
          whoWasTold: [],
        },
      },
      auth,
    );
    const pull = transport.pull(pullBody, auth);
    expect(CONCERN_TIMEOUT_MS).toBeLessThanOrEqual(10_000);
    await clock.advance(CONCERN_TIMEOUT_MS - 1);
    expect(signals.get('/api/concerns')?.aborted).toBe(false);
    await clock.advance(1);
    expect(signals.get('/api/concerns')?.aborted).toBe(true);
    expect(await concern).toEqual({ ok: false, failure: { kind: 'server-unavailable' } });
    expect(signals.get('/api/sync/pull')?.aborted).toBe(false);
    await clock.advance(DEFAULT_TIMEOUT_MS - CONCERN_TIMEOUT_MS);
    expect(await pull).toEqual({ ok: false, failure: { kind: 'server-unavailable' } });
    expect(clock.pending()).toEqual([]);
  });

  test('the caller can cancel (the engine stopping) without it counting as a failure', async () => {
    const fetch: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () =>
          reject(new DOMException('aborted', 'AbortError')),
        );
      });
    const clock = createManualClock();
    const transport = createHttpTransport({ fetch, clock });
    const controller = new AbortController();
    const pending = transport.pull(pullBody, { ...auth, signal: controller.signal });
    controller.abort();
    expect(await pending).toEqual({ ok: false, failure: { kind: 'cancelled' } });
    expect(clock.pending()).toEqual([]);
  });

  test('a concern is accepted as new (201) or as already received (200)', async () => {
    const view = {
      concern: {
        id: 'concern-0001',
        caseId: 'AB-1234',
        what: 'Bruising seen on the younger child.',
        raisedAt: '2026-05-01T09:00:00.000Z',
        raisedBy: 'user-0001-aaaa',
        whoWasTold: [],
        receivedAt: '2026-05-01T09:00:01.000Z',
      },
      scopeId: 'scope-0001-aaaa',
      created: true,
      directorNotice: { email: { state: 'queued', sentAt: null }, webhook: null, inApp: true },
    };
    const body = {
      deviceId: 'device-0001-aaaa',
      scopeId: 'scope-0001-aaaa',
      concern: {
        id: 'concern-0001',
        caseId: 'AB-1234',
        what: 'Bruising seen on the younger child.',
        raisedAt: '2026-05-01T09:00:00.000Z',
        whoWasTold: [],
      },
    };
    const created = answering(() => json(201, view));
    expect(await created.transport.raiseConcern(body, auth)).toMatchObject({
      ok: true,
      status: 201,
    });
    expect(created.calls[0]!.url).toBe('https://obs.example/api/concerns');
    const repeat = answering(() => json(200, { ...view, created: false }));
    expect(await repeat.transport.raiseConcern(body, auth)).toMatchObject({
      ok: true,
      status: 200,
    });
  });
});

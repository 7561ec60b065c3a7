// The wire: push, pull and safety concerns over fetch. Every request carries the bearer token and
// the protocol and schema versions; every answer is parsed with the shared zod schemas; every
// failure becomes one of a few typed outcomes the engine can act on. Nothing here retries: that
// is the engine's decision, made from the outcome.
import { z } from 'zod';
import { concernViewSchema } from '../../schemas/sync/concerns';
import type { ConcernView, RaiseConcernRequest } from '../../schemas/sync/concerns';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../schemas/sync/protocol-version';
import { pullResponseSchema } from '../../schemas/sync/pull';
import type { PullRequest, PullResponse } from '../../schemas/sync/pull';
import { pushResponseSchema } from '../../schemas/sync/push';
import type { PushRequest, PushResponse } from '../../schemas/sync/push';
import { systemClock } from './timing';
import type { Clock } from './timing';

export const VERSIONS = {
  protocolVersion: PROTOCOL_VERSION,
  schemaVersion: SCHEMA_VERSION,
} as const;

/**
 * Why a request did not succeed. `offline`, `server-unavailable` are worth retrying later; the
 * session outcomes need the person; `rejected-request` is a bug or bad data, not retried blindly.
 */
export type TransportFailure =
  /** The request never got an answer: no signal, or the connection dropped. */
  | { kind: 'offline' }
  /** 5xx, 408, 429, a timeout or an unreadable answer; `retryAfterMs` when the server said. */
  | { kind: 'server-unavailable'; retryAfterMs?: number }
  | { kind: 'session-expired' }
  /** An administrator removed this device: the app erases what it holds. */
  | { kind: 'device-revoked' }
  /** The session is not valid (signed out elsewhere, account disabled, another registration). */
  | { kind: 'signed-out'; reason: 'auth-required' | 'account-disabled' | 'device-mismatch' }
  /** 426: the app is older than the server accepts. */
  | { kind: 'too-old' }
  /** 409 MUTATION_GAP: the server's next expected mutation id. */
  | { kind: 'gap'; expected: number }
  /** Any other 4xx. Code and message are for diagnostics, never for the screen. */
  | { kind: 'rejected-request'; status: number; code: string; message: string }
  /** The caller aborted (the engine stopped). */
  | { kind: 'cancelled' };

export type FailureKind = TransportFailure['kind'];

export type TransportResult<T> =
  { ok: true; status: number; value: T } | { ok: false; failure: TransportFailure };

/** A request body without the versions, which the transport adds. */
export type Unversioned<T> = Omit<T, 'protocolVersion' | 'schemaVersion'>;

export type RequestAuth = { token: string; signal?: AbortSignal };

export interface SyncTransport {
  push(
    request: Unversioned<PushRequest>,
    auth: RequestAuth,
  ): Promise<TransportResult<PushResponse>>;
  pull(
    request: Unversioned<PullRequest>,
    auth: RequestAuth,
  ): Promise<TransportResult<PullResponse>>;
  raiseConcern(
    request: Unversioned<RaiseConcernRequest>,
    auth: RequestAuth,
  ): Promise<TransportResult<ConcernView>>;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export type HttpTransportOptions = {
  /** Where the API lives; '' for the same origin as the app. */
  baseUrl?: string;
  fetch?: FetchLike;
  /** A request with no answer after this long is abandoned as `server-unavailable`. */
  timeoutMs?: number;
  /** The same for a safety concern, which must not wait as long (CONCERN_TIMEOUT_MS). */
  concernTimeoutMs?: number;
  clock?: Clock;
};

export const DEFAULT_TIMEOUT_MS = 30_000;
/**
 * A safety concern's request is a few hundred bytes and must reach the Director at once: one that
 * hangs is abandoned after this long and tried again (safe, as the route is idempotent by the
 * concern's id), and the person is told to phone meanwhile, rather than both waiting out the
 * timeout a page of records may need.
 */
export const CONCERN_TIMEOUT_MS = 8_000;

const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
const gapDetailsSchema = z.object({ expected: z.number().int().positive() });

/** Retry-After as seconds or an HTTP date, in milliseconds from now. */
function retryAfterMs(header: string | null, now: Date): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/** Maps an HTTP answer that is not a success to what the engine should do about it. */
export function classifyResponse(
  status: number,
  body: unknown,
  retryAfter?: number,
): TransportFailure {
  const parsed = errorBodySchema.safeParse(body);
  const code = parsed.success ? parsed.data.error.code : '';
  const message = parsed.success ? parsed.data.error.message : '';
  const transient = (): TransportFailure =>
    retryAfter === undefined
      ? { kind: 'server-unavailable' }
      : { kind: 'server-unavailable', retryAfterMs: retryAfter };
  if (status >= 500 || status === 408 || status === 429) return transient();
  if (status === 426 || code === 'CLIENT_TOO_OLD') return { kind: 'too-old' };
  if (status === 401) {
    if (code === 'SESSION_EXPIRED') return { kind: 'session-expired' };
    if (code === 'DEVICE_REVOKED') return { kind: 'device-revoked' };
    if (code === 'ACCOUNT_DISABLED') return { kind: 'signed-out', reason: 'account-disabled' };
    return { kind: 'signed-out', reason: 'auth-required' };
  }
  if (status === 403 && code === 'DEVICE_MISMATCH') {
    return { kind: 'signed-out', reason: 'device-mismatch' };
  }
  if (status === 409 && code === 'MUTATION_GAP' && parsed.success) {
    const details = gapDetailsSchema.safeParse(parsed.data.error.details);
    if (details.success) return { kind: 'gap', expected: details.data.expected };
  }
  return { kind: 'rejected-request', status, code: code || `HTTP_${status}`, message };
}

class Timeout extends Error {
  override name = 'Timeout';
}

export function createHttpTransport(options: HttpTransportOptions = {}): SyncTransport {
  const baseUrl = options.baseUrl ?? '';
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const concernTimeoutMs = options.concernTimeoutMs ?? CONCERN_TIMEOUT_MS;
  const clock = options.clock ?? systemClock;
  const doFetch: FetchLike = options.fetch ?? ((url, init) => globalThis.fetch(url, init));

  async function post<T>(
    path: string,
    body: object,
    auth: RequestAuth,
    schema: z.ZodType<T>,
    okStatuses: readonly number[] = [200],
    waitMs = timeoutMs,
  ): Promise<TransportResult<T>> {
    if (auth.signal?.aborted) return { ok: false, failure: { kind: 'cancelled' } };
    const controller = new AbortController();
    const onAbort = () => controller.abort(auth.signal?.reason);
    auth.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = clock.setTimeout(() => controller.abort(new Timeout()), waitMs);
    const failed = (err: unknown): TransportResult<T> => {
      if (auth.signal?.aborted) return { ok: false, failure: { kind: 'cancelled' } };
      if (controller.signal.aborted && controller.signal.reason instanceof Timeout) {
        return { ok: false, failure: { kind: 'server-unavailable' } };
      }
      // fetch rejects only when no answer arrived: no signal, DNS, a dropped connection.
      void err;
      return { ok: false, failure: { kind: 'offline' } };
    };
    try {
      let response: Response;
      try {
        response = await doFetch(`${baseUrl}${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            authorization: `Bearer ${auth.token}`,
          },
          body: JSON.stringify({ ...VERSIONS, ...body }),
          signal: controller.signal,
        });
      } catch (err) {
        return failed(err);
      }
      let text: string;
      try {
        text = await response.text();
      } catch (err) {
        return failed(err);
      }
      let json: unknown = undefined;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      if (okStatuses.includes(response.status)) {
        const parsed = schema.safeParse(json);
        // A success we cannot read (a captive portal's page, a half-deployed server): try later.
        if (!parsed.success) return { ok: false, failure: { kind: 'server-unavailable' } };
        return { ok: true, status: response.status, value: parsed.data };
      }
      const after = retryAfterMs(response.headers.get('retry-after'), clock.now());
      return { ok: false, failure: classifyResponse(response.status, json, after) };
    } finally {
      clock.clearTimeout(timer);
      auth.signal?.removeEventListener('abort', onAbort);
    }
  }

  return {
    push: (request, auth) => post('/api/sync/push', request, auth, pushResponseSchema),
    pull: (request, auth) => post('/api/sync/pull', request, auth, pullResponseSchema),
    raiseConcern: (request, auth) =>
      post('/api/concerns', request, auth, concernViewSchema, [200, 201], concernTimeoutMs),
  };
}

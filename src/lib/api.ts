// Online-only requests (signing in, settings, reports, administration): fetch on the app's own
// origin with the bearer token, the answer checked with the shared schema, and every failure one
// of a few outcomes a screen can word. Syncing has its own transport in src/sync.
import type { z } from 'zod';
import { apiErrorSchema } from '../../schemas/api/account';

export type ApiFailure =
  | { kind: 'offline' }
  | { kind: 'server'; status: number }
  | { kind: 'refused'; status: number; code: string; message: string; details?: unknown };

export type ApiResult<T> =
  { ok: true; value: T; status: number; headers: Headers } | { ok: false; failure: ApiFailure };

export type ApiRequest<S extends z.ZodType> = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  token?: string | null;
  schema: S;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** A 304 (the If-None-Match version still holds) is a success with no value. */
  allowNotModified?: boolean;
};

export async function api<S extends z.ZodType>(
  path: string,
  req: ApiRequest<S> & { allowNotModified: true },
): Promise<ApiResult<z.infer<S> | null>>;
export async function api<S extends z.ZodType>(
  path: string,
  req: ApiRequest<S>,
): Promise<ApiResult<z.infer<S>>>;
export async function api<S extends z.ZodType>(
  path: string,
  req: ApiRequest<S>,
): Promise<ApiResult<z.infer<S> | null>> {
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  if (req.body !== undefined) headers['content-type'] = 'application/json';
  if (req.token) headers['authorization'] = `Bearer ${req.token}`;
  let response: Response;
  try {
    response = await fetch(path, {
      method: req.method ?? (req.body === undefined ? 'GET' : 'POST'),
      headers,
      body: req.body === undefined ? null : JSON.stringify(req.body),
      cache: 'no-store',
      credentials: 'omit',
      signal: req.signal ?? null,
    });
  } catch {
    return { ok: false, failure: { kind: 'offline' } };
  }
  if (response.status === 304 && req.allowNotModified) {
    return { ok: true, value: null, status: 304, headers: response.headers };
  }
  let json: unknown = undefined;
  try {
    json = await response.json();
  } catch {
    // An empty or non-JSON body; judged by the status below.
  }
  if (response.ok) {
    const parsed = req.schema.safeParse(json);
    if (!parsed.success) return { ok: false, failure: { kind: 'server', status: response.status } };
    return { ok: true, value: parsed.data, status: response.status, headers: response.headers };
  }
  if (response.status >= 500 || response.status === 408 || response.status === 429) {
    return { ok: false, failure: { kind: 'server', status: response.status } };
  }
  const error = apiErrorSchema.safeParse(json);
  return {
    ok: false,
    failure: {
      kind: 'refused',
      status: response.status,
      code: error.success ? error.data.error.code : 'UNKNOWN',
      message: error.success ? error.data.error.message : 'The server refused the request.',
      details: error.success ? error.data.error.details : undefined,
    },
  };
}

/** Words for a failure that the screen did not handle itself. */
export function describeFailure(failure: ApiFailure): string {
  switch (failure.kind) {
    case 'offline':
      return 'There is no connection to the server. Check the tablet has a signal or Wi-Fi, then try again.';
    case 'server':
      return 'The server is not answering properly at the moment. Try again in a few minutes.';
    case 'refused':
      return failure.message;
  }
}

// The administration screens' calls to the server: every one online, with the person's bearer
// token, checked against the shared schema. A screen loads with useAdminQuery and changes things
// with adminCall; both word their failures with describeFailure.
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { z } from 'zod';
import { api, describeFailure } from '../../lib/api';
import type { ApiFailure, ApiResult } from '../../lib/api';
import { londonDateTimeOf } from '../../../schemas/calendar/london-time';
import { useServices } from '../../lib/services';

export type Query<T> =
  | { status: 'loading' }
  | { status: 'failed'; failure: ApiFailure; message: string }
  | { status: 'ready'; value: T };

export function useAdminQuery<S extends z.ZodType>(
  path: string | null,
  schema: S,
): { query: Query<z.infer<S>>; reload: () => void } {
  const { token, online } = useServices();
  const [query, setQuery] = useState<Query<z.infer<S>>>({ status: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (!path) return;
    const controller = new AbortController();
    setQuery((q) => (q.status === 'ready' ? q : { status: 'loading' }));
    void api(path, { token: token(), schema, signal: controller.signal }).then((r) => {
      if (controller.signal.aborted) return;
      setQuery(
        r.ok
          ? { status: 'ready', value: r.value }
          : { status: 'failed', failure: r.failure, message: describeFailure(r.failure) },
      );
    });
    return () => controller.abort();
    // Coming back online retries a screen that could not load.
  }, [path, round, online]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { query, reload };
}

export function useAdminCall() {
  const { token } = useServices();
  return useCallback(
    <S extends z.ZodType>(
      path: string,
      schema: S,
      method: 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'GET',
      body?: unknown,
    ): Promise<ApiResult<z.infer<S>>> =>
      api(path, { method, token: token(), schema, ...(body === undefined ? {} : { body }) }),
    [token],
  );
}

export { describeFailure };

/** A date and time as people in England read it. */
export function formatWhen(iso: string | null): string {
  if (!iso) return 'Never';
  return londonDateTimeOf(iso);
}

/** Saves a JSON document (an export) as a file on the tablet. */
export function downloadJson(filename: string, value: unknown): void {
  const blob = new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// Reports and logs are online features: each is asked of the server when the screen opens (and
// when asked again), and the last answer is kept on the tablet, sealed like every record, so
// what a QA lead already pulled stays readable with no signal.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { z } from 'zod';
import { readSealed, writeSealed } from '../db';
import { api, describeFailure } from './api';
import { useServices } from './services';
import type { Services } from './services';

type Cached<T> = { path: string; fetchedAt: string; value: T };

export type OnlineReport<T> = {
  value: T | undefined;
  /** When the value shown was fetched; null while nothing is known. */
  fetchedAt: string | null;
  /** True when the value shown is the copy kept on the tablet, not a fresh answer. */
  fromCache: boolean;
  loading: boolean;
  /** Why the last request failed, in words; null when it did not. */
  problem: string | null;
  reload(): void;
};

/**
 * Keeps `value` as the tablet's copy of the answer to `path`, as if it had just been fetched: for
 * an answer that came another way (the server's reply to raising a safety concern), so the screen
 * that asks for it next has it even without a signal.
 */
export async function keepReportCopy(
  store: Pick<Services['store'], 'db' | 'cipher'>,
  cacheKey: string,
  path: string,
  value: unknown,
): Promise<void> {
  const copy: Cached<unknown> = { path, fetchedAt: new Date().toISOString(), value };
  await writeSealed(store.db, store.cipher, `report:${cacheKey}`, copy);
}

/**
 * `cacheKey` names the tablet's copy; `path` is the request (null: nothing to ask yet). The copy
 * is shown only for the same request, so a cached report never passes for another range.
 */
export function useOnlineReport<S extends z.ZodType>(
  cacheKey: string,
  path: string | null,
  schema: S,
  options: {
    /**
     * Ask again once this tablet's own changes have all been sent after the value was asked for:
     * for a figure what the person just did changes (a report), so it is counted. Changes only
     * received from the server do not make it ask, so a sync does not cost a request each time.
     */
    afterOwnChangesSent?: boolean;
  } = {},
): OnlineReport<z.infer<S>> {
  const { store, token, online, sync } = useServices();
  const [state, setState] = useState<Omit<OnlineReport<z.infer<S>>, 'reload'>>({
    value: undefined,
    fetchedAt: null,
    fromCache: false,
    loading: path !== null,
    problem: null,
  });
  const [round, setRound] = useState(0);
  const latest = useRef(0);
  // When the request now answered or awaited was sent: the figures count every change the server
  // had by then, and none after.
  const askedAt = useRef<string | null>(null);
  useEffect(() => {
    if (path === null) return;
    const mine = ++latest.current;
    const key = `report:${cacheKey}` as const;
    const sentAt = new Date().toISOString();
    askedAt.current = sentAt;
    setState((s) => ({ ...s, loading: true }));
    void (async () => {
      const cached = await readSealed<Cached<z.infer<S>>>(store.db, store.cipher, key).catch(
        () => undefined,
      );
      const same = cached && cached.path === path ? cached : undefined;
      const result = await api(path, { token: token(), schema });
      if (mine !== latest.current) return;
      if (result.ok) {
        const fetchedAt = sentAt;
        await writeSealed(store.db, store.cipher, key, { path, fetchedAt, value: result.value });
        setState({
          value: result.value,
          fetchedAt,
          fromCache: false,
          loading: false,
          problem: null,
        });
      } else {
        setState({
          value: same?.value,
          fetchedAt: same?.fetchedAt ?? null,
          fromCache: same !== undefined,
          loading: false,
          problem: describeFailure(result.failure),
        });
      }
    })();
  }, [cacheKey, path, round, online]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  const lastSentAt = sync.state?.lastSentAt ?? null;
  const allSent = sync.unsentCount === 0;
  useEffect(() => {
    if (!options.afterOwnChangesSent || path === null || !online) return;
    if (lastSentAt === null || !allSent) return;
    if (askedAt.current !== null && lastSentAt > askedAt.current) reload();
  }, [options.afterOwnChangesSent, path, online, lastSentAt, allSent, reload]);
  return { ...state, reload };
}

// A fetch that hands each request to the in-process server (`app.inject`), with faults a tablet
// meets on the road: the request never arrives, the server does the work but the answer is lost,
// the request arrives twice, or an old push arrives again late. The product transport runs on it
// unchanged, so everything above fetch is the real client.
import type { FastifyInstance } from 'fastify';
import type { FetchLike } from '../../src/sync/transport';

export type Fault =
  /** Delivered and answered. */
  | 'ok'
  /** No signal: the request never reaches the server. */
  | 'drop'
  /** The server applies it; the answer is lost on the way back. */
  | 'lose-response'
  /** The request reaches the server twice (a proxy retry); the second answer comes back. */
  | 'duplicate'
  /** An earlier push of this device arrives again first (a stale retry), then this one. */
  | 'replay-old'
  /** The server answers, then the page is closed or reloaded before the answer is used. */
  | 'reload';

export type SeenRequest = {
  path: string;
  body: unknown;
  status: number | null;
  /** The server's answer, parsed (whether or not it reached the client). */
  answer?: unknown;
};

export function injectFetch(app: FastifyInstance): FetchLike {
  return async (url, init) => {
    const { pathname, search } = new URL(url, 'http://app.test');
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => (headers[key] = value));
    const res = await app.inject({
      method: (init.method ?? 'GET') as 'POST',
      url: pathname + search,
      headers,
      payload: typeof init.body === 'string' ? init.body : undefined,
    });
    const out = new Headers();
    for (const [key, value] of Object.entries(res.headers)) {
      if (value === undefined) continue;
      out.set(key, Array.isArray(value) ? value.join(', ') : String(value));
    }
    const empty = res.statusCode === 204 || res.body === '';
    return new Response(empty ? null : res.body, { status: res.statusCode, headers: out });
  };
}

/** A network in front of `inner` that applies the planned faults to successive requests. */
export class FaultyNetwork {
  /** Faults for the next requests, first one first; once empty every request is 'ok'. */
  plan: Fault[] = [];
  /** Every request that reached the server (a duplicate counts twice), in order. */
  readonly seen: SeenRequest[] = [];
  /** Set when a 'reload' fault fired: the test discards its engine and makes a new one. */
  reloaded = false;
  online = true;
  /** How many requests met each fault. */
  readonly applied: Record<Fault, number> = {
    ok: 0,
    drop: 0,
    'lose-response': 0,
    duplicate: 0,
    'replay-old': 0,
    reload: 0,
  };

  constructor(private readonly inner: FetchLike) {}

  private async deliver(url: string, init: RequestInit): Promise<Response> {
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const entry: SeenRequest = {
      path: new URL(url, 'http://app.test').pathname,
      body,
      status: null,
    };
    this.seen.push(entry);
    const res = await this.inner(url, init);
    entry.status = res.status;
    const text = await res.clone().text();
    try {
      entry.answer = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      entry.answer = text;
    }
    return res;
  }

  private held: { path: string; release: () => void }[] = [];
  /** Requests to paths this returns true for wait (unsent, unanswered) until release(). */
  hold: ((path: string) => boolean) | null = null;

  /** Lets every held request go on, and stops holding. */
  release(): void {
    this.hold = null;
    for (const h of this.held.splice(0)) h.release();
  }

  /** How many requests are waiting at the hold. */
  get waiting(): number {
    return this.held.length;
  }

  readonly fetch: FetchLike = async (url, init) => {
    const path = new URL(url, 'http://app.test').pathname;
    if (this.hold?.(path)) {
      await new Promise<void>((release) => this.held.push({ path, release }));
    }
    const fault = this.plan.shift() ?? 'ok';
    this.applied[this.online ? fault : 'drop']++;
    if (!this.online || fault === 'drop') throw new TypeError('Failed to fetch');
    switch (fault) {
      case 'ok':
        return this.deliver(url, init);
      case 'lose-response':
        await this.deliver(url, init);
        throw new TypeError('Failed to fetch');
      case 'reload':
        await this.deliver(url, init);
        this.reloaded = true;
        throw new TypeError('Failed to fetch');
      case 'duplicate':
        await this.deliver(url, init);
        return this.deliver(url, init);
      case 'replay-old': {
        const path = new URL(url, 'http://app.test').pathname;
        const earlier = this.seen.filter((s) => s.path === path && s.path.endsWith('/push'));
        const old = earlier[Math.floor(earlier.length / 2)];
        if (old) await this.deliver(url, { ...init, body: JSON.stringify(old.body) });
        return this.deliver(url, init);
      }
    }
  };
}

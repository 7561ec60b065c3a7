// A minimal sync client over real HTTP, for tests against server processes: it keeps its own
// outbox, retries through crashes and restarts, and counts what it sent.
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../schemas/sync/protocol-version';
import type { Mutation, PushResponse } from '../../schemas/sync/push';
import type { PullResponse } from '../../schemas/sync/pull';
import type { SyncRecord } from '../../schemas/sync/records';

export type Session = { token: string; deviceId: string };

export async function api<T>(
  base: string,
  path: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; json: T }> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as T };
}

export async function signInHttp(
  base: string,
  email: string,
  password: string,
  deviceName = 'Test tablet',
): Promise<Session> {
  const { status, json } = await api<{ token: string; deviceId: string }>(
    base,
    '/api/auth/sign-in',
    {
      email,
      password,
      deviceName,
    },
  );
  if (status !== 200) throw new Error(`sign-in failed with ${status}: ${JSON.stringify(json)}`);
  return { token: json.token, deviceId: json.deviceId };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class HttpSyncClient {
  /** Every mutation this device made, in order; index i has id i + 1. */
  readonly made: Mutation[] = [];
  acknowledged = 0;
  requests = 0;
  failures = 0;
  cursor: string | null = null;
  readonly records = new Map<string, SyncRecord>();

  constructor(
    private readonly base: () => string,
    readonly session: Session,
  ) {}

  add(m: Omit<Mutation, 'id' | 'at'>): Mutation {
    const full = { ...m, id: this.made.length + 1, at: new Date().toISOString() } as Mutation;
    this.made.push(full);
    return full;
  }

  /** Sends everything not yet acknowledged, in batches, retrying until the server has it all. */
  async pushAll(batch = 20, deadline = Date.now() + 120_000): Promise<void> {
    while (this.acknowledged < this.made.length) {
      if (Date.now() > deadline)
        throw new Error(`push did not finish: ${this.acknowledged}/${this.made.length}`);
      const mutations = this.made.slice(this.acknowledged, this.acknowledged + batch);
      this.requests++;
      try {
        const { status, json } = await api<
          PushResponse & { error?: { details?: { expected?: number } } }
        >(
          this.base(),
          '/api/sync/push',
          {
            protocolVersion: PROTOCOL_VERSION,
            schemaVersion: SCHEMA_VERSION,
            deviceId: this.session.deviceId,
            sentAt: new Date().toISOString(),
            mutations,
          },
          this.session.token,
        );
        if (status === 200) {
          const rejected = json.results.filter((r) => r.status !== 'applied');
          if (rejected.length) throw new Error(`server rejected ${JSON.stringify(rejected)}`);
          this.acknowledged = json.lastMutationId;
        } else if (status === 409 && json.error?.details?.expected !== undefined) {
          this.acknowledged = json.error.details.expected - 1;
        } else if (status >= 500 || status === 503) {
          this.failures++;
          await sleep(50);
        } else {
          throw new Error(`push refused with ${status}: ${JSON.stringify(json)}`);
        }
      } catch (err) {
        if (err instanceof Error && err.message.startsWith('server rejected')) throw err;
        if (err instanceof Error && err.message.startsWith('push refused')) throw err;
        // The server is down or the connection was cut mid-request: the outcome is unknown, so
        // the same mutations go again (they are applied at most once).
        this.failures++;
        await sleep(50);
      }
    }
  }

  async pullAll(deadline = Date.now() + 120_000): Promise<void> {
    for (;;) {
      if (Date.now() > deadline) throw new Error('pull did not finish');
      try {
        const { status, json } = await api<PullResponse>(
          this.base(),
          '/api/sync/pull',
          {
            protocolVersion: PROTOCOL_VERSION,
            schemaVersion: SCHEMA_VERSION,
            deviceId: this.session.deviceId,
            cursor: this.cursor,
          },
          this.session.token,
        );
        if (status !== 200) throw new Error(`pull failed with ${status}: ${JSON.stringify(json)}`);
        for (const r of json.records) this.records.set(r.id, r);
        for (const id of json.evict) this.records.delete(id);
        this.cursor = json.cursor;
        if (!json.hasMore) return;
      } catch (err) {
        if (err instanceof Error && err.message.startsWith('pull failed')) throw err;
        await sleep(50);
      }
    }
  }
}

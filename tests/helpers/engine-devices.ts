// Tablets for tests of the client sync engine against the real server in-process: each has its
// own store (src/db on fake-indexeddb; import 'fake-indexeddb/auto' first), its own device
// registration from a real sign-in, the product's HTTP transport over a faulty network into
// `app.inject`, and an engine that can be thrown away and made again (a tab closed or reloaded).
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  createRecordCipher,
  deleteLocalDatabase,
  generateDataKey,
  listRecords,
  openLocalDatabase,
} from '../../src/db';
import type { LocalStore, RecordView } from '../../src/db';
import type { SyncRecord } from '../../schemas/sync/records';
import { createSyncEngine } from '../../src/sync/engine';
import type {
  AuthSession,
  LockManagerLike,
  SyncEngine,
  SyncEngineState,
  SyncRunResult,
} from '../../src/sync/engine';
import { createHttpTransport } from '../../src/sync/transport';
import type { SyncTransport } from '../../src/sync/transport';
import { signIn } from './accounts';
import { FaultyNetwork, injectFetch } from './inject-fetch';
import { createManualClock } from './manual-clock';
import type { ManualClock } from './manual-clock';

export type Account = { id: string; email: string; password: string };

export async function openTestStore(): Promise<LocalStore & { close(): Promise<void> }> {
  const name = `obs-engine-test-${randomUUID()}`;
  const db = await openLocalDatabase(name);
  const cipher = createRecordCipher(generateDataKey());
  return {
    db,
    cipher,
    async close() {
      db.close();
      await deleteLocalDatabase(name);
    },
  };
}

export class TestDevice {
  engine: SyncEngine;
  readonly network: FaultyNetwork;
  readonly transport: SyncTransport;
  /** Timers run only when a test advances them; the time itself is real (sentAt, edit times). */
  readonly timers: ManualClock = createManualClock();
  states: SyncEngineState[] = [];
  revoked = 0;
  /** How many times the engine was thrown away and made again. */
  restarts = 0;

  constructor(
    readonly app: FastifyInstance,
    readonly name: string,
    readonly account: Account,
    readonly store: LocalStore & { close(): Promise<void> },
    public session: AuthSession,
    readonly options: { locks?: LockManagerLike | null; pullPageSize?: number } = {},
  ) {
    this.network = new FaultyNetwork(injectFetch(app));
    this.transport = createHttpTransport({ baseUrl: 'http://app.test', fetch: this.network.fetch });
    this.engine = this.makeEngine();
  }

  makeEngine(): SyncEngine {
    return createSyncEngine({
      store: this.store,
      transport: this.transport,
      userId: this.account.id,
      session: () => this.session,
      onState: (s) => this.states.push(s),
      onDeviceRevoked: () => {
        this.revoked++;
      },
      // Retries run only when a test advances the timers: every sync in these tests is explicit.
      clock: {
        now: () => new Date(),
        setTimeout: this.timers.setTimeout,
        clearTimeout: this.timers.clearTimeout,
      },
      random: () => 0.5,
      locks: this.options.locks ?? null,
      ...(this.options.pullPageSize ? { pullPageSize: this.options.pullPageSize } : {}),
    });
  }

  /** The tab is closed (or reloaded): the engine object is gone; the store stays. */
  async restart(): Promise<void> {
    await this.engine.stop();
    this.engine = this.makeEngine();
    this.restarts++;
    await this.engine.start();
  }

  /** One sync; if the network "reloaded the page" during it, the engine is made again. */
  async sync(): Promise<SyncRunResult> {
    const result = await this.engine.syncNow('manual');
    if (this.network.reloaded) {
      this.network.reloaded = false;
      await this.restart();
    }
    return result;
  }

  /** Signs in again on the same registration (after the session expired). */
  async signInAgain(): Promise<void> {
    const s = await signIn(this.app, {
      email: this.account.email,
      password: this.account.password,
      deviceId: this.session.deviceId,
    });
    if (s.deviceId !== this.session.deviceId) throw new Error('the registration was not kept');
    this.session = { token: s.token, deviceId: s.deviceId };
  }

  async records(): Promise<RecordView[]> {
    const types = ['observation', 'review-comment'] as const;
    const lists = await Promise.all(
      types.map((t) => listRecords(this.store.db, this.store.cipher, t, { includeDeleted: true })),
    );
    return lists.flat().sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async close(): Promise<void> {
    await this.engine.stop();
    await this.store.close();
  }
}

export async function signInDevice(
  app: FastifyInstance,
  account: Account,
  name: string,
  options: { locks?: LockManagerLike | null; pullPageSize?: number } = {},
): Promise<TestDevice> {
  const s = await signIn(app, {
    email: account.email,
    password: account.password,
    deviceName: name,
  });
  const store = await openTestStore();
  const device = new TestDevice(
    app,
    name,
    account,
    store,
    { token: s.token, deviceId: s.deviceId },
    options,
  );
  await device.engine.start();
  return device;
}

/**
 * What the server holds for this user, read the way a brand-new tablet would: a fresh sign-in
 * and every pull page from the start.
 */
export async function freshPull(
  app: FastifyInstance,
  account: Account,
): Promise<Map<string, SyncRecord>> {
  const s = await signIn(app, {
    email: account.email,
    password: account.password,
    deviceName: 'Fresh reader',
  });
  const transport = createHttpTransport({ baseUrl: 'http://app.test', fetch: injectFetch(app) });
  const records = new Map<string, SyncRecord>();
  let cursor: string | null = null;
  for (let page = 0; page < 10_000; page++) {
    const res = await transport.pull({ deviceId: s.deviceId, cursor }, { token: s.token });
    if (!res.ok) throw new Error(`fresh pull failed: ${JSON.stringify(res.failure)}`);
    for (const r of res.value.records) records.set(r.id, r);
    for (const id of res.value.evict) records.delete(id);
    cursor = res.value.cursor;
    if (!res.value.hasMore) return records;
  }
  throw new Error('fresh pull did not end');
}

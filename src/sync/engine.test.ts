// The engine's decisions, against the real store (fake-indexeddb) and a small scripted server.
// Against the real server, with faults, see tests/server/client-engine*.test.ts.
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { PullResponse } from '../../schemas/sync/pull';
import type { MutationResult, PushRequest, PushResponse } from '../../schemas/sync/push';
import { SCOPE, freshStore, newId, serverRecord } from '../../tests/helpers/db-fixtures';
import type { TestStore } from '../../tests/helpers/db-fixtures';
import { createManualClock } from '../../tests/helpers/manual-clock';
import type { ManualClock } from '../../tests/helpers/manual-clock';
import { createSimpleLocks } from '../../tests/helpers/simple-locks';
import {
  getRecord,
  listRejections,
  pendingMutations,
  readSyncState,
  saveFields,
  unsentSummary,
} from '../db';
import { createSyncEngine } from './engine';
import type { AuthSession, SyncEngineOptions, SyncEngineState } from './engine';
import type { SyncTransport, TransportFailure, TransportResult, Unversioned } from './transport';

const DEVICE = 'device-0001-aaaa';
const SERVER_TIME = '2026-05-01T09:00:00.000Z';

type Route = 'push' | 'pull';

/** Applies every push in order like the real server (repeats answered, gaps refused). */
function scriptedServer() {
  const server = {
    last: 0,
    pushes: [] as Unversioned<PushRequest>[],
    pulls: [] as { cursor: string | null; pending?: number }[],
    tokens: [] as string[],
    /** Failures to answer with, in order, before behaving normally. */
    failures: [] as { route: Route; failure: TransportFailure }[],
    rejectIds: new Set<number>(),
    /** Pages to serve before the usual empty one. */
    pages: [] as Partial<PullResponse>[],
    inFlight: 0,
    maxInFlight: 0,
    /** Called while a push is on the wire, to make edits "at the same time". */
    duringPush: null as null | (() => Promise<void>),
  };
  const scripted = (route: Route): TransportFailure | undefined => {
    const i = server.failures.findIndex((f) => f.route === route);
    if (i < 0) return undefined;
    return server.failures.splice(i, 1)[0]!.failure;
  };
  const transport: SyncTransport = {
    async push(request, auth): Promise<TransportResult<PushResponse>> {
      server.inFlight++;
      server.maxInFlight = Math.max(server.maxInFlight, server.inFlight);
      try {
        server.tokens.push(auth.token);
        const hook = server.duringPush;
        server.duringPush = null;
        await hook?.();
        await new Promise((r) => setTimeout(r, 1));
        const failure = scripted('push');
        if (failure) return { ok: false, failure };
        server.pushes.push(request);
        const first = request.mutations[0]!.id;
        if (first > server.last + 1) {
          return { ok: false, failure: { kind: 'gap', expected: server.last + 1 } };
        }
        const results: MutationResult[] = request.mutations.map((m) =>
          server.rejectIds.has(m.id)
            ? { id: m.id, status: 'rejected', code: 'FORBIDDEN_FIELD', message: 'Not yours.' }
            : { id: m.id, status: 'applied' },
        );
        server.last = Math.max(server.last, request.mutations.at(-1)!.id);
        return {
          ok: true,
          status: 200,
          value: { results, lastMutationId: server.last, serverTime: SERVER_TIME },
        };
      } finally {
        server.inFlight--;
      }
    },
    async pull(request, auth): Promise<TransportResult<PullResponse>> {
      server.tokens.push(auth.token);
      server.pulls.push(
        request.pending === undefined
          ? { cursor: request.cursor }
          : { cursor: request.cursor, pending: request.pending },
      );
      await new Promise((r) => setTimeout(r, 1));
      const failure = scripted('pull');
      if (failure) return { ok: false, failure };
      const page = server.pages.shift() ?? {};
      return {
        ok: true,
        status: 200,
        value: {
          records: [],
          evict: [],
          cursor: `cursor-${server.pulls.length}`,
          hasMore: false,
          lastMutationId: server.last,
          reset: false,
          serverTime: SERVER_TIME,
          ...page,
        },
      };
    },
    async raiseConcern() {
      throw new Error('not used here');
    },
  };
  return { server, transport };
}

type Setup = {
  store: TestStore;
  clock: ManualClock;
  server: ReturnType<typeof scriptedServer>['server'];
  transport: SyncTransport;
  states: SyncEngineState[];
  session: { current: AuthSession | null };
  engine: ReturnType<typeof createSyncEngine>;
  revoked: ReturnType<typeof vi.fn>;
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setUp(overrides: Partial<SyncEngineOptions> = {}): Promise<Setup> {
  const store = await freshStore();
  const clock = createManualClock();
  const { server, transport } = scriptedServer();
  const states: SyncEngineState[] = [];
  const session = { current: { token: 'token-1', deviceId: DEVICE } as AuthSession | null };
  const revoked = vi.fn();
  const engine = createSyncEngine({
    store,
    transport,
    userId: 'user-0001',
    session: () => session.current,
    onState: (s) => states.push(s),
    onDeviceRevoked: revoked,
    clock,
    random: () => 0.5,
    locks: null,
    ...overrides,
  });
  await engine.start();
  cleanups.push(async () => {
    await engine.stop();
    await store.close();
  });
  return { store, clock, server, transport, states, session, engine, revoked };
}

async function edit(store: TestStore, text = 'calm', recordId = newId()) {
  return saveFields(store.db, store.cipher, {
    recordId,
    type: 'observation',
    scopeId: SCOPE,
    changes: {
      kind: 'frontline-practice',
      templateId: 'frontline-practice',
      templateVersion: 1,
      'summary.strengths': text,
    },
  });
}

const unsent = async (s: Setup) => (await unsentSummary(s.store.db)).count;
const outboxSize = async (s: Setup) =>
  (await pendingMutations(s.store.db, s.store.cipher, 10_000)).length;

describe('the sync engine', () => {
  test('sends the outbox in pushes of at most 100, then pulls, which empties the outbox', async () => {
    const s = await setUp();
    for (let i = 0; i < 250; i++) await edit(s.store, `text ${i}`);
    const result = await s.engine.syncNow('manual');
    expect(result).toMatchObject({ outcome: 'synced', pushed: 250, pulledPages: 1 });
    expect(s.server.pushes.map((p) => p.mutations.length)).toEqual([100, 100, 50]);
    expect(s.server.pushes.map((p) => p.mutations[0]!.id)).toEqual([1, 101, 201]);
    expect(s.server.pushes[0]!.pending).toBe(250);
    expect(await unsent(s)).toBe(0);
    const state = await readSyncState(s.store.db);
    // recordPushResults after each push, then the pull's acknowledgement removed them.
    expect(state).toMatchObject({ pushedMutationId: 250, lastMutationId: 250, deviceId: DEVICE });
    expect(s.engine.getState()).toMatchObject({ phase: 'idle', failure: null, attempt: 0 });
    expect(s.engine.getState().lastSentAt).toBe(s.clock.now().toISOString());
  });

  test('tells the server what it holds unsent: each push with itself counted, the pull with what is left', async () => {
    const s = await setUp();
    for (let i = 0; i < 102; i++) await edit(s.store, `text ${i}`);
    s.server.pages.push({ hasMore: true });
    await s.engine.syncNow('manual');
    // The server keeps each push's count less its mutations (2, then 2 less 2: none).
    expect(s.server.pushes.map((p) => [p.pending, p.mutations.length])).toEqual([
      [102, 100],
      [2, 2],
    ]);
    // Everything was sent: the pull says so (on its first page; the next pages need not).
    expect(s.server.pulls).toEqual([{ cursor: null, pending: 0 }, { cursor: 'cursor-1' }]);
    // A later sync with nothing to send still reports, so the server's figure follows the tablet.
    await s.engine.syncNow('manual');
    expect(s.server.pushes).toHaveLength(2);
    expect(s.server.pulls.at(-1)).toEqual({ cursor: 'cursor-2', pending: 0 });
  }, 30_000);

  test('splits pushes by size: no push body over 512 KB', async () => {
    const s = await setUp();
    // 10,000 three-byte characters per edit: about 30 KB each, so 100 would be 3 MB.
    for (let i = 0; i < 40; i++) await edit(s.store, '€'.repeat(9_990) + String(i).padStart(10));
    await s.engine.syncNow('manual');
    expect(s.server.pushes.length).toBeGreaterThan(2);
    expect(s.server.pushes.flatMap((p) => p.mutations.map((m) => m.id))).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    for (const p of s.server.pushes) {
      const body = JSON.stringify({ protocolVersion: 1, schemaVersion: 1, ...p });
      expect(new TextEncoder().encode(body).length).toBeLessThanOrEqual(512 * 1024);
    }
  });

  test('no signal: keeps everything, retries with backoff, and resets the count on success', async () => {
    const s = await setUp();
    await edit(s.store);
    s.server.failures.push(
      { route: 'push', failure: { kind: 'offline' } },
      { route: 'push', failure: { kind: 'offline' } },
    );
    expect(await s.engine.syncNow('manual')).toMatchObject({
      outcome: 'failed',
      failure: 'offline',
    });
    expect(s.engine.getState()).toMatchObject({ phase: 'waiting', failure: 'offline', attempt: 1 });
    // Full jitter with random() = 0.5: half of the one-second ceiling.
    expect(s.clock.pending()).toEqual([500]);
    await s.clock.advance(500);
    await vi.waitFor(() => expect(s.engine.getState().attempt).toBe(2));
    expect(s.clock.pending()).toEqual([1_000]);
    await s.clock.advance(1_000);
    await vi.waitFor(() => expect(s.engine.getState().phase).toBe('idle'));
    expect(s.engine.getState()).toMatchObject({ attempt: 0, failure: null, nextRetryAt: null });
    expect(await unsent(s)).toBe(0);
    expect(s.clock.pending()).toEqual([]);
  });

  test('the signal coming back starts the backoff afresh, however many offline attempts failed', async () => {
    const s = await setUp();
    await edit(s.store);
    // Ten saves with no signal, each an attempt that fails offline.
    for (let i = 0; i < 10; i++) {
      s.server.failures.push({ route: 'push', failure: { kind: 'offline' } });
      await s.engine.syncNow('edit');
    }
    expect(s.engine.getState()).toMatchObject({ failure: 'offline', attempt: 10 });
    // Back online, the server fails once (it is restarting): the next wait is the first step's.
    s.server.failures.push({ route: 'push', failure: { kind: 'server-unavailable' } });
    await s.engine.syncNow('online');
    expect(s.engine.getState()).toMatchObject({ failure: 'server-unavailable', attempt: 1 });
    expect(s.clock.pending()).toEqual([500]);
    await s.clock.advance(500);
    await vi.waitFor(() => expect(s.engine.getState().phase).toBe('idle'));
    expect(await unsent(s)).toBe(0);
  });

  test('a server asking to wait (Retry-After) is waited for', async () => {
    const s = await setUp();
    await edit(s.store);
    s.server.failures.push({
      route: 'push',
      failure: { kind: 'server-unavailable', retryAfterMs: 120_000 },
    });
    await s.engine.syncNow('manual');
    expect(s.engine.getState()).toMatchObject({ phase: 'waiting', failure: 'server-unavailable' });
    expect(s.clock.pending()).toEqual([120_000]);
  });

  test('a session that expired offline: the outbox is kept, sign-in is asked for, then all is sent', async () => {
    const s = await setUp();
    await edit(s.store, 'one');
    await edit(s.store, 'two');
    s.server.failures.push({ route: 'push', failure: { kind: 'session-expired' } });
    await s.engine.syncNow('online');
    expect(s.engine.getState()).toMatchObject({
      phase: 'needs-sign-in',
      failure: 'session-expired',
    });
    expect(s.clock.pending()).toEqual([]);
    expect(await unsent(s)).toBe(2);
    // With the same refused token, triggers do not hammer the server.
    const before = s.server.tokens.length;
    for (const reason of ['periodic', 'visible', 'edit', 'manual'] as const) {
      expect((await s.engine.syncNow(reason)).outcome).toBe('skipped');
    }
    expect(s.server.tokens.length).toBe(before);
    // Signed in again: everything goes.
    s.session.current = { token: 'token-2', deviceId: DEVICE };
    expect(await s.engine.syncNow('sign-in')).toMatchObject({ outcome: 'synced', pushed: 2 });
    expect(await unsent(s)).toBe(0);
    expect(s.engine.getState().phase).toBe('idle');
  });

  test('nobody signed in: asks for sign-in without calling the server', async () => {
    const s = await setUp();
    s.session.current = null;
    await edit(s.store);
    expect(await s.engine.syncNow('start')).toMatchObject({ failure: 'signed-out' });
    expect(s.engine.getState().phase).toBe('needs-sign-in');
    expect(s.server.tokens).toEqual([]);
  });

  test('a revoked device hands over to the app to erase it, and stops', async () => {
    const s = await setUp();
    await edit(s.store);
    s.server.failures.push({ route: 'push', failure: { kind: 'device-revoked' } });
    await s.engine.syncNow('manual');
    await vi.waitFor(() => expect(s.revoked).toHaveBeenCalledTimes(1));
    expect(s.engine.getState().phase).toBe('device-removed');
    expect((await s.engine.syncNow('manual')).outcome).toBe('stopped');
    expect(s.clock.pending()).toEqual([]);
  });

  test('an app too old for the server waits for the update and keeps everything', async () => {
    const s = await setUp();
    await edit(s.store);
    s.server.failures.push({ route: 'push', failure: { kind: 'too-old' } });
    await s.engine.syncNow('manual');
    expect(s.engine.getState()).toMatchObject({ phase: 'needs-update', failure: 'too-old' });
    expect((await s.engine.syncNow('manual')).outcome).toBe('skipped');
    expect(await unsent(s)).toBe(1);
    expect(s.clock.pending()).toEqual([]);
  });

  test('a refused request is not retried blindly, but others’ changes still arrive', async () => {
    const s = await setUp();
    await edit(s.store);
    s.server.failures.push({
      route: 'push',
      failure: { kind: 'rejected-request', status: 400, code: 'VALIDATION_FAILED', message: 'x' },
    });
    const incoming = serverRecord({ id: newId(), fields: { 'summary.strengths': 'theirs' } });
    s.server.pages.push({ records: [incoming] });
    await s.engine.syncNow('manual');
    expect(s.engine.getState()).toMatchObject({ phase: 'problem', failure: 'rejected-request' });
    expect(await getRecord(s.store.db, s.store.cipher, incoming.id)).toBeDefined();
    expect(s.clock.pending()).toEqual([]);
    for (const reason of ['periodic', 'online', 'visible', 'retry'] as const) {
      expect((await s.engine.syncNow(reason)).outcome).toBe('skipped');
    }
    // A new edit, or the person, tries again.
    expect(await s.engine.syncNow('edit')).toMatchObject({ outcome: 'synced', pushed: 1 });
  });

  test('a change the server refuses for good is kept against its record and not sent again', async () => {
    const s = await setUp();
    const saved = await edit(s.store, 'mine');
    await edit(s.store, 'other');
    s.server.rejectIds.add(saved.mutationId);
    await s.engine.syncNow('manual');
    const rejected = await listRejections(s.store.db, s.store.cipher, saved.record.id);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ code: 'FORBIDDEN_FIELD', recordId: saved.record.id });
    expect(await outboxSize(s)).toBe(0);
    const pushes = s.server.pushes.length;
    await s.engine.syncNow('manual');
    expect(s.server.pushes.length).toBe(pushes);
  });

  test('a gap (the server restored from a backup): what is unsent goes again from the number it expects, and the pull starts over', async () => {
    const s = await setUp();
    await edit(s.store);
    await edit(s.store);
    await s.engine.syncNow('manual');
    await edit(s.store);
    // The server lost what it had from this device (restored from a backup).
    s.server.last = 0;
    const pushes = s.server.pushes.length;
    await s.engine.syncNow('manual');
    expect(s.server.pushes.slice(pushes).map((p) => p.mutations.map((m) => m.id))).toEqual([
      [3],
      [1],
    ]);
    expect(s.server.pulls.at(-1)?.cursor).toBeNull();
    expect(s.engine.getState()).toMatchObject({ phase: 'idle', failure: null });
    expect(await unsent(s)).toBe(0);
  });

  test('a gap that persists after numbering again stops sending and says so, once a sync', async () => {
    const s = await setUp();
    await edit(s.store);
    await s.engine.syncNow('manual');
    await edit(s.store);
    s.server.last = 0;
    s.server.failures.push({ route: 'push', failure: { kind: 'gap', expected: 1 } });
    s.server.failures.push({ route: 'push', failure: { kind: 'gap', expected: 1 } });
    const pulls = s.server.pulls.length;
    await s.engine.syncNow('manual');
    expect(s.server.pulls.length).toBe(pulls + 1);
    expect(s.engine.getState()).toMatchObject({ phase: 'problem', failure: 'gap' });
    expect(await unsent(s)).toBe(1);
    expect(s.clock.pending()).toEqual([]);
  });

  test('a reset from the server keeps pending edits and pulls again from the start', async () => {
    const s = await setUp();
    const mine = await edit(s.store, 'unsent words');
    const theirs = serverRecord({ id: newId(), fields: { 'summary.strengths': 'theirs' } });
    s.server.failures.push({ route: 'push', failure: { kind: 'offline' } });
    await s.engine.syncNow('manual');
    s.server.pages.push(
      { records: [], reset: true, hasMore: true, cursor: 'start' },
      { records: [theirs], hasMore: false },
    );
    s.server.failures.push({
      route: 'push',
      failure: { kind: 'rejected-request', status: 400, code: 'X', message: 'x' },
    });
    await s.engine.syncNow('manual');
    expect(s.server.pulls.slice(-2).map((p) => p.cursor)).toEqual([null, null]);
    expect((await getRecord(s.store.db, s.store.cipher, mine.record.id))?.fields).toMatchObject({
      'summary.strengths': 'unsent words',
    });
    expect(await getRecord(s.store.db, s.store.cipher, theirs.id)).toBeDefined();
    expect(await unsent(s)).toBe(1);
  });

  test('a server that keeps saying "start again" is not followed for ever', async () => {
    const s = await setUp();
    for (let i = 0; i < 5; i++) {
      s.server.pages.push({ records: [], reset: true, hasMore: true, cursor: 'start' });
    }
    expect(await s.engine.syncNow('manual')).toMatchObject({
      outcome: 'failed',
      failure: 'server-unavailable',
      pulledPages: 3,
    });
    expect(s.engine.getState().phase).toBe('waiting');
    expect(s.clock.pending()).toHaveLength(1);
  });

  test('edits made while a push is on the wire go in the same sync', async () => {
    const s = await setUp();
    await edit(s.store, 'first');
    s.server.duringPush = async () => {
      await edit(s.store, 'second');
    };
    const result = await s.engine.syncNow('manual');
    expect(result).toMatchObject({ outcome: 'synced', pushed: 2 });
    expect(await unsent(s)).toBe(0);
  });

  test('one sync at a time in a tab: a second call joins the running one, which goes again', async () => {
    const s = await setUp();
    await edit(s.store);
    const a = s.engine.syncNow('edit');
    await edit(s.store);
    const b = s.engine.syncNow('edit');
    expect(b).toBe(a);
    await a;
    expect(s.server.maxInFlight).toBe(1);
    expect(s.server.pushes.flatMap((p) => p.mutations.map((m) => m.id))).toEqual([1, 2]);
  });

  test('two tabs on one store: one leads, the other follows, and no change is sent twice', async () => {
    const locks = createSimpleLocks();
    const s = await setUp({ locks });
    const other = createSyncEngine({
      store: s.store,
      transport: s.transport,
      userId: 'user-0001',
      session: () => s.session.current,
      clock: s.clock,
      random: () => 0.5,
      locks,
    });
    await other.start();
    cleanups.push(() => other.stop());
    for (let i = 0; i < 120; i++) await edit(s.store, `t${i}`);
    const [a, b] = await Promise.all([s.engine.syncNow('edit'), other.syncNow('edit')]);
    expect([a.outcome, b.outcome].sort()).toEqual(['following', 'synced']);
    const follower = a.outcome === 'following' ? s.engine : other;
    expect(follower.getState().following).toBe(true);
    // The follower looks again shortly, finds nothing left to send, and takes the news.
    await edit(s.store, 'late');
    await s.clock.advance(10_000);
    await vi.waitFor(() => expect(follower.getState().phase).toBe('idle'));
    const ids = s.server.pushes.flatMap((p) => p.mutations.map((m) => m.id));
    expect(ids).toEqual(Array.from({ length: 121 }, (_, i) => i + 1));
    expect(locks.refused).toBeGreaterThan(0);
  });

  test('stop cancels retries and leaves no timer behind', async () => {
    const s = await setUp();
    await edit(s.store);
    s.server.failures.push({ route: 'push', failure: { kind: 'offline' } });
    await s.engine.syncNow('manual');
    expect(s.clock.pending().length).toBe(1);
    await s.engine.stop();
    expect(s.clock.pending()).toEqual([]);
    expect(s.engine.getState().phase).toBe('stopped');
    expect((await s.engine.syncNow('manual')).outcome).toBe('stopped');
  });

  test('a sign-in under a new registration renumbers unsent edits before sending them', async () => {
    const s = await setUp();
    await edit(s.store);
    await s.engine.syncNow('manual');
    await edit(s.store, 'after');
    s.session.current = { token: 'token-9', deviceId: 'device-0002-bbbb' };
    s.server.last = 0;
    await s.engine.syncNow('sign-in');
    const last = s.server.pushes.at(-1)!;
    expect(last.deviceId).toBe('device-0002-bbbb');
    expect(last.mutations.map((m) => m.id)).toEqual([1]);
    expect(await unsent(s)).toBe(0);
  });
});

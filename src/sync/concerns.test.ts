import { describe, expect, test, vi } from 'vitest';
import type { ConcernView } from '../../schemas/sync/concerns';
import { createManualClock } from '../../tests/helpers/manual-clock';
import { createConcernSender } from './concerns';
import type { ConcernToSend, UnsentConcern } from './concerns';
import { CONCERN_TIMEOUT_MS, createHttpTransport } from './transport';
import type { FetchLike, SyncTransport, TransportFailure, TransportResult } from './transport';

const concern = (id: string): ConcernToSend => ({
  scopeId: 'scope-0001-aaaa',
  concern: {
    id,
    caseId: 'AB-1234',
    what: 'Bruising seen on the younger child during the visit.',
    raisedAt: '2026-05-01T09:00:00.000Z',
    whoWasTold: [],
  },
});

const EMAILED = {
  email: { state: 'queued', sentAt: null },
  webhook: null,
  inApp: true,
} as const;

function server(answers: (TransportFailure | 'ok')[]) {
  const sent: string[] = [];
  const transport: SyncTransport = {
    // A push that never answers: a concern must not wait for it.
    push: () => new Promise(() => undefined),
    pull: () => new Promise(() => undefined),
    async raiseConcern(request): Promise<TransportResult<ConcernView>> {
      sent.push(request.concern.id);
      const answer = answers.shift() ?? 'ok';
      if (answer !== 'ok') return { ok: false, failure: answer };
      return {
        ok: true,
        status: 201,
        value: {
          concern: {
            ...request.concern,
            raisedBy: 'user-0001-aaaa',
            receivedAt: '2026-05-01T09:00:02.000Z',
          },
          scopeId: request.scopeId,
          created: true,
          directorNotice: EMAILED,
        },
      };
    },
  };
  return { sent, transport };
}

describe('sending safety concerns', () => {
  test('sent at once on its own route, even while the outbox is stuck', async () => {
    const { sent, transport } = server(['ok']);
    const pushing = transport.push(
      { deviceId: 'd', sentAt: '2026-05-01T09:00:00.000Z', mutations: [] },
      { token: 't' },
    );
    void pushing;
    const sender = createConcernSender({
      transport,
      session: () => ({ token: 't', deviceId: 'device-0001-aaaa' }),
      clock: createManualClock(),
    });
    expect(await sender.sendConcern(concern('concern-0001'))).toMatchObject({
      status: 'sent',
      receivedAt: '2026-05-01T09:00:02.000Z',
      view: { created: true, directorNotice: EMAILED },
    });
    expect(sent).toEqual(['concern-0001']);
    expect(sender.unsent()).toEqual([]);
  });

  test('no signal: the person is told to phone now, and it is sent as soon as it can be', async () => {
    const clock = createManualClock();
    const { sent, transport } = server([{ kind: 'offline' }, { kind: 'offline' }, 'ok']);
    const changes: (readonly UnsentConcern[])[] = [];
    const onSent = vi.fn();
    const sender = createConcernSender({
      transport,
      session: () => ({ token: 't', deviceId: 'device-0001-aaaa' }),
      clock,
      random: () => 0.5,
      onChange: (u) => changes.push(u),
      onSent,
    });
    expect(await sender.sendConcern(concern('concern-0002'))).toEqual({
      status: 'not-sent-phone-now',
      reason: 'no-signal',
    });
    expect(sender.unsent()).toMatchObject([{ reason: 'no-signal', attempts: 1 }]);
    expect(clock.pending()).toEqual([500]);
    await clock.advance(500);
    await vi.waitFor(() => expect(sent.length).toBe(2));
    expect(clock.pending()).toEqual([1_000]);
    await clock.advance(1_000);
    await vi.waitFor(() => expect(sender.unsent()).toEqual([]));
    expect(onSent).toHaveBeenCalledWith('concern-0002', expect.objectContaining({ created: true }));
    expect(changes.at(-1)).toEqual([]);
    expect(clock.pending()).toEqual([]);
  });

  test('coming back online sends every waiting concern at once', async () => {
    const clock = createManualClock();
    const { sent, transport } = server([{ kind: 'offline' }, { kind: 'offline' }]);
    const sender = createConcernSender({
      transport,
      session: () => ({ token: 't', deviceId: 'device-0001-aaaa' }),
      clock,
    });
    await sender.sendConcern(concern('concern-0003'));
    await sender.sendConcern(concern('concern-0004'));
    await sender.retryNow();
    expect(sent).toEqual(['concern-0003', 'concern-0004', 'concern-0003', 'concern-0004']);
    expect(sender.unsent()).toEqual([]);
    expect(clock.pending()).toEqual([]);
  });

  // An explorer saw about 20 s between the signal returning and "sent": the try made at once on
  // `online` failed (the connection was not through yet), and the next waited out the back-off
  // built up while there was no signal.
  test('the signal back after a long time without: tried at once, then within a second, not minutes', async () => {
    const clock = createManualClock();
    const offline = Array.from({ length: 9 }, (): TransportFailure => ({ kind: 'offline' }));
    const { sent, transport } = server(offline);
    const sender = createConcernSender({
      transport,
      session: () => ({ token: 't', deviceId: 'device-0001-aaaa' }),
      clock,
      random: () => 0.5,
    });
    await sender.sendConcern(concern('concern-0010'));
    // No signal: each failure doubles the wait (half of 1, 2, 4, 8, 16, 32 and 64 s).
    for (const wait of [500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000]) {
      expect(clock.pending()).toEqual([wait]);
      await clock.advance(wait);
      await vi.waitFor(() => expect(clock.pending().length).toBe(1));
    }
    expect(sent).toHaveLength(8);
    // The signal returns; the try made at once fails as the connection is not through yet.
    sent.length = 0;
    await sender.signalBack();
    expect(sent).toEqual(['concern-0010']);
    expect(clock.pending()).toEqual([500]);
    await clock.advance(500);
    await vi.waitFor(() => expect(sender.unsent()).toEqual([]));
    expect(sent).toEqual(['concern-0010', 'concern-0010']);
    expect(clock.pending()).toEqual([]);
  });

  test('a request that hangs is abandoned within seconds, the person told to phone, and sent again at once', async () => {
    const clock = createManualClock();
    const bodies: string[] = [];
    // The first request is taken and never answered (a stalled connection); the next is answered.
    const fetch: FetchLike = (_url, init) => {
      bodies.push(init.body as string);
      if (bodies.length === 1)
        return new Promise((_resolve, reject) =>
          init.signal?.addEventListener('abort', () =>
            reject(new DOMException('aborted', 'AbortError')),
          ),
        );
      const request = JSON.parse(init.body as string) as { scopeId: string; concern: object };
      const view = {
        concern: {
          ...request.concern,
          raisedBy: 'user-0001-aaaa',
          receivedAt: '2026-05-01T09:00:02.000Z',
        },
        scopeId: request.scopeId,
        created: true,
        directorNotice: EMAILED,
      };
      return Promise.resolve(new Response(JSON.stringify(view), { status: 201 }));
    };
    // As the app makes it: the sync's own transport, with its default times.
    const sender = createConcernSender({
      transport: createHttpTransport({ fetch, clock }),
      session: () => ({ token: 't', deviceId: 'device-0001-aaaa' }),
      clock,
      random: () => 0.5,
    });
    let answer: unknown = null;
    const sending = sender.sendConcern(concern('concern-0011')).then((a) => (answer = a));
    await vi.waitFor(() => expect(bodies).toHaveLength(1));
    await clock.advance(CONCERN_TIMEOUT_MS);
    await vi.waitFor(() =>
      expect(answer).toEqual({ status: 'not-sent-phone-now', reason: 'server-unavailable' }),
    );
    await sending;
    expect(sender.unsent()).toMatchObject([{ reason: 'server-unavailable', attempts: 1 }]);
    expect(clock.pending()).toEqual([500]);
    await clock.advance(500);
    await vi.waitFor(() => expect(sender.unsent()).toEqual([]));
    // The same concern, by the same id, both times: the server keeps it once.
    expect(bodies.map((b) => (JSON.parse(b) as { concern: { id: string } }).concern.id)).toEqual([
      'concern-0011',
      'concern-0011',
    ]);
    expect(clock.pending()).toEqual([]);
  });

  test('signed out: kept, the person told to phone, and sent once signed in again', async () => {
    let session: { token: string; deviceId: string } | null = null;
    const { sent, transport } = server([{ kind: 'session-expired' }]);
    const sender = createConcernSender({
      transport,
      session: () => session,
      clock: createManualClock(),
    });
    expect(await sender.sendConcern(concern('concern-0005'))).toEqual({
      status: 'not-sent-phone-now',
      reason: 'needs-sign-in',
    });
    expect(sent).toEqual([]);
    session = { token: 'old', deviceId: 'device-0001-aaaa' };
    await sender.retryNow();
    expect(sender.unsent()).toMatchObject([{ reason: 'needs-sign-in' }]);
    session = { token: 'new', deviceId: 'device-0001-aaaa' };
    await sender.retryNow();
    expect(sender.unsent()).toEqual([]);
  });

  test('stop leaves no timer running', async () => {
    const clock = createManualClock();
    const { transport } = server([{ kind: 'server-unavailable' }]);
    const sender = createConcernSender({
      transport,
      session: () => ({ token: 't', deviceId: 'device-0001-aaaa' }),
      clock,
    });
    await sender.sendConcern(concern('concern-0006'));
    expect(clock.pending().length).toBe(1);
    sender.stop();
    expect(clock.pending()).toEqual([]);
  });

  test('a concern waiting for a signal survives the app being closed and is sent on the next start', async () => {
    const disk = new Map<string, ConcernToSend>();
    const persist = {
      load: async () => [...disk.values()],
      save: async (c: ConcernToSend) => void disk.set(c.concern.id, c),
      remove: async (id: string) => void disk.delete(id),
    };
    const offline = server([{ kind: 'offline' }, { kind: 'offline' }]);
    const first = createConcernSender({
      transport: offline.transport,
      session: () => ({ token: 't', deviceId: 'device-0001-aaaa' }),
      clock: createManualClock(),
      persist,
    });
    expect((await first.sendConcern(concern('concern-0009'))).status).toBe('not-sent-phone-now');
    first.stop();
    expect([...disk.keys()]).toEqual(['concern-0009']);

    const online = server(['ok']);
    const second = createConcernSender({
      transport: online.transport,
      session: () => ({ token: 't', deviceId: 'device-0001-aaaa' }),
      clock: createManualClock(),
      persist,
    });
    await second.resume();
    expect(online.sent).toEqual(['concern-0009']);
    expect(disk.size).toBe(0);
    expect(second.unsent()).toEqual([]);
  });
});

import { describe, expect, test } from 'vitest';
import { createManualClock } from '../../tests/helpers/manual-clock';
import type { SyncReason } from './engine';
import { BACKGROUND_SYNC_TAG, createSyncTriggers } from './triggers';

function setUp(options: { online?: boolean; backgroundSync?: boolean } = {}) {
  const clock = createManualClock();
  const window = new EventTarget();
  const document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  const navigator = { onLine: options.online ?? true };
  const reasons: SyncReason[] = [];
  const log: string[] = [];
  const registered: string[] = [];
  const triggers = createSyncTriggers({
    sync: (reason) => {
      reasons.push(reason);
      log.push(`sync:${reason}`);
    },
    retryConcerns: (reason) => log.push(reason === 'online' ? 'concerns:online' : 'concerns'),
    clock,
    environment: {
      window,
      document,
      navigator,
      backgroundSync: async () =>
        options.backgroundSync === false
          ? null
          : {
              register: async (tag: string) => {
                registered.push(tag);
              },
            },
    },
    editDelayMs: 2_000,
    editMaxWaitMs: 10_000,
    periodicMs: 60_000,
  });
  return { clock, window, document, navigator, reasons, log, registered, triggers };
}

describe('sync triggers', () => {
  test('start syncs once, and concerns go first', () => {
    const t = setUp();
    t.triggers.start();
    t.triggers.start();
    expect(t.log).toEqual(['concerns', 'sync:start']);
  });

  test('coming back online and the page becoming visible again each sync', () => {
    const t = setUp();
    t.triggers.start();
    t.window.dispatchEvent(new Event('online'));
    t.document.visibilityState = 'hidden';
    t.document.dispatchEvent(new Event('visibilitychange'));
    t.document.visibilityState = 'visible';
    t.document.dispatchEvent(new Event('visibilitychange'));
    expect(t.reasons).toEqual(['start', 'online', 'visible']);
  });

  test('coming back online, the concerns are told it is the signal back, ahead of the outbox', () => {
    const t = setUp();
    t.triggers.start();
    t.window.dispatchEvent(new Event('online'));
    expect(t.log).toEqual(['concerns', 'sync:start', 'concerns:online', 'sync:online']);
  });

  test('edits are sent after a two-second pause, a burst in one sync', async () => {
    const t = setUp();
    t.triggers.start();
    t.triggers.notifyLocalEdit();
    await t.clock.advance(1_500);
    t.triggers.notifyLocalEdit();
    await t.clock.advance(1_999);
    expect(t.reasons).toEqual(['start']);
    await t.clock.advance(1);
    expect(t.reasons).toEqual(['start', 'edit']);
  });

  test('steady typing is still sent within the longest wait', async () => {
    const t = setUp();
    t.triggers.start();
    for (let i = 0; i < 10; i++) {
      t.triggers.notifyLocalEdit();
      await t.clock.advance(1_500);
    }
    // 10 edits 1.5 s apart: a pure debounce would not have fired; the ten-second cap has.
    expect(t.reasons.filter((r) => r === 'edit')).toHaveLength(1);
  });

  test('a periodic pull every minute while online, none while offline', async () => {
    const t = setUp();
    t.triggers.start();
    await t.clock.advance(60_000);
    await t.clock.advance(60_000);
    t.navigator.onLine = false;
    await t.clock.advance(120_000);
    expect(t.reasons).toEqual(['start', 'periodic', 'periodic']);
    t.navigator.onLine = true;
    await t.clock.advance(60_000);
    expect(t.reasons).toEqual(['start', 'periodic', 'periodic', 'periodic']);
  });

  test('registers Background Sync where the browser has it, and carries on where not', async () => {
    const t = setUp();
    t.triggers.start();
    t.triggers.notifyLocalEdit();
    await t.clock.advance(0);
    expect(t.registered).toContain(BACKGROUND_SYNC_TAG);
    const without = setUp({ backgroundSync: false });
    without.triggers.start();
    without.triggers.notifyLocalEdit();
    await without.clock.advance(2_000);
    expect(without.reasons).toEqual(['start', 'edit']);
  });

  test('stop leaves no timer running and no listener attached', async () => {
    const t = setUp();
    t.triggers.start();
    t.triggers.notifyLocalEdit();
    expect(t.clock.pending().length).toBe(2);
    t.triggers.stop();
    expect(t.clock.pending()).toEqual([]);
    t.window.dispatchEvent(new Event('online'));
    t.document.dispatchEvent(new Event('visibilitychange'));
    t.triggers.notifyLocalEdit();
    await t.clock.advance(600_000);
    expect(t.reasons).toEqual(['start']);
    expect(t.clock.pending()).toEqual([]);
  });
});

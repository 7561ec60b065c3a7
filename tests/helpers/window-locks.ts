// A stand-in for the Web Locks API shared by several "windows" in one JavaScript realm, for tests
// of which windows are open (src/lib/window-life.ts): exclusive locks granted in the order asked
// for, and `gone(id)` letting go of a window's own lock as the browser does when its page closes
// or crashes. Real cross-tab locking is tested in Chromium (tests/browser/two-windows-same-note).
import type { WindowChannel, WindowLocks } from '../../src/lib/window-life';

export type TestWindowLocks = WindowLocks & {
  /** The window whose id this is has gone: its lock is let go and the next asker gets it. */
  gone(windowId: string): void;
};

export function createWindowLocks(): TestWindowLocks {
  const held = new Map<string, () => void>();
  const queue = new Map<string, (() => void)[]>();
  const grantNext = (name: string) => {
    held.delete(name);
    const next = queue.get(name)?.shift();
    next?.();
  };
  return {
    request(name, _options, callback) {
      return new Promise((resolve, reject) => {
        const run = () => {
          held.set(name, () => grantNext(name));
          void Promise.resolve()
            .then(callback)
            .then(resolve, reject)
            .finally(() => {
              if (held.has(name)) grantNext(name);
            });
        };
        if (!held.has(name)) return run();
        queue.set(name, [...(queue.get(name) ?? []), run]);
      });
    },
    async query() {
      return { held: [...held.keys()].map((name) => ({ name })) };
    },
    gone(windowId) {
      const name = `obs-window-${windowId}`;
      held.get(name)?.();
    },
  };
}

/** A BroadcastChannel stand-in: each end hears what the other ends post, never its own. */
export function createTestChannel() {
  const ends: { listeners: ((event: { data: unknown }) => void)[] }[] = [];
  return {
    end(): WindowChannel {
      const me = { listeners: [] as ((event: { data: unknown }) => void)[] };
      ends.push(me);
      return {
        postMessage(data) {
          for (const other of ends) {
            if (other !== me) for (const l of other.listeners) queueMicrotask(() => l({ data }));
          }
        },
        addEventListener(_type, listener) {
          me.listeners.push(listener);
        },
      };
    },
  };
}

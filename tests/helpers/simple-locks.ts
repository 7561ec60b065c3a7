// A stand-in for the Web Locks API within one JavaScript realm, for tests: `ifAvailable` requests
// get the lock only when nobody holds it. Real cross-tab locking is tested in Chromium.
import type { WindowLocks } from '../../src/app/session-broadcast';
import type { LockManagerLike } from '../../src/sync/engine';

export type SimpleLocks = LockManagerLike & {
  /** How many requests found the lock taken. */
  refused: number;
  granted: number;
};

export function createSimpleLocks(): SimpleLocks {
  const held = new Set<string>();
  const locks: SimpleLocks = {
    refused: 0,
    granted: 0,
    async request(name, _options, callback) {
      if (held.has(name)) {
        locks.refused++;
        return callback(null);
      }
      held.add(name);
      locks.granted++;
      try {
        return await callback({ name, mode: 'exclusive' });
      } finally {
        held.delete(name);
      }
    },
  };
  return locks;
}

/**
 * A stand-in for the Web Locks the app's windows hold while open (src/app/session-broadcast.ts):
 * share one between the session controllers of a test, as the windows of one browser share theirs.
 */
export function createWindowLocks(): WindowLocks & { held: Set<string> } {
  const held = new Set<string>();
  return {
    held,
    async request(name, callback) {
      held.add(name);
      try {
        await callback();
      } finally {
        held.delete(name);
      }
    },
    query: async () => ({ held: [...held].map((name) => ({ name })) }),
  };
}

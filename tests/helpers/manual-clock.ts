// A clock for tests whose timers run only when the test advances time, so retries, debounces and
// periodic pulls happen exactly when a test says and never after it ends.
import type { Clock, TimerHandle } from '../../src/sync/timing';

export type ManualClock = Clock & {
  /** Moves time forward, running every timer that falls due on the way, in order. */
  advance(ms: number): Promise<void>;
  /** Delays (from now) of the timers still waiting, soonest first. */
  pending(): number[];
};

export function createManualClock(start = Date.parse('2026-05-01T09:00:00.000Z')): ManualClock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; run: () => void }>();
  return {
    now: () => new Date(now),
    setTimeout(run, ms) {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, ms), run });
      return id;
    },
    clearTimeout(handle: TimerHandle) {
      timers.delete(handle as number);
    },
    async advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, t]) => t.at <= until)
          .sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].run();
        // Let the work the timer started settle before the next one.
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      now = until;
    },
    pending: () => [...timers.values()].map((t) => t.at - now).sort((a, b) => a - b),
  };
}

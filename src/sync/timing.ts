// Time, randomness and timers, injected so the engine, the concern queue and the triggers run the
// same in a test with a fake clock as on a tablet, and so nothing is left running after stop().

export type TimerHandle = unknown;

export type Clock = {
  now(): Date;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
};

export const systemClock: Clock = {
  now: () => new Date(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** A number in [0, 1), like Math.random. */
export type Random = () => number;

export type BackoffPolicy = { baseMs: number; capMs: number };

/** One second doubling up to five minutes: fast after a blip, gentle on a server that is down. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 5 * 60_000 };

/**
 * The wait before retry number `attempt` (1 for the first retry): "full jitter", a uniform pick
 * between zero and the exponential ceiling, so a team's tablets coming back into signal together
 * do not all call the server at the same moment.
 */
export function backoffDelay(
  attempt: number,
  random: Random,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  const r = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  return Math.floor(r * ceiling);
}

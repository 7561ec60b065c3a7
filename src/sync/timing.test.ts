import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DEFAULT_BACKOFF, backoffDelay } from './timing';

describe('retry backoff with full jitter', () => {
  test('every delay lies between zero and the exponential ceiling, capped at five minutes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempt, r) => {
          const ceiling = Math.min(
            DEFAULT_BACKOFF.capMs,
            DEFAULT_BACKOFF.baseMs * 2 ** (attempt - 1),
          );
          const delay = backoffDelay(attempt, () => r);
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThan(ceiling);
          expect(delay).toBeLessThan(5 * 60_000);
        },
      ),
      { seed: 4242, numRuns: 2000 },
    );
  });

  test('the ceiling doubles from one second and stops at the cap', () => {
    const top = () => 1 - Number.EPSILON;
    expect(backoffDelay(1, top)).toBe(999);
    expect(backoffDelay(2, top)).toBe(1999);
    expect(backoffDelay(4, top)).toBe(7999);
    expect(backoffDelay(9, top)).toBe(255_999);
    expect(backoffDelay(10, top)).toBe(299_999);
    expect(backoffDelay(1000, top)).toBe(299_999);
    expect(backoffDelay(5, () => 0)).toBe(0);
  });

  test('jitter spreads a team of tablets across the window rather than bunching them', () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const delays = Array.from({ length: 1000 }, () => backoffDelay(6, random));
    const ceiling = 32_000;
    const quarters = [0, 1, 2, 3].map(
      (q) => delays.filter((d) => d >= (q * ceiling) / 4 && d < ((q + 1) * ceiling) / 4).length,
    );
    for (const n of quarters) expect(n).toBeGreaterThan(200);
  });
});

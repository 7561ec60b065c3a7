import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MAX_REMINDER_ROUNDS, REMINDER_LOOKBACK_DAYS, reminderRoundDue } from './concern-reminders';
import type { ReminderState } from './concern-reminders';

const H = 3_600_000;
const RECEIVED = Date.parse('2026-05-05T13:05:00.000Z');
const at = (ms: number) => new Date(ms);
const iso = (ms: number) => new Date(ms).toISOString();
const state = (last: ReminderState['last'], settled = false): ReminderState => ({
  receivedAt: iso(RECEIVED),
  settled,
  last,
});

describe('which round of reminders is due', () => {
  test('round n is due at receivedAt + n × hours, not a moment before', () => {
    expect(reminderRoundDue(state(null), 4, at(RECEIVED + 4 * H - 1))).toBeNull();
    expect(reminderRoundDue(state(null), 4, at(RECEIVED + 4 * H))).toBe(1);
    const one = { round: 1, at: iso(RECEIVED + 4 * H) };
    expect(reminderRoundDue(state(one), 4, at(RECEIVED + 8 * H - 1))).toBeNull();
    expect(reminderRoundDue(state(one), 4, at(RECEIVED + 8 * H))).toBe(2);
  });

  test('only the round after the last one written: a round written is never due again', () => {
    const two = { round: 2, at: iso(RECEIVED + 8 * H) };
    expect(reminderRoundDue(state(two), 4, at(RECEIVED + 9 * H))).toBeNull();
    expect(reminderRoundDue(state(two), 4, at(RECEIVED + 12 * H))).toBe(3);
  });

  test('after a stopped server, the next round goes at once and the one after it hours later, none skipped', () => {
    // Nothing ran for 13 hours: rounds 1 to 3 were all due by the clock.
    expect(reminderRoundDue(state(null), 4, at(RECEIVED + 13 * H))).toBe(1);
    const late = { round: 1, at: iso(RECEIVED + 13 * H) };
    expect(reminderRoundDue(state(late), 4, at(RECEIVED + 13 * H + 60_000))).toBeNull();
    expect(reminderRoundDue(state(late), 4, at(RECEIVED + 17 * H - 1))).toBeNull();
    expect(reminderRoundDue(state(late), 4, at(RECEIVED + 17 * H))).toBe(2);
  });

  test(`at most ${MAX_REMINDER_ROUNDS} rounds`, () => {
    const last = { round: MAX_REMINDER_ROUNDS, at: iso(RECEIVED + 24 * H) };
    expect(reminderRoundDue(state(last), 4, at(RECEIVED + 100 * H))).toBeNull();
    const before = { round: MAX_REMINDER_ROUNDS - 1, at: iso(RECEIVED + 20 * H) };
    expect(reminderRoundDue(state(before), 4, at(RECEIVED + 24 * H))).toBe(MAX_REMINDER_ROUNDS);
  });

  test(`none for a concern received more than ${REMINDER_LOOKBACK_DAYS} days ago`, () => {
    const window = REMINDER_LOOKBACK_DAYS * 24 * H;
    expect(reminderRoundDue(state(null), 4, at(RECEIVED + window))).toBe(1);
    expect(reminderRoundDue(state(null), 4, at(RECEIVED + window + 1))).toBeNull();
    // A week's deadline: the second round falls on the last day of the window.
    const one = { round: 1, at: iso(RECEIVED + 168 * H) };
    expect(reminderRoundDue(state(one), 168, at(RECEIVED + window))).toBe(2);
  });

  test('none once the Director has acknowledged it', () => {
    expect(reminderRoundDue(state(null, true), 4, at(RECEIVED + 5 * H))).toBeNull();
    const one = { round: 1, at: iso(RECEIVED + 4 * H) };
    expect(reminderRoundDue(state(one, true), 4, at(RECEIVED + 9 * H))).toBeNull();
  });
});

// What the worker ticks do to the outbox, as a model: each tick reads the rounds written (a fresh
// read, or the read another worker made just before, as two processes looking at once do), asks
// the rule, and inserts the round it names unless that round is already there (the unique key).
type Tick = { t: number; stale: boolean };
type Written = Map<number, number>;

function lastOf(written: Written): ReminderState['last'] {
  if (written.size === 0) return null;
  const round = Math.max(...written.keys());
  return { round, at: iso(written.get(round)!) };
}

function run(ticks: Tick[], hours: number, settledAfter: number | null) {
  const written: Written = new Map();
  const proposals: Array<{ index: number; round: number; fresh: boolean; existed: boolean }> = [];
  let previousRead: ReminderState['last'] = null;
  ticks.forEach((tick, index) => {
    const fresh = lastOf(written);
    const read = tick.stale ? previousRead : fresh;
    previousRead = fresh;
    const settled = settledAfter !== null && index > settledAfter;
    const round = reminderRoundDue(
      { receivedAt: iso(RECEIVED), settled, last: read },
      hours,
      at(tick.t),
    );
    if (round === null) return;
    const existed = written.has(round);
    proposals.push({ index, round, fresh: !tick.stale, existed });
    if (!existed) written.set(round, tick.t);
  });
  return { written, proposals };
}

const hoursArb = fc.integer({ min: 1, max: 168 });
// Ticks anywhere in the first 16 days, in any order (processes' clocks and scheduling differ),
// repeated as often as fast-check likes.
const ticksArb = fc.array(
  fc.record({
    t: fc.integer({ min: RECEIVED - H, max: RECEIVED + 16 * 24 * H }),
    stale: fc.boolean(),
  }),
  { maxLength: 120 },
);
const RUNS = { seed: 20261206, numRuns: 400 } as const;

describe('whatever the order and repetition of worker ticks', () => {
  test('no round is written twice, and rounds never skip: they are 1, 2, ... k, with k at most the cap', () => {
    fc.assert(
      fc.property(ticksArb, hoursArb, (ticks, hours) => {
        const { written, proposals } = run(ticks, hours, null);
        const rounds = [...written.keys()].sort((a, b) => a - b);
        expect(rounds).toEqual(rounds.map((_, i) => i + 1));
        expect(rounds.length).toBeLessThanOrEqual(MAX_REMINDER_ROUNDS);
        // A worker that read the outbox as it stands never names a round already written: only
        // two looking at once do, and the unique key keeps it to one.
        for (const p of proposals) if (p.fresh) expect(p.existed).toBe(false);
      }),
      RUNS,
    );
  });

  test('each round is written no sooner than its time by the clock, nor than hours after the round before', () => {
    fc.assert(
      fc.property(ticksArb, hoursArb, (ticks, hours) => {
        const { written } = run(ticks, hours, null);
        for (const [round, t] of written) {
          expect(t).toBeGreaterThanOrEqual(RECEIVED + round * hours * H);
          expect(t - RECEIVED).toBeLessThanOrEqual(REMINDER_LOOKBACK_DAYS * 24 * H);
          // Measured from the round before as it was read, which may be an older write's time.
          if (round > 1) expect(written.has(round - 1)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  test('none after the concern is settled', () => {
    fc.assert(
      fc.property(ticksArb, hoursArb, fc.nat(), (ticks, hours, n) => {
        const settledAfter = ticks.length === 0 ? null : n % ticks.length;
        const { proposals } = run(ticks, hours, settledAfter);
        for (const p of proposals) expect(p.index).toBeLessThanOrEqual(settledAfter ?? Infinity);
      }),
      RUNS,
    );
  });

  test('a worker looking every minute sends every round, each within a minute or so of its time', () => {
    fc.assert(
      fc.property(
        hoursArb,
        fc.integer({ min: 0, max: 59_999 }),
        fc.integer({ min: 1, max: 15 * 24 }),
        (hours, offset, spanHours) => {
          const end = RECEIVED + spanHours * H;
          const ticks: Tick[] = [];
          for (let t = RECEIVED + offset; t <= end; t += 60_000) ticks.push({ t, stale: false });
          const { written } = run(ticks, hours, null);
          const byClock = Math.floor(
            (Math.min(end, RECEIVED + 14 * 24 * H) - RECEIVED) / (hours * H),
          );
          // The last tick may fall just short of a round's time: at most one fewer.
          const expected = Math.min(MAX_REMINDER_ROUNDS, byClock);
          expect(written.size).toBeGreaterThanOrEqual(Math.max(0, expected - 1));
          expect(written.size).toBeLessThanOrEqual(expected);
          for (const [round, t] of written) {
            const due = RECEIVED + round * hours * H;
            // Each round waits for the tick after its time, and for the round before: a minute each.
            expect(t - due).toBeLessThan(round * 60_000);
          }
        },
      ),
      { seed: 20261207, numRuns: 60 },
    );
  });
});

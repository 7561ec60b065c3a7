import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MAX_PUSH_BYTES } from '../../schemas/sync/push';
import type { Mutation } from '../../schemas/sync/push';
import { jsonBytes, takePushBatch } from './batch';
import { VERSIONS } from './transport';

const envelope = {
  ...VERSIONS,
  deviceId: 'device-0001-aaaa',
  sentAt: '2026-05-01T10:00:00.000Z',
  pending: 250,
};

function mutation(id: number, textLength: number): Mutation {
  return {
    id,
    recordId: `record-${String(id).padStart(8, '0')}`,
    type: 'observation',
    op: 'put',
    baseVersion: 3,
    // Multi-byte characters: the limit is on bytes, not characters.
    set: { 'summary.strengths': 'é'.repeat(textLength) },
    at: '2026-05-01T09:59:00.000Z',
  };
}

describe('splitting the outbox into pushes', () => {
  test('at most 100 mutations go in one push', () => {
    const pending = Array.from({ length: 250 }, (_, i) => mutation(i + 1, 10));
    const first = takePushBatch(pending, envelope);
    expect(first.mutations.map((m) => m.id)).toEqual(pending.slice(0, 100).map((m) => m.id));
    expect(first.oversized).toBe(false);
  });

  test('a push stops before 512 KB of JSON, measured on the body that is sent', () => {
    // 60 mutations of about 10 KB each (two bytes per "é"): over the limit by count of bytes.
    const pending = Array.from({ length: 60 }, (_, i) => mutation(i + 1, 5_000));
    const { mutations } = takePushBatch(pending, envelope);
    expect(mutations.length).toBeLessThan(60);
    expect(jsonBytes({ ...envelope, mutations })).toBeLessThanOrEqual(MAX_PUSH_BYTES);
    const oneMore = pending.slice(0, mutations.length + 1);
    expect(jsonBytes({ ...envelope, mutations: oneMore })).toBeGreaterThan(MAX_PUSH_BYTES);
  });

  test('a single mutation larger than the limit is flagged, never silently skipped', () => {
    const small = { maxCount: 100, maxBytes: 2_000 };
    const { mutations, oversized } = takePushBatch(
      [mutation(7, 2_000), mutation(8, 1)],
      envelope,
      small,
    );
    expect(oversized).toBe(true);
    expect(mutations.map((m) => m.id)).toEqual([7]);
  });

  test('property: every batch is the longest prefix within both limits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 600 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 600, max: 6_000 }),
        (sizes, maxCount, maxBytes) => {
          const pending = sizes.map((s, i) => mutation(i + 1, s));
          const limits = { maxCount, maxBytes };
          const { mutations, oversized } = takePushBatch(pending, envelope, limits);
          expect(mutations).toEqual(pending.slice(0, mutations.length));
          expect(mutations.length).toBeGreaterThan(0);
          const bytes = jsonBytes({ ...envelope, mutations });
          if (oversized) {
            expect(mutations).toHaveLength(1);
            expect(bytes).toBeGreaterThan(maxBytes);
            return;
          }
          expect(mutations.length).toBeLessThanOrEqual(maxCount);
          expect(bytes).toBeLessThanOrEqual(maxBytes);
          if (mutations.length < Math.min(maxCount, pending.length)) {
            const longer = pending.slice(0, mutations.length + 1);
            expect(jsonBytes({ ...envelope, mutations: longer })).toBeGreaterThan(maxBytes);
          }
        },
      ),
      { seed: 99, numRuns: 300 },
    );
  });
});

// Splitting the outbox into pushes the server accepts: at most MAX_MUTATIONS_PER_PUSH mutations
// and at most MAX_PUSH_BYTES of JSON per request, measured on the exact body that is sent.
import { MAX_MUTATIONS_PER_PUSH, MAX_PUSH_BYTES } from '../../schemas/sync/push';
import type { Mutation } from '../../schemas/sync/push';

export type BatchLimits = { maxCount: number; maxBytes: number };

export const PUSH_LIMITS: BatchLimits = {
  maxCount: MAX_MUTATIONS_PER_PUSH,
  maxBytes: MAX_PUSH_BYTES,
};

const encoder = new TextEncoder();
export const jsonBytes = (value: unknown): number => encoder.encode(JSON.stringify(value)).length;

export type PushBatch = {
  mutations: Mutation[];
  /** True when the first mutation alone is over the size limit: it can never be sent as it is. */
  oversized: boolean;
};

/**
 * The longest run of `pending` (oldest first) that fits one request with `envelope` (every other
 * field of the body). Ids must stay consecutive, so the batch is always a prefix.
 */
export function takePushBatch(
  pending: readonly Mutation[],
  envelope: Record<string, unknown>,
  limits: BatchLimits = PUSH_LIMITS,
): PushBatch {
  // `"mutations":[]` is in the envelope's size; each mutation adds its JSON and a comma after
  // the first.
  let size = jsonBytes({ ...envelope, mutations: [] });
  const mutations: Mutation[] = [];
  for (const m of pending) {
    if (mutations.length >= limits.maxCount) break;
    const added = jsonBytes(m) + (mutations.length > 0 ? 1 : 0);
    if (size + added > limits.maxBytes) {
      if (mutations.length === 0) return { mutations: [m], oversized: true };
      break;
    }
    size += added;
    mutations.push(m);
  }
  return { mutations, oversized: false };
}

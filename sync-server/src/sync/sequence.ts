// The global change sequence. Every writer of records takes the next number here, first thing in
// its transaction: the counter's row lock serializes writers, so sequence order is commit order
// and a pull can never skip a row that commits late (see migration 0003).
import type { Kysely } from 'kysely';
import type { Database } from '../storage/database';

export async function nextSequence(tx: Kysely<Database>): Promise<number> {
  const { seq } = await tx
    .updateTable('sync_counter')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('id', '=', 1)
    .returning('seq')
    .executeTakeFirstOrThrow();
  return Number(seq);
}

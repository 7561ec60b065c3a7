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

/**
 * Takes the counter's row lock without taking a number, for a writer that changes no records but
 * writes rows a push also writes and then appends to the audit trail (accounts/audited.ts). A
 * push holds this lock, then `audit_head`, then its device's row: a writer that took a device's
 * row and then `audit_head` without it could hold what a push waits for while waiting for what
 * the push holds, and PostgreSQL would abort one of them. Taken first, it makes such a writer
 * queue behind the push instead (or the push behind it). A write of the same value, so that the
 * statement is the same on both engines (SQLite has no `select ... for update`).
 */
export async function lockSequence(tx: Kysely<Database>): Promise<void> {
  await tx
    .updateTable('sync_counter')
    .set((eb) => ({ seq: eb.ref('seq') }))
    .where('id', '=', 1)
    .execute();
}

// Admin changes (people, teams, devices, passwords) go into the same hash-chained audit trail as
// record changes, in the same transaction as the change itself. Passwords never enter it.
import { appendAudit } from '../audit/append';
import { lockSequence } from '../sync/sequence';
import { inTransaction } from './accounts-repository';
import type { Db } from './accounts-repository';

export type AuditWho = { userId: string; deviceId?: string | null };
export type AuditWhat = { action: string; recordId?: string | null; content: unknown };

export async function audited<T>(
  db: Db,
  who: AuditWho,
  fn: (tx: Db) => Promise<T>,
  /** What to record; null when the call changed nothing, so there is nothing to audit. */
  describe: (result: T) => AuditWhat | null,
): Promise<T> {
  return inTransaction(db, async (tx) => {
    // The sequence counter's lock first, as a push takes it: the change may write a row a push
    // writes after taking `audit_head` (a device's, when revoking it), and this transaction takes
    // `audit_head` after it. Without the counter first, each could hold what the other waits for.
    await lockSequence(tx);
    const result = await fn(tx);
    const what = describe(result);
    if (what === null) return result;
    await appendAudit(tx, [
      {
        userId: who.userId,
        deviceId: who.deviceId ?? null,
        action: what.action,
        recordId: what.recordId ?? null,
        content: what.content,
      },
    ]);
    return result;
  });
}

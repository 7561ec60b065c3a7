// Reading someone else's record is audited (who, which device, which records, through which
// view), whatever the route: a pull page, a list, a report that names cases. The entry is saved
// before the answer leaves, so a read the trail does not hold never happened.
import type { Kysely } from 'kysely';
import type { Database } from '../storage/database';
import { appendAudit } from './append';

export type ReadRecord = { id: string; ownerId: string };

export async function auditReads(
  db: Kysely<Database>,
  actor: { userId: string; deviceId?: string | null },
  records: readonly ReadRecord[],
  view?: string,
): Promise<void> {
  const others = [...new Set(records.filter((r) => r.ownerId !== actor.userId).map((r) => r.id))];
  if (others.length === 0) return;
  await db.transaction().execute((tx) =>
    appendAudit(tx, [
      {
        userId: actor.userId,
        deviceId: actor.deviceId ?? null,
        action: 'read',
        recordId: others.length === 1 ? others[0]! : null,
        about: others,
        content: view ? { records: others, view } : { records: others },
      },
    ]),
  );
}

// Deleted records are kept as tombstones so every device learns of the deletion. After the
// offline window they are purged and the oldest valid cursor moves past them: a device that has
// not synced for longer than the window gets a reset instruction (drop synced copies, keep its
// own pending edits, pull again from the start), never a silent gap.
import type { Kysely } from 'kysely';
import type { Database } from '../storage/database';

export type PurgeResult = { purged: number; minValidSeq: number };

export async function purgeTombstones(
  db: Kysely<Database>,
  windowDays: number,
  now = new Date(),
): Promise<PurgeResult> {
  const cutoff = new Date(now.getTime() - windowDays * 86_400_000).toISOString();
  return db.transaction().execute(async (tx) => {
    // The counter's row lock keeps a push from interleaving with the purge.
    const counter = await tx
      .updateTable('sync_counter')
      .set((eb) => ({ seq: eb('seq', '+', 0) }))
      .where('id', '=', 1)
      .returning(['seq', 'min_valid_seq'])
      .executeTakeFirstOrThrow();
    // Purge a prefix of the sequence: every tombstone up to the newest one past the window. Then
    // "purged" means exactly "a tombstone at or below min_valid_seq", which is what lets a cursor
    // judge from two numbers whether it missed a deletion (cursor.ts), even if a server clock
    // once stepped back and left an older tombstone with a later time.
    const newest = await tx
      .selectFrom('records')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('deleted', '=', 1)
      .where('updated_at', '<', cutoff)
      .executeTakeFirst();
    const highest = Number(newest?.seq ?? 0);
    if (!highest) return { purged: 0, minValidSeq: Number(counter.min_valid_seq) };
    const old = await tx
      .selectFrom('records')
      .select('id')
      .where('deleted', '=', 1)
      .where('seq', '<=', highest)
      .execute();
    const ids = old.map((r) => r.id);
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await tx.deleteFrom('record_conflicts').where('record_id', 'in', chunk).execute();
      await tx.deleteFrom('records').where('id', 'in', chunk).execute();
    }
    const minValidSeq = Math.max(Number(counter.min_valid_seq), highest);
    await tx
      .updateTable('sync_counter')
      .set({ min_valid_seq: minValidSeq })
      .where('id', '=', 1)
      .execute();
    return { purged: ids.length, minValidSeq };
  });
}

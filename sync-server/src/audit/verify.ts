// Checks the whole audit trail: every entry's hash, every link to the previous entry, every stored
// content against its hash, every erased (or missing) content against the retention deletion that
// must account for it (audit/erasures.ts), and the global head against the last entry, so an
// edited, removed or cut-off entry, or content removed outside a retention deletion, is found.
// Servers may be appending while it runs, so the head is read first and the trail checked up to
// the entry it names: an append commits its entries and the head together, so each of those is in
// the log by then. Read last, the head would count entries committed after the log was read, and
// they would look cut off. Entries appended meanwhile are left to the next run.
import type { Storage } from '../storage/storage';
import { GENESIS, entryHash, sha256 } from './chain';
import { unaccountedErasures } from './erasures';

export type AuditProblem = { seq: number; problem: string };
export type AuditReport = { ok: boolean; entries: number; problems: AuditProblem[] };

export async function verifyAudit(storage: Storage, pageSize = 5000): Promise<AuditReport> {
  const db = storage.db;
  const problems: AuditProblem[] = [];
  let prev = GENESIS;
  let expectedSeq = 1;
  let entries = 0;
  const head = await db
    .selectFrom('audit_head')
    .selectAll()
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  const headSeq = Number(head.seq);
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .leftJoin('audit_content', 'audit_content.hash', 'audit_log.content_hash')
      .selectAll('audit_log')
      .select(['audit_content.body', 'audit_content.erased_for'])
      .where('audit_log.seq', '>=', expectedSeq)
      .where('audit_log.seq', '<=', headSeq)
      .orderBy('audit_log.seq')
      .limit(pageSize)
      .execute();
    if (page.length === 0) break;
    const unaccounted = await unaccountedErasures(
      db,
      page
        .filter((e) => e.body === null || e.body === undefined)
        .map((e) => ({
          seq: Number(e.seq),
          record_id: e.record_id,
          content_hash: e.content_hash,
          erased_for:
            e.erased_for === null || e.erased_for === undefined ? null : Number(e.erased_for),
        })),
    );
    for (const e of page) {
      const seq = Number(e.seq);
      entries++;
      if (seq !== expectedSeq)
        problems.push({
          seq: expectedSeq,
          problem: `entries ${expectedSeq} to ${seq - 1} are missing`,
        });
      if (e.prev_hash !== prev)
        problems.push({ seq, problem: 'does not follow the entry before it' });
      const recomputed = entryHash(e.prev_hash, {
        seq,
        at: e.at,
        userId: e.user_id,
        deviceId: e.device_id,
        action: e.action,
        recordId: e.record_id,
        contentHash: e.content_hash,
      });
      if (recomputed !== e.entry_hash) problems.push({ seq, problem: 'has been altered' });
      if (e.body !== null && e.body !== undefined && sha256(e.body) !== e.content_hash) {
        problems.push({ seq, problem: 'its recorded content has been altered' });
      }
      if (unaccounted.has(seq)) {
        problems.push({ seq, problem: 'its content was removed outside a retention deletion' });
      }
      prev = e.entry_hash;
      expectedSeq = seq + 1;
    }
  }
  if (headSeq !== expectedSeq - 1 || head.hash !== prev) {
    problems.push({
      seq: headSeq,
      problem: `the trail ends at entry ${expectedSeq - 1} but the head records entry ${headSeq}: entries were cut off`,
    });
  }
  return { ok: problems.length === 0, entries, problems };
}

// Appends entries to the audit trail inside the caller's transaction. The head row is updated
// first, which takes its row lock: concurrent appenders queue there, so the chain never forks.
import type { Kysely } from 'kysely';
import type { Database } from '../storage/database';
import { SLICE, started, yieldsFor } from '../storage/overlap';
import { canonicalJson, entryHash, sha256 } from './chain';

export type AuditEvent = {
  userId: string;
  deviceId?: string | null;
  action: string;
  recordId?: string | null;
  /**
   * Other records the content names (a page read, a subject access's findings): linked to the
   * entry in `audit_records`, so a retention deletion of any of them erases this content too.
   */
  about?: readonly string[];
  /**
   * Records the entry disclosed without naming them in its content (the records of a CSV
   * export): linked, so a subject access request and a record's history find the entry, but a
   * retention deletion of one of them leaves this content, which says nothing of it.
   */
  included?: readonly string[];
  /** What changed or was read: stored apart from the entry, hashed into it. */
  content: unknown;
  /** `content` as canonicalJson writes it, when the caller has it already. */
  contentJson?: string;
  at?: string;
};

export async function appendAudit(
  tx: Kysely<Database>,
  events: readonly AuditEvent[],
  /**
   * Statements of the caller's to queue behind the head's update: they run while the entries are
   * hashed (see storage/overlap.ts), and their failure is thrown from here.
   */
  meanwhile?: () => Promise<unknown>,
): Promise<void> {
  if (events.length === 0) {
    await meanwhile?.();
    return;
  }
  const taken = tx
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', events.length) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const rest = meanwhile ? started(meanwhile()) : null;
  const between = yieldsFor(tx);
  const head = await taken;
  let seq = Number(head.seq) - events.length;
  let prev = head.hash;
  const now = new Date().toISOString();
  const rows = [];
  const contents = new Map<string, string>();
  const links: { record_id: string; seq: number; erase_with_record: number }[] = [];
  for (const [i, e] of events.entries()) {
    if (i > 0 && i % SLICE === 0) await between();
    seq++;
    const body = e.contentJson ?? canonicalJson(e.content);
    const contentHash = sha256(body);
    contents.set(contentHash, body);
    const facts = {
      seq,
      at: e.at ?? now,
      userId: e.userId,
      deviceId: e.deviceId ?? null,
      action: e.action,
      recordId: e.recordId ?? null,
      contentHash,
    };
    const hash = entryHash(prev, facts);
    const named = new Set(e.about ?? []);
    for (const id of named) {
      if (id !== facts.recordId) links.push({ record_id: id, seq, erase_with_record: 1 });
    }
    for (const id of new Set(e.included ?? [])) {
      if (id !== facts.recordId && !named.has(id))
        links.push({ record_id: id, seq, erase_with_record: 0 });
    }
    rows.push({
      seq,
      at: facts.at,
      user_id: facts.userId,
      device_id: facts.deviceId,
      action: facts.action,
      record_id: facts.recordId,
      content_hash: contentHash,
      prev_hash: prev,
      entry_hash: hash,
    });
    prev = hash;
  }
  for (let i = 0; i < rows.length; i += 200) {
    await tx
      .insertInto('audit_log')
      .values(rows.slice(i, i + 200))
      .execute();
  }
  for (let i = 0; i < links.length; i += 400) {
    await tx
      .insertInto('audit_records')
      .values(links.slice(i, i + 400))
      .execute();
  }
  await tx
    .insertInto('audit_content')
    .values([...contents].map(([hash, body]) => ({ hash, body })))
    .onConflict((oc) => oc.column('hash').doNothing())
    .execute();
  await tx.updateTable('audit_head').set({ hash: prev }).where('id', '=', 1).execute();
  await rest?.();
}

// Erased audit content and the deletions that account for it. Content is erased (its body set to
// null) by a retention deletion and by nothing else (migration 0023's guard refuses any other
// change), so verify-audit accepts an entry with no content only when the trail accounts for it:
//
// 1. the entry is about a record (its record_id, or one linked to it in audit_records as content
//    naming it: not a CSV export's link to a record it held, which a deletion leaves) that is in
//    retention_erasures, and the deletion's own entry (RETENTION_DELETE, about the record's root)
//    comes after it in the chain; or
// 2. its content had already been erased so when the entry was written (an entry whose content is
//    stored already does not store it again): every entry holding that content before some
//    deletion is accounted for by 1 with deletions up to it, and this entry comes after; or
// 3. migration 0023 recorded the content as erased by 0021 (audit_migration_erasures).
//
// Entries with content are the trail's bulk and cost nothing here; these few queries run only for
// the entries without, a page at a time.
import type { Kysely } from 'kysely';
import type { Database } from '../storage/database';

/** The action of the entry a retention deletion appends for each record it deletes (its root). */
export const RETENTION_DELETE = 'admin:retention-delete';

export type ErasedEntry = { seq: number; record_id: string | null; content_hash: string };

const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * For each entry about a record deleted under retention, the first deletion entry about it (its
 * root) after the entry; entries with none are left out.
 */
async function deletionsAfter(
  db: Kysely<Database>,
  entries: readonly ErasedEntry[],
): Promise<Map<number, number>> {
  const about = new Map<number, Set<string>>();
  for (const e of entries) about.set(e.seq, new Set(e.record_id === null ? [] : [e.record_id]));
  for (const part of chunks(entries.map((e) => e.seq))) {
    const links = await db
      .selectFrom('audit_records')
      .select(['record_id', 'seq'])
      .where('seq', 'in', part)
      .where('erase_with_record', '=', 1)
      .execute();
    for (const l of links) about.get(Number(l.seq))?.add(l.record_id);
  }
  const ids = [...new Set([...about.values()].flatMap((s) => [...s]))];
  const rootOf = new Map<string, string>();
  for (const part of chunks(ids)) {
    const rows = await db
      .selectFrom('retention_erasures')
      .select(['record_id', 'root_id'])
      .where('record_id', 'in', part)
      .execute();
    for (const r of rows) rootOf.set(r.record_id, r.root_id);
  }
  const deletions = new Map<string, number[]>();
  for (const part of chunks([...new Set(rootOf.values())])) {
    const rows = await db
      .selectFrom('audit_log')
      .select(['record_id', 'seq'])
      .where('action', '=', RETENTION_DELETE)
      .where('record_id', 'in', part)
      .execute();
    for (const r of rows) {
      const list = deletions.get(r.record_id!) ?? [];
      list.push(Number(r.seq));
      deletions.set(r.record_id!, list);
    }
  }
  const after = new Map<number, number>();
  for (const [seq, ids] of about) {
    let first = Infinity;
    for (const id of ids) {
      const root = rootOf.get(id);
      for (const d of (root && deletions.get(root)) || []) if (d > seq && d < first) first = d;
    }
    if (first !== Infinity) after.set(seq, first);
  }
  return after;
}

/** Judges the entries without content of one run of verify-audit, remembering what it looked up. */
export class ErasureCheck {
  /** Per content: the deletion after which it was already erased when written, or null. */
  private readonly erasedFrom = new Map<string, number | null>();

  constructor(private readonly db: Kysely<Database>) {}

  /** The seqs of those entries (their content null or missing) that no deletion accounts for. */
  async unaccounted(entries: readonly ErasedEntry[]): Promise<Set<number>> {
    if (entries.length === 0) return new Set();
    const after = await deletionsAfter(this.db, entries);
    let rest = entries.filter((e) => !after.has(e.seq));
    if (rest.length === 0) return new Set();
    const recorded = new Set<string>();
    for (const part of chunks([...new Set(rest.map((e) => e.content_hash))])) {
      const rows = await this.db
        .selectFrom('audit_migration_erasures')
        .select('hash')
        .where('hash', 'in', part)
        .execute();
      rows.forEach((r) => recorded.add(r.hash));
    }
    rest = rest.filter((e) => !recorded.has(e.content_hash));
    await this.lookUpErasedBefore([...new Set(rest.map((e) => e.content_hash))]);
    const out = new Set<number>();
    for (const e of rest) {
      const from = this.erasedFrom.get(e.content_hash) ?? null;
      if (from === null || e.seq <= from) out.add(e.seq);
    }
    return out;
  }

  /**
   * For each content, the deletion entry after which it was already erased, so an entry holding
   * it written later never held it: the first point by which every entry holding it so far is
   * accounted for by a deletion up to that point (retention erases content only when every entry
   * holding it is about the records it deletes). Null when there is none.
   */
  private async lookUpErasedBefore(hashes: readonly string[]): Promise<void> {
    for (const part of chunks(hashes.filter((h) => !this.erasedFrom.has(h)))) {
      const holders = (
        await this.db
          .selectFrom('audit_log')
          .select(['seq', 'record_id', 'content_hash'])
          .where('content_hash', 'in', part)
          .orderBy('seq')
          .execute()
      ).map((h) => ({ ...h, seq: Number(h.seq) }));
      const after = await deletionsAfter(this.db, holders);
      const byContent = new Map<string, ErasedEntry[]>(part.map((h) => [h, []]));
      for (const h of holders) byContent.get(h.content_hash)!.push(h);
      for (const [hash, list] of byContent) {
        let point: number | null = null;
        for (const h of list) {
          if (point !== null && h.seq > point) break;
          const d = after.get(h.seq);
          if (d === undefined) {
            point = null;
            break;
          }
          point = Math.max(point ?? 0, d);
        }
        this.erasedFrom.set(hash, point);
      }
    }
  }
}

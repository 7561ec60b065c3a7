// Erased audit content and the deletions that account for it. Content is erased (its body set to
// null) by a retention deletion and by nothing else (migration 0023's guard refuses any other
// change), so verify-audit accepts an entry with no content (null, or no row) only when the trail
// accounts for it:
//
// 1. the entry is about a record (its record_id, or one linked to it in audit_records as content
//    naming it: not a CSV export's link to a record it held, which a deletion leaves) that is in
//    retention_erasures, and the deletion's own entry (RETENTION_DELETE, about the record's root)
//    comes after it in the chain; or
// 2. its content had already been erased when the entry was written (appending stores content
//    once, by hash, so this entry never held it): the entry the erasure names (`erased_for`) holds
//    the same content, is accounted for by 1, and that deletion's entry comes before this one; or
// 3. migration 0023 recorded the content as erased by 0021 (audit_migration_erasures).
//
// Entries with content are the trail's bulk and cost nothing here; these few queries, by primary
// key or index, run only for the entries without, a page at a time.
import type { Kysely } from 'kysely';
import type { Database } from '../storage/database';

/** The action of the entry a retention deletion appends for each record it deletes (its root). */
export const RETENTION_DELETE = 'admin:retention-delete';

export type EntryWithoutContent = {
  seq: number;
  record_id: string | null;
  content_hash: string;
  /** The entry its erasure named, when there is a content row. */
  erased_for: number | null;
};
type Entry = Pick<EntryWithoutContent, 'seq' | 'record_id'>;

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
  entries: readonly Entry[],
): Promise<Map<number, number>> {
  const about = new Map<number, Set<string>>();
  for (const e of entries) about.set(e.seq, new Set(e.record_id === null ? [] : [e.record_id]));
  for (const part of chunks([...about.keys()])) {
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

/** The seqs of these entries (their content null or missing) that no deletion accounts for. */
export async function unaccountedErasures(
  db: Kysely<Database>,
  entries: readonly EntryWithoutContent[],
): Promise<Set<number>> {
  if (entries.length === 0) return new Set();
  const after = await deletionsAfter(db, entries);
  let rest = entries.filter((e) => !after.has(e.seq));
  if (rest.length === 0) return new Set();

  const recorded = new Set<string>();
  for (const part of chunks([...new Set(rest.map((e) => e.content_hash))])) {
    const rows = await db
      .selectFrom('audit_migration_erasures')
      .select('hash')
      .where('hash', 'in', part)
      .execute();
    rows.forEach((r) => recorded.add(r.hash));
  }
  rest = rest.filter((e) => !recorded.has(e.content_hash));

  // Erased before these entries were written: the entry each erasure named, and its deletion.
  const named = new Map<number, { seq: number; record_id: string | null; content_hash: string }>();
  const wanted = [...new Set(rest.flatMap((e) => (e.erased_for === null ? [] : [e.erased_for])))];
  for (const part of chunks(wanted)) {
    const rows = await db
      .selectFrom('audit_log')
      .select(['seq', 'record_id', 'content_hash'])
      .where('seq', 'in', part)
      .execute();
    for (const r of rows) named.set(Number(r.seq), { ...r, seq: Number(r.seq) });
  }
  const namedAfter = await deletionsAfter(db, [...named.values()]);
  const out = new Set<number>();
  for (const e of rest) {
    const by = e.erased_for === null ? undefined : named.get(e.erased_for);
    const deletion = by && by.content_hash === e.content_hash ? namedAfter.get(by.seq) : undefined;
    if (deletion === undefined || e.seq <= deletion) out.add(e.seq);
  }
  return out;
}

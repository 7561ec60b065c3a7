import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

// Audit entries that name records in their content rather than in `record_id` (a page of records
// read, a subject access request listing what it found) are linked to each of those records in
// `audit_records`, so a retention deletion finds them by index and erases their content with the
// records' own (before, it looked only at `record_id` and left them, a case ID among them).
//
// The links are built for the entries already written, from their content. Then the content of
// every entry about a record already deleted under retention is erased as a deletion now would
// (unless an entry about something else shares it; the deletion's own entry is kept), and so is
// that of a subject access about a case that found nothing, which held the case ID in clear. A key
// for case IDs in the trail is made once (`server_keys`, purpose `audit-case-key`): subject access
// entries now record a keyed hash of the case ID, never the ID.
const PAGE = 1000;

type Row = { seq: number | string; body: string | null; record_id: string | null };

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_records')
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_records_pk', ['record_id', 'seq'])
    .execute();
  await db.schema.createIndex('audit_records_seq').on('audit_records').column('seq').execute();
  await sql`insert into server_keys (purpose, key_id, public_key, private_key, created_at)
    values ('audit-case-key', ${randomUUID()}, '', ${randomBytes(32).toString('base64url')},
      ${new Date().toISOString()})`.execute(db);

  const caseOnly: number[] = [];
  for (let after = 0; ;) {
    const { rows } = await sql<Row>`
      select l.seq, c.body, l.record_id from audit_log l
      join audit_content c on c.hash = l.content_hash
      where l.seq > ${after} and c.body is not null
        and l.action in ('read', 'admin:subject-access')
      order by l.seq limit ${PAGE}`.execute(db);
    if (rows.length === 0) break;
    const links: { record_id: string; seq: number }[] = [];
    for (const r of rows) {
      const seq = Number(r.seq);
      after = seq;
      let content: { records?: unknown; subject?: { caseId?: unknown } };
      try {
        content = JSON.parse(r.body!) as typeof content;
      } catch {
        continue;
      }
      const listed = Array.isArray(content.records) ? content.records.map(String) : [];
      for (const id of new Set(listed)) if (id !== r.record_id) links.push({ record_id: id, seq });
      if (typeof content.subject?.caseId === 'string' && listed.length === 0) caseOnly.push(seq);
    }
    for (let i = 0; i < links.length; i += 400) {
      await db
        .insertInto('audit_records' as never)
        .values(links.slice(i, i + 400) as never)
        .execute();
    }
  }

  // Entries about records already erased: by record_id or by a link.
  const { rows: about } = await sql<{ seq: number | string }>`
    select seq from audit_log where record_id in (select record_id from retention_erasures)
      and action <> 'admin:retention-delete'
    union select seq from audit_records where record_id in (select record_id from retention_erasures)`.execute(
    db,
  );
  const seqs = new Set([...about.map((r) => Number(r.seq)), ...caseOnly]);
  const hashes = new Set<string>();
  const list = [...seqs];
  for (let i = 0; i < list.length; i += 500) {
    const part = list.slice(i, i + 500);
    const { rows } = await sql<{ content_hash: string }>`
      select distinct content_hash from audit_log where seq in (${sql.join(part)})`.execute(db);
    rows.forEach((r) => hashes.add(r.content_hash));
  }
  for (const hash of hashes) {
    const { rows } = await sql<{ seq: number | string }>`
      select seq from audit_log where content_hash = ${hash}`.execute(db);
    if (rows.every((r) => seqs.has(Number(r.seq)))) {
      await sql`update audit_content set body = null where hash = ${hash}`.execute(db);
    }
  }
}

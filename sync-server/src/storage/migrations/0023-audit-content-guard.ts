import { PostgresAdapter, sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';

// Audit content is erased (its body set to null) by a retention deletion and by nothing else, and
// is never changed. The runtime role holds UPDATE (body) on audit_content for retention's sake, so
// until now anything holding it (or a bug) could null any entry's content, or overwrite it, and
// verify-audit took every null body for an erasure. From here the database refuses, on both
// engines (a trigger; on PostgreSQL its function runs with the rights of whoever updates, which
// the runtime role has: SELECT on the tables it reads):
//
// - any change of a content's hash;
// - any change of a body to another value, null to a value included (erased stays erased);
// - a body set to null unless the same update names, in the new `erased_for`, an entry holding
//   that content which is about a record in retention_erasures (its record_id, or one linked in
//   audit_records as content naming it, `erase_with_record` 1: a CSV export's links to the
//   records it held do not count), so retention records its erasures before it erases;
// - any other change of `erased_for`.
//
// The erasure names its entry rather than the trigger finding the entries holding the content:
// that would take an index on audit_log's content hash, a random key every append would write
// into (a push of 100 observations wrote about 40% more to the WAL with one), where naming it
// makes the check a few lookups by primary key.
//
// verify-audit (audit/erasures.ts) accepts a null body only when a retention deletion accounts for
// it. Content erased before this migration gets its `erased_for` here: the first entry holding it
// that a deletion after it accounts for. Migration 0021 erased content no deletion after the entry
// accounts for: a subject access about a case that found nothing (the case ID in clear), and
// entries about a record written after its deletion. Those contents, as far as the entries tell
// (the content is gone), are recorded in `audit_migration_erasures`, written here only, so
// verify-audit goes on accepting them. Any other content already null is not: verify-audit
// reports it.

const RETENTION_DELETE = 'admin:retention-delete';

const GUARD_CHANGED =
  'audit content is never changed: its hash and body stay as written (a body may only be erased, by a retention deletion)';
const GUARD_ERASED =
  'audit content may be erased only by a retention deletion: erased_for must name an entry holding it that is about a record in retention_erasures';

/** Whether the entry `l` is about a record whose deletion's entry comes after it. */
const accounted = (l: string): RawBuilder<unknown> =>
  sql.raw(`(
    exists (
      select 1 from retention_erasures e
      join audit_log d on d.record_id = e.root_id and d.action = '${RETENTION_DELETE}' and d.seq > ${l}.seq
      where e.record_id = ${l}.record_id)
    or exists (
      select 1 from audit_records r
      join retention_erasures e on e.record_id = r.record_id
      join audit_log d on d.record_id = e.root_id and d.action = '${RETENTION_DELETE}' and d.seq > ${l}.seq
      where r.seq = ${l}.seq and r.erase_with_record = 1))`);

/** Whether 0021 could have erased the content of entry `m`. */
const erasedBy0021 = (m: string): RawBuilder<unknown> =>
  sql.raw(`(
    (${m}.action = 'admin:subject-access' and ${m}.record_id is null
      and not exists (select 1 from audit_records r where r.seq = ${m}.seq and r.erase_with_record = 1))
    or (${m}.action <> '${RETENTION_DELETE}' and (
      exists (select 1 from retention_erasures e where e.record_id = ${m}.record_id)
      or exists (
        select 1 from audit_records r join retention_erasures e on e.record_id = r.record_id
        where r.seq = ${m}.seq and r.erase_with_record = 1))))`);

/** The erasure may go ahead: `erased_for` names an entry holding the content about an erased record. */
const NAMED_ERASURE = `exists (
  select 1 from audit_log l where l.seq = new.erased_for and l.content_hash = old.hash
    and (exists (select 1 from retention_erasures e where e.record_id = l.record_id)
      or exists (
        select 1 from audit_records r join retention_erasures e on e.record_id = r.record_id
        where r.seq = l.seq and r.erase_with_record = 1)))`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_content').addColumn('erased_for', 'bigint').execute();

  // Only for the look-ups below, by content, over the trail as it is; dropped at the end.
  await db.schema
    .createIndex('audit_log_content_0023')
    .on('audit_log')
    .column('content_hash')
    .execute();
  await sql`
    update audit_content set erased_for = (
      select min(l.seq) from audit_log l where l.content_hash = audit_content.hash and ${accounted('l')})
    where body is null`.execute(db);
  await db.schema
    .createTable('audit_migration_erasures')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .execute();
  await sql`
    insert into audit_migration_erasures (hash)
    select distinct l.content_hash from audit_log l
    left join audit_content c on c.hash = l.content_hash
    where c.body is null and not ${accounted('l')}
      and exists (
        select 1 from audit_log m where m.content_hash = l.content_hash and ${erasedBy0021('m')})`.execute(
    db,
  );
  await db.schema.dropIndex('audit_log_content_0023').execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql
      .raw(
        `create function audit_content_guard() returns trigger language plpgsql as $guard$
        begin
          if new.hash is distinct from old.hash
            or (new.body is not null and new.body is distinct from old.body)
            or (new.erased_for is distinct from old.erased_for
              and not (old.body is not null and new.body is null)) then
            raise exception using errcode = 'integrity_constraint_violation',
              message = '${GUARD_CHANGED}';
          end if;
          if old.body is not null and new.body is null and not ${NAMED_ERASURE} then
            raise exception using errcode = 'integrity_constraint_violation',
              message = '${GUARD_ERASED}';
          end if;
          return new;
        end
        $guard$`,
      )
      .execute(db);
    await sql`create trigger audit_content_guard before update on audit_content
      for each row execute function audit_content_guard()`.execute(db);
    return;
  }
  await sql
    .raw(
      `create trigger audit_content_guard before update on audit_content
      begin
        select raise(abort, '${GUARD_CHANGED}')
          where new.hash is not old.hash
            or (new.body is not null and new.body is not old.body)
            or (new.erased_for is not old.erased_for
              and not (old.body is not null and new.body is null));
        select raise(abort, '${GUARD_ERASED}')
          where old.body is not null and new.body is null and not ${NAMED_ERASURE};
      end`,
    )
    .execute(db);
}

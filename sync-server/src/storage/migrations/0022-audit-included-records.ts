import type { Kysely } from 'kysely';

// A CSV export discloses records without naming them in its audit content (that holds the query
// and the row count). Its entry is now linked to each record in the file, so a subject access
// request and a record's history show who exported it and when; `erase_with_record` tells those
// links apart from the ones 0021 made (content that names the record, erased with it): deleting
// one record of an export under retention leaves the export's entry, which says nothing of it.
// Exports made before this have no links: their record ids were never kept.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('audit_records')
    .addColumn('erase_with_record', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

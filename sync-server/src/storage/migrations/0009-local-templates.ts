import type { Kysely } from 'kysely';

// Templates an authority adapts from the built-in ones. Each publication is a new version of its
// own id, never changed afterwards: a record pinned to a version always opens under that version.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('local_templates')
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    // The whole template as JSON, valid against schemas/entities/template.ts.
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('based_on_id', 'text')
    .addColumn('based_on_version', 'integer')
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('local_templates_pk', ['template_id', 'version'])
    .execute();
}

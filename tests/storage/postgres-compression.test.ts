// Migration 0014 on the real PostgreSQL: an observation's fields and audit content are compressed
// with lz4 where the server offers it (pglz cost a third of a push), and the default stays
// where it does not. Values written either way read back unchanged.
import { sql } from 'kysely';
import { afterAll, describe, expect, test } from 'vitest';
import { openStorage } from '../../sync-server/src/storage/storage';
import { postgresEngine } from '../helpers/engines';

const fixture = await postgresEngine.create();

describe.skipIf(fixture === null)('lz4 compression on PostgreSQL', () => {
  const storage = openStorage(fixture!.target);
  afterAll(async () => {
    await storage.close();
    await fixture!.dispose();
  });

  test('fields and audit content use lz4 when the server has it, and read back unchanged', async () => {
    await storage.migrate();
    const { rows: offered } = await sql<{ lz4: boolean | null }>`
      select 'lz4' = any(enumvals) as lz4 from pg_settings where name = 'default_toast_compression'
    `.execute(storage.db);
    const { rows } = await sql<{ table: string; column: string; compression: string }>`
      select c.relname as table, a.attname as column, a.attcompression as compression
      from pg_attribute a join pg_class c on c.oid = a.attrelid
      where (c.relname, a.attname) in (('records', 'fields'), ('audit_content', 'body'))
      order by c.relname
    `.execute(storage.db);
    // '' is the server's default method, 'l' lz4.
    const expected = offered[0]?.lz4 ? 'l' : '';
    expect(rows).toEqual([
      { table: 'audit_content', column: 'body', compression: expected },
      { table: 'records', column: 'fields', compression: expected },
    ]);

    // A value well over the 2 kB at which PostgreSQL compresses, stored and read back.
    const body = JSON.stringify(
      Object.fromEntries(
        Array.from({ length: 80 }, (_, i) => [
          `responses.item-${i}.evidence`,
          `Seen ${i} ✓ ${'é'.repeat(i)}`,
        ]),
      ),
    );
    await storage.db
      .insertInto('audit_content')
      .values({ hash: 'h'.repeat(64), body })
      .execute();
    const back = await storage.db
      .selectFrom('audit_content')
      .select('body')
      .where('hash', '=', 'h'.repeat(64))
      .executeTakeFirstOrThrow();
    expect(back.body).toBe(body);
    const { rows: method } = await sql<{ method: string | null }>`
      select pg_column_compression(body) as method from audit_content where hash = ${'h'.repeat(64)}
    `.execute(storage.db);
    expect(method[0]!.method).toBe(offered[0]?.lz4 ? 'lz4' : 'pglz');
  });
});

// The audit trail on every engine: appended in order, verified end to end, and any edit, removal
// or truncation is found; erasing content under retention is not a break, while content removed
// any other way is found, and the database refuses to remove or change it; entries appended by
// another server while it runs are not mistaken for a tampered trail.
import { sql } from 'kysely';
import type { KyselyPlugin } from 'kysely';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { appendAudit } from '../../sync-server/src/audit/append';
import { verifyAudit } from '../../sync-server/src/audit/verify';
import { openStorage } from '../../sync-server/src/storage/storage';
import type { Storage } from '../../sync-server/src/storage/storage';
import type { StorageTarget } from '../../sync-server/src/storage/engines';
import { pastTheGuard } from '../helpers/audit-guard';
import { ENGINES } from '../helpers/engines';
import { waitFor } from '../helpers/sinks';

for (const engine of ENGINES) {
  const available = (await engine.create()) !== null;
  describe.skipIf(!available)(`audit trail on ${engine.name}`, () => {
    let storage: Storage;
    let target: StorageTarget;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      const f = (await engine.create())!;
      dispose = f.dispose;
      target = f.target;
      storage = openStorage(f.target);
      await storage.migrate();
      await storage.transaction((tx) =>
        appendAudit(
          tx,
          Array.from({ length: 5 }, (_, i) => ({
            userId: 'u1',
            deviceId: 'd1',
            action: 'update',
            recordId: `rec-000${i}`,
            content: { after: { 'summary.notes': `note ${i}` } },
          })),
        ),
      );
    });
    afterEach(async () => {
      await storage.close();
      await dispose();
    });

    test('an intact trail verifies', async () => {
      await expect(verifyAudit(storage)).resolves.toEqual({ ok: true, entries: 5, problems: [] });
    });

    test('appends from concurrent transactions stay one chain', async () => {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          storage.transaction((tx) =>
            appendAudit(tx, [{ userId: `u${i}`, action: 'read', content: { i } }]),
          ),
        ),
      );
      await expect(verifyAudit(storage)).resolves.toMatchObject({ ok: true, entries: 15 });
    });

    test('an altered entry is found', async () => {
      await sql`update audit_log set user_id = 'someone-else' where seq = 3`.execute(storage.db);
      const report = await verifyAudit(storage);
      expect(report.ok).toBe(false);
      expect(report.problems).toContainEqual({ seq: 3, problem: 'has been altered' });
    });

    test('altered content is found', async () => {
      await pastTheGuard(storage, () =>
        sql`update audit_content set body = '{"after":{"summary.notes":"rewritten"}}' where hash = (select content_hash from audit_log where seq = 2)`.execute(
          storage.db,
        ),
      );
      expect((await verifyAudit(storage)).problems).toContainEqual({
        seq: 2,
        problem: 'its recorded content has been altered',
      });
    });

    test('a removed entry is found', async () => {
      await sql`delete from audit_log where seq = 2`.execute(storage.db);
      const report = await verifyAudit(storage);
      expect(report.ok).toBe(false);
      expect(report.problems).toContainEqual({ seq: 2, problem: 'entries 2 to 2 are missing' });
    });

    test('entries cut off the end are found through the head', async () => {
      await sql`delete from audit_log where seq >= 4`.execute(storage.db);
      const report = await verifyAudit(storage);
      expect(report.ok).toBe(false);
      expect(report.problems[0]?.problem).toBe(
        'the trail ends at entry 3 but the head records entry 5: entries were cut off',
      );
    });

    /** Another server on the same database, appending `n` entries in one transaction. */
    const appendElsewhere = async (other: Storage, n: number) =>
      other.transaction((tx) =>
        appendAudit(
          tx,
          Array.from({ length: n }, (_, i) => ({ userId: 'u2', action: 'read', content: { i } })),
        ),
      );

    /**
     * A run (in pages of two) during which another server appends three entries at the one moment
     * that matters: once the run has read to the end of the log (a page comes back empty), before
     * it goes on. Returns the run's report.
     */
    const verifyWhileAppending = async () => {
      const other = openStorage(target);
      try {
        let appended = false;
        const between: KyselyPlugin = {
          transformQuery: (args) => args.node,
          async transformResult(args) {
            if (!appended && args.result.rows.length === 0) {
              appended = true;
              await appendElsewhere(other, 3);
            }
            return args.result;
          },
        };
        const report = await verifyAudit({ ...storage, db: storage.db.withPlugin(between) }, 2);
        expect(appended).toBe(true);
        return report;
      } finally {
        await other.close();
      }
    };

    test('entries appended while it runs are no false alarm, and the next run checks them', async () => {
      await expect(verifyWhileAppending()).resolves.toEqual({ ok: true, entries: 5, problems: [] });
      await expect(verifyAudit(storage)).resolves.toEqual({ ok: true, entries: 8, problems: [] });
    });

    test('a cut-off tail is still found while another server appends', async () => {
      await sql`delete from audit_log where seq >= 4`.execute(storage.db);
      const report = await verifyWhileAppending();
      expect(report.ok).toBe(false);
      expect(report.problems).toContainEqual({
        seq: 5,
        problem: 'the trail ends at entry 3 but the head records entry 5: entries were cut off',
      });
    });

    if (engine.name === 'postgres')
      test('a run that meets a transaction appending is no false alarm', async () => {
        // Not a hook: a transaction of another server holds audit_head (as each append does) while
        // the run starts, appends once the run is waiting for it, and commits.
        const other = openStorage(target);
        try {
          let run: ReturnType<typeof verifyAudit> | undefined;
          await other.transaction(async (tx) => {
            await sql`lock table audit_head in access exclusive mode`.execute(tx);
            run = verifyAudit(storage);
            await waitFor('the run to wait for the head', async () => {
              const { rows } = await sql<{ n: number }>`
                select count(*)::int as n from pg_stat_activity
                where datname = current_database() and wait_event_type = 'Lock'`.execute(other.db);
              return rows[0]!.n === 1;
            });
            await appendAudit(tx, [{ userId: 'u2', action: 'read', content: { late: true } }]);
          });
          const report = await run!;
          expect(report.problems).toEqual([]);
          expect(report.ok).toBe(true);
        } finally {
          await other.close();
        }
      });

    /** Sets the content of entry `seq` to `body` (null: erased), as a plain UPDATE. */
    const setContent = (seq: number, body: string | null) =>
      sql`update audit_content set body = ${body} where hash = (select content_hash from audit_log where seq = ${seq})`.execute(
        storage.db,
      );
    /** Erases the content of entry `seq` as retention does: naming the entry it erases it for. */
    const eraseFor = (seq: number, named = seq) =>
      sql`update audit_content set body = null, erased_for = ${named} where hash = (select content_hash from audit_log where seq = ${seq})`.execute(
        storage.db,
      );
    const contentOf = async (seq: number) =>
      (
        await sql<{ body: string | null }>`select c.body from audit_log l
          join audit_content c on c.hash = l.content_hash where l.seq = ${seq}`.execute(storage.db)
      ).rows[0]?.body;
    /** What retention records of a deletion: its rows in retention_erasures. */
    const recordErasure = (recordId: string, rootId = recordId) =>
      storage.db
        .insertInto('retention_erasures')
        .values({
          record_id: recordId,
          root_id: rootId,
          kind: 'frontline-practice',
          erased_at: new Date().toISOString(),
          erased_by: 'u-admin',
        })
        .execute();
    /** ...and its entry in the trail, about the root. */
    const appendDeletion = (rootId: string) =>
      storage.transaction((tx) =>
        appendAudit(tx, [
          {
            userId: 'u-admin',
            action: 'admin:retention-delete',
            recordId: rootId,
            content: { kind: 'frontline-practice', rows: 1, of: rootId },
          },
        ]),
      );
    const REMOVED = 'its content was removed outside a retention deletion';

    test('content erased under a retention rule leaves the chain verifiable', async () => {
      // As retention does it: the erasure recorded, the content erased, the deletion audited.
      await recordErasure('rec-0001');
      await eraseFor(2);
      await appendDeletion('rec-0001');
      expect(await contentOf(2)).toBeNull();
      await expect(verifyAudit(storage)).resolves.toEqual({ ok: true, entries: 6, problems: [] });
    });

    test('content of a child row erased with its root, or of an entry naming the record, verifies', async () => {
      await storage.transaction((tx) =>
        appendAudit(tx, [
          { userId: 'u1', action: 'create', recordId: 'act-0001', content: { what: 'Visit' } },
          {
            userId: 'u2',
            action: 'read',
            about: ['rec-0003', 'rec-0004'],
            content: { records: ['rec-0003', 'rec-0004'] },
          },
        ]),
      );
      await recordErasure('rec-0003');
      await recordErasure('act-0001', 'rec-0003');
      await eraseFor(4);
      await eraseFor(6);
      await eraseFor(7);
      await appendDeletion('rec-0003');
      await expect(verifyAudit(storage)).resolves.toEqual({ ok: true, entries: 8, problems: [] });
    });

    test('content removed outside a retention deletion is found', async () => {
      await pastTheGuard(storage, () => setContent(2, null));
      await expect(verifyAudit(storage)).resolves.toEqual({
        ok: false,
        entries: 5,
        problems: [{ seq: 2, problem: REMOVED }],
      });
    });

    test('content missing altogether, outside a retention deletion, is found', async () => {
      await pastTheGuard(storage, () =>
        sql`delete from audit_content where hash = (select content_hash from audit_log where seq = 4)`.execute(
          storage.db,
        ),
      );
      expect((await verifyAudit(storage)).problems).toEqual([{ seq: 4, problem: REMOVED }]);
    });

    test('an erasure the trail does not record as a deletion, or records only before the entry, is found', async () => {
      // Rows in retention_erasures alone (the runtime role may insert them) are not enough: the
      // deletion's own entry must follow the erased entry in the chain.
      await recordErasure('rec-0001');
      await eraseFor(2);
      await recordErasure('rec-0009');
      await appendDeletion('rec-0009');
      await storage.transaction((tx) =>
        appendAudit(tx, [
          {
            userId: 'u-admin',
            action: 'admin:audit-read',
            recordId: 'rec-0009',
            content: { n: 9 },
          },
        ]),
      );
      await eraseFor(7);
      await expect(verifyAudit(storage)).resolves.toEqual({
        ok: false,
        entries: 7,
        problems: [
          { seq: 2, problem: REMOVED },
          { seq: 7, problem: REMOVED },
        ],
      });
    });

    test('the database refuses to remove or change content outside a retention deletion', async () => {
      const before = await contentOf(2);
      await expect(setContent(2, null)).rejects.toThrow(/erased only by a retention deletion/);
      await expect(setContent(2, '{"after":{"summary.notes":"rewritten"}}')).rejects.toThrow(
        /never changed/,
      );
      await expect(
        sql`update audit_content set hash = 'rewritten' where hash = (select content_hash from audit_log where seq = 2)`.execute(
          storage.db,
        ),
      ).rejects.toThrow(/never changed/);
      // Erasing names an entry holding the content about a record deleted under retention: not
      // one about a record kept, nor one holding other content, nor none.
      await recordErasure('rec-0003');
      await expect(eraseFor(2)).rejects.toThrow(/erased only by a retention deletion/);
      await expect(eraseFor(2, 4)).rejects.toThrow(/erased only by a retention deletion/);
      await expect(setContent(4, null)).rejects.toThrow(/erased only by a retention deletion/);
      await expect(
        sql`update audit_content set erased_for = 4 where hash = (select content_hash from audit_log where seq = 4)`.execute(
          storage.db,
        ),
      ).rejects.toThrow(/never changed/);
      // Nor may erased content come back, nor an erasure be undone with other content, nor the
      // entry it names be changed.
      await eraseFor(4);
      await expect(eraseFor(4, 2)).rejects.toThrow(/never changed/);
      await expect(setContent(4, '{"after":{"summary.notes":"note 3"}}')).rejects.toThrow(
        /never changed/,
      );
      expect(await contentOf(2)).toBe(before);
      expect(await contentOf(4)).toBeNull();
    });

    test('content shared with an entry about a record not deleted, erased for the deleted one, is found', async () => {
      await storage.transaction((tx) =>
        appendAudit(tx, [
          {
            userId: 'u-admin',
            action: 'admin:retention-export',
            recordId: 'rec-A',
            content: { rows: 2 },
          },
          {
            userId: 'u-admin',
            action: 'admin:retention-export',
            recordId: 'rec-C',
            content: { rows: 2 },
          },
        ]),
      );
      await recordErasure('rec-A');
      // Retention keeps content an entry about something else shares; the database refuses it
      // only when the entry named is not about a deleted record. The entry kept is then found.
      await expect(eraseFor(7)).rejects.toThrow(/erased only by a retention deletion/);
      await eraseFor(6);
      await appendDeletion('rec-A');
      expect((await verifyAudit(storage)).problems).toEqual([{ seq: 7, problem: REMOVED }]);
    });

    test('an entry written after its content was erased under retention (the same content) verifies', async () => {
      // A record exported and deleted; another record's export, later, has the same content, which
      // is already erased: that entry never held it.
      await storage.transaction((tx) =>
        appendAudit(tx, [
          {
            userId: 'u-admin',
            action: 'admin:retention-export',
            recordId: 'rec-A',
            content: { rows: 2 },
          },
        ]),
      );
      await recordErasure('rec-A');
      await eraseFor(6);
      await appendDeletion('rec-A');
      await storage.transaction((tx) =>
        appendAudit(tx, [
          {
            userId: 'u-admin',
            action: 'admin:retention-export',
            recordId: 'rec-B',
            content: { rows: 2 },
          },
        ]),
      );
      expect(await contentOf(8)).toBeNull();
      await expect(verifyAudit(storage)).resolves.toEqual({ ok: true, entries: 8, problems: [] });
    });

    test('an entry written after its content was removed outside a retention deletion is found too', async () => {
      const exportOf = (recordId: string) =>
        storage.transaction((tx) =>
          appendAudit(tx, [
            { userId: 'u-admin', action: 'admin:retention-export', recordId, content: { rows: 2 } },
          ]),
        );
      await exportOf('rec-A');
      await pastTheGuard(storage, () => setContent(6, null));
      await exportOf('rec-B');
      expect((await verifyAudit(storage)).problems).toEqual([
        { seq: 6, problem: REMOVED },
        { seq: 7, problem: REMOVED },
      ]);
    });

    test("a CSV export's link to a record it held neither lets its content be erased nor accounts for it", async () => {
      // The export names none of its records in its content: a deletion leaves it.
      await storage.transaction((tx) =>
        appendAudit(tx, [
          {
            userId: 'u-admin',
            action: 'export',
            included: ['rec-X'],
            content: { file: 'observations', rows: 1 },
          },
        ]),
      );
      await recordErasure('rec-X');
      await expect(eraseFor(6)).rejects.toThrow(/erased only by a retention deletion/);
      await pastTheGuard(storage, () => eraseFor(6));
      await appendDeletion('rec-X');
      expect((await verifyAudit(storage)).problems).toEqual([{ seq: 6, problem: REMOVED }]);
    });

    test('verification reads in pages: an erasure on any page is judged by the whole trail', async () => {
      await recordErasure('rec-0001');
      await eraseFor(2);
      await appendDeletion('rec-0001');
      await pastTheGuard(storage, () => setContent(4, null));
      await expect(verifyAudit(storage, 2)).resolves.toEqual({
        ok: false,
        entries: 6,
        problems: [{ seq: 4, problem: REMOVED }],
      });
    });
  });
}

// The audit trail on every engine: appended in order, verified end to end, and any edit, removal
// or truncation is found; erasing content under retention is not a break.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { appendAudit } from '../../sync-server/src/audit/append';
import { verifyAudit } from '../../sync-server/src/audit/verify';
import { openStorage } from '../../sync-server/src/storage/storage';
import type { Storage } from '../../sync-server/src/storage/storage';
import { ENGINES } from '../helpers/engines';

for (const engine of ENGINES) {
  const available = (await engine.create()) !== null;
  describe.skipIf(!available)(`audit trail on ${engine.name}`, () => {
    let storage: Storage;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      const f = (await engine.create())!;
      dispose = f.dispose;
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
      await sql`update audit_content set body = '{"after":{"summary.notes":"rewritten"}}' where hash = (select content_hash from audit_log where seq = 2)`.execute(
        storage.db,
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

    test('content erased under a retention rule leaves the chain verifiable', async () => {
      await sql`update audit_content set body = null where hash = (select content_hash from audit_log where seq = 2)`.execute(
        storage.db,
      );
      await expect(verifyAudit(storage)).resolves.toEqual({ ok: true, entries: 5, problems: [] });
    });
  });
}

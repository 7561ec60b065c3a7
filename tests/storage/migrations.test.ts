import fs from 'node:fs';
import path from 'node:path';
import { Migrator, sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../../sync-server/src/storage/database';
import type { FieldValue } from '../../schemas/entities/field-value';
import { templateItems } from '../../schemas/entities/template';
import { builtInTemplates, latestTemplate } from '../../schemas/templates/catalogue';
import { stampedTimescales, timescalesStamp } from '../../schemas/timescales';
import { REPORT_ROWS_VERSION, rebuildReportRows } from '../../sync-server/src/reports/report-rows';
import { REPORT_ROWS_VERSION_KEY } from '../../sync-server/src/reports/report-rows-version';
import { queryTallies } from '../../sync-server/src/reports/quarterly';
import { writeLocalSettings } from '../../sync-server/src/settings/local-settings';
import { afterAll, describe, expect, test } from 'vitest';
import { appendAudit } from '../../sync-server/src/audit/append';
import type { AuditEvent } from '../../sync-server/src/audit/append';
import { verifyAudit } from '../../sync-server/src/audit/verify';
import { openKysely } from '../../sync-server/src/storage/engines';
import { migrations } from '../../sync-server/src/storage/migrations/catalogue';
import { openStorage } from '../../sync-server/src/storage/storage';
import { ENGINES } from '../helpers/engines';
import { lockSequence } from '../../sync-server/src/sync/sequence';

// Numbers were handed out to branches in advance. 0005 went to the quality assurance work (the
// reporting tables and the notification outbox) and 0007 to 0009 to the operators' work; 0006 was
// reserved and never used. 0010 to 0012 went to the programme, administration screens and
// oversight screens, 0013 to device protection (key recovery, recovery files), 0014 to push speed, 0015 to reminders of unacknowledged safety concerns, 0016 to working out meeting timeliness again, 0017 to reminders cancelled by an acknowledgement, 0018 to team names unique whatever their letter case, 0019 to deleting the key recovery of devices revoked before revoking did, 0020 to plans made once however often they are sent, 0021 to audit entries linked to the records their content names, 0022 to exports linked to the records they held, 0023 to audit content erased only under retention, 0024 to concerns settled only by a director's acknowledgement, 0025 to reminders repeated in rounds, 0026 to meetings judged by the timescales in force when their observation was first submitted, 0027 to the weekly email of overdue improvement actions, 0028 to counting good practice acknowledged in the quarterly report. A number is never reused or given to another migration: a database
// records the names it has run.
const EXPECTED = [
  '0001-settings',
  '0002-accounts',
  '0003-sync',
  '0004-audit',
  '0005-reports-and-notifications',
  '0007-single-sign-on',
  '0008-retention',
  '0009-local-templates',
  '0013-recovery',
  '0014-lz4-compression',
  '0015-concern-reminders',
  '0016-meeting-timeliness',
  '0017-cancelled-reminders',
  '0018-scope-names-any-case',
  '0019-revoked-device-keys',
  '0020-programme-plans',
  '0021-audit-record-links',
  '0022-audit-included-records',
  '0023-audit-content-guard',
  '0024-director-acknowledges-concerns',
  '0025-reminder-rounds',
  '0026-submitted-timescales',
  '0027-action-digests',
  '0028-good-practice-counted',
];

test('the catalogue is exactly these migrations, in this order', () => {
  expect(Object.keys(migrations)).toEqual(EXPECTED);
});

test('migrations are numbered from 0001, each number once, in increasing order', () => {
  const names = Object.keys(migrations);
  expect(names[0]!.slice(0, 4)).toBe('0001');
  names.forEach((name, i) => {
    expect(name).toMatch(/^\d{4}-[a-z0-9-]+$/);
    if (i > 0) {
      expect(Number.parseInt(name.slice(0, 4), 10)).toBeGreaterThan(
        Number.parseInt(names[i - 1]!.slice(0, 4), 10),
      );
    }
  });
});

test('every migration file is in the catalogue, and nothing else is', () => {
  const dir = path.resolve('sync-server/src/storage/migrations');
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}-.+\.ts$/.test(f))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
  expect(files).toEqual(Object.keys(migrations));
});

/** The outbox's own indexes (not the primary key's), by name. */
async function outboxIndexes(db: Kysely<Database>, engine: 'sqlite' | 'postgres') {
  const indexes =
    engine === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master
          where type = 'index' and tbl_name = 'notification_outbox'
          and name not like 'sqlite_autoindex%'`.execute(db)
      : await sql<{ name: string }>`select indexname as name from pg_indexes
          where tablename = 'notification_outbox' and indexname <> 'notification_outbox_pkey'`.execute(
          db,
        );
  return indexes.rows.map((r) => r.name).sort();
}

// 0017 changes only the outbox's status check; on SQLite that means rebuilding the table, so the
// rows, the indexes (the one reminder per recipient among them) and the other checks must survive.
for (const engine of ENGINES) {
  const fixture = await engine.create();
  describe.skipIf(fixture === null)(`0017 on ${engine.name}`, () => {
    afterAll(async () => fixture?.dispose());

    test('the outbox keeps its rows and indexes, and a notification may now be cancelled', async () => {
      const db = openKysely(fixture!.target);
      try {
        const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
        const before = await migrator.migrateTo('0016-meeting-timeliness');
        expect(before.error).toBeUndefined();
        const row = {
          id: 'n-1',
          concern_id: 'c-1',
          scope_id: 's-1',
          channel: 'email',
          recipient: 'director@example.org',
          reason: 'director',
          kind: 'overdue',
          status: 'pending',
          attempts: 2,
          created_at: '2026-05-05T13:05:00.000Z',
          next_attempt_at: '2026-05-05T13:10:00.000Z',
          claimed_until: null,
          claim_token: null,
          last_attempt_at: '2026-05-05T13:06:00.000Z',
          delivered_at: null,
          last_error: 'ECONNREFUSED',
        } as const;
        await db.insertInto('notification_outbox').values(row).execute();
        const cancel = () =>
          db
            .updateTable('notification_outbox')
            .set({ status: 'cancelled' })
            .where('id', '=', 'n-1')
            .execute();
        await expect(cancel()).rejects.toThrow();

        const after = await migrator.migrateTo('0017-cancelled-reminders');
        expect(after.error).toBeUndefined();
        expect(after.results?.map((r) => r.migrationName)).toEqual(['0017-cancelled-reminders']);
        await expect(db.selectFrom('notification_outbox').selectAll().execute()).resolves.toEqual([
          row,
        ]);
        await cancel();
        const status = (s: string) =>
          sql`update notification_outbox set status = ${s} where id = 'n-1'`.execute(db);
        await expect(status('lost')).rejects.toThrow();
        // Still one reminder per recipient and channel; a second `raised` row is allowed.
        await expect(
          db
            .insertInto('notification_outbox')
            .values({ ...row, id: 'n-2' })
            .execute(),
        ).rejects.toThrow();
        await db
          .insertInto('notification_outbox')
          .values({ ...row, id: 'n-3', kind: 'raised' })
          .execute();
        await expect(
          db
            .insertInto('notification_outbox')
            .values({ ...row, id: 'n-4', kind: 'later' as 'raised' })
            .execute(),
        ).rejects.toThrow();
        expect(await outboxIndexes(db, engine.name)).toEqual([
          'notification_outbox_concern',
          'notification_outbox_due',
          'notification_outbox_one_reminder',
        ]);
      } finally {
        await db.destroy();
      }
    });
  });
}

// 0019 deletes the key recovery of registrations revoked before revoking deleted it, and only those.
for (const engine of ENGINES) {
  const fixture = await engine.create();
  describe.skipIf(fixture === null)(`0019 on ${engine.name}`, () => {
    afterAll(async () => fixture?.dispose());

    test('a revoked registration loses its key recovery; a live one keeps it', async () => {
      const db = openKysely(fixture!.target);
      try {
        const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
        expect((await migrator.migrateTo('0018-scope-names-any-case')).error).toBeUndefined();
        const at = '2026-05-05T13:05:00.000Z';
        await db
          .insertInto('users')
          .values({
            id: 'u-1',
            email: 'observer@example.org',
            display_name: 'An observer',
            role: 'observer',
            password_hash: 'x',
            status: 'active',
            failed_sign_ins: 0,
            created_at: at,
            updated_at: at,
          } as never)
          .execute();
        for (const [id, revoked] of [
          ['d-live', null],
          ['d-lost', at],
        ] as const) {
          await db
            .insertInto('devices')
            .values({
              id,
              user_id: 'u-1',
              name: id,
              created_at: at,
              last_seen_at: at,
              unsent_reported: 0,
              revoked_at: revoked,
              revoked_by: revoked ? 'admin-command' : null,
            } as never)
            .execute();
          await db
            .insertInto('device_recovery_keys')
            .values({ device_id: id, key: `key-of-${id}`, created_at: at })
            .execute();
        }
        expect((await migrator.migrateTo('0019-revoked-device-keys')).error).toBeUndefined();
        await expect(
          db.selectFrom('device_recovery_keys').select(['device_id', 'key']).execute(),
        ).resolves.toEqual([{ device_id: 'd-live', key: 'key-of-d-live' }]);
      } finally {
        await db.destroy();
      }
    });
  });
}

// 0021 links the entries already written to the records their content names, and erases what a
// retention deletion would have erased had the links been there: entries naming a record already
// deleted, and a subject access about a case that found nothing (the case ID in clear).
for (const engine of ENGINES) {
  const fixture = await engine.create();
  describe.skipIf(fixture === null)(`0021 on ${engine.name}`, () => {
    afterAll(async () => fixture?.dispose());

    test('entries naming records are linked to them; those about erased records lose their content', async () => {
      const db = openKysely(fixture!.target);
      try {
        const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
        expect((await migrator.migrateTo('0020-programme-plans')).error).toBeUndefined();
        const entries = [
          ['read', null, { records: ['r-gone', 'r-kept'], view: 'pull' }],
          ['read', null, { records: ['r-kept', 'r-other'] }],
          ['admin:subject-access', null, { subject: { caseId: 'CASE-777' }, records: [] }],
          ['admin:subject-access', null, { subject: { caseId: 'CASE-888' }, records: ['r-gone'] }],
          ['admin:subject-access', 'u-1', { subject: { userId: 'u-1' }, records: ['r-kept'] }],
          ['create', 'r-gone', { fields: { 'context.caseId': 'CASE-888' } }],
          ['admin:retention-delete', 'r-gone', { kind: 'frontline-practice', rows: 1 }],
        ] as const;
        for (const [i, [action, recordId, content]] of entries.entries()) {
          const body = JSON.stringify(content);
          const hash = `h-${i}`;
          await db.insertInto('audit_content').values({ hash, body }).execute();
          await db
            .insertInto('audit_log')
            .values({
              seq: i + 1,
              at: '2026-01-01T00:00:00.000Z',
              user_id: 'u-admin',
              device_id: null,
              action,
              record_id: recordId,
              content_hash: hash,
              prev_hash: 'p',
              entry_hash: 'e',
            })
            .execute();
        }
        await db
          .insertInto('retention_erasures')
          .values({
            record_id: 'r-gone',
            root_id: 'r-gone',
            kind: 'frontline-practice',
            erased_at: '2026-01-02T00:00:00.000Z',
            erased_by: 'u-admin',
          })
          .execute();

        expect((await migrator.migrateTo('0021-audit-record-links')).error).toBeUndefined();
        const links = await db
          .selectFrom('audit_records')
          .select(['record_id', 'seq'])
          .orderBy('seq')
          .orderBy('record_id')
          .execute();
        expect(links.map((l) => [l.record_id, Number(l.seq)])).toEqual([
          ['r-gone', 1],
          ['r-kept', 1],
          ['r-kept', 2],
          ['r-other', 2],
          ['r-gone', 4],
          ['r-kept', 5],
        ]);
        const bodies = await db
          .selectFrom('audit_content')
          .select(['hash', 'body'])
          .orderBy('hash')
          .execute();
        const erased = bodies.filter((b) => b.body === null).map((b) => b.hash);
        expect(erased.sort()).toEqual(['h-0', 'h-2', 'h-3', 'h-5']);
        const key = await db
          .selectFrom('server_keys')
          .select('private_key')
          .where('purpose', '=', 'audit-case-key')
          .executeTakeFirstOrThrow();
        expect(Buffer.from(key.private_key, 'base64url')).toHaveLength(32);
      } finally {
        await db.destroy();
      }
    });
  });
}

// 0023 guards audit content: from then on a body may only be erased under a retention deletion,
// and never changed. What 0021 erased without a deletion after the entry to account for it (a
// subject access about a case that found nothing, an entry about a record written after its
// deletion) is recorded, so verify-audit goes on accepting it; content removed any other way
// before 0023 is not, and verify-audit reports it.
for (const engine of ENGINES) {
  const fixture = await engine.create();
  describe.skipIf(fixture === null)(`0023 on ${engine.name}`, () => {
    afterAll(async () => fixture?.dispose());

    test('records what 0021 erased, and from then on content is erased only under retention', async () => {
      const db = openKysely(fixture!.target);
      try {
        const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
        expect((await migrator.migrateTo('0020-programme-plans')).error).toBeUndefined();
        const entries = [
          ['read', null, { records: ['r-gone', 'r-kept'], view: 'pull' }],
          ['read', null, { records: ['r-kept', 'r-other'] }],
          ['admin:subject-access', null, { subject: { caseId: 'CASE-777' }, records: [] }],
          ['admin:subject-access', null, { subject: { caseId: 'CASE-888' }, records: ['r-gone'] }],
          ['admin:subject-access', 'u-1', { subject: { userId: 'u-1' }, records: ['r-kept'] }],
          ['create', 'r-gone', { fields: { 'context.caseId': 'CASE-888' } }],
          ['admin:retention-delete', 'r-gone', { kind: 'frontline-practice', rows: 1 }],
          ['admin:audit-read', 'r-gone', { entries: 7 }],
          ['update', 'r-kept', { after: { 'summary.notes': 'kept' } }],
        ] as const;
        for (const [i, [action, recordId, content]] of entries.entries()) {
          const hash = `h-${i}`;
          await db
            .insertInto('audit_content')
            .values({ hash, body: JSON.stringify(content) })
            .execute();
          await db
            .insertInto('audit_log')
            .values({
              seq: i + 1,
              at: '2026-01-01T00:00:00.000Z',
              user_id: 'u-admin',
              device_id: null,
              action,
              record_id: recordId,
              content_hash: hash,
              prev_hash: 'p',
              entry_hash: 'e',
            })
            .execute();
        }
        await db
          .insertInto('retention_erasures')
          .values({
            record_id: 'r-gone',
            root_id: 'r-gone',
            kind: 'frontline-practice',
            erased_at: '2026-01-02T00:00:00.000Z',
            erased_by: 'u-admin',
          })
          .execute();
        expect((await migrator.migrateTo('0021-audit-record-links')).error).toBeUndefined();
        const erased = async () =>
          (
            await db
              .selectFrom('audit_content')
              .select('hash')
              .where('body', 'is', null)
              .orderBy('hash')
              .execute()
          ).map((r) => r.hash);
        expect(await erased()).toEqual(['h-0', 'h-2', 'h-3', 'h-5', 'h-7']);
        // Removed by someone before the guard: no deletion accounts for it.
        await sql`update audit_content set body = null where hash = 'h-8'`.execute(db);

        expect((await migrator.migrateTo('0023-audit-content-guard')).error).toBeUndefined();
        const recorded = await sql<{ hash: string }>`
          select hash from audit_migration_erasures order by hash`.execute(db);
        expect(recorded.rows.map((r) => r.hash)).toEqual(['h-2', 'h-7']);
        // Content a deletion erased names the first entry holding it that the deletion accounts for.
        const named = await sql<{ hash: string; erased_for: number | null }>`
          select hash, erased_for from audit_content where body is null order by hash`.execute(db);
        expect(named.rows.map((r) => [r.hash, r.erased_for && Number(r.erased_for)])).toEqual([
          ['h-0', 1],
          ['h-2', null],
          ['h-3', 4],
          ['h-5', 6],
          ['h-7', null],
          ['h-8', null],
        ]);

        const setBody = (hash: string, body: string | null, erasedFor?: number) =>
          erasedFor === undefined
            ? sql`update audit_content set body = ${body} where hash = ${hash}`.execute(db)
            : sql`update audit_content set body = ${body}, erased_for = ${erasedFor}
                where hash = ${hash}`.execute(db);
        // Naming no entry, or one about records not deleted (by record_id, or linked through
        // audit_records), or one that does not hold the content: refused.
        await expect(setBody('h-1', null)).rejects.toThrow(/erased only by a retention deletion/);
        await expect(setBody('h-1', null, 2)).rejects.toThrow(
          /erased only by a retention deletion/,
        );
        await expect(setBody('h-4', null, 5)).rejects.toThrow(
          /erased only by a retention deletion/,
        );
        await expect(setBody('h-4', null, 1)).rejects.toThrow(
          /erased only by a retention deletion/,
        );
        // Never changed, never put back, its hash never moved.
        await expect(setBody('h-6', '{"kind":"other"}')).rejects.toThrow(/never changed/);
        await expect(setBody('h-0', '{"records":[]}')).rejects.toThrow(/never changed/);
        await expect(
          sql`update audit_content set hash = 'h-99' where hash = 'h-6'`.execute(db),
        ).rejects.toThrow(/never changed/);
        // Content no entry holds cannot be erased either.
        await db.insertInto('audit_content').values({ hash: 'h-orphan', body: '{}' }).execute();
        await expect(setBody('h-orphan', null, 1)).rejects.toThrow(
          /erased only by a retention deletion/,
        );
        // Once r-kept is deleted under retention, what names it may be erased.
        await db
          .insertInto('retention_erasures')
          .values({
            record_id: 'r-kept',
            root_id: 'r-kept',
            kind: 'frontline-practice',
            erased_at: '2026-02-02T00:00:00.000Z',
            erased_by: 'u-admin',
          })
          .execute();
        await setBody('h-1', null, 2);
        await setBody('h-4', null, 5);
        expect(await erased()).toEqual(['h-0', 'h-1', 'h-2', 'h-3', 'h-4', 'h-5', 'h-7', 'h-8']);
      } finally {
        await db.destroy();
      }
    });
  });
}

// A trail written before 0021, with a real chain, upgraded through 0023: verify-audit accepts what a
// deletion or 0021 erased, and reports content removed before the guard by anything else.
for (const engine of ENGINES) {
  const fixture = await engine.create();
  describe.skipIf(fixture === null)(
    `a trail upgraded through 0021 to 0023 on ${engine.name}`,
    () => {
      afterAll(async () => fixture?.dispose());

      test('what a deletion or 0021 erased verifies; content removed otherwise is reported', async () => {
        const storage = openStorage(fixture!.target);
        try {
          const migrator = new Migrator({
            db: storage.db,
            provider: { getMigrations: async () => migrations },
          });
          expect((await migrator.migrateTo('0020-programme-plans')).error).toBeUndefined();
          const entries: AuditEvent[] = [
            { userId: 'u-1', action: 'create', recordId: 'r-gone', content: { after: { n: 1 } } },
            { userId: 'u-1', action: 'create', recordId: 'r-kept', content: { after: { n: 2 } } },
            {
              userId: 'u-admin',
              action: 'admin:subject-access',
              content: { subject: { caseId: 'CASE-777' }, records: [] },
            },
            {
              userId: 'u-admin',
              action: 'admin:retention-delete',
              recordId: 'r-gone',
              content: {},
            },
            {
              userId: 'u-admin',
              action: 'admin:audit-read',
              recordId: 'r-gone',
              content: { entries: 2 },
            },
            { userId: 'u-1', action: 'update', recordId: 'r-kept', content: { after: { n: 3 } } },
          ];
          await storage.transaction((tx) => appendAudit(tx, entries));
          // The deletion as retention made it then, and content removed by someone else.
          await storage.db
            .insertInto('retention_erasures')
            .values({
              record_id: 'r-gone',
              root_id: 'r-gone',
              kind: 'frontline-practice',
              erased_at: '2026-01-02T00:00:00.000Z',
              erased_by: 'u-admin',
            })
            .execute();
          for (const seq of [1, 6]) {
            await sql`update audit_content set body = null
            where hash = (select content_hash from audit_log where seq = ${seq})`.execute(
              storage.db,
            );
          }

          expect(await storage.migrate()).toEqual([
            '0021-audit-record-links',
            '0022-audit-included-records',
            '0023-audit-content-guard',
            '0024-director-acknowledges-concerns',
            '0025-reminder-rounds',
            '0026-submitted-timescales',
            '0027-action-digests',
            '0028-good-practice-counted',
          ]);
          const erased = await sql<{ seq: number }>`select l.seq from audit_log l
          join audit_content c on c.hash = l.content_hash where c.body is null order by l.seq`.execute(
            storage.db,
          );
          expect(erased.rows.map((r) => Number(r.seq))).toEqual([1, 3, 5, 6]);
          await expect(verifyAudit(storage)).resolves.toEqual({
            ok: false,
            entries: 6,
            problems: [{ seq: 6, problem: 'its content was removed outside a retention deletion' }],
          });
        } finally {
          await storage.close();
        }
      });
    },
  );
}

// 0024: only a director's acknowledgement settles a safety concern. A concern a QA lead or head of
// service acknowledged before is unsettled again, their acknowledgement kept beside it; one a
// director acknowledged, or nobody did, is left alone. Each change reaches tablets by pull (a new
// sequence number) and is an audit entry of its own, on a chain that still verifies.
for (const engine of ENGINES) {
  const fixture = await engine.create();
  describe.skipIf(fixture === null)(`0024 on ${engine.name}`, () => {
    afterAll(async () => fixture?.dispose());

    test('a concern acknowledged by someone other than a director is unsettled again, their acknowledgement kept', async () => {
      const storage = openStorage(fixture!.target);
      try {
        const db = storage.db;
        const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
        expect((await migrator.migrateTo('0023-audit-content-guard')).error).toBeUndefined();
        const now = '2026-05-01T09:00:00.000Z';
        const users = [
          ['user-director-1', 'director'],
          ['user-qa-lead-1', 'qa-lead'],
          ['user-head-1', 'head-of-service'],
          ['user-observer-1', 'observer'],
        ] as const;
        await db
          .insertInto('users')
          .values(
            users.map(([id, role]) => ({
              id,
              email: `${id}@example.org`,
              display_name: id,
              role,
              password_hash: null,
              status: 'active',
              failed_sign_ins: 0,
              locked_until: null,
              created_at: now,
              updated_at: now,
            })),
          )
          .execute();
        await db
          .insertInto('scopes')
          .values({
            id: 'scope-group-1',
            name: 'Group',
            kind: 'service',
            parent_id: null,
            created_at: now,
          })
          .execute();
        const concern = (id: string, ack: Record<string, string>, seq: number) => ({
          id,
          type: 'safety-concern',
          scope_id: 'scope-group-1',
          parent_id: null,
          root_id: id,
          owner_id: 'user-observer-1',
          root_owner_id: 'user-observer-1',
          seq,
          deleted: 0,
          fields: JSON.stringify({
            caseId: 'AB-1234',
            what: 'Bruising seen.',
            raisedAt: now,
            raisedBy: 'user-observer-1',
            receivedAt: now,
            'whoWasTold.0.name': 'Pat Duty',
            'whoWasTold.0.role': 'Duty manager',
            'whoWasTold.0.at': now,
            ...ack,
          }),
          field_meta: '{}',
          created_at: now,
          updated_at: now,
        });
        const ackBy = (by: string) => ({
          acknowledgedBy: by,
          acknowledgedAt: '2026-05-01T10:00:00.000Z',
        });
        await db
          .insertInto('records')
          .values([
            concern('concern-by-qa-lead', ackBy('user-qa-lead-1'), 1),
            concern('concern-by-head', ackBy('user-head-1'), 2),
            concern('concern-by-director', ackBy('user-director-1'), 3),
            concern('concern-nobody', {}, 4),
          ])
          .execute();
        await db.updateTable('sync_counter').set({ seq: 4 }).where('id', '=', 1).execute();

        expect(
          (await migrator.migrateTo('0024-director-acknowledges-concerns')).error,
        ).toBeUndefined();
        const rows = await db
          .selectFrom('records')
          .select(['id', 'seq', 'fields'])
          .orderBy('id')
          .execute();
        const byId = new Map(
          rows.map((r) => [r.id, { seq: Number(r.seq), f: JSON.parse(r.fields) }]),
        );
        const moved = (id: string, by: string, role: string) => {
          const r = byId.get(id)!;
          expect(r.f['acknowledgedBy']).toBeUndefined();
          expect(r.f['acknowledgedAt']).toBeUndefined();
          expect(r.f).toMatchObject({
            'alsoAcknowledged.0.by': by,
            'alsoAcknowledged.0.role': role,
            'alsoAcknowledged.0.at': '2026-05-01T10:00:00.000Z',
            'whoWasTold.0.name': 'Pat Duty',
          });
          return r.seq;
        };
        // Moved past every sequence number a tablet may hold, so the next pull brings them.
        expect(
          [
            moved('concern-by-head', 'user-head-1', 'head-of-service'),
            moved('concern-by-qa-lead', 'user-qa-lead-1', 'qa-lead'),
          ].sort(),
        ).toEqual([5, 6]);
        expect(byId.get('concern-by-director')).toMatchObject({
          seq: 3,
          f: { acknowledgedBy: 'user-director-1' },
        });
        expect(byId.get('concern-nobody')!.seq).toBe(4);
        expect(byId.get('concern-nobody')!.f['alsoAcknowledged.0.by']).toBeUndefined();

        const trail = await db
          .selectFrom('audit_log')
          .select(['user_id', 'action', 'record_id'])
          .orderBy('seq')
          .execute();
        expect(trail).toEqual([
          {
            user_id: 'migration:0024',
            action: 'concern-acknowledgement-not-director',
            record_id: 'concern-by-head',
          },
          {
            user_id: 'migration:0024',
            action: 'concern-acknowledgement-not-director',
            record_id: 'concern-by-qa-lead',
          },
        ]);
        await expect(verifyAudit(storage)).resolves.toMatchObject({ ok: true, entries: 2 });
      } finally {
        await storage.close();
      }
    });
  });
}

// 0025 numbers the rounds of reminders: every row already written is round 1 (the one reminder
// there was), and the unique key moves from (concern, channel, recipient) to that and the round.
for (const engine of ENGINES) {
  const fixture = await engine.create();
  describe.skipIf(fixture === null)(`0025 on ${engine.name}`, () => {
    afterAll(async () => fixture?.dispose());

    test('rows already written are round 1; a later round is a row of its own, each round once', async () => {
      const db = openKysely(fixture!.target);
      try {
        const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
        expect(
          (await migrator.migrateTo('0024-director-acknowledges-concerns')).error,
        ).toBeUndefined();
        const row = {
          id: 'n-1',
          concern_id: 'c-1',
          scope_id: 's-1',
          channel: 'email',
          recipient: 'director@example.org',
          reason: 'director',
          kind: 'overdue',
          status: 'delivered',
          attempts: 1,
          created_at: '2026-05-05T17:05:00.000Z',
          next_attempt_at: '2026-05-05T17:05:00.000Z',
          claimed_until: null,
          claim_token: null,
          last_attempt_at: '2026-05-05T17:05:01.000Z',
          delivered_at: '2026-05-05T17:05:01.000Z',
          last_error: null,
        } as const;
        await db
          .insertInto('notification_outbox')
          .values([row, { ...row, id: 'n-0', kind: 'raised' }])
          .execute();

        const after = await migrator.migrateTo('0025-reminder-rounds');
        expect(after.error).toBeUndefined();
        expect(after.results?.map((r) => r.migrationName)).toEqual(['0025-reminder-rounds']);
        const rows = await db.selectFrom('notification_outbox').selectAll().orderBy('id').execute();
        expect(rows).toEqual([
          { ...row, id: 'n-0', kind: 'raised', round: 1 },
          { ...row, round: 1 },
        ]);
        const insert = (id: string, over: Record<string, unknown>) =>
          db
            .insertInto('notification_outbox')
            .values({ ...row, id, ...over } as never)
            .execute();
        // Round 1 again for the same recipient and channel: refused, as before.
        await expect(insert('n-2', {})).rejects.toThrow();
        await expect(insert('n-3', { round: 1 })).rejects.toThrow();
        // The second round, then the second again, then a round that is not one.
        await insert('n-4', { round: 2 });
        await expect(insert('n-5', { round: 2 })).rejects.toThrow();
        await expect(insert('n-6', { round: 0 })).rejects.toThrow();
        // The same round on the other channel, and `raised` rows, are unaffected.
        await insert('n-7', { round: 2, channel: 'webhook', recipient: 'webhook' });
        await insert('n-8', { kind: 'raised' });
        expect(await outboxIndexes(db, engine.name)).toEqual([
          'notification_outbox_concern',
          'notification_outbox_due',
          'notification_outbox_one_reminder_a_round',
        ]);
      } finally {
        await db.destroy();
      }
    });
  });
}

// 0026: a meeting is judged by the timescales in force when its observation was first submitted,
// stamped on it. Observations submitted before are stamped at the upgrade with the timescales in
// force then (drafts, deletions and child rows are left alone, as is a stamp already there); each
// reaches tablets by pull and is an audit entry, on a chain that still verifies. The key of the
// settings report rows were once worked out with is gone; the rows are worked out again after the
// last migration, their due dates from the stamps, even rows left behind by a settings change no
// report had caught up with.
for (const engine of ENGINES) {
  const fixture = await engine.create();
  describe.skipIf(fixture === null)(`0026 on ${engine.name}`, () => {
    afterAll(async () => fixture?.dispose());

    test('submitted observations are stamped with the timescales in force at the upgrade, and the report follows the stamps', async () => {
      const storage = openStorage(fixture!.target);
      try {
        const db = storage.db;
        const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
        expect((await migrator.migrateTo('0025-reminder-rounds')).error).toBeUndefined();
        const now = '2026-07-11T09:00:00.000Z';
        const template = latestTemplate('cp-conference-chairing')!;
        // A first review conference held on 10 July 2026, the initial conference on 10 April:
        // in time within 3 months (due 10 July), a day late within 90 days (due 9 July).
        const meeting = {
          kind: 'cp-conference-chairing',
          templateId: template.id,
          templateVersion: template.version,
          'context.date': '2026-07-10',
          'responses.conference-type.value': 'review',
          'responses.initial-conference-date.value': '2026-04-10',
        };
        const earlier = timescalesStamp({ icpc: { unit: 'working-days', amount: 12 } });
        const sent = { submittedAt: now };
        await db
          .insertInto('records')
          .values([
            recordRow('obs-1-submitted', 1, { ...meeting, ...sent, status: 'submitted' }),
            recordRow('obs-2-returned', 2, { ...meeting, ...sent, status: 'returned' }),
            recordRow('obs-3-closed', 3, { ...meeting, ...sent, status: 'closed' }),
            recordRow('obs-4-draft', 4, { ...meeting, status: 'draft' }),
            recordRow('obs-5-deleted', 5, { status: 'draft' }, { deleted: 1 }),
            recordRow('obs-6-stamped', 6, {
              ...meeting,
              ...sent,
              status: 'moderated',
              submittedTimescales: earlier,
            }),
            recordRow(
              'act-1',
              7,
              { what: 'Book the review', status: 'open' },
              { type: 'action', parent_id: 'obs-1-submitted', root_id: 'obs-1-submitted' },
            ),
          ])
          .execute();
        await db.updateTable('sync_counter').set({ seq: 7 }).where('id', '=', 1).execute();
        // The row of obs-1 as a report last left it, under 3 months (with the key of those
        // settings, as the release before wrote it); then an administrator set 90 days and no
        // report has been read since.
        await db
          .insertInto('report_observations')
          .values(
            legacyReportRow('obs-1-submitted', {
              kind: 'cp-conference-chairing',
              template_id: template.id,
              template_version: template.version,
              meeting: 1,
              due_date: '2026-07-10',
              timescales_key: 'key-of-the-settings-before',
            }) as never,
          )
          .execute();
        const dueOf = async (id: string) =>
          (
            await db
              .selectFrom('report_observations')
              .select('due_date')
              .where('observation_id', '=', id)
              .executeTakeFirstOrThrow()
          ).due_date;
        const ninety = {
          'first-review-conference': { unit: 'calendar-days', amount: 90 },
        } as const;
        await writeLocalSettings(storage, { timescales: ninety });
        const before = new Map(
          (await db.selectFrom('records').select(['id', 'seq', 'fields']).execute()).map((r) => [
            r.id,
            r,
          ]),
        );

        expect((await migrator.migrateTo('0026-submitted-timescales')).error).toBeUndefined();
        const rows = await db
          .selectFrom('records')
          .select(['id', 'seq', 'fields'])
          .orderBy('id')
          .execute();
        const after = new Map(rows.map((r) => [r.id, r]));
        const stamped = ['obs-1-submitted', 'obs-2-returned', 'obs-3-closed'];
        const inForce = timescalesStamp(ninety);
        for (const id of stamped) {
          const r = after.get(id)!;
          const f = JSON.parse(r.fields) as Record<string, FieldValue>;
          expect(f).toEqual({
            ...(JSON.parse(before.get(id)!.fields) as object),
            submittedTimescales: inForce,
          });
          expect(stampedTimescales(f['submittedTimescales'])).toMatchObject(ninety);
          // Past every sequence number a tablet may hold, so the next pull brings it.
          expect(Number(r.seq)).toBe(8);
        }
        for (const id of ['obs-4-draft', 'obs-5-deleted', 'obs-6-stamped', 'act-1']) {
          expect(after.get(id)).toEqual(before.get(id));
        }

        // The key of the settings a row was worked out with is gone; the row itself is as it was
        // until the rows are worked out again, after the last migration.
        const row = await db
          .selectFrom('report_observations')
          .selectAll()
          .where('observation_id', '=', 'obs-1-submitted')
          .executeTakeFirstOrThrow();
        expect(Object.keys(row)).not.toContain('timescales_key');
        expect(await dueOf('obs-1-submitted')).toBe('2026-07-10');

        // Judged by their stamps: 90 days for those stamped now, the earlier stamp's 3 months for
        // the one stamped before.
        await storage.migrate();
        expect(await dueOf('obs-1-submitted')).toBe('2026-07-09');
        expect(await dueOf('obs-3-closed')).toBe('2026-07-09');
        expect(await dueOf('obs-6-stamped')).toBe('2026-07-10');
        // As the records say: working the rows out again from them changes nothing.
        const migrated = await reportTables(db);
        await rebuildReportRows(db, { timescales: ninety, templates: builtInTemplates });
        expect(await reportTables(db)).toEqual(migrated);
        expect(migrated.observations.map((r) => r.observation_id)).toEqual([
          'obs-1-submitted',
          'obs-2-returned',
          'obs-3-closed',
          'obs-6-stamped',
        ]);

        const trail = await db
          .selectFrom('audit_log')
          .select(['user_id', 'action', 'record_id'])
          .orderBy('seq')
          .execute();
        expect(trail).toEqual(
          stamped.map((id) => ({
            user_id: 'migration:0026',
            action: 'timescales-stamped-at-upgrade',
            record_id: id,
          })),
        );
        await expect(verifyAudit(storage)).resolves.toMatchObject({ ok: true, entries: 3 });
      } finally {
        await storage.close();
      }
    });
  });
}

// 0027 lets the outbox carry the weekly digest of overdue improvement actions: rows already
// written are kept as they were (no digest), a digest row names no concern or team, and each
// recipient has one digest a round; concern rows and their reminder rounds are unaffected.
for (const engine of ENGINES) {
  const fixture = await engine.create();
  describe.skipIf(fixture === null)(`0027 on ${engine.name}`, () => {
    afterAll(async () => fixture?.dispose());

    test('rows already written are kept; one digest per recipient and round; a digest names no concern', async () => {
      const db = openKysely(fixture!.target);
      try {
        const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
        expect((await migrator.migrateTo('0026-submitted-timescales')).error).toBeUndefined();
        const row = {
          id: 'n-1',
          concern_id: 'c-1',
          scope_id: 's-1',
          channel: 'email',
          recipient: 'director@example.org',
          reason: 'director',
          kind: 'overdue',
          round: 2,
          status: 'pending',
          attempts: 0,
          created_at: '2026-05-05T17:05:00.000Z',
          next_attempt_at: '2026-05-05T17:05:00.000Z',
          claimed_until: null,
          claim_token: null,
          last_attempt_at: null,
          delivered_at: null,
          last_error: null,
        } as const;
        await db.insertInto('notification_outbox').values(row).execute();
        const insert = (id: string, over: Record<string, unknown>) =>
          db
            .insertInto('notification_outbox')
            .values({ ...row, id, ...over } as never)
            .execute();
        const digest = { kind: 'actions-overdue', concern_id: null, scope_id: null, digest: '{}' };
        // Before: no such kind, and a row must name a concern.
        await expect(insert('n-0', { kind: 'actions-overdue' })).rejects.toThrow();

        const after = await migrator.migrateTo('0027-action-digests');
        expect(after.error).toBeUndefined();
        expect(await db.selectFrom('notification_outbox').selectAll().execute()).toEqual([
          { ...row, digest: null },
        ]);
        await insert('n-2', { ...digest, round: 20261207 });
        await expect(insert('n-3', { ...digest, round: 20261207 })).rejects.toThrow();
        await insert('n-4', { ...digest, round: 20261214 });
        await insert('n-5', { ...digest, round: 20261207, recipient: 'qa@example.org' });
        await expect(insert('n-6', { ...digest, kind: 'other' })).rejects.toThrow();
        // Concern reminders keep their own key.
        await expect(insert('n-7', {})).rejects.toThrow();
        await insert('n-8', { round: 3 });
        expect(await outboxIndexes(db, engine.name)).toEqual([
          'notification_outbox_concern',
          'notification_outbox_due',
          'notification_outbox_one_digest_a_round',
          'notification_outbox_one_reminder_a_round',
        ]);
      } finally {
        await db.destroy();
      }
    });
  });
}

// 0028 counts good practice acknowledged in the quarterly report: report rows gain
// `good_practice` (in the covering index the report's counts read), 0 until the rows are worked
// out again after the last migration, which counts each observation whose acknowledgement was
// recorded before the upgrade, from its record.
for (const engine of ENGINES) {
  const fixture = await engine.create();
  describe.skipIf(fixture === null)(`0028 on ${engine.name}`, () => {
    afterAll(async () => fixture?.dispose());

    test('observations acknowledged before the upgrade are counted once the rows are worked out again', async () => {
      const storage = openStorage(fixture!.target);
      const db = storage.db;
      try {
        const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
        expect((await migrator.migrateTo('0027-action-digests')).error).toBeUndefined();
        const now = '2026-07-11T09:00:00.000Z';
        const template = latestTemplate('frontline-practice')!;
        const content = {
          kind: 'frontline-practice',
          templateId: template.id,
          templateVersion: template.version,
          'context.date': '2026-07-10',
          'summary.overallGrade': 'good',
          submittedAt: now,
        };
        const acknowledged = (what: string) => ({
          'goodPractice.what': what,
          'goodPractice.note': 'The child’s words were kept in the record.',
          'goodPractice.by': 'user-qa-lead-1',
          'goodPractice.byName': 'QA lead',
          'goodPractice.on': '2026-07-11',
        });
        const records = [
          recordRow('obs-1-practice', 1, { ...content, status: 'submitted' }),
          recordRow('obs-2-none', 2, { ...content, status: 'submitted' }),
          recordRow('obs-3-both', 3, { ...content, status: 'closed' }),
          recordRow('obs-4-record', 4, { ...content, status: 'moderated' }),
          recordRow(
            'act-1',
            5,
            { what: 'Book the review', status: 'open' },
            { type: 'action', parent_id: 'obs-3-both', root_id: 'obs-3-both' },
          ),
        ];
        await db.insertInto('records').values(records).execute();
        // A row as the release before wrote it, which had no such figure; then the
        // acknowledgements its pushes recorded.
        await db
          .insertInto('report_observations')
          .values(legacyReportRow('obs-2-none', { overall_grade: 'good' }) as never)
          .execute();
        const acknowledgements: Record<string, string> = {
          'obs-1-practice': 'practice',
          'obs-3-both': 'both',
          'obs-4-record': 'record-quality',
        };
        for (const [id, what] of Object.entries(acknowledgements)) {
          const r = records.find((x) => x.id === id)!;
          await db
            .updateTable('records')
            .set({ fields: JSON.stringify({ ...JSON.parse(r.fields), ...acknowledged(what) }) })
            .where('id', '=', id)
            .execute();
        }
        const rowsNow = () =>
          db.selectFrom('report_observations').selectAll().orderBy('observation_id').execute();
        const before = await rowsNow();

        expect((await migrator.migrateTo('0028-good-practice-counted')).error).toBeUndefined();
        expect(await rowsNow()).toEqual(before.map((r) => ({ ...r, good_practice: 0 })));

        await storage.migrate();
        const after = await rowsNow();
        expect(after.map((r) => [r.observation_id, r.good_practice])).toEqual([
          ['obs-1-practice', 1],
          ['obs-2-none', 0],
          ['obs-3-both', 1],
          ['obs-4-record', 1],
        ]);
        // As the records say: working the rows out again from them changes nothing.
        await rebuildReportRows(db, { timescales: {}, templates: builtInTemplates });
        expect(await rowsNow()).toEqual(after);
        const tallies = await queryTallies(db, {
          from: '2026-27-Q2',
          to: '2026-27-Q2',
          scopeIds: ['scope-group-1'],
          kind: null,
          asOf: '2026-07-11',
        });
        expect(tallies.cells).toMatchObject([{ observations: 4, goodPractice: 3 }]);
        // The report's counts still read the index alone.
        const index =
          engine.name === 'sqlite'
            ? await sql<{ def: string }>`select sql as def from sqlite_master
                where type = 'index' and name = 'report_observations_cell'`.execute(db)
            : await sql<{ def: string }>`select indexdef as def from pg_indexes
                where indexname = 'report_observations_cell'`.execute(db);
        expect(index.rows).toHaveLength(1);
        expect(index.rows[0]!.def).toContain('good_practice');
      } finally {
        await storage.close();
      }
    });
  });
}

/** A report row as a release before 0028 wrote it (0005's columns, less 0026's key). */
function legacyReportRow(id: string, over: Record<string, unknown> = {}) {
  return {
    observation_id: id,
    scope_id: 'scope-group-1',
    kind: 'frontline-practice',
    template_id: 'frontline-practice',
    template_version: 1,
    quarter: '2026-27-Q2',
    obs_date: '2026-07-10',
    overall_grade: null,
    meeting: 0,
    timescale_rule: null,
    trigger_date: null,
    due_date: null,
    moderated: 0,
    agreed: 0,
    attempts_no_answer: 0,
    attempts_call_back: 0,
    attempts_declined: 0,
    attempts_completed: 0,
    contribution: '{"grades":[],"answers":[]}',
    ...over,
  };
}

/** Every row of the four reporting tables, in key order. */
async function reportTables(db: Kysely<Database>) {
  return {
    observations: await db
      .selectFrom('report_observations')
      .selectAll()
      .orderBy('observation_id')
      .execute(),
    actions: await db.selectFrom('report_actions').selectAll().orderBy('action_id').execute(),
    grades: await db
      .selectFrom('report_grade_counts')
      .selectAll()
      .orderBy(['quarter', 'scope_id', 'kind', 'template_id', 'item_id', 'grade'])
      .execute(),
    answers: await db
      .selectFrom('report_answer_counts')
      .selectAll()
      .orderBy(['quarter', 'scope_id', 'kind', 'template_id', 'item_id', 'answer'])
      .execute(),
  };
}

/** A record row as a push would have stored it, in scope-group-1. */
function recordRow(
  id: string,
  seq: number,
  fields: Record<string, FieldValue>,
  over: { type?: string; parent_id?: string; root_id?: string; deleted?: number } = {},
) {
  const at = '2026-07-11T09:00:00.000Z';
  return {
    id,
    type: 'observation',
    scope_id: 'scope-group-1',
    parent_id: null,
    root_id: id,
    owner_id: 'user-observer-1',
    root_owner_id: 'user-observer-1',
    seq,
    deleted: 0,
    fields: JSON.stringify(fields),
    field_meta: '{}',
    created_at: at,
    updated_at: at,
    ...over,
  };
}

// Migrations only change tables; the report rows are worked out from the records once the last
// one has run, by the code of the release that runs them (reports/report-rows-version.ts). So a
// database upgraded from any release, whatever its records hold, ends with the rows that code
// writes, and no migration needs to know the columns a later one adds.
for (const engine of ENGINES) {
  const fixture = await engine.create();
  describe.skipIf(fixture === null)(`report rows after migrating on ${engine.name}`, () => {
    afterAll(async () => fixture?.dispose());

    test('a database upgraded from before the reporting tables has the rows a rebuild writes, worked out once', async () => {
      const storage = openStorage(fixture!.target);
      try {
        const db = storage.db;
        const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
        expect((await migrator.migrateTo('0004-audit')).error).toBeUndefined();
        const builtIn = latestTemplate('frontline-practice')!;
        const graded = templateItems(builtIn).find((i) => i.item.response.type === 'grade4')!;
        const content = {
          kind: 'frontline-practice',
          templateId: builtIn.id,
          templateVersion: builtIn.version,
          'context.date': '2026-07-10',
          'summary.overallGrade': 'good',
          [`responses.${graded.item.id}.value`]: 'good',
          submittedAt: '2026-07-11T09:00:00.000Z',
        };
        await db
          .insertInto('records')
          .values([
            recordRow('obs-1-acknowledged', 1, {
              ...content,
              status: 'closed',
              'goodPractice.what': 'practice',
              'goodPractice.note': 'The child’s words were kept in the record.',
              'goodPractice.by': 'user-qa-lead-1',
              'goodPractice.byName': 'QA lead',
              'goodPractice.on': '2026-07-11',
            }),
            recordRow('obs-2-submitted', 2, { ...content, status: 'submitted' }),
            recordRow(
              'act-1',
              3,
              { what: 'Book the review', status: 'open' },
              { type: 'action', parent_id: 'obs-2-submitted', root_id: 'obs-2-submitted' },
            ),
            recordRow('obs-3-draft', 4, { ...content, status: 'draft' }),
          ])
          .execute();
        // An observation on a local template, published once the table for them came.
        expect((await migrator.migrateTo('0009-local-templates')).error).toBeUndefined();
        const local = { ...builtIn, id: 'local-frontline', version: 1 };
        await db
          .insertInto('local_templates')
          .values({
            template_id: local.id,
            version: local.version,
            body: JSON.stringify(local),
            based_on_id: builtIn.id,
            based_on_version: builtIn.version,
            published_at: `2026-07-01T09:00:00.000Z-${engine.name}`,
            published_by: 'user-admin-1',
          })
          .execute();
        await db
          .insertInto('records')
          .values(
            recordRow('obs-4-local', 5, {
              ...content,
              templateId: local.id,
              templateVersion: local.version,
              status: 'submitted',
            }),
          )
          .execute();

        await storage.migrate();
        const migrated = await reportTables(db);
        expect(
          migrated.observations.map((r) => [r.observation_id, r.template_id, r.good_practice]),
        ).toEqual([
          ['obs-1-acknowledged', builtIn.id, 1],
          ['obs-2-submitted', builtIn.id, 0],
          ['obs-4-local', local.id, 0],
        ]);
        expect(migrated.actions.map((r) => r.action_id)).toEqual(['act-1']);
        // Graded items count under the template their observation is on, local ones included.
        expect(migrated.grades.map((r) => [r.template_id, r.item_id, r.n])).toEqual([
          [builtIn.id, graded.item.id, 2],
          [local.id, graded.item.id, 1],
        ]);
        expect(await storage.getSetting(REPORT_ROWS_VERSION_KEY)).toBe(String(REPORT_ROWS_VERSION));
        // As the records say: working the rows out again from them changes nothing.
        await rebuildReportRows(db);
        expect(await reportTables(db)).toEqual(migrated);

        // Worked out once: the next start leaves the rows as they are (a row changed by hand
        // stays changed)...
        const gradeOf = async (id: string) =>
          (
            await db
              .selectFrom('report_observations')
              .select('overall_grade')
              .where('observation_id', '=', id)
              .executeTakeFirstOrThrow()
          ).overall_grade;
        await db
          .updateTable('report_observations')
          .set({ overall_grade: 'changed-by-hand' })
          .where('observation_id', '=', 'obs-2-submitted')
          .execute();
        expect(await storage.migrate()).toEqual([]);
        expect(await gradeOf('obs-2-submitted')).toBe('changed-by-hand');
        // ...until a release whose rows differ starts.
        await storage.setSetting(REPORT_ROWS_VERSION_KEY, String(REPORT_ROWS_VERSION - 1));
        expect(await storage.migrate()).toEqual([]);
        expect(await reportTables(db)).toEqual(migrated);
        expect(await storage.getSetting(REPORT_ROWS_VERSION_KEY)).toBe(String(REPORT_ROWS_VERSION));
      } finally {
        await storage.close();
      }
    });

    // Scale-out is on PostgreSQL. (Two SQLite connections in one test process would wait on each
    // other synchronously; a server and the admin command are two processes, and wait in turn.)
    // Registered on PostgreSQL alone, not skipped elsewhere.
    const scaleOut = engine.name === 'postgres' ? test : () => undefined;
    scaleOut(
      'two processes starting at once on one database both start, and the rows are right',
      async () => {
        const target = fixture!.target;
        const first = openStorage(target);
        const second = openStorage(target);
        try {
          await first.migrate();
          await rebuildReportRows(first.db);
          const rebuilt = await reportTables(first.db);
          // Rows an earlier release wrote, one of them wrong: a draft is in no report.
          await first.db
            .insertInto('report_observations')
            .values({ ...legacyReportRow('obs-3-draft'), good_practice: 0 })
            .execute();
          await first.db
            .deleteFrom('settings')
            .where('key', '=', REPORT_ROWS_VERSION_KEY)
            .execute();

          await Promise.all([first.migrate(), second.migrate()]);
          expect(await reportTables(first.db)).toEqual(rebuilt);
        } finally {
          await first.close();
          await second.close();
        }
      },
    );

    scaleOut(
      'a process starting while another is writing the rows waits for it, then leaves them be',
      async () => {
        const target = fixture!.target;
        const first = openStorage(target);
        const second = openStorage(target);
        try {
          await first.migrate();
          const template = latestTemplate('frontline-practice')!;
          await first.db
            .insertInto('records')
            .values(
              recordRow('obs-7-scale-out', 70, {
                kind: 'frontline-practice',
                templateId: template.id,
                templateVersion: template.version,
                'context.date': '2026-07-10',
                submittedAt: '2026-07-11T09:00:00.000Z',
                status: 'submitted',
              }),
            )
            .execute();
          await rebuildReportRows(first.db);
          await first.db
            .deleteFrom('settings')
            .where('key', '=', REPORT_ROWS_VERSION_KEY)
            .execute();
          // Another process works the rows out (here it changes one and stores the version) and
          // has not committed yet when the second starts.
          let starting!: Promise<string[]>;
          await first.transaction(async (tx) => {
            await lockSequence(tx);
            await tx
              .updateTable('report_observations')
              .set({ overall_grade: 'written-by-the-first' })
              .where('observation_id', '=', 'obs-7-scale-out')
              .execute();
            await first.setSetting(REPORT_ROWS_VERSION_KEY, String(REPORT_ROWS_VERSION), tx);
            starting = second.migrate();
            // Until the second waits for a lock this transaction holds.
            for (;;) {
              const waiting = await sql<{ n: number }>`select count(*)::int as n
                from pg_stat_activity
                where datname = current_database() and wait_event_type = 'Lock'`.execute(first.db);
              if (waiting.rows[0]!.n > 0) break;
              await new Promise((resolve) => setTimeout(resolve, 10));
            }
          });
          expect(await starting).toEqual([]);
          const row = await first.db
            .selectFrom('report_observations')
            .select('overall_grade')
            .where('observation_id', '=', 'obs-7-scale-out')
            .executeTakeFirstOrThrow();
          expect(row.overall_grade).toBe('written-by-the-first');
        } finally {
          await first.close();
          await second.close();
        }
      },
    );
  });
}

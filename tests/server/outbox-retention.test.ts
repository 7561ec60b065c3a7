// Storage limitation for the notification outbox, on every engine: a row settled (delivered or
// cancelled) for longer than the retention period goes, with its recipient's address, once nothing
// rests on it; a row still waiting never does. A safety concern's notifications are kept while the
// concern is (the concern log's record of who was told); the digest round due now keeps its rows,
// so no process writes that round again after a purge.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createScope } from '../../sync-server/src/accounts/accounts-repository';
import { enqueueActionDigests } from '../../sync-server/src/notifications/action-digests';
import { purgeSettledNotifications } from '../../sync-server/src/notifications/outbox-retention';
import { openStorage } from '../../sync-server/src/storage/storage';
import type { Storage } from '../../sync-server/src/storage/storage';
import { createAccount, useQuickPasswordHashing } from '../helpers/accounts';
import { ENGINES } from '../helpers/engines';
import { newId } from '../helpers/sync-fixtures';

useQuickPasswordHashing();

const DAY = 86_400_000;
/** Monday 7 December 2026, 09:00 UK time: the round 20261207 is due. */
const MONDAY = new Date('2026-12-07T09:00:00Z');
const daysBefore = (days: number) => new Date(MONDAY.getTime() - days * DAY).toISOString();

for (const engine of ENGINES) {
  const fixture = await engine.create();
  describe.skipIf(fixture === null)(`notification outbox retention on ${engine.name}`, () => {
    let storage: Storage;
    let scopeId: string;
    let ownerId: string;
    let seq = 1000;

    const concern = async (deleted: 0 | 1) => {
      const id = newId();
      await storage.db
        .insertInto('records')
        .values({
          id,
          type: 'safety-concern',
          scope_id: scopeId,
          parent_id: null,
          root_id: id,
          owner_id: ownerId,
          root_owner_id: ownerId,
          seq: ++seq,
          deleted,
          fields: '{}',
          field_meta: '{}',
          created_at: daysBefore(400),
          updated_at: daysBefore(400),
        })
        .execute();
      return id;
    };
    const row = async (r: {
      concernId?: string;
      kind?: 'raised' | 'overdue' | 'actions-overdue';
      round?: number;
      status: 'pending' | 'delivered' | 'cancelled';
      createdDaysAgo: number;
      settledDaysAgo?: number;
    }) => {
      const id = newId();
      const settled = r.settledDaysAgo === undefined ? null : daysBefore(r.settledDaysAgo);
      const kind = r.kind ?? 'raised';
      await storage.db
        .insertInto('notification_outbox')
        .values({
          id,
          concern_id: kind === 'actions-overdue' ? null : (r.concernId ?? null),
          scope_id: kind === 'actions-overdue' ? null : scopeId,
          channel: 'email',
          recipient: `${id}@example.org`,
          reason: kind === 'actions-overdue' ? 'qa-lead' : 'director',
          kind,
          round: r.round ?? 1,
          digest: kind === 'actions-overdue' ? '{"monday":"x","yours":[]}' : null,
          status: r.status,
          attempts: settled ? 1 : 0,
          created_at: daysBefore(r.createdDaysAgo),
          next_attempt_at: daysBefore(r.createdDaysAgo),
          claimed_until: null,
          claim_token: null,
          last_attempt_at: settled,
          delivered_at: r.status === 'delivered' ? settled : null,
          last_error: null,
        })
        .execute();
      return id;
    };
    const remaining = async () =>
      new Set(
        (await storage.db.selectFrom('notification_outbox').select('id').execute()).map(
          (r) => r.id,
        ),
      );

    beforeAll(async () => {
      storage = openStorage(fixture!.target);
      await storage.migrate();
      const service = await createScope(storage.db, { name: 'Children', kind: 'service' });
      scopeId = (
        await createScope(storage.db, {
          name: 'Group A',
          kind: 'practice-group',
          parentId: service.id,
        })
      ).id;
      ownerId = (await createAccount(storage, { role: 'observer', scopeIds: [scopeId] })).id;
    });
    beforeEach(async () => {
      await storage.db.deleteFrom('notification_outbox').execute();
    });
    afterAll(async () => {
      await storage?.close();
      await fixture?.dispose();
    });

    test("a deleted concern's settled notifications go after the period; waiting ones, recent ones and a kept concern's stay", async () => {
      const gone = await concern(1);
      const kept = await concern(0);
      await row({
        concernId: gone,
        status: 'delivered',
        createdDaysAgo: 300,
        settledDaysAgo: 300,
      });
      await row({
        concernId: gone,
        kind: 'overdue',
        round: 2,
        status: 'cancelled',
        createdDaysAgo: 299,
      });
      const waiting = await row({ concernId: gone, status: 'pending', createdDaysAgo: 300 });
      // Retried for months, delivered lately: settled for less than the period.
      const lately = await row({
        concernId: gone,
        kind: 'overdue',
        status: 'delivered',
        createdDaysAgo: 300,
        settledDaysAgo: 10,
      });
      const keptsOwn = await row({
        concernId: kept,
        status: 'delivered',
        createdDaysAgo: 300,
        settledDaysAgo: 300,
      });
      // A concern whose tombstone has been purged too.
      await row({
        concernId: newId(),
        status: 'delivered',
        createdDaysAgo: 300,
        settledDaysAgo: 300,
      });

      expect(await purgeSettledNotifications(storage.db, 90, MONDAY)).toBe(3);
      expect(await remaining()).toEqual(new Set([waiting, lately, keptsOwn]));
      // Run again, or by a second process: nothing more.
      expect(await purgeSettledNotifications(storage.db, 90, MONDAY)).toBe(0);
    });

    test('old digest rounds go once settled for the period; a waiting digest stays', async () => {
      await row({
        kind: 'actions-overdue',
        round: 20260803,
        status: 'delivered',
        createdDaysAgo: 126,
        settledDaysAgo: 126,
      });
      const waiting = await row({
        kind: 'actions-overdue',
        round: 20260810,
        status: 'pending',
        createdDaysAgo: 119,
      });
      const recent = await row({
        kind: 'actions-overdue',
        round: 20261005,
        status: 'delivered',
        createdDaysAgo: 63,
        settledDaysAgo: 63,
      });
      expect(await purgeSettledNotifications(storage.db, 90, MONDAY)).toBe(1);
      expect(await remaining()).toEqual(new Set([waiting, recent]));
    });

    test('the round due now (and the one before) keeps its rows however short the period, so it is not written again', async () => {
      const people = [
        await createAccount(storage, { role: 'qa-lead', scopeIds: [scopeId] }),
        await createAccount(storage, { role: 'observer', scopeIds: [scopeId] }),
      ];
      const obs = newId();
      for (const [id, type, parent, fields] of [
        [obs, 'observation', null, { status: 'submitted' }],
        [newId(), 'action', obs, { status: 'open', dueDate: '2026-11-01' }],
      ] as const) {
        await storage.db
          .insertInto('records')
          .values({
            id,
            type,
            scope_id: scopeId,
            parent_id: parent,
            root_id: obs,
            owner_id: people[1]!.id,
            root_owner_id: people[1]!.id,
            seq: ++seq,
            deleted: 0,
            fields: JSON.stringify(fields),
            field_meta: '{}',
            created_at: daysBefore(60),
            updated_at: daysBefore(60),
          })
          .execute();
      }
      // Last week's round, sent last Monday.
      const lastWeek = await row({
        kind: 'actions-overdue',
        round: 20261130,
        status: 'delivered',
        createdDaysAgo: 7,
        settledDaysAgo: 7,
      });
      expect(await enqueueActionDigests(storage.db, { email: true, webhook: false }, MONDAY)).toBe(
        2,
      );
      // Sent at once; two days later, with a period of one day.
      await storage.db
        .updateTable('notification_outbox')
        .set({ status: 'delivered', delivered_at: MONDAY.toISOString() })
        .where('round', '=', 20261207)
        .execute();
      const wednesday = new Date(MONDAY.getTime() + 2 * DAY);
      expect(await purgeSettledNotifications(storage.db, 1, wednesday)).toBe(0);
      expect((await remaining()).size).toBe(3);
      expect(
        await enqueueActionDigests(storage.db, { email: true, webhook: false }, wednesday),
      ).toBe(0);

      // Next Monday's round is due: the one of two weeks ago may go, last week's stays.
      const nextMonday = new Date(MONDAY.getTime() + 7 * DAY);
      expect(await purgeSettledNotifications(storage.db, 1, nextMonday)).toBe(1);
      expect(await remaining()).not.toContain(lastWeek);
      expect(
        await enqueueActionDigests(storage.db, { email: true, webhook: false }, wednesday),
      ).toBe(0);
    });
  });
}

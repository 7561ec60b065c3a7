// "Areas of improvement are pursued with tenacity until they are resolved": on every engine, once a
// week from Monday 08:00 UK time, each person with overdue improvement actions to chase gets one
// email through the notification outbox: owners and observers their own, QA leads their teams',
// heads of service those more than 28 days overdue. Counts, teams and dates only. Each round
// goes to each person once however many workers (on PostgreSQL, processes) write it, and a second
// look in the same week sends nothing. The clock is injected, or faked for the worker's own look.
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { createScope } from '../../sync-server/src/accounts/accounts-repository';
import type { Role } from '../../sync-server/src/accounts/permissions';
import { enqueueActionDigests } from '../../sync-server/src/notifications/action-digests';
import { DeliveryError, openChannels } from '../../sync-server/src/notifications/channels';
import type { Channels } from '../../sync-server/src/notifications/channels';
import { purgeSettledNotifications } from '../../sync-server/src/notifications/outbox-retention';
import { NotificationWorker } from '../../sync-server/src/notifications/worker';
import { openStorage } from '../../sync-server/src/storage/storage';
import type { Storage } from '../../sync-server/src/storage/storage';
import { createAccount, useQuickPasswordHashing } from '../helpers/accounts';
import { ENGINES } from '../helpers/engines';
import { startSmtpSink } from '../helpers/sinks';
import type { SmtpSink } from '../helpers/sinks';
import { newId } from '../helpers/sync-fixtures';

useQuickPasswordHashing();

const EMAIL = { email: true, webhook: false } as const;
const CASE_ID = 'RL-4417';
const ACTION_TEXT = 'Visit Kayden Morrow and his mother weekly';
/** Monday 7 December 2026, 09:00 UK time (GMT). */
const MONDAY = new Date('2026-12-07T09:00:00Z');
const at = (iso: string) => new Date(iso);

for (const engine of ENGINES) {
  const fixture = await engine.create();
  describe.skipIf(fixture === null)(`overdue improvement action emails on ${engine.name}`, () => {
    let storage: Storage;
    let sink: SmtpSink;
    let seq = 1000;
    const people: Record<string, { id: string; email: string }> = {};
    const scope: Record<string, string> = {};

    const person = async (key: string, role: Role, scopeIds: string[]) => {
      people[key] = await createAccount(storage, { role, scopeIds });
    };
    const record = async (r: {
      type: 'observation' | 'action';
      scopeId: string;
      ownerId: string;
      parentId?: string;
      fields: Record<string, unknown>;
    }) => {
      const id = newId();
      await storage.db
        .insertInto('records')
        .values({
          id,
          type: r.type,
          scope_id: r.scopeId,
          parent_id: r.parentId ?? null,
          root_id: r.parentId ?? id,
          owner_id: r.ownerId,
          root_owner_id: r.ownerId,
          seq: ++seq,
          deleted: 0,
          fields: JSON.stringify(r.fields),
          field_meta: '{}',
          created_at: '2026-09-01T10:00:00.000Z',
          updated_at: '2026-09-01T10:00:00.000Z',
        })
        .execute();
      return id;
    };
    const observation = (scopeId: string, observer: string) =>
      record({
        type: 'observation',
        scopeId,
        ownerId: people[observer]!.id,
        fields: { 'context.caseId': CASE_ID, status: 'submitted' },
      });
    const action = (
      obs: string,
      scopeId: string,
      observer: string,
      f: { status: string; dueDate?: string; ownerUserId?: string },
    ) =>
      record({
        type: 'action',
        scopeId,
        ownerId: people[observer]!.id,
        parentId: obs,
        fields: { what: ACTION_TEXT, ownerName: 'Kayden Morrow', ...f },
      });
    const digestRows = () =>
      storage.db
        .selectFrom('notification_outbox')
        .selectAll()
        .where('kind', '=', 'actions-overdue')
        .orderBy('recipient')
        .execute();

    beforeAll(async () => {
      storage = openStorage(fixture!.target);
      await storage.migrate();
      sink = await startSmtpSink();
      const service = await createScope(storage.db, {
        name: 'Children and families',
        kind: 'service',
      });
      scope['svc'] = service.id;
      for (const name of ['Group A', 'Group B'])
        scope[name] = (
          await createScope(storage.db, { name, kind: 'practice-group', parentId: service.id })
        ).id;
      const a = scope['Group A']!;
      const b = scope['Group B']!;
      await person('observerA', 'observer', [a]);
      await person('observerB', 'observer', [b]);
      await person('practitioner', 'practitioner', [a]);
      await person('qaA', 'qa-lead', [a]);
      await person('qaB', 'qa-lead', [b]);
      await person('head', 'head-of-service', [service.id]);
      await person('director', 'director', [service.id]);
      await person('leaver', 'qa-lead', [a]);
      await storage.db
        .updateTable('users')
        .set({ status: 'disabled' })
        .where('id', '=', people['leaver']!.id)
        .execute();

      const obsA = await observation(a, 'observerA');
      // 7 days overdue on the round's Monday, owned by the practitioner.
      await action(obsA, a, 'observerA', {
        status: 'open',
        dueDate: '2026-11-30',
        ownerUserId: people['practitioner']!.id,
      });
      // 36 days overdue: the head of service hears of it too.
      await action(obsA, a, 'observerA', { status: 'in-progress', dueDate: '2026-11-01' });
      // Finished, due today, not yet due, undated: none counts.
      await action(obsA, a, 'observerA', { status: 'done', dueDate: '2026-10-01' });
      await action(obsA, a, 'observerA', { status: 'cancelled', dueDate: '2026-10-01' });
      await action(obsA, a, 'observerA', { status: 'open', dueDate: '2026-12-07' });
      await action(obsA, a, 'observerA', { status: 'open', dueDate: '2026-12-20' });
      await action(obsA, a, 'observerA', { status: 'open' });
      // A draft thrown away: its action is no one's to chase.
      const thrownAway = await observation(a, 'observerA');
      await action(thrownAway, a, 'observerA', { status: 'open', dueDate: '2026-10-01' });
      await storage.db
        .updateTable('records')
        .set({ deleted: 1 })
        .where('id', '=', thrownAway)
        .execute();
      // A draft not yet submitted: its actions are not agreed (nor seen by the QA lead, nor
      // counted in the report), so not chased until it is.
      const draft = await observation(a, 'observerA');
      await storage.db
        .updateTable('records')
        .set({ fields: JSON.stringify({ 'context.caseId': CASE_ID, status: 'draft' }) })
        .where('id', '=', draft)
        .execute();
      await action(draft, a, 'observerA', {
        status: 'open',
        dueDate: '2026-09-01',
        ownerUserId: people['practitioner']!.id,
      });
      const obsB = await observation(b, 'observerB');
      await action(obsB, b, 'observerB', {
        status: 'open',
        dueDate: '2026-11-20',
        ownerUserId: people['leaver']!.id,
      });
    });
    afterEach(() => {
      vi.useRealTimers();
    });
    afterAll(async () => {
      await sink?.close();
      await storage?.close();
      await fixture?.dispose();
    });

    test('nothing is queued before the round, with no email channel, or when nothing is overdue', async () => {
      // Monday 7 December, 07:59 UK time: not yet.
      expect(await enqueueActionDigests(storage.db, EMAIL, at('2026-12-07T07:59:00Z'))).toBe(0);
      expect(await enqueueActionDigests(storage.db, { email: false, webhook: true }, MONDAY)).toBe(
        0,
      );
      // Monday 5 October: every action was still to come or finished.
      expect(await enqueueActionDigests(storage.db, EMAIL, at('2026-10-05T09:00:00Z'))).toBe(0);
      expect(await digestRows()).toEqual([]);
    });

    test('one round a week, each person once however many workers write it, with the right counts', async () => {
      const other = engine.name === 'postgres' ? openStorage(fixture!.target) : storage;
      try {
        const written = await Promise.all([
          enqueueActionDigests(storage.db, EMAIL, MONDAY),
          enqueueActionDigests(other.db, EMAIL, MONDAY),
        ]);
        expect(written.reduce((x, y) => x + y, 0)).toBe(6);
      } finally {
        if (other !== storage) await other.close();
      }
      // Later the same week, and a worker whose clock is behind: nothing more.
      expect(await enqueueActionDigests(storage.db, EMAIL, at('2026-12-09T15:00:00Z'))).toBe(0);
      expect(await enqueueActionDigests(storage.db, EMAIL, at('2026-12-13T23:00:00Z'))).toBe(0);

      const rows = await digestRows();
      const who = (key: string) => people[key]!.email.toLowerCase();
      expect(rows.map((r) => r.recipient).sort()).toEqual(
        ['observerA', 'observerB', 'practitioner', 'qaA', 'qaB', 'head'].map(who).sort(),
      );
      expect(new Set(rows.map((r) => r.round))).toEqual(new Set([20261207]));
      const digest = (key: string) =>
        JSON.parse(rows.find((r) => r.recipient === who(key))!.digest!) as Record<
          string,
          Array<{ teamName: string; count: number; oldestDue: string }>
        >;
      const team = (name: string, count: number, oldestDue: string) => [
        expect.objectContaining({ teamName: `${name} (Children and families)`, count, oldestDue }),
      ];
      expect(digest('observerA')['yours']).toEqual(team('Group A', 2, '2026-11-01'));
      expect(digest('practitioner')['yours']).toEqual(team('Group A', 1, '2026-11-30'));
      expect(digest('observerB')['yours']).toEqual(team('Group B', 1, '2026-11-20'));
      expect(digest('qaA')['overseen']).toEqual(team('Group A', 2, '2026-11-01'));
      expect(digest('qaB')['overseen']).toEqual(team('Group B', 1, '2026-11-20'));
      expect(digest('head')['escalated']).toEqual(team('Group A', 1, '2026-11-01'));
      expect(digest('head')['overseen']).toEqual([]);
      // What is stored names no case, no action and nobody.
      for (const r of rows) {
        expect(r.digest).not.toContain(CASE_ID);
        expect(r.digest).not.toContain('Kayden');
        expect(r.concern_id).toBeNull();
      }
    });

    test('the worker writes the round itself from Monday 08:00 and sends each email once, saying counts, teams and dates only', async () => {
      // The rows of the test before are another week's round: as if sent already.
      await storage.db
        .updateTable('notification_outbox')
        .set({ status: 'delivered' })
        .where('status', '=', 'pending')
        .execute();
      const config = {
        smtpUrl: `smtp://127.0.0.1:${sink.port}`,
        from: 'observations@example.org',
        appUrl: 'https://obs.example.org',
        retryBaseMs: 100,
        retryMaxMs: 400,
        pollMs: 50,
        leaseMs: 10_000,
        reminderCheckMs: 0,
      };
      const logged: string[] = [];
      const log = {
        info: (o: object, m: string) => void logged.push(JSON.stringify(o) + m),
        warn: (o: object, m: string) => void logged.push(JSON.stringify(o) + m),
        error: (o: object, m: string) => void logged.push(JSON.stringify(o) + m),
      };
      const worker = new NotificationWorker(storage.db, config, openChannels(config), log);
      const other = new NotificationWorker(storage.db, config, openChannels(config), log);
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        vi.setSystemTime(at('2026-12-14T07:59:00Z'));
        expect(await worker.runOnce()).toBe(0);
        vi.setSystemTime(at('2026-12-14T08:00:00Z'));
        expect(await worker.runOnce()).toBe(6);
        expect(await worker.runOnce()).toBe(0);
        expect(await other.runOnce()).toBe(0);
        vi.setSystemTime(at('2026-12-16T12:00:00Z'));
        expect(await other.runOnce()).toBe(0);
      } finally {
        vi.useRealTimers();
        await worker.stop();
        await other.stop();
      }
      expect(sink.messages).toHaveLength(6);
      const to = (key: string) => {
        const found = sink.messages.filter((m) => m.to.includes(people[key]!.email.toLowerCase()));
        expect(found, key).toHaveLength(1);
        return found[0]!.text;
      };
      expect(to('qaA')).toContain(
        'Subject: Overdue improvement actions: week of Monday 14 December 2026',
      );
      expect(to('qaA')).toContain(
        // The action due on 7 December is overdue by now.
        '3 improvement actions in Group A (Children and families) are overdue, the oldest due on Sunday 1 November 2026.',
      );
      expect(to('qaA')).toContain('https://obs.example.org/actions');
      expect(to('observerA')).toContain('3 of your improvement actions are overdue');
      expect(to('practitioner')).toContain('1 of your improvement actions is overdue');
      expect(to('practitioner')).not.toContain('/actions');
      expect(to('head')).toContain('more than 28 days overdue');
      // The action due on 20 November is 24 days overdue on 14 December: not the head's yet.
      expect(to('head')).not.toContain('Group B');
      for (const m of sink.messages) {
        for (const secret of [CASE_ID, 'Kayden', 'Morrow', ACTION_TEXT]) {
          expect(m.raw).not.toContain(secret);
          expect(m.text).not.toContain(secret);
        }
      }
      const emails = Object.values(people).map((p) => p.email.toLowerCase());
      for (const line of logged) {
        for (const secret of [CASE_ID, 'Kayden', ...emails]) expect(line).not.toContain(secret);
      }
      expect(logged.filter((l) => l.endsWith('overdue actions email delivered'))).toHaveLength(6);
    });

    // An address the mail server refuses for good would keep a digest waiting for ever, and a
    // waiting row is never deleted. A digest stops once a newer round for the person exists or
    // once it is a week old, and then goes like any stopped row; its round stays written until
    // retention may take it. A safety concern's notification is never stopped: the director must
    // hear.
    test('a digest that cannot be delivered stops when superseded or a week old, and goes under retention; a concern notification keeps trying', async () => {
      const refused = () => Promise.reject(new DeliveryError('SMTP_550'));
      const channels: Channels = { email: refused, actionDigest: refused, close: () => undefined };
      const config = {
        retryBaseMs: 100,
        retryMaxMs: 400,
        pollMs: 50,
        leaseMs: 10_000,
        reminderCheckMs: 0,
      };
      const logged: string[] = [];
      const log = {
        info: (o: object, m: string) => void logged.push(JSON.stringify(o) + m),
        warn: (o: object, m: string) => void logged.push(JSON.stringify(o) + m),
        error: (o: object, m: string) => void logged.push(JSON.stringify(o) + m),
      };
      const digestRow = async (recipient: string, round: number, createdAt: string) => {
        const id = newId();
        await storage.db
          .insertInto('notification_outbox')
          .values({
            id,
            concern_id: null,
            scope_id: null,
            channel: 'email',
            recipient,
            reason: 'qa-lead',
            kind: 'actions-overdue',
            round,
            digest: JSON.stringify({ monday: 'x', yours: [], overseen: [], escalated: [] }),
            status: 'pending',
            attempts: 0,
            created_at: createdAt,
            next_attempt_at: createdAt,
            claimed_until: null,
            claim_token: null,
            last_attempt_at: null,
            delivered_at: null,
            last_error: null,
          })
          .execute();
        return id;
      };
      const concernId = await record({
        type: 'observation',
        scopeId: scope['Group A']!,
        ownerId: people['observerA']!.id,
        fields: {},
      });
      await storage.db
        .updateTable('records')
        .set({
          type: 'safety-concern',
          fields: JSON.stringify({
            caseId: CASE_ID,
            what: 'A concern',
            raisedAt: '2026-12-21T09:00:00.000Z',
            raisedBy: people['observerA']!.id,
            receivedAt: '2026-12-21T09:00:00.000Z',
          }),
        })
        .where('id', '=', concernId)
        .execute();
      const concernRow = newId();
      await storage.db
        .insertInto('notification_outbox')
        .values({
          id: concernRow,
          concern_id: concernId,
          scope_id: scope['Group A']!,
          channel: 'email',
          recipient: 'refused-director@example.org',
          reason: 'director',
          kind: 'raised',
          round: 1,
          status: 'pending',
          attempts: 0,
          created_at: '2026-12-21T09:00:00.000Z',
          next_attempt_at: '2026-12-21T09:00:00.000Z',
          claimed_until: null,
          claim_token: null,
          last_attempt_at: null,
          delivered_at: null,
          last_error: null,
        })
        .execute();
      // One written on the round's Monday, no newer round for them: stops after a week.
      const aged = await digestRow('refused-a@example.org', 20261221, '2026-12-21T08:00:00.000Z');
      // One written late in its week: stops once next week's round for the same person is written.
      const superseded = await digestRow(
        'refused-b@example.org',
        20261221,
        '2026-12-23T12:00:00.000Z',
      );
      const byId = async (id: string) =>
        (await storage.db
          .selectFrom('notification_outbox')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirst())!;

      const worker = new NotificationWorker(storage.db, config, channels, log);
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        for (const when of ['2026-12-23T13:00:00Z', '2026-12-28T07:59:00Z']) {
          vi.setSystemTime(at(when));
          await worker.runOnce();
        }
        for (const id of [aged, superseded])
          expect(await byId(id)).toMatchObject({ status: 'pending', last_error: 'SMTP_550' });
        const triedBefore = (await byId(concernRow)).attempts;
        // Next week's round for the second person, written on its Monday.
        const newer = await digestRow(
          'refused-b@example.org',
          20261228,
          '2026-12-28T08:00:00.000Z',
        );
        vi.setSystemTime(at('2026-12-28T09:00:00Z'));
        await worker.runOnce();
        expect(await byId(aged)).toMatchObject({
          status: 'cancelled',
          last_error: 'DIGEST_EXPIRED',
          attempts: 2,
        });
        expect(await byId(superseded)).toMatchObject({
          status: 'cancelled',
          last_error: 'DIGEST_SUPERSEDED',
          attempts: 2,
        });
        // Next week's is tried; the concern's goes on being tried, whatever its age.
        expect(await byId(newer)).toMatchObject({ status: 'pending', attempts: 1 });
        expect(await byId(concernRow)).toMatchObject({
          status: 'pending',
          attempts: triedBefore + 1,
        });
        vi.setSystemTime(at('2027-01-20T09:00:00Z'));
        await worker.runOnce();
        expect(await byId(concernRow)).toMatchObject({ status: 'pending', last_error: 'SMTP_550' });
      } finally {
        vi.useRealTimers();
        await worker.stop();
      }
      // Said once each, by id and code (the people of the tests before had their rounds too).
      const stopped = logged.filter((l) =>
        l.endsWith('overdue actions email stopped; not retried'),
      );
      expect(stopped.filter((l) => l.includes(aged) && l.includes('DIGEST_EXPIRED'))).toHaveLength(
        1,
      );
      expect(
        stopped.filter((l) => l.includes(superseded) && l.includes('DIGEST_SUPERSEDED')),
      ).toHaveLength(1);
      for (const line of logged) expect(line).not.toContain('@example.org');

      // Stopped, the round of 21 December stays while it could be written again, then goes.
      const wednesday = at('2026-12-30T12:00:00Z');
      await purgeSettledNotifications(storage.db, 1, wednesday);
      expect((await byId(aged)).status).toBe('cancelled');
      expect(await enqueueActionDigests(storage.db, EMAIL, at('2026-12-21T09:00:00Z'))).toBe(0);
      await purgeSettledNotifications(storage.db, 1, at('2027-01-05T09:00:00Z'));
      const left = new Set(
        (await storage.db.selectFrom('notification_outbox').select('id').execute()).map(
          (r) => r.id,
        ),
      );
      expect(left.has(aged)).toBe(false);
      expect(left.has(superseded)).toBe(false);
      expect(left.has(concernRow)).toBe(true);
    });
  });
}

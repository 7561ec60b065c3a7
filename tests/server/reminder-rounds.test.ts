// "The director, who must hear about an immediate safety concern at once": on every engine, a
// concern no director acknowledges is reminded about again every acknowledgement period, to the
// same people, each round once, none skipped, up to the cap, and none once a director has
// acknowledged it; each email and webhook call says which reminder it is and how long the concern
// has waited. A concern a director raises is acknowledged by their raising. On PostgreSQL, workers
// of several processes racing on the same round write it once. The clock is injected: the
// reminder writer is given the time it runs at.
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { MAX_REMINDER_ROUNDS } from '../../schemas/rules/concern-reminders';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../schemas/sync/protocol-version';
import { createScope } from '../../sync-server/src/accounts/accounts-repository';
import type { Role } from '../../sync-server/src/accounts/permissions';
import { buildApp } from '../../sync-server/src/app';
import { openChannels } from '../../sync-server/src/notifications/channels';
import type { NotifierConfig } from '../../sync-server/src/notifications/channels';
import { enqueueOverdueReminders } from '../../sync-server/src/notifications/reminders';
import { NotificationWorker } from '../../sync-server/src/notifications/worker';
import { writeLocalSettings } from '../../sync-server/src/settings/local-settings';
import { openStorage } from '../../sync-server/src/storage/storage';
import type { Storage } from '../../sync-server/src/storage/storage';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';
import type { SignedIn } from '../helpers/accounts';
import { TEST_CONFIG } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import { startSmtpSink, startWebhookSink } from '../helpers/sinks';
import { newId } from '../helpers/sync-fixtures';

useQuickPasswordHashing();

const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION };
const SECRET = 'a-webhook-secret-of-at-least-32-characters';
const H = 3_600_000;
const BOTH = { email: true, webhook: true } as const;

for (const engine of ENGINES) {
  const fixture = await engine.create();
  describe.skipIf(fixture === null)(`repeated safety concern reminders on ${engine.name}`, () => {
    let storage: Storage;
    let app: FastifyInstance;
    let group: string;
    let observer: SignedIn;
    let director: SignedIn & { id: string; email: string };
    let qaEmail: string;
    let headEmail: string;
    let head: SignedIn;
    const closing: Array<{ close(): Promise<void> }> = [];

    const person = async (role: Role, scopeIds: string[]) => {
      const a = await createAccount(storage, { role, scopeIds });
      return { ...(await signIn(app, a)), id: a.id, email: a.email };
    };
    /** A concern raised through the route; answers with what the server stored. */
    const raise = async (who: SignedIn = observer) => {
      const id = newId();
      const res = await app.inject({
        method: 'POST',
        url: '/api/concerns',
        headers: bearer(who.token),
        payload: {
          ...versions,
          deviceId: who.deviceId,
          scopeId: group,
          concern: {
            id,
            caseId: 'ZX-4417',
            what: 'Bruising seen on the younger child during the visit.',
            raisedAt: '2026-05-05T13:05:00Z',
            whoWasTold: [],
          },
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{
        concern: {
          id: string;
          receivedAt: string;
          acknowledgedBy?: string;
          acknowledgedAt?: string;
        };
      }>().concern;
    };
    /** As if the concern had reached the server `hours` ago; returns when that was. */
    const backdate = async (id: string, hours: number) => {
      const at = new Date(Date.now() - hours * H).toISOString();
      const row = await storage.db
        .selectFrom('records')
        .select('fields')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      await storage.db
        .updateTable('records')
        .set({
          created_at: at,
          fields: JSON.stringify({ ...JSON.parse(row.fields), receivedAt: at }),
        })
        .where('id', '=', id)
        .execute();
      return Date.parse(at);
    };
    const reminders = (concernId: string) =>
      storage.db
        .selectFrom('notification_outbox')
        .selectAll()
        .where('concern_id', '=', concernId)
        .where('kind', '=', 'overdue')
        .orderBy('round')
        .orderBy('recipient')
        .execute();
    /** Round number and recipients, round by round. */
    const rounds = async (concernId: string) => {
      const out = new Map<number, string[]>();
      for (const r of await reminders(concernId))
        out.set(r.round, [...(out.get(r.round) ?? []), `${r.channel}:${r.recipient}`]);
      return out;
    };
    /** The reminder writer, run by a worker whose clock says `ms`. */
    const tickAt = (ms: number, db = storage.db) => enqueueOverdueReminders(db, BOTH, new Date(ms));
    const acknowledge = async (id: string, who: SignedIn = director) => {
      const res = await app.inject({
        method: 'POST',
        url: `/api/concerns/${id}/acknowledge`,
        headers: bearer(who.token),
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    /**
     * Leaves nothing queued for the next test's sinks, and no concern of this test for the next
     * one's clock to remind about (as if deleted under retention).
     */
    const forgetEarlierTests = async () => {
      await storage.db
        .updateTable('notification_outbox')
        .set({ status: 'cancelled' })
        .where('status', '=', 'pending')
        .execute();
      await storage.db
        .updateTable('records')
        .set({ deleted: 1 })
        .where('type', '=', 'safety-concern')
        .execute();
    };

    beforeAll(async () => {
      storage = openStorage(fixture!.target);
      await storage.migrate();
      const service = await createScope(storage.db, {
        name: 'Children and families',
        kind: 'service',
      });
      group = (
        await createScope(storage.db, {
          name: 'Group A',
          kind: 'practice-group',
          parentId: service.id,
        })
      ).id;
      app = await buildApp({ config: TEST_CONFIG, storage, logger: false });
      await app.ready();
      observer = await person('observer', [group]);
      director = await person('director', [service.id]);
      qaEmail = (await person('qa-lead', [group])).email;
      const h = await person('head-of-service', [service.id]);
      head = h;
      headEmail = h.email;
      await writeLocalSettings(storage, { concernNotifyEmails: ['duty.manager@example.org'] });
    });
    afterEach(async () => {
      await forgetEarlierTests();
      while (closing.length) await closing.pop()!.close();
    });
    afterAll(async () => {
      await app?.close();
      await storage?.close();
      await fixture?.dispose();
    });

    test('a round every 4 hours to the same people, each once, none skipped, up to the cap; none once the Director acknowledges', async () => {
      const concern = await raise();
      const t0 = Date.parse(concern.receivedAt);
      const everyone = [
        `email:${director.email}`,
        'email:duty.manager@example.org',
        `email:${qaEmail}`,
        `email:${headEmail}`,
        'webhook:webhook',
      ].sort();

      expect(await tickAt(t0 + 4 * H - 1)).toBe(0);
      expect(await tickAt(t0 + 4 * H)).toBe(5);
      // The same look again, a minute later, and a worker whose clock is behind: nothing more.
      expect(await tickAt(t0 + 4 * H)).toBe(0);
      expect(await tickAt(t0 + 4 * H + 60_000)).toBe(0);
      expect(await tickAt(t0 + 2 * H)).toBe(0);
      expect(await tickAt(t0 + 8 * H)).toBe(5);
      // Nothing ran for a day: the third round goes now, the fourth 4 hours later, not at once.
      expect(await tickAt(t0 + 32 * H)).toBe(5);
      expect(await tickAt(t0 + 32 * H + 60_000)).toBe(0);
      expect(await tickAt(t0 + 36 * H)).toBe(5);
      expect(await tickAt(t0 + 40 * H)).toBe(5);
      expect(await tickAt(t0 + 44 * H)).toBe(5);
      // The sixth round was the last.
      expect(await tickAt(t0 + 48 * H)).toBe(0);
      expect(await tickAt(t0 + 100 * H)).toBe(0);

      const written = await rounds(concern.id);
      expect([...written.keys()]).toEqual([1, 2, 3, 4, 5, 6]);
      expect(MAX_REMINDER_ROUNDS).toBe(6);
      for (const recipients of written.values()) expect(recipients.sort()).toEqual(everyone);

      // A second concern: the Director acknowledges between rounds; the round queued and not yet
      // sent is cancelled at sending, and no round follows.
      const second = await raise();
      const s0 = Date.parse(second.receivedAt);
      expect(await tickAt(s0 + 4 * H)).toBe(5);
      expect(await tickAt(s0 + 8 * H)).toBe(5);
      await acknowledge(second.id);
      expect(await tickAt(s0 + 12 * H)).toBe(0);
      expect(await tickAt(s0 + 40 * H)).toBe(0);
      expect([...(await rounds(second.id)).keys()]).toEqual([1, 2]);
      const worker = new NotificationWorker(
        storage.db,
        { retryBaseMs: 100, retryMaxMs: 400, pollMs: 50, leaseMs: 10_000 },
        openChannels({ retryBaseMs: 100, retryMaxMs: 400, pollMs: 50, leaseMs: 10_000 }),
        { info: () => undefined, warn: () => undefined, error: () => undefined },
      );
      // Rows written by a clock hours ahead are due only then: bring them to now to send.
      await storage.db
        .updateTable('notification_outbox')
        .set({ next_attempt_at: new Date().toISOString() })
        .where('concern_id', '=', second.id)
        .execute();
      await worker.runOnce();
      await worker.stop();
      expect((await reminders(second.id)).map((r) => r.status)).toEqual(
        Array.from({ length: 10 }, () => 'cancelled'),
      );
    });

    test('a head of service’s acknowledgement does not stop the rounds; a concern past the look-back window gets none', async () => {
      const concern = await raise();
      const t0 = Date.parse(concern.receivedAt);
      await acknowledge(concern.id, head);
      expect(await tickAt(t0 + 4 * H)).toBeGreaterThan(0);
      expect(await tickAt(t0 + 8 * H)).toBeGreaterThan(0);
      expect([...(await rounds(concern.id)).keys()]).toEqual([1, 2]);

      const old = await raise();
      const o0 = Date.parse(old.receivedAt);
      expect(await tickAt(o0 + 14 * 24 * H + 1)).toBe(0);
      expect(await reminders(old.id)).toEqual([]);
    });

    test('each email and webhook call says which reminder it is and how long the concern has waited', async () => {
      const sink = await startSmtpSink();
      closing.push(sink);
      const hook = await startWebhookSink();
      closing.push(hook);
      const concern = await raise();
      // It reached the server 9 hours ago; the first round went at 4 hours, the second is due now.
      const t0 = await backdate(concern.id, 9);
      expect(await tickAt(t0 + 4 * H)).toBe(5);
      expect(await tickAt(Date.now())).toBe(5);
      await storage.db
        .updateTable('notification_outbox')
        .set({ status: 'cancelled' })
        .where('concern_id', '=', concern.id)
        .where('round', '=', 1)
        .execute();
      const config: NotifierConfig = {
        smtpUrl: `smtp://127.0.0.1:${sink.port}`,
        from: 'observations@council.example.org',
        webhookUrl: hook.url,
        webhookSecret: SECRET,
        retryBaseMs: 100,
        retryMaxMs: 400,
        pollMs: 50,
        leaseMs: 10_000,
      };
      const worker = new NotificationWorker(storage.db, config, openChannels(config), {
        info: () => undefined,
        warn: () => undefined,
        error: () => undefined,
      });
      await worker.runOnce();
      await worker.stop();
      const second = (await reminders(concern.id)).filter((r) => r.round === 2);
      expect(second.map((r) => r.status)).toEqual(second.map(() => 'delivered'));
      expect(sink.messages).toHaveLength(4);
      for (const m of sink.messages) {
        expect(m.raw.replace(/\r?\n[ \t]+/g, ' ')).toContain(
          'Subject: Not yet acknowledged (second reminder): immediate safety concern in Group A (Children and families)',
        );
        expect(m.text).toContain('This is the second reminder.');
        expect(m.text).toContain(', 9 hours ago, and the Director has not acknowledged it yet.');
        // When, the GOV.UK way on London clocks (2:05pm, midday, midnight), said to be UK time.
        expect(m.text).toMatch(
          /It reached the server at (?:(?:1[0-2]|[1-9])(?::[0-5]\d)?[ap]m|midday|midnight) on [A-Z][a-z]+day [1-9]\d? [A-Z][a-z]+ \d{4} \(UK time\), 9 hours ago/,
        );
        expect(m.raw).not.toContain('ZX-4417');
      }
      expect(hook.calls).toHaveLength(1);
      const body = JSON.parse(hook.calls[0]!.body) as Record<string, unknown>;
      expect(body).toMatchObject({ event: 'concern-overdue', concernId: concern.id, round: 2 });
      expect(body['waitedMinutes']).toBeGreaterThanOrEqual(540);
      expect(body['waitedMinutes']).toBeLessThan(545);

      // The concern log shows the rounds, each row with its round and when it was queued.
      const log = await app.inject({
        method: 'GET',
        url: '/api/reports/concerns',
        headers: bearer(director.token),
      });
      expect(log.statusCode, log.body).toBe(200);
      const entry = log
        .json<{
          concerns: Array<{
            concern: { id: string };
            notifications: Array<{
              kind: string;
              round: number;
              status: string;
              createdAt: string;
            }>;
          }>;
        }>()
        .concerns.find((c) => c.concern.id === concern.id)!;
      expect(entry.notifications.map((n) => [n.kind, n.round, n.status])).toEqual([
        ...Array.from({ length: 5 }, () => ['overdue', 1, 'cancelled']),
        ...Array.from({ length: 5 }, () => ['overdue', 2, 'delivered']),
      ]);
      expect(entry.notifications[0]!.createdAt).toBe(new Date(t0 + 4 * H).toISOString());
    });

    test('a concern a director raises is acknowledged by them as it arrives: no reminder to anyone; one raised before this release never reminds its raiser', async () => {
      const concern = await raise(director);
      expect(concern.acknowledgedBy).toBe(director.id);
      expect(concern.acknowledgedAt).toBe(concern.receivedAt);
      const audit = await storage.db
        .selectFrom('audit_log')
        .select(['action', 'user_id'])
        .where('record_id', '=', concern.id)
        .orderBy('seq')
        .execute();
      expect(audit.map((a) => [a.action, a.user_id])).toEqual([
        ['concern-raised', director.id],
        ['concern-acknowledged', director.id],
      ]);
      const t0 = Date.parse(concern.receivedAt);
      expect(await tickAt(t0 + 4 * H)).toBe(0);
      expect(await tickAt(t0 + 8 * H)).toBe(0);
      const log = await app.inject({
        method: 'GET',
        url: '/api/reports/concerns?status=unacknowledged',
        headers: bearer(director.token),
      });
      expect(
        log
          .json<{ concerns: Array<{ concern: { id: string } }> }>()
          .concerns.map((c) => c.concern.id),
      ).not.toContain(concern.id);

      // Raised by the director before this release: stored without the acknowledgement.
      const before = await raise(director);
      const row = await storage.db
        .selectFrom('records')
        .select('fields')
        .where('id', '=', before.id)
        .executeTakeFirstOrThrow();
      const fields = JSON.parse(row.fields) as Record<string, unknown>;
      delete fields['acknowledgedBy'];
      delete fields['acknowledgedAt'];
      await storage.db
        .updateTable('records')
        .set({ fields: JSON.stringify(fields) })
        .where('id', '=', before.id)
        .execute();
      const b0 = Date.parse(before.receivedAt);
      expect(await tickAt(b0 + 4 * H)).toBe(4);
      expect((await rounds(before.id)).get(1)!.sort()).toEqual(
        [
          'email:duty.manager@example.org',
          `email:${qaEmail}`,
          `email:${headEmail}`,
          'webhook:webhook',
        ].sort(),
      );
    });

    // Several server processes share one database only on PostgreSQL.
    if (engine.name === 'postgres')
      test('workers of two processes looking at the same moment, again and again, write each round once', async () => {
        const other = openStorage(fixture!.target);
        try {
          const concerns = await Promise.all([raise(), raise(), raise()]);
          const t0 = Math.max(...concerns.map((c) => Date.parse(c.receivedAt)));
          for (const hours of [4, 8, 12]) {
            const at = t0 + hours * H;
            const written = await Promise.all(
              Array.from({ length: 8 }, (_, i) => tickAt(at, i % 2 ? other.db : storage.db)),
            );
            // Three concerns, five recipients each: fifteen rows in all, whoever wrote them.
            expect(written.reduce((a, b) => a + b, 0)).toBe(15);
          }
          for (const c of concerns) {
            const rows = await reminders(c.id);
            expect(rows).toHaveLength(15);
            const keys = rows.map((r) => `${r.round}:${r.channel}:${r.recipient}`);
            expect(new Set(keys).size).toBe(15);
            expect([...new Set(rows.map((r) => r.round))]).toEqual([1, 2, 3]);
          }
        } finally {
          await other.close();
        }
      });
  });
}

// "The director is always told": on every engine, a safety concern's notifications are written in
// its own transaction and delivered by the server's worker to a real SMTP server and a webhook
// receiver, retried with backoff while they are down, across a restart of the server, and never
// twice at once when two server processes share one PostgreSQL database. A concern nobody has
// acknowledged by its deadline is notified again, once, with the heads of service told too.
import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../schemas/sync/protocol-version';
import { createScope } from '../../sync-server/src/accounts/accounts-repository';
import type { Role } from '../../sync-server/src/accounts/permissions';
import { buildApp } from '../../sync-server/src/app';
import { concernEmail, openChannels } from '../../sync-server/src/notifications/channels';
import type { ConcernNotice, NotifierConfig } from '../../sync-server/src/notifications/channels';
import {
  concernRecipients,
  enqueueConcernNotifications,
} from '../../sync-server/src/notifications/outbox';
import { enqueueOverdueReminders } from '../../sync-server/src/notifications/reminders';
import { NotificationWorker, retryDelay } from '../../sync-server/src/notifications/worker';
import { deleteDue, updatePeriods } from '../../sync-server/src/retention/retention';
import { writeLocalSettings } from '../../sync-server/src/settings/local-settings';
import { openStorage } from '../../sync-server/src/storage/storage';
import type { Storage } from '../../sync-server/src/storage/storage';
import type { StorageTarget } from '../../sync-server/src/storage/engines';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';
import type { SignedIn } from '../helpers/accounts';
import { TEST_CONFIG } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import { freePort } from '../helpers/server-process';
import { startSmtpSink, startWebhookSink, waitFor } from '../helpers/sinks';
import { newId } from '../helpers/sync-fixtures';

useQuickPasswordHashing();

const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION };
const SECRET = 'a-webhook-secret-of-at-least-32-characters';
const CASE_ID = 'ZX-4417';
const WHAT = 'Bruising seen on the younger child during the visit.';

/** "It reached the server at 2:05pm on Tuesday 5 May 2026 (UK time)", whenever that was. */
const GOV_UK_RECEIVED =
  /It reached the server at (?:(?:1[0-2]|[1-9])(?::[0-5]\d)?[ap]m|midday|midnight) on (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day [1-9]\d? (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4} \(UK time\)\./;

describe('a safety concern email’s times, the GOV.UK way on London clocks, and said to be UK time', () => {
  const notice = (raisedAt: string, receivedAt: string): ConcernNotice => ({
    kind: 'raised',
    concernId: 'concern-0001',
    scopeId: 'scope-0001',
    raisedAt,
    receivedAt,
    teamName: 'Group A (Children and families)',
    round: 1,
    sentAt: receivedAt,
  });
  test.each([
    // Summer time: London is an hour ahead of UTC.
    [
      '2026-05-05T11:00:00Z',
      '2026-05-05T13:05:00Z',
      'midday on Tuesday 5 May 2026',
      '2:05pm on Tuesday 5 May 2026',
    ],
    // 11pm UTC in summer is midnight of the next London day.
    [
      '2026-06-30T23:00:00Z',
      '2026-06-30T23:30:00Z',
      'midnight on Wednesday 1 July 2026',
      '12:30am on Wednesday 1 July 2026',
    ],
    // Winter: London is UTC.
    [
      '2026-12-07T09:00:00Z',
      '2026-12-07T10:20:00Z',
      '9am on Monday 7 December 2026',
      '10:20am on Monday 7 December 2026',
    ],
  ])('raised at %s, received at %s', (raisedAt, receivedAt, raised, received) => {
    const { text } = concernEmail(notice(raisedAt, receivedAt), undefined);
    expect(text).toContain(
      `An immediate safety concern was raised at ${raised} (UK time) in Group A (Children and families).`,
    );
    expect(text).toContain(`It reached the server at ${received} (UK time).`);
    const reminder = concernEmail(
      {
        ...notice(raisedAt, receivedAt),
        kind: 'overdue',
        round: 2,
        sentAt: '2026-12-08T00:00:00Z',
      },
      undefined,
    ).text;
    expect(reminder).toContain(`was raised at ${raised} (UK time) in Group A`);
    expect(reminder).toContain(`It reached the server at ${received} (UK time), `);
  });
});

test('retries back off exponentially to a ceiling', () => {
  const none = () => 0;
  expect([1, 2, 3, 4, 5, 6].map((n) => retryDelay(n, 100, 1000, none))).toEqual([
    100, 200, 400, 800, 1000, 1000,
  ]);
  expect(retryDelay(3, 100, 1000, () => 0.99)).toBeLessThanOrEqual(480);
});

for (const engine of ENGINES) {
  const fixture = await engine.create();
  describe.skipIf(fixture === null)(`safety concern notifications on ${engine.name}`, () => {
    let target: StorageTarget;
    let storage: Storage;
    let group: string;
    let otherGroup: string;
    const apps: FastifyInstance[] = [];
    let observer: SignedIn;
    let directorEmail: string;
    let director: SignedIn & { email: string };
    let qaEmail: string;
    let headEmail: string;
    let qaLead: SignedIn & { email: string };
    let head: SignedIn & { email: string };
    const sinks: Array<{ close(): Promise<void> }> = [];

    const config = (over: Partial<NotifierConfig>): NotifierConfig => ({
      from: 'observations@council.example.org',
      appUrl: 'https://observations.council.example.org/',
      retryBaseMs: 100,
      retryMaxMs: 400,
      pollMs: 50,
      leaseMs: 10_000,
      ...over,
    });
    const start = async (notifications: NotifierConfig, own?: Storage) => {
      const app = await buildApp({
        config: TEST_CONFIG,
        storage: own ?? storage,
        logger: false,
        notifications,
      });
      await app.ready();
      apps.push(app);
      return app;
    };
    const person = async (app: FastifyInstance, role: Role, scopeIds: string[], email?: string) => {
      const a = await createAccount(storage, { role, scopeIds, email });
      return { ...(await signIn(app, { email: a.email, password: a.password })), email: a.email };
    };
    const raise = async (app: FastifyInstance, id = newId()) => {
      await raiseAnswer(app, id);
      return id;
    };
    /** The concern route's whole answer, with how the Director is being told. */
    const raiseAnswer = async (app: FastifyInstance, id = newId()) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/concerns',
        headers: bearer(observer.token),
        payload: {
          ...versions,
          deviceId: observer.deviceId,
          scopeId: group,
          concern: {
            id,
            caseId: CASE_ID,
            what: WHAT,
            raisedAt: '2026-05-05T13:05:00Z',
            whoWasTold: [{ name: 'Priya Duty', role: 'Duty manager', at: '2026-05-05T13:06:00Z' }],
          },
        },
      });
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res.json<{ directorNotice: unknown }>();
    };
    /** How the Director is being told, as the raiser's tablet asks for it afterwards. */
    const noticeOf = async (app: FastifyInstance, id: string) => {
      const res = await app.inject({
        method: 'GET',
        url: `/api/concerns/${id}`,
        headers: bearer(observer.token),
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ directorNotice: unknown }>().directorNotice;
    };
    const outbox = (concernId: string) =>
      storage.db
        .selectFrom('notification_outbox')
        .selectAll()
        .where('concern_id', '=', concernId)
        .orderBy('recipient')
        .execute();
    const allDelivered = async (concernId: string) => {
      const rows = await outbox(concernId);
      return rows.length > 0 && rows.every((r) => r.status === 'delivered') ? rows : undefined;
    };

    beforeAll(async () => {
      target = fixture!.target;
      storage = openStorage(target);
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
      otherGroup = (
        await createScope(storage.db, {
          name: 'Group B',
          kind: 'practice-group',
          parentId: service.id,
        })
      ).id;
      // A plain app (no channels) only to sign people in.
      const app = await start(config({}));
      observer = await person(app, 'observer', [group]);
      director = await person(app, 'director', [service.id], 'Director.Person@Example.org');
      directorEmail = director.email;
      qaLead = await person(app, 'qa-lead', [group]);
      qaEmail = qaLead.email;
      await person(app, 'qa-lead', [otherGroup]);
      head = await person(app, 'head-of-service', [service.id]);
      headEmail = head.email;
      await writeLocalSettings(storage, { concernNotifyEmails: ['duty.manager@example.org'] });
    });
    afterEach(async () => {
      while (apps.length > 1) await apps.pop()!.close();
      while (sinks.length) await sinks.pop()!.close();
    });
    afterAll(async () => {
      for (const app of apps) await app.close();
      await storage?.close();
      await fixture?.dispose();
    });

    test('the director and QA leads of the team, and the extra addresses, are emailed once; nothing in it identifies the child', async () => {
      const sink = await startSmtpSink();
      sinks.push(sink);
      const app = await start(config({ smtpUrl: `smtp://127.0.0.1:${sink.port}` }));
      const id = await raise(app);
      const rows = await waitFor('delivery', () => allDelivered(id));
      expect(rows.map((r) => [r.recipient, r.reason, r.attempts])).toEqual(
        [
          ['director.person@example.org', 'director', 1],
          ['duty.manager@example.org', 'local-setting', 1],
          [qaEmail, 'qa-lead', 1],
        ].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)),
      );
      expect(directorEmail).toBe('director.person@example.org');
      expect(
        sink.messages
          .map((m) => m.to)
          .flat()
          .sort(),
      ).toEqual(rows.map((r) => r.recipient).sort());
      for (const m of sink.messages) {
        expect(m.from).toBe('observations@council.example.org');
        expect(m.text).toContain(
          'Subject: Immediate safety concern raised in Group A (Children and families)',
        );
        expect(m.text).toContain(
          'An immediate safety concern was raised at 2:05pm on Tuesday 5 May 2026 (UK time) in Group A (Children and families).',
        );
        // It reached the server just now: a GOV.UK time (2:05pm, midday, midnight) and day.
        expect(m.text).toMatch(GOV_UK_RECEIVED);
        expect(m.text).toContain('https://observations.council.example.org/');
        for (const secret of [CASE_ID, WHAT, 'Bruising', 'Priya', 'Duty manager', id])
          expect(m.raw).not.toContain(secret);
      }
      // Sent again by an unsure device: nothing more is queued or sent.
      await raise(app, id);
      await new Promise((r) => setTimeout(r, 300));
      expect(await outbox(id)).toHaveLength(3);
      expect(sink.messages).toHaveLength(3);
    });

    test('a team whose service has no director still reaches a director: the authority’s directors are told', async () => {
      const elsewhere = await createScope(storage.db, {
        name: 'Adoption service',
        kind: 'service',
      });
      const team = await createScope(storage.db, {
        name: 'Adoption team',
        kind: 'practice-group',
        parentId: elsewhere.id,
      });
      const recipients = await concernRecipients(storage.db, team.id);
      expect(recipients).toContainEqual({
        email: 'director.person@example.org',
        reason: 'director',
      });
      // Where the service has its own director, only that director is told.
      expect(
        (await concernRecipients(storage.db, group)).filter((r) => r.reason === 'director'),
      ).toEqual([{ email: 'director.person@example.org', reason: 'director' }]);
    });

    test('while the mail server is down the notification waits, is retried with backoff, and is delivered once it is up, even after a restart', async () => {
      const port = await freePort();
      const smtpUrl = `smtp://127.0.0.1:${port}`;
      const first = await start(config({ smtpUrl }));
      const id = await raise(first);
      // Queued in the concern's own transaction: present as soon as the answer is.
      expect((await outbox(id)).map((r) => r.status)).toEqual(['pending', 'pending', 'pending']);
      const failing = await waitFor('two failed attempts', async () => {
        const rows = await outbox(id);
        return rows.every((r) => r.attempts >= 2) ? rows : undefined;
      });
      for (const r of failing) {
        expect(r.status).toBe('pending');
        expect(r.last_error).toBe('ECONNREFUSED');
        expect(Date.parse(r.next_attempt_at)).toBeGreaterThan(Date.parse(r.last_attempt_at!));
      }
      await first.close();
      apps.splice(apps.indexOf(first), 1);

      const sink = await startSmtpSink(port);
      sinks.push(sink);
      await start(config({ smtpUrl }));
      const rows = await waitFor('delivery after the restart', () => allDelivered(id));
      expect(rows.every((r) => r.attempts >= 3 && r.last_error === null)).toBe(true);
      expect(
        sink.messages
          .map((m) => m.to)
          .flat()
          .sort(),
      ).toEqual(rows.map((r) => r.recipient).sort());
    });

    test('the raiser is told how the Director hears: by email and the webhook, queued at the answer, then sent, with when', async () => {
      const sink = await startSmtpSink();
      sinks.push(sink);
      const hook = await startWebhookSink();
      sinks.push(hook);
      const app = await start(
        config({
          smtpUrl: `smtp://127.0.0.1:${sink.port}`,
          webhookUrl: hook.url,
          webhookSecret: SECRET,
        }),
      );
      const id = newId();
      // Queued in the concern's transaction; the worker starts only after the answer.
      expect((await raiseAnswer(app, id)).directorNotice).toEqual({
        email: { state: 'queued', sentAt: null },
        webhook: { state: 'queued', sentAt: null },
        inApp: true,
      });
      const rows = await waitFor('delivery', () => allDelivered(id));
      const at = (channel: string, reason: string) =>
        rows.find((r) => r.channel === channel && r.reason === reason)!.delivered_at;
      expect(await noticeOf(app, id)).toEqual({
        email: { state: 'sent', sentAt: at('email', 'director') },
        webhook: { state: 'sent', sentAt: at('webhook', 'webhook') },
        inApp: true,
      });
    });

    test('with the mail server down, the raiser is told the email has not gone and is being retried; with no channel, that none is sent', async () => {
      const down = await start(config({ smtpUrl: `smtp://127.0.0.1:${await freePort()}` }));
      const id = await raise(down);
      await waitFor('a failed attempt', async () => {
        const r = await outbox(id);
        return r.every((x) => x.attempts >= 1) ? r : undefined;
      });
      expect(await noticeOf(down, id)).toEqual({
        email: { state: 'retrying', sentAt: null },
        webhook: null,
        inApp: true,
      });
      // Not left for the next test's mail server to deliver.
      await storage.db
        .updateTable('notification_outbox')
        .set({ status: 'cancelled' })
        .where('concern_id', '=', id)
        .execute();
      // The first app has no channel: nothing is queued, and the answer says so.
      expect((await raiseAnswer(apps[0]!)).directorNotice).toEqual({
        email: null,
        webhook: null,
        inApp: true,
      });
    });

    test('the webhook is posted signed JSON, retried after an error answer', async () => {
      const hook = await startWebhookSink();
      sinks.push(hook);
      hook.answers.push(503);
      const app = await start(config({ webhookUrl: hook.url, webhookSecret: SECRET }));
      const id = await raise(app);
      const [row] = await waitFor('webhook delivery', () => allDelivered(id));
      expect(row).toMatchObject({ channel: 'webhook', recipient: 'webhook', attempts: 2 });
      expect(hook.calls).toHaveLength(2);
      for (const call of hook.calls) {
        expect(JSON.parse(call.body)).toEqual({
          event: 'concern-raised',
          concernId: id,
          scopeId: group,
          raisedAt: '2026-05-05T13:05:00Z',
          receivedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        });
        const expected = `sha256=${createHmac('sha256', SECRET).update(call.body).digest('hex')}`;
        expect(call.headers['x-signature-256']).toBe(expected);
        expect(call.headers['x-notification-id']).toBe(row!.id);
        expect(call.headers['content-type']).toBe('application/json');
        expect(call.body).not.toContain(CASE_ID);
      }
    });

    /** As if the concern had reached the server `hours` ago. */
    const backdate = async (id: string, hours: number) => {
      const at = new Date(Date.now() - hours * 3_600_000).toISOString();
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
    };
    const reminders = (concernId: string) =>
      storage.db
        .selectFrom('notification_outbox')
        .selectAll()
        .where('concern_id', '=', concernId)
        .where('kind', '=', 'overdue')
        .orderBy('recipient')
        .execute();

    test('a concern nobody acknowledged in time is notified again, once, heads of service too; an acknowledged or recent one is not', async () => {
      const sink = await startSmtpSink();
      sinks.push(sink);
      const hook = await startWebhookSink();
      sinks.push(hook);
      const app = await start(
        config({
          smtpUrl: `smtp://127.0.0.1:${sink.port}`,
          webhookUrl: hook.url,
          webhookSecret: SECRET,
          reminderCheckMs: 50,
        }),
      );
      const forgotten = await raise(app);
      const acknowledged = await raise(app);
      const recent = await raise(app);
      for (const id of [forgotten, acknowledged, recent])
        await waitFor('delivery', () => allDelivered(id));
      const ack = await app.inject({
        method: 'POST',
        url: `/api/concerns/${acknowledged}/acknowledge`,
        headers: bearer(director.token),
      });
      expect(ack.statusCode, ack.body).toBe(200);
      // The authority allows 4 hours (the default): two of them arrived 5 hours ago, one 3.
      await backdate(forgotten, 5);
      await backdate(acknowledged, 5);
      await backdate(recent, 3);
      const sentBefore = sink.messages.length;

      const rows = await waitFor('the reminders delivered', async () => {
        const r = await reminders(forgotten);
        return r.length === 5 && r.every((x) => x.status === 'delivered') ? r : undefined;
      });
      expect(rows.map((r) => [r.channel, r.recipient, r.reason])).toEqual(
        [
          ['email', 'director.person@example.org', 'director'],
          ['email', 'duty.manager@example.org', 'local-setting'],
          ['email', qaEmail, 'qa-lead'],
          ['email', headEmail, 'head-of-service'],
          ['webhook', 'webhook', 'webhook'],
        ].sort((a, b) => (a[1]! < b[1]! ? -1 : 1)),
      );
      const mails = sink.messages.slice(sentBefore);
      expect(
        mails
          .map((m) => m.to)
          .flat()
          .sort(),
      ).toEqual(
        rows
          .filter((r) => r.channel === 'email')
          .map((r) => r.recipient)
          .sort(),
      );
      for (const m of mails) {
        // A subject this long is folded onto two header lines.
        expect(m.raw.replace(/\r?\n[ \t]+/g, ' ')).toContain(
          'Subject: Not yet acknowledged: immediate safety concern in Group A (Children and families)',
        );
        expect(m.text).toContain('the Director has not acknowledged it yet');
        expect(m.text).toContain('only the Director’s acknowledgement does');
        for (const secret of [CASE_ID, WHAT, 'Bruising', 'Priya', forgotten])
          expect(m.raw).not.toContain(secret);
      }
      const overdueCalls = hook.calls.filter((c) => JSON.parse(c.body).event === 'concern-overdue');
      expect(overdueCalls.map((c) => JSON.parse(c.body).concernId)).toEqual([forgotten]);

      // Many more looks later: still one reminder each, and none for the other two.
      await new Promise((r) => setTimeout(r, 500));
      expect(await reminders(forgotten)).toHaveLength(5);
      expect(await reminders(acknowledged)).toEqual([]);
      expect(await reminders(recent)).toEqual([]);
      expect(sink.messages.length - sentBefore).toBe(4);

      // The concern log says a reminder went.
      const log = await app.inject({
        method: 'GET',
        url: '/api/reports/concerns',
        headers: bearer(director.token),
      });
      const entry = log
        .json<{
          concerns: {
            concern: { id: string };
            overdue: boolean;
            notifications: { kind: string }[];
          }[];
        }>()
        .concerns.find((c) => c.concern.id === forgotten)!;
      expect(entry.overdue).toBe(true);
      expect(entry.notifications.filter((n) => n.kind === 'overdue')).toHaveLength(5);
      expect(entry.notifications.filter((n) => n.kind === 'raised')).toHaveLength(4);
    });

    /** A worker of its own, as another server process would run, and what it logged. */
    const worker = (notifications: NotifierConfig) => {
      const said: string[] = [];
      const note = (_: object, msg: string) => void said.push(msg);
      const w = new NotificationWorker(storage.db, notifications, openChannels(notifications), {
        info: note,
        warn: note,
        error: note,
      });
      return { w, said };
    };
    /** A concern's emails queued as the concern route queues them, without a worker sending. */
    const queueEmails = async (concernId: string) => {
      await storage.transaction((tx) =>
        enqueueConcernNotifications(
          tx,
          { id: concernId, scopeId: group },
          { email: true, webhook: false },
          new Date().toISOString(),
        ),
      );
      return (await outbox(concernId)).map((r) => r.id);
    };
    const sentIds = (sink: { messages: Array<{ raw: string }> }) =>
      sink.messages.map((m) => /X-Notification-Id: (\S+)/i.exec(m.raw)?.[1]);

    test('a batch sent to a slow mail server is sent once: a row taken over when its lease ran out is skipped', async () => {
      const sink = await startSmtpSink(0, { delayMs: 400 });
      sinks.push(sink);
      // Each email takes 400 ms; a lease is 1 s: the six rows of one batch outlast it.
      const slow = config({ smtpUrl: `smtp://127.0.0.1:${sink.port}`, leaseMs: 1000 });
      const ours = [
        ...(await queueEmails(await raise(apps[0]!))),
        ...(await queueEmails(await raise(apps[0]!))),
      ];
      expect(ours).toHaveLength(6);
      const a = worker(slow);
      const b = worker(slow);
      const first = a.w.runOnce();
      // The leases `a` took have run out while it sends its third email; `b` takes the rest.
      await new Promise((r) => setTimeout(r, 1100));
      const second = b.w.runOnce();
      await Promise.all([first, second]);
      await a.w.stop();
      await b.w.stop();

      const sent = sentIds(sink).filter((id) => ours.includes(id!));
      expect(sent.sort()).toEqual([...ours].sort());
      expect(a.said).toContain('safety concern notification taken over by another worker');
      const rows = await storage.db
        .selectFrom('notification_outbox')
        .select(['status', 'attempts'])
        .where('id', 'in', ours)
        .execute();
      expect(rows.every((r) => r.status === 'delivered' && r.attempts === 1)).toBe(true);
    });

    test('a reminder whose concern is acknowledged before it goes out is not sent, and the concern log says so', async () => {
      const sink = await startSmtpSink();
      sinks.push(sink);
      const id = await raise(apps[0]!);
      await backdate(id, 5);
      // A worker noticed the deadline and wrote the reminders...
      await enqueueOverdueReminders(storage.db, { email: true, webhook: false }, new Date());
      const written = await reminders(id);
      expect(written.map((r) => r.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
      // ...then the director acknowledged the concern before any was sent.
      const ack = await apps[0]!.inject({
        method: 'POST',
        url: `/api/concerns/${id}/acknowledge`,
        headers: bearer(director.token),
      });
      expect(ack.statusCode, ack.body).toBe(200);

      const { w, said } = worker(config({ smtpUrl: `smtp://127.0.0.1:${sink.port}` }));
      await w.runOnce();
      await w.stop();
      expect(sentIds(sink).filter((n) => written.some((r) => r.id === n))).toEqual([]);
      expect(said).toContain('safety concern reminder not needed: acknowledged');
      const after = await reminders(id);
      expect(after.map((r) => [r.status, r.attempts, r.claim_token])).toEqual(
        written.map(() => ['cancelled', 0, null]),
      );

      const log = await apps[0]!.inject({
        method: 'GET',
        url: '/api/reports/concerns',
        headers: bearer(director.token),
      });
      expect(log.statusCode, log.body).toBe(200);
      const entry = log
        .json<{
          concerns: Array<{
            concern: { id: string };
            notifications: Array<{ kind: string; status: string; nextAttemptAt: string | null }>;
          }>;
        }>()
        .concerns.find((c) => c.concern.id === id)!;
      expect(entry.notifications.map((n) => [n.kind, n.status, n.nextAttemptAt])).toEqual(
        written.map(() => ['overdue', 'cancelled', null]),
      );
    });

    test('a QA lead’s or head of service’s acknowledgement stops neither the reminder nor its sending: the Director is reminded', async () => {
      const sink = await startSmtpSink();
      sinks.push(sink);
      const id = await raise(apps[0]!);
      await backdate(id, 5);
      const ack = async (who: SignedIn) => {
        const res = await apps[0]!.inject({
          method: 'POST',
          url: `/api/concerns/${id}/acknowledge`,
          headers: bearer(who.token),
        });
        expect(res.statusCode, res.body).toBe(200);
      };
      // The QA lead acknowledges before the deadline is noticed: the reminder is still written.
      await ack(qaLead);
      await enqueueOverdueReminders(storage.db, { email: true, webhook: false }, new Date());
      const written = await reminders(id);
      expect(written.map((r) => r.reason).sort()).toEqual(
        ['director', 'head-of-service', 'local-setting', 'qa-lead'].sort(),
      );
      // The head of service acknowledges before it is sent: it is still sent.
      await ack(head);
      const { w, said } = worker(config({ smtpUrl: `smtp://127.0.0.1:${sink.port}` }));
      await w.runOnce();
      await w.stop();
      expect(said).not.toContain('safety concern reminder not needed: acknowledged');
      const after = await reminders(id);
      expect(after.map((r) => r.status)).toEqual(written.map(() => 'delivered'));
      const toDirector = sink.messages.filter(
        (m) => sentIds({ messages: [m] })[0] === written.find((r) => r.reason === 'director')!.id,
      );
      expect(toDirector).toHaveLength(1);
      expect(toDirector[0]!.to).toEqual([directorEmail]);
      expect(toDirector[0]!.text).toContain('the Director has not acknowledged it yet');

      // The log still shows it overdue and unacknowledged, with who did acknowledge.
      const log = await apps[0]!.inject({
        method: 'GET',
        url: '/api/reports/concerns',
        headers: bearer(director.token),
      });
      const entry = log
        .json<{
          concerns: Array<{
            concern: { id: string; acknowledgedAt?: string; alsoAcknowledged?: unknown[] };
            overdue: boolean;
          }>;
        }>()
        .concerns.find((c) => c.concern.id === id)!;
      expect(entry.overdue).toBe(true);
      expect(entry.concern.acknowledgedAt).toBeUndefined();
      expect(entry.concern.alsoAcknowledged).toHaveLength(2);
    });

    test('a concern deleted under the retention schedule is not notified: what still waited is cancelled, and a row found waiting later is cancelled, not retried', async () => {
      const sink = await startSmtpSink();
      sinks.push(sink);
      // The mail server was down for the whole period: the concern's emails are still waiting.
      const id = await raise(apps[0]!);
      const queued = await queueEmails(id);
      expect(queued).toHaveLength(3);
      const adminId = (
        await storage.db
          .selectFrom('users')
          .select('id')
          .where('email', '=', directorEmail)
          .executeTakeFirstOrThrow()
      ).id;
      await storage.transaction((tx) => updatePeriods(tx, { 'safety-concern': 30 }));
      try {
        const longAgo = new Date(Date.now() - 400 * 86_400_000).toISOString();
        await storage.db
          .updateTable('records')
          .set({ updated_at: longAgo })
          .where('root_id', '=', id)
          .execute();
        await deleteDue(storage.db, [id], { userId: adminId });
      } finally {
        await storage.transaction((tx) => updatePeriods(tx, { 'safety-concern': null }));
      }
      expect((await outbox(id)).map((r) => r.status)).toEqual([
        'cancelled',
        'cancelled',
        'cancelled',
      ]);

      // A row a server before this release left waiting: the worker cancels it instead of sending
      // a notice with nothing in it, or failing it for ever.
      await storage.db
        .updateTable('notification_outbox')
        .set({ status: 'pending' })
        .where('id', '=', queued[0]!)
        .execute();
      const { w, said } = worker(config({ smtpUrl: `smtp://127.0.0.1:${sink.port}` }));
      await w.runOnce();
      await w.stop();
      expect(sentIds(sink).filter((n) => queued.includes(n!))).toEqual([]);
      expect(said).toContain('safety concern notification not needed: concern deleted');
      const after = await outbox(id);
      expect(after.map((r) => [r.status, r.attempts, r.claim_token])).toEqual(
        queued.map(() => ['cancelled', 0, null]),
      );
    });

    // Several server processes share one database only on PostgreSQL (SQLite has one per data
    // directory), so this test exists only there.
    if (engine.name === 'postgres')
      test('two server processes on one database deliver each notification exactly once', async () => {
        const sink = await startSmtpSink();
        sinks.push(sink);
        const smtpUrl = `smtp://127.0.0.1:${sink.port}`;
        const second = openStorage(target);
        try {
          const a = await start(config({ smtpUrl }));
          const b = await start(config({ smtpUrl }), second);
          const ids: string[] = [];
          for (let i = 0; i < 12; i++) ids.push(await raise(i % 2 ? a : b));
          for (const id of ids) await waitFor('delivery', () => allDelivered(id));
          expect(sink.messages).toHaveLength(36);
          const notificationIds = sink.messages.map(
            (m) => /X-Notification-Id: (\S+)/i.exec(m.raw)?.[1],
          );
          expect(new Set(notificationIds).size).toBe(36);
          const rows = await storage.db
            .selectFrom('notification_outbox')
            .select(['attempts'])
            .where('concern_id', 'in', ids)
            .execute();
          expect(rows.every((r) => r.attempts === 1)).toBe(true);

          // Both processes notice the same forgotten concerns at once: one reminder each.
          const looking = [
            await start(config({ smtpUrl, reminderCheckMs: 10 })),
            await start(config({ smtpUrl, reminderCheckMs: 10 }), second),
          ];
          for (const id of ids.slice(0, 4)) await backdate(id, 6);
          for (const id of ids.slice(0, 4))
            await waitFor('reminders delivered', async () => {
              const r = await reminders(id);
              return r.length === 4 && r.every((x) => x.status === 'delivered') ? r : undefined;
            });
          await new Promise((r) => setTimeout(r, 300));
          for (const id of ids.slice(0, 4)) expect(await reminders(id)).toHaveLength(4);
          expect(sink.messages).toHaveLength(36 + 16);
          expect(looking).toHaveLength(2);
        } finally {
          while (apps.length > 1) await apps.pop()!.close();
          await second.close();
        }
      });
  });
}

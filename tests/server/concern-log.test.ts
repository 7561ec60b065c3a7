// The safety concern log on every engine: the director and QA leads see every concern in their
// teams with who was told, when it arrived, who acknowledged it, whether it is overdue, and how
// each notification about it went; an acknowledgement reaches other devices at their next pull.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../schemas/sync/protocol-version';
import type { ConcernLog } from '../../schemas/reports/concern-log';
import { createScope } from '../../sync-server/src/accounts/accounts-repository';
import type { Role } from '../../sync-server/src/accounts/permissions';
import { buildApp } from '../../sync-server/src/app';
import { concernLog } from '../../sync-server/src/reports/concern-log';
import { writeLocalSettings } from '../../sync-server/src/settings/local-settings';
import { openStorage } from '../../sync-server/src/storage/storage';
import type { Storage } from '../../sync-server/src/storage/storage';
import { pull } from '../../sync-server/src/sync/pull';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';
import { TEST_CONFIG, buildTestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import { startSmtpSink, waitFor } from '../helpers/sinks';
import type { SmtpSink } from '../helpers/sinks';
import { observationFields } from '../helpers/seed-observations';
import { newId, pullReq } from '../helpers/sync-fixtures';

useQuickPasswordHashing();

const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION };
type Person = { token: string; deviceId: string; userId: string; role: Role };

for (const engine of ENGINES) {
  const fixture = await engine.create();
  describe.skipIf(fixture === null)(`safety concern log on ${engine.name}`, () => {
    let storage: Storage;
    let app: FastifyInstance;
    let sink: SmtpSink;
    let service: string;
    let groupA: string;
    let groupB: string;
    let observer: Person;
    let director: Person;
    let qaA: Person;
    let qaB: Person;
    let hos: Person;
    const concerns: Record<string, string> = {};

    const person = async (role: Role, scopeIds: string[]): Promise<Person> => {
      const a = await createAccount(storage, { role, scopeIds });
      const s = await signIn(app, { email: a.email, password: a.password });
      return { token: s.token, deviceId: s.deviceId, userId: a.id, role };
    };
    const raise = async (scopeId: string, label: string) => {
      const id = newId();
      const res = await app.inject({
        method: 'POST',
        url: '/api/concerns',
        headers: bearer(observer.token),
        payload: {
          ...versions,
          deviceId: observer.deviceId,
          scopeId,
          concern: {
            id,
            caseId: 'AB-1234',
            what: `Concern ${label}`,
            raisedAt: new Date(Date.now() - 60_000).toISOString(),
            whoWasTold: [
              { name: 'Duty manager', role: 'Team manager', at: new Date().toISOString() },
            ],
          },
        },
      });
      expect(res.statusCode).toBe(201);
      concerns[label] = id;
      return id;
    };
    const log = async (who: Person, query = '') => {
      const res = await app.inject({
        method: 'GET',
        url: `/api/reports/concerns${query ? `?${query}` : ''}`,
        headers: bearer(who.token),
      });
      return res;
    };
    const ok = async (who: Person, query = '') => {
      const res = await log(who, query);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<ConcernLog>();
    };

    beforeAll(async () => {
      storage = openStorage(fixture!.target);
      await storage.migrate();
      sink = await startSmtpSink();
      app = await buildApp({
        config: TEST_CONFIG,
        storage,
        logger: false,
        notifications: {
          smtpUrl: `smtp://127.0.0.1:${sink.port}`,
          from: 'observations@example.org',
          retryBaseMs: 100,
          retryMaxMs: 200,
          pollMs: 50,
          leaseMs: 10_000,
        },
      });
      await app.ready();
      service = (await createScope(storage.db, { name: 'Service', kind: 'service' })).id;
      groupA = (
        await createScope(storage.db, {
          name: 'Group A',
          kind: 'practice-group',
          parentId: service,
        })
      ).id;
      groupB = (
        await createScope(storage.db, {
          name: 'Group B',
          kind: 'practice-group',
          parentId: service,
        })
      ).id;
      observer = await person('observer', [service]);
      director = await person('director', [service]);
      qaA = await person('qa-lead', [groupA]);
      qaB = await person('qa-lead', [groupB]);
      hos = await person('head-of-service', [service]);
      await writeLocalSettings(storage, { concernAcknowledgeHours: 2 });
      await raise(groupA, 'first');
      await raise(groupB, 'second');
      await raise(groupA, 'third');
      for (const id of Object.values(concerns)) {
        await waitFor('delivery', async () => {
          const rows = await storage.db
            .selectFrom('notification_outbox')
            .select('status')
            .where('concern_id', '=', id)
            .execute();
          return rows.length > 0 && rows.every((r) => r.status === 'delivered');
        });
      }
    });
    afterAll(async () => {
      await app?.close();
      await sink?.close();
      await storage?.close();
      await fixture?.dispose();
    });

    test('the director sees every concern of the service, newest first, with its notifications', async () => {
      const l = await ok(director);
      expect(l.acknowledgeHours).toBe(2);
      expect(l.concerns.map((c) => c.concern.id)).toEqual([
        concerns.third,
        concerns.second,
        concerns.first,
      ]);
      const first = l.concerns[2]!;
      expect(first).toMatchObject({
        scopeId: groupA,
        serviceId: service,
        scopeName: 'Group A',
        overdue: false,
        acknowledgedLate: false,
        concern: {
          caseId: 'AB-1234',
          whoWasTold: [{ name: 'Duty manager', role: 'Team manager' }],
          receivedAt: expect.any(String),
        },
      });
      expect(Date.parse(first.acknowledgeBy) - Date.parse(first.concern.receivedAt!)).toBe(
        2 * 3_600_000,
      );
      // The director of the service and the QA lead of Group A were emailed; not Group B's.
      expect(first.notifications.map((n) => [n.reason, n.status, n.attempts])).toEqual([
        ['director', 'delivered', 1],
        ['qa-lead', 'delivered', 1],
      ]);
      // Who was told is said by role: the log carries no colleague's email address.
      expect(JSON.stringify(l)).not.toContain('@');
      expect(first.notifications[0]).toMatchObject({
        channel: 'email',
        deliveredAt: expect.any(String),
        nextAttemptAt: null,
        lastError: null,
      });
      expect(l.summary).toEqual({
        total: 3,
        unacknowledged: 3,
        overdue: 0,
        notificationsPending: 0,
      });
    });

    // README: with neither email nor an alerting webhook set up no reminder is sent, so the log
    // must not promise the Director is reminded; it tells the tablet which it is.
    test('the log says whether reminders are sent: only with email or an alerting system set up', async () => {
      expect((await ok(director)).reminders).toBe(true);
      const bare = (await buildTestApp(engine))!;
      try {
        const a = await createAccount(bare.storage, { role: 'director' });
        const s = await signIn(bare.app, { email: a.email, password: a.password });
        const res = await bare.app.inject({
          method: 'GET',
          url: '/api/reports/concerns',
          headers: bearer(s.token),
        });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json<ConcernLog>().reminders).toBe(false);
      } finally {
        await bare.close();
      }
    });

    test('a QA lead sees only their own team; a head of service their service (a reminder escalates to them); an observer has no log', async () => {
      expect((await ok(qaA)).concerns.map((c) => c.concern.id)).toEqual([
        concerns.third,
        concerns.first,
      ]);
      expect((await ok(qaB)).concerns.map((c) => c.concern.id)).toEqual([concerns.second]);
      const other = await log(qaB, `scopeId=${groupA}`);
      expect(other.statusCode).toBe(404);
      expect((await ok(hos)).concerns.map((c) => c.concern.id).sort()).toEqual(
        [concerns.first, concerns.second, concerns.third].sort(),
      );
      const res = await log(observer);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    });

    test('unacknowledged past the local deadline is overdue; an acknowledgement clears it and syncs', async () => {
      const actorOf = (p: Person) => ({ userId: p.userId, role: p.role, deviceId: p.deviceId });
      const later = new Date(Date.now() + 3 * 3_600_000);
      const at = await concernLog(
        storage.db,
        actorOf(director),
        { status: 'all', limit: 200 },
        later,
      );
      expect(at.concerns.every((c) => c.overdue)).toBe(true);
      expect(at.summary.overdue).toBe(3);

      // A QA lead's tablet has everything so far.
      const before = await pull(storage.db, actorOf(qaA), pullReq(actorOf(qaA), null));
      const ack = await app.inject({
        method: 'POST',
        url: `/api/concerns/${concerns.first}/acknowledge`,
        headers: bearer(director.token),
      });
      expect(ack.statusCode).toBe(200);
      const next = await pull(storage.db, actorOf(qaA), pullReq(actorOf(qaA), before.cursor));
      const synced = next.records.find((r) => r.id === concerns.first);
      expect(synced?.fields).toMatchObject({
        acknowledgedBy: director.userId,
        acknowledgedAt: expect.any(String),
      });

      const after = await concernLog(
        storage.db,
        actorOf(director),
        { status: 'overdue', limit: 200 },
        later,
      );
      expect(after.concerns.map((c) => c.concern.id)).toEqual([concerns.third, concerns.second]);
      const unack = await ok(director, 'status=unacknowledged');
      expect(unack.concerns.map((c) => c.concern.id)).toEqual([concerns.third, concerns.second]);
      const acknowledged = (await ok(director)).concerns.find(
        (c) => c.concern.id === concerns.first,
      )!;
      expect(acknowledged).toMatchObject({
        overdue: false,
        acknowledgedLate: false,
        concern: { acknowledgedBy: director.userId },
      });
    });

    test('filters by day received and limit; bad input is a 400', async () => {
      const today = new Date().toISOString().slice(0, 10);
      expect((await ok(director, `from=${today}&to=${today}`)).concerns).toHaveLength(3);
      expect((await ok(director, 'to=2020-01-01')).concerns).toHaveLength(0);
      const limited = await ok(director, 'limit=2');
      expect(limited.concerns).toHaveLength(2);
      expect(limited.truncated).toBe(true);
      for (const q of ['limit=0', 'limit=5000', 'status=late', 'from=2026-13-01', 'colour=red']) {
        const res = await log(director, q);
        expect(res.statusCode, q).toBe(400);
        expect(res.json().error.code).toBe('VALIDATION_FAILED');
      }
    });

    test('a concern in a team no director covers is granted to every director: they see it in the log, the list and their pull, and acknowledge it; nothing else of that team', async () => {
      const elsewhere = (await createScope(storage.db, { name: 'Adoption', kind: 'service' })).id;
      const team = (
        await createScope(storage.db, {
          name: 'Adoption team',
          kind: 'practice-group',
          parentId: elsewhere,
        })
      ).id;
      const adopter = await person('observer', [team]);
      const id = newId();
      const raised = await app.inject({
        method: 'POST',
        url: '/api/concerns',
        headers: bearer(adopter.token),
        payload: {
          ...versions,
          deviceId: adopter.deviceId,
          scopeId: team,
          concern: {
            id,
            caseId: 'CD-5678',
            what: 'Concern in a team with no director',
            raisedAt: new Date().toISOString(),
            whoWasTold: [],
          },
        },
      });
      expect(raised.statusCode, raised.body).toBe(201);
      // An observation in that team stays out of the director's reach.
      const push = await app.inject({
        method: 'POST',
        url: '/api/sync/push',
        headers: bearer(adopter.token),
        payload: {
          ...versions,
          deviceId: adopter.deviceId,
          sentAt: new Date().toISOString(),
          mutations: [
            {
              id: 1,
              recordId: newId(),
              type: 'observation',
              op: 'put',
              scopeId: team,
              baseVersion: 0,
              set: observationFields(1, elsewhere),
              at: new Date().toISOString(),
            },
          ],
        },
      });
      expect(push.json().results, push.body).toEqual([{ id: 1, status: 'applied' }]);

      const l = await ok(director);
      const entry = l.concerns.find((c) => c.concern.id === id);
      expect(entry).toMatchObject({ scopeId: team, scopeName: 'Adoption team' });
      expect(entry!.notifications.map((n) => n.reason)).toContain('director');
      const list = await app.inject({
        method: 'GET',
        url: '/api/concerns',
        headers: bearer(director.token),
      });
      expect(list.json().concerns.map((c: { concern: { id: string } }) => c.concern.id)).toContain(
        id,
      );
      const actorOf = (p: Person) => ({ userId: p.userId, role: p.role, deviceId: p.deviceId });
      const pulled = await pull(storage.db, actorOf(director), pullReq(actorOf(director), null));
      const inTeam = pulled.records.filter((r) => r.scopeId === team).map((r) => r.id);
      expect(inTeam).toEqual([id]);
      // The QA lead of another team neither sees nor acknowledges it.
      expect((await ok(qaA)).concerns.map((c) => c.concern.id)).not.toContain(id);
      const refused = await app.inject({
        method: 'POST',
        url: `/api/concerns/${id}/acknowledge`,
        headers: bearer(qaA.token),
      });
      expect(refused.statusCode).toBe(404);
      const ack = await app.inject({
        method: 'POST',
        url: `/api/concerns/${id}/acknowledge`,
        headers: bearer(director.token),
      });
      expect(ack.statusCode, ack.body).toBe(200);
      expect(ack.json().concern.acknowledgedBy).toBe(director.userId);
      // Concerns in teams a director covers are reached through the scope, with no grant.
      const grants = await storage.db
        .selectFrom('record_grants')
        .select(['root_id', 'user_id'])
        .where('reason', '=', 'concern-director')
        .execute();
      expect(grants).toEqual([{ root_id: id, user_id: director.userId }]);
    });
  });
}

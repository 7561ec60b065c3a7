// The client sync engine against the real server in-process (SQLite): the product's transport,
// engine and store, with the network in between under the test's control.
import 'fake-indexeddb/auto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  addMembership,
  createScope,
  revokeDevice,
} from '../../sync-server/src/accounts/accounts-repository';
import { purgeTombstones } from '../../sync-server/src/sync/tombstones';
import { deleteRecord, getRecord, listRejections, saveFields, unsentSummary } from '../../src/db';
import { createConcernSender } from '../../src/sync/concerns';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { createAccount, useQuickPasswordHashing } from '../helpers/accounts';
import { freshPull, signInDevice } from '../helpers/engine-devices';
import type { Account, TestDevice } from '../helpers/engine-devices';
import { newId, removeMembership } from '../helpers/sync-fixtures';

useQuickPasswordHashing();

const FRONTLINE = {
  kind: 'frontline-practice',
  templateId: 'frontline-practice',
  templateVersion: 1,
};

describe('the client sync engine against the real server', () => {
  let t: TestApp;
  let service: string;
  const devices: TestDevice[] = [];

  const group = async () =>
    (
      await createScope(t.storage.db, {
        name: `Group ${newId()}`,
        kind: 'practice-group',
        parentId: service,
      })
    ).id;
  const account = async (role: 'observer' | 'qa-lead' | 'director', scopeIds: string[]) => {
    const a = await createAccount(t.storage, { role, scopeIds });
    return { id: a.id, email: a.email, password: a.password } satisfies Account;
  };
  const device = async (a: Account, name: string, pullPageSize?: number) => {
    const d = await signInDevice(t.app, a, name, pullPageSize ? { pullPageSize } : {});
    devices.push(d);
    return d;
  };
  const create = (d: TestDevice, scopeId: string, strengths: string, recordId = newId()) =>
    saveFields(d.store.db, d.store.cipher, {
      recordId,
      type: 'observation',
      scopeId,
      changes: { ...FRONTLINE, 'summary.strengths': strengths },
    });
  const set = (d: TestDevice, recordId: string, changes: Record<string, string>) =>
    saveFields(d.store.db, d.store.cipher, { recordId, type: 'observation', changes });
  const unsent = async (d: TestDevice) => (await unsentSummary(d.store.db)).count;

  beforeAll(async () => {
    t = (await buildTestApp())!;
    service = (await createScope(t.storage.db, { name: 'Children and families', kind: 'service' }))
      .id;
  });
  afterAll(async () => {
    for (const d of devices) await d.close();
    await t?.close();
  });

  test('two tablets of one observer: edits cross, text edits merge, a clash is shown on the record', async () => {
    const scope = await group();
    const observer = await account('observer', [scope]);
    const a = await device(observer, 'Tablet A');
    const b = await device(observer, 'Tablet B');
    const { record } = await create(a, scope, 'calm clear warm late');
    expect(await a.sync()).toMatchObject({ outcome: 'synced', pushed: 1 });
    expect(await b.sync()).toMatchObject({ outcome: 'synced' });
    expect((await getRecord(b.store.db, b.store.cipher, record.id))?.fields).toMatchObject({
      'summary.strengths': 'calm clear warm late',
    });

    // Different words on each tablet merge; the same word changed two ways is a conflict.
    await set(a, record.id, { 'summary.strengths': 'calm clear kind late' });
    await set(b, record.id, { 'summary.strengths': 'quiet clear warm late' });
    await a.sync();
    await b.sync();
    await a.sync();
    const merged = 'quiet clear kind late';
    for (const d of [a, b]) {
      const view = await getRecord(d.store.db, d.store.cipher, record.id);
      expect(view?.fields['summary.strengths']).toBe(merged);
      expect(view?.pending).toBe(false);
    }
    await set(a, record.id, { 'summary.strengths': 'quiet clear kind early' });
    await set(b, record.id, { 'summary.strengths': 'quiet clear kind soon' });
    await a.sync();
    await b.sync();
    await a.sync();
    const onA = await getRecord(a.store.db, a.store.cipher, record.id);
    const onB = await getRecord(b.store.db, b.store.cipher, record.id);
    expect(onA?.fields).toEqual(onB?.fields);
    expect(onA?.conflicts).toHaveLength(1);
    expect(onB?.conflicts.map((c) => c.id)).toEqual(onA?.conflicts.map((c) => c.id));
    expect(onA?.conflicts[0]).toMatchObject({ path: 'summary.strengths', kind: 'text' });
  });

  test('a pull that lands while the person types: their edit is merged with the words it brought, not written over them', async () => {
    const scope = await group();
    const observer = await account('observer', [scope]);
    const a = await device(observer, 'Tablet A');
    const b = await device(observer, 'Tablet B');
    const { record } = await create(a, scope, 'calm clear warm late');
    await a.sync();
    await b.sync();
    const seen = (await getRecord(a.store.db, a.store.cipher, record.id))!;
    await set(b, record.id, { 'summary.strengths': 'quiet clear warm late' });
    await b.sync();
    // A's periodic pull brings B's words while A's person is still typing over the old ones.
    await a.sync();
    await saveFields(a.store.db, a.store.cipher, {
      recordId: record.id,
      type: 'observation',
      changes: { 'summary.strengths': 'calm clear kind late' },
      startedFrom: {
        version: seen.version,
        values: { 'summary.strengths': seen.fields['summary.strengths']! },
      },
    });
    await a.sync();
    await b.sync();
    for (const d of [a, b]) {
      const view = await getRecord(d.store.db, d.store.cipher, record.id);
      expect(view?.fields['summary.strengths']).toBe('quiet clear kind late');
    }
  });

  test('a session that expires offline: edits are kept, sign-in is asked for back online, then all is sent', async () => {
    const scope = await group();
    const observer = await account('observer', [scope]);
    const a = await device(observer, 'Tablet A');
    const b = await device(observer, 'Tablet B');
    a.network.online = false;
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await create(a, scope, `visit ${i}`)).record.id);
    expect(await a.sync()).toMatchObject({ outcome: 'failed', failure: 'offline' });
    await sql`update sessions set expires_at = ${new Date(Date.now() - 1000).toISOString()}
      where device_id = ${a.session.deviceId}`.execute(t.storage.db);
    a.network.online = true;
    expect(await a.sync()).toMatchObject({ outcome: 'failed', failure: 'session-expired' });
    expect(a.engine.getState().phase).toBe('needs-sign-in');
    expect(await unsent(a)).toBe(3);
    // The periodic trigger does not send the refused token again and again.
    const requests = a.network.seen.length;
    expect((await a.engine.syncNow('periodic')).outcome).toBe('skipped');
    expect(a.network.seen.length).toBe(requests);

    await a.signInAgain();
    expect(await a.engine.syncNow('sign-in')).toMatchObject({ outcome: 'synced', pushed: 3 });
    expect(await unsent(a)).toBe(0);
    await b.sync();
    for (const id of ids) expect(await getRecord(b.store.db, b.store.cipher, id)).toBeDefined();
  });

  test('a revoked tablet is told to erase itself and stops', async () => {
    const scope = await group();
    const observer = await account('observer', [scope]);
    const a = await device(observer, 'Lost tablet');
    await create(a, scope, 'unsent');
    await revokeDevice(t.storage.db, a.session.deviceId, 'admin-command');
    expect(await a.sync()).toMatchObject({ outcome: 'failed', failure: 'device-revoked' });
    expect(a.revoked).toBe(1);
    expect(a.engine.getState().phase).toBe('device-removed');
    expect(a.timers.pending()).toEqual([]);
  });

  test('a safety concern reaches the director while the outbox is still waiting to go', async () => {
    const scope = await group();
    const observer = await account('observer', [scope]);
    const director = await account('director', [service]);
    const a = await device(observer, 'Tablet A');
    for (let i = 0; i < 5; i++) await create(a, scope, `queued ${i}`);
    // Pushes wait on the wire (a slow link); the concern goes on its own route regardless.
    a.network.hold = (path) => path === '/api/sync/push';
    const syncing = a.engine.syncNow('edit');
    await new Promise((r) => setTimeout(r, 20));
    expect(a.network.waiting).toBe(1);
    const sender = createConcernSender({ transport: a.transport, session: () => a.session });
    const concernId = newId();
    const sent = await sender.sendConcern({
      scopeId: scope,
      concern: {
        id: concernId,
        caseId: 'AB-1234',
        what: 'Bruising seen on the younger child during the visit.',
        raisedAt: new Date().toISOString(),
        whoWasTold: [],
      },
    });
    expect(sent).toMatchObject({ status: 'sent' });
    expect(await unsent(a)).toBe(5);
    const seenByDirector = await freshPull(t.app, director);
    expect(seenByDirector.get(concernId)?.type).toBe('safety-concern');
    a.network.release();
    expect(await syncing).toMatchObject({ outcome: 'synced', pushed: 5 });
  });

  test('no signal: a concern is not sent, the person is told to phone, and it goes when back', async () => {
    const scope = await group();
    const observer = await account('observer', [scope]);
    const a = await device(observer, 'Tablet A');
    const sender = createConcernSender({ transport: a.transport, session: () => a.session });
    a.network.online = false;
    const concern = {
      scopeId: scope,
      concern: {
        id: newId(),
        caseId: 'AB-1234',
        what: 'The child said they were afraid to go home.',
        raisedAt: new Date().toISOString(),
        whoWasTold: [],
      },
    };
    expect(await sender.sendConcern(concern)).toEqual({
      status: 'not-sent-phone-now',
      reason: 'no-signal',
    });
    a.network.online = true;
    await sender.retryNow();
    expect(sender.unsent()).toEqual([]);
    sender.stop();
    // Sent twice (a lost answer): the server keeps one.
    const again = await sender.sendConcern(concern);
    expect(again.status).toBe('sent');
  });

  test('losing a scope evicts its records; a change made before is shown as refused; regaining brings them back', async () => {
    const scope = await group();
    const observer = await account('observer', [scope]);
    const qa = await account('qa-lead', [scope]);
    const a = await device(observer, 'Observer tablet');
    const q = await device(qa, 'QA tablet', 2);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create(a, scope, `seen ${i}`)).record.id);
    await a.sync();
    await q.sync();
    expect((await q.records()).map((r) => r.id).sort()).toEqual([...ids].sort());
    // The QA lead comments offline, and meanwhile loses the team.
    const comment = newId();
    await saveFields(q.store.db, q.store.cipher, {
      recordId: comment,
      type: 'review-comment',
      parentId: ids[0]!,
      changes: { reason: 'The evidence supports the grade.', agrees: true },
    });
    await removeMembership(t.storage.db, qa.id, scope);
    expect(await q.sync()).toMatchObject({ outcome: 'synced' });
    const left = await q.records();
    expect(left.filter((r) => ids.includes(r.id))).toEqual([]);
    const refused = await listRejections(q.store.db, q.store.cipher, comment);
    expect(refused).toHaveLength(1);
    expect(await unsent(q)).toBe(0);

    await addMembership(t.storage.db, qa.id, scope);
    await q.sync();
    expect(
      (await q.records())
        .map((r) => r.id)
        .filter((id) => ids.includes(id))
        .sort(),
    ).toEqual([...ids].sort());
  });

  test('a reset from the server (deletions purged) keeps unsent edits and ends equal to the server', async () => {
    const scope = await group();
    const observer = await account('observer', [scope]);
    const a = await device(observer, 'Tablet A', 2);
    const b = await device(observer, 'Tablet B', 2);
    const keep = (await create(a, scope, 'keep me')).record.id;
    const gone = (await create(a, scope, 'delete me')).record.id;
    await a.sync();
    await b.sync();
    await deleteRecord(a.store.db, a.store.cipher, gone);
    await a.sync();
    // B edits offline with a cursor from before the deletion; the deletion is then purged.
    b.network.online = false;
    await set(b, keep, { 'summary.strengths': 'keep me, edited offline' });
    const fresh = (await create(b, scope, 'made offline')).record.id;
    await b.sync();
    await purgeTombstones(t.storage.db, 90, new Date(Date.now() + 91 * 86_400_000));
    b.network.online = true;
    const before = b.network.seen.length;
    expect(await b.sync()).toMatchObject({ outcome: 'synced', pushed: 2 });
    // The old cursor was refused with a reset, and the pull began again from the start.
    const cursors = b.network.seen
      .slice(before)
      .filter((s) => s.path === '/api/sync/pull')
      .map((p) => (p.body as { cursor: string | null }).cursor);
    expect(cursors[0]).not.toBeNull();
    expect(cursors[1]).toBeNull();
    await a.sync();
    const server = await freshPull(t.app, observer);
    for (const d of [a, b]) {
      const local = await d.records();
      expect(local.map((r) => r.id).sort()).toEqual(
        [...server.values()]
          .filter((r) => !r.deleted)
          .map((r) => r.id)
          .sort(),
      );
      expect(local.find((r) => r.id === keep)?.fields['summary.strengths']).toBe(
        'keep me, edited offline',
      );
      expect(local.some((r) => r.id === fresh)).toBe(true);
      expect(local.some((r) => r.id === gone)).toBe(false);
    }
  });

  // A pull that began after a purge is not stale even though its pages sit below min_valid_seq:
  // its cursors carry the horizon they started from (sync-server/src/sync/cursor.ts).
  test('after a purge, a new tablet with more than a page of older records finishes its first pull', async () => {
    const scope = await group();
    const observer = await account('observer', [scope]);
    const a = await device(observer, 'Tablet A');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create(a, scope, `old ${i}`)).record.id);
    await a.sync();
    await deleteRecord(a.store.db, a.store.cipher, ids[4]!);
    await a.sync();
    await purgeTombstones(t.storage.db, 90, new Date(Date.now() + 91 * 86_400_000));
    const fresh = await device(observer, 'New tablet', 2);
    const result = await fresh.sync();
    expect(result).toMatchObject({ outcome: 'synced' });
    expect((await fresh.records()).map((r) => r.id).sort()).toEqual(ids.slice(0, 4).sort());
  });

  test('a server restored from a backup (it lost this device’s last changes): what is unsent goes again from the number the server expects, once', async () => {
    const scope = await group();
    const observer = await account('observer', [scope]);
    const a = await device(observer, 'Tablet A');
    await create(a, scope, 'one');
    await create(a, scope, 'two');
    await a.sync();
    const { record: third } = await create(a, scope, 'three');
    // As if the server were restored from a backup taken after this device's first change:
    // it expects change 2 next, and the tablet's outbox starts at 3.
    for (const q of [
      sql`update sync_clients set last_mutation_id = 1 where device_id = ${a.session.deviceId}`,
      sql`delete from mutation_results where device_id = ${a.session.deviceId} and mutation_id > 1`,
    ])
      await q.execute(t.storage.db);
    const before = a.network.seen.length;
    expect(await a.sync()).toMatchObject({ outcome: 'synced', pushed: 1 });
    expect(a.engine.getState().phase).toBe('idle');
    expect(await unsent(a)).toBe(0);
    const pushes = a.network.seen
      .slice(before)
      .filter((r) => r.path === '/api/sync/push')
      .map((r) => (r.body as { mutations: Array<{ id: number }> }).mutations.map((m) => m.id));
    // Refused once with the gap, then sent as change 2.
    expect(pushes).toEqual([[3], [2]]);
    const server = await freshPull(t.app, observer);
    expect(server.get(third.id)?.fields['summary.strengths']).toBe('three');
    const applied = await t.storage.db
      .selectFrom('mutation_results')
      .select('mutation_id')
      .where('device_id', '=', a.session.deviceId)
      .execute();
    expect(applied.map((r) => Number(r.mutation_id)).sort()).toEqual([1, 2]);
  });
});

// Two open tabs of the app on one tablet share one store. Web Locks let one lead the sync while
// the other follows, so no mutation is sent twice: counted here in the push bodies that reach the
// real server (in-process), with edits made in both tabs and syncs started in both at once.
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PushRequest } from '../../schemas/sync/push';
import { createScope } from '../../sync-server/src/accounts/accounts-repository';
import { readSyncState, saveFields, unsentSummary } from '../../src/db';
import { createSyncEngine } from '../../src/sync/engine';
import type { LockManagerLike, SyncEngine } from '../../src/sync/engine';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';
import { freshPull, signInDevice } from '../helpers/engine-devices';
import type { TestDevice } from '../helpers/engine-devices';
import { createSimpleLocks } from '../helpers/simple-locks';
import { newId } from '../helpers/sync-fixtures';

useQuickPasswordHashing();

type Step =
  | { kind: 'edit'; tab: 0 | 1; count: number }
  | { kind: 'sync'; tab: 0 | 1 }
  | { kind: 'both' }
  | { kind: 'timers' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('edit' as const),
    tab: fc.constantFrom(0 as const, 1 as const),
    count: fc.integer({ min: 1, max: 30 }),
  }),
  fc.record({ kind: fc.constant('sync' as const), tab: fc.constantFrom(0 as const, 1 as const) }),
  fc.record({ kind: fc.constant('both' as const) }),
  fc.record({ kind: fc.constant('timers' as const) }),
);

describe('two tabs on one tablet', () => {
  let t: TestApp;
  let scope: string;

  beforeAll(async () => {
    t = (await buildTestApp())!;
    const service = await createScope(t.storage.db, { name: 'Service', kind: 'service' });
    scope = (
      await createScope(t.storage.db, {
        name: 'Group',
        kind: 'practice-group',
        parentId: service.id,
      })
    ).id;
  });
  afterAll(async () => t?.close());

  /** Tab 0 is the device's own engine; tab 1 a second engine on the same store and network. */
  async function twoTabs(locks: (tab: number) => LockManagerLike | null) {
    const a = await createAccount(t.storage, { role: 'observer', scopeIds: [scope] });
    const device = await signInDevice(
      t.app,
      { id: a.id, email: a.email, password: a.password },
      'Shared tablet',
      { locks: locks(0), pullPageSize: 7 },
    );
    const second = createSyncEngine({
      store: device.store,
      transport: device.transport,
      userId: a.id,
      session: () => device.session,
      clock: {
        now: () => new Date(),
        setTimeout: device.timers.setTimeout,
        clearTimeout: device.timers.clearTimeout,
      },
      random: () => 0.5,
      locks: locks(1),
      pullPageSize: 7,
    });
    await second.start();
    const tabs: SyncEngine[] = [device.engine, second];
    return { device, tabs };
  }

  const edit = (device: TestDevice, text: string) =>
    saveFields(device.store.db, device.store.cipher, {
      recordId: newId(),
      type: 'observation',
      scopeId: scope,
      changes: {
        kind: 'frontline-practice',
        templateId: 'frontline-practice',
        templateVersion: 1,
        'summary.strengths': text,
      },
    });

  /** How many times each mutation id arrived at the server in a push body. */
  function deliveries(device: TestDevice): Map<number, number> {
    const counts = new Map<number, number>();
    for (const req of device.network.seen) {
      if (req.path !== '/api/sync/push') continue;
      const body = req.body as PushRequest;
      expect(body.deviceId).toBe(device.session.deviceId);
      for (const m of body.mutations) counts.set(m.id, (counts.get(m.id) ?? 0) + 1);
    }
    return counts;
  }

  test('with the lock shared, every mutation reaches the server exactly once', async () => {
    let followed = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 25 }), async (steps) => {
        const locks = createSimpleLocks();
        const { device, tabs } = await twoTabs(() => locks);
        try {
          let made = 0;
          for (const s of steps) {
            switch (s.kind) {
              case 'edit':
                // A burst of typing in one tab, with the other tab's sync possibly in flight.
                for (let i = 0; i < s.count; i++) await edit(device, `tab ${s.tab} edit ${++made}`);
                void tabs[s.tab]!.syncNow('edit');
                break;
              case 'sync':
                await tabs[s.tab]!.syncNow('manual');
                break;
              case 'both':
                await Promise.all(tabs.map((tab) => tab.syncNow('visible')));
                break;
              case 'timers':
                // The follower looks again for the lock.
                await device.timers.advance(10_000);
                break;
            }
          }
          // Settle: both tabs sync until the outbox is empty.
          for (let i = 0; i < 10 && (await unsentSummary(device.store.db)).count > 0; i++) {
            await Promise.all(tabs.map((tab) => tab.syncNow('manual')));
            await device.timers.advance(10_000);
          }
          await Promise.all(tabs.map((tab) => tab.syncNow('manual')));
          expect((await unsentSummary(device.store.db)).count).toBe(0);
          const counts = deliveries(device);
          expect([...counts.keys()].sort((x, y) => x - y)).toEqual(
            Array.from({ length: made }, (_, i) => i + 1),
          );
          const twice = [...counts].filter(([, n]) => n > 1);
          expect(twice).toEqual([]);
          followed += locks.refused;
        } finally {
          await tabs[1]!.stop();
          await device.close();
        }
      }),
      { seed: 7, numRuns: 25 },
    );
    // The runs did put both tabs after the lock at once.
    expect(followed).toBeGreaterThan(0);
  });

  test('the count does see a double send: two tabs without the lock send the same changes', async () => {
    const { device, tabs } = await twoTabs(() => null);
    try {
      for (let i = 0; i < 40; i++) await edit(device, `edit ${i}`);
      await Promise.all(tabs.map((tab) => tab.syncNow('visible')));
      const twice = [...deliveries(device)].filter(([, n]) => n > 1);
      expect(twice.length).toBeGreaterThan(0);
    } finally {
      await tabs[1]!.stop();
      await device.close();
    }
  });

  test('a window still holding an older sign-in never takes the tablet back to it: it is asked to sign in, and every later edit reaches the server', async () => {
    const a = await createAccount(t.storage, { role: 'observer', scopeIds: [scope] });
    const account = { id: a.id, email: a.email, password: a.password };
    const device = await signInDevice(t.app, account, 'Tablet');
    // Window B's sign-in, held in its memory.
    const stale = { ...device.session };
    const edit = (text: string) =>
      saveFields(device.store.db, device.store.cipher, {
        recordId: newId(),
        type: 'observation',
        scopeId: scope,
        changes: {
          kind: 'frontline-practice',
          templateId: 'frontline-practice',
          templateVersion: 1,
          'summary.strengths': text,
        },
      }).then((saved) => saved.record.id);
    try {
      await edit('first');
      expect((await device.sync()).outcome).toBe('synced');
      // The session ends; window A signs in again and the server issues a new registration.
      await t.storage.db
        .updateTable('sessions')
        .set({ expires_at: '2000-01-01T00:00:00.000Z' })
        .execute();
      const again = await signIn(t.app, { email: a.email, password: a.password });
      expect(again.deviceId).not.toBe(stale.deviceId);
      device.session = { token: again.token, deviceId: again.deviceId };
      const sentAgain = [await edit('two'), await edit('three'), await edit('four')];
      expect((await device.sync()).outcome).toBe('synced');
      const later = [await edit('five'), await edit('six')];

      // Window B takes the lead with its old sign-in.
      const windowB = createSyncEngine({
        store: device.store,
        transport: device.transport,
        userId: a.id,
        session: () => stale,
        locks: null,
      });
      await windowB.start();
      expect(await windowB.syncNow('visible')).toMatchObject({
        outcome: 'failed',
        failure: 'signed-out',
      });
      expect(windowB.getState().phase).toBe('needs-sign-in');
      await windowB.stop();
      expect((await readSyncState(device.store.db)).deviceId).toBe(again.deviceId);

      expect((await device.sync()).outcome).toBe('synced');
      const server = await freshPull(t.app, account);
      for (const id of [...sentAgain, ...later]) expect(server.has(id)).toBe(true);
    } finally {
      await device.close();
    }
  });
});

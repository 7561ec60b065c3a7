// What an administrator sees of a tablet's unsent changes (the Tablets list, revoking): the count
// the tablet last reported, as it stands once that contact was answered, on every engine.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findDevice, registerDevice } from '../../sync-server/src/accounts/accounts-repository';
import { openStorage } from '../../sync-server/src/storage/storage';
import type { Storage } from '../../sync-server/src/storage/storage';
import type { Actor } from '../../sync-server/src/sync/actor';
import { pull } from '../../sync-server/src/sync/pull';
import { push } from '../../sync-server/src/sync/push';
import { ENGINES } from '../helpers/engines';
import { MutationIds, addScope, addUser, newId, pullReq, pushReq } from '../helpers/sync-fixtures';

for (const engine of ENGINES) {
  const fixture = await engine.create();
  describe.skipIf(fixture === null)(`unsent changes last reported on ${engine.name}`, () => {
    let storage: Storage;
    let group: string;
    const ids = new MutationIds();

    beforeAll(async () => {
      storage = openStorage(fixture!.target);
      await storage.migrate();
      const service = await addScope(storage.db, 'Children and families', 'service');
      group = await addScope(storage.db, 'Practice group A', 'practice-group', service);
    });
    afterAll(async () => {
      await storage?.close();
      await fixture?.dispose();
    });

    const tablet = async (): Promise<Actor> => {
      const user = await addUser(storage.db, 'observer', [group]);
      const { device } = await registerDevice(storage.db, { userId: user.userId });
      return { ...user, deviceId: device.id };
    };
    const edit = (actor: Actor) =>
      ids.take(actor, {
        recordId: newId(),
        type: 'observation',
        op: 'put',
        scopeId: group,
        baseVersion: 0,
        set: {
          kind: 'frontline-practice',
          templateId: 'frontline-practice',
          templateVersion: 1,
          status: 'draft',
        },
      });
    const unsent = async (actor: Actor) =>
      (await findDevice(storage.db, actor.deviceId))!.unsentReported;

    test('a push that sends everything the tablet held leaves nothing unsent', async () => {
      const actor = await tablet();
      await push(storage.db, actor, { ...pushReq(actor, [edit(actor)]), pending: 1 });
      expect(await unsent(actor)).toBe(0);
    });

    test('a push of part of the outbox leaves the rest; a repeated push does not take it off twice', async () => {
      const actor = await tablet();
      const batch = [edit(actor), edit(actor), edit(actor)];
      const rest = [edit(actor), edit(actor)];
      const first = { ...pushReq(actor, batch), pending: 5 };
      await push(storage.db, actor, first);
      expect(await unsent(actor)).toBe(2);
      // The answer was lost: the tablet sends the same push again, with the same count.
      await push(storage.db, actor, first);
      expect(await unsent(actor)).toBe(2);
      // A retry of the old batch with more behind it: all of the push is answered now.
      await push(storage.db, actor, { ...pushReq(actor, [...batch, ...rest]), pending: 5 });
      expect(await unsent(actor)).toBe(0);
    });

    test('changes refused by the server are not unsent', async () => {
      const actor = await tablet();
      const refused = {
        ...edit(actor),
        // Another team's scope: refused for good, with its result stored.
        scopeId: await addScope(storage.db, 'Practice group B', 'practice-group'),
      };
      const res = await push(storage.db, actor, { ...pushReq(actor, [refused]), pending: 1 });
      expect(res.results[0]!.status).toBe('rejected');
      expect(await unsent(actor)).toBe(0);
    });

    test('a pull records what the tablet says it holds; one that says nothing leaves the count', async () => {
      const actor = await tablet();
      await push(storage.db, actor, { ...pushReq(actor, [edit(actor)]), pending: 4 });
      expect(await unsent(actor)).toBe(3);
      // The tablet's other changes left it another way (discarded at sign-out, say).
      await pull(storage.db, actor, { ...pullReq(actor, null), pending: 0 });
      expect(await unsent(actor)).toBe(0);
      await pull(storage.db, actor, { ...pullReq(actor, null), pending: 2 });
      expect(await unsent(actor)).toBe(2);
      await pull(storage.db, actor, pullReq(actor, null));
      expect(await unsent(actor)).toBe(2);
    });
  });
}

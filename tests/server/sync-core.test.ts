// The sync protocol's core on every engine: exactly-once application, field merges, conflicts
// kept for a person, scopes and paging.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SyncRecord } from '../../schemas/sync/records';
import { openStorage } from '../../sync-server/src/storage/storage';
import type { Storage } from '../../sync-server/src/storage/storage';
import type { Actor } from '../../sync-server/src/sync/actor';
import { pull } from '../../sync-server/src/sync/pull';
import { push } from '../../sync-server/src/sync/push';
import { purgeTombstones } from '../../sync-server/src/sync/tombstones';
import { ENGINES } from '../helpers/engines';
import {
  MutationIds,
  addMembership,
  addScope,
  addUser,
  newId,
  otherDevice,
  pullReq,
  pushReq,
  removeMembership,
} from '../helpers/sync-fixtures';
import { SUBMITTABLE } from '../helpers/submittable';

async function pullAll(
  storage: Storage,
  actor: Actor,
  cursor: string | null = null,
  limit?: number,
) {
  const records: SyncRecord[] = [];
  const evict: string[] = [];
  let pages = 0;
  for (;;) {
    const res = await pull(storage.db, actor, pullReq(actor, cursor, limit));
    records.push(...res.records);
    evict.push(...res.evict);
    cursor = res.cursor;
    pages++;
    if (!res.hasMore) return { records, evict, cursor, pages, last: res };
    if (pages > 1000) throw new Error('pull did not finish');
  }
}

const FRONTLINE = {
  kind: 'frontline-practice',
  templateId: 'frontline-practice',
  templateVersion: 1,
};

for (const engine of ENGINES) {
  const fixture = await engine.create();
  describe.skipIf(fixture === null)(`sync core on ${engine.name}`, () => {
    let storage: Storage;
    let db: Storage['db'];
    const ids = new MutationIds();
    let service: string;
    let groupA: string;
    let groupB: string;
    let observer: Actor;
    let qaA: Actor;
    let qaB: Actor;
    let director: Actor;

    beforeAll(async () => {
      storage = openStorage(fixture!.target);
      await storage.migrate();
      db = storage.db;
      service = await addScope(db, 'Children and families', 'service');
      groupA = await addScope(db, 'Practice group A', 'practice-group', service);
      groupB = await addScope(db, 'Practice group B', 'practice-group', service);
      observer = await addUser(db, 'observer', [groupA]);
      qaA = await addUser(db, 'qa-lead', [groupA]);
      qaB = await addUser(db, 'qa-lead', [groupB]);
      director = await addUser(db, 'director', [service]);
    });
    afterAll(async () => {
      await storage?.close();
      await fixture?.dispose();
    });

    const createObservation = async (
      actor: Actor,
      fields: Record<string, string>,
      scopeId = groupA,
    ) => {
      const recordId = newId();
      const res = await push(
        db,
        actor,
        pushReq(actor, [
          ids.take(actor, {
            recordId,
            type: 'observation',
            op: 'put',
            scopeId,
            baseVersion: 0,
            // What submitting it needs, for the tests that do.
            set: { ...FRONTLINE, ...SUBMITTABLE, status: 'draft', ...fields },
          }),
        ]),
      );
      expect(res.results[0]).toEqual({ id: expect.any(Number), status: 'applied' });
      return recordId;
    };

    test('an observation reaches its owner, the QA lead of its group and the director, and no one else', async () => {
      const id = await createObservation(observer, { 'context.caseId': 'AB-1234' });
      const seen = async (a: Actor) => (await pullAll(storage, a)).records.some((r) => r.id === id);
      expect(await seen(observer)).toBe(true);
      expect(await seen(qaA)).toBe(true);
      expect(await seen(director)).toBe(true);
      expect(await seen(qaB)).toBe(false);
      expect(await seen(await addUser(db, 'observer', [groupA]))).toBe(false);
      expect(await seen(await addUser(db, 'admin'))).toBe(false);
    });

    test('the same push sent twice is applied once, and its stored results come back', async () => {
      const recordId = newId();
      const m = ids.take(observer, {
        recordId,
        type: 'observation',
        op: 'put',
        scopeId: groupA,
        baseVersion: 0,
        set: { ...FRONTLINE, 'summary.areasForDevelopment': 'Warm and clear.' },
      });
      const first = await push(db, observer, pushReq(observer, [m]));
      const { records } = await pullAll(storage, observer);
      const version = records.find((r) => r.id === recordId)!.version;
      const again = await push(db, observer, pushReq(observer, [m]));
      expect(again.results).toEqual(first.results);
      expect(again.lastMutationId).toBe(m.id);
      const after = (await pullAll(storage, observer)).records.find((r) => r.id === recordId)!;
      expect(after.version).toBe(version);
      const count = await db
        .selectFrom('mutation_results')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('device_id', '=', observer.deviceId)
        .where('mutation_id', '=', m.id)
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(1);
    });

    test('a lost response: the retry carries the old mutation and a new one; each applies once', async () => {
      const recordId = await createObservation(observer, { 'summary.strengths': 'one' });
      const m1 = ids.take(observer, {
        recordId,
        type: 'observation',
        op: 'put',
        baseVersion: 0,
        set: { 'summary.strengths': 'one two' },
      });
      await push(db, observer, pushReq(observer, [m1])); // response "lost"
      const m2 = ids.take(observer, {
        recordId,
        type: 'observation',
        op: 'put',
        baseVersion: 0,
        set: { 'summary.areasForDevelopment': 'kind' },
      });
      const res = await push(db, observer, pushReq(observer, [m1, m2]));
      expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied']);
      const rec = (await pullAll(storage, observer)).records.find((r) => r.id === recordId)!;
      expect(rec.fields).toMatchObject({
        'summary.strengths': 'one two',
        'summary.areasForDevelopment': 'kind',
      });
    });

    test('a gap in mutation ids is refused with the id expected, and nothing is applied', async () => {
      const device = otherDevice(observer);
      const recordId = newId();
      await expect(
        push(
          db,
          device,
          pushReq(device, [
            {
              id: 5,
              recordId,
              type: 'observation',
              op: 'put',
              scopeId: groupA,
              baseVersion: 0,
              set: {},
              at: new Date().toISOString(),
            },
          ]),
        ),
      ).rejects.toMatchObject({ statusCode: 409, code: 'MUTATION_GAP', details: { expected: 1 } });
      expect(
        await db.selectFrom('records').select('id').where('id', '=', recordId).executeTakeFirst(),
      ).toBeUndefined();
    });

    test('two tablets of one user editing different fields offline both keep their edits', async () => {
      const recordId = await createObservation(observer, {
        'responses.participation.value': 'good',
      });
      const base = (await pullAll(storage, observer)).records.find((r) => r.id === recordId)!;
      const tablet2 = otherDevice(observer);
      await push(
        db,
        observer,
        pushReq(observer, [
          ids.take(observer, {
            recordId,
            type: 'observation',
            op: 'put',
            baseVersion: base.version,
            set: { 'responses.participation.evidence': 'Mother spoke first.' },
          }),
        ]),
      );
      await push(
        db,
        tablet2,
        pushReq(tablet2, [
          ids.take(tablet2, {
            recordId,
            type: 'observation',
            op: 'put',
            baseVersion: base.version,
            set: { 'responses.focus-on-child.value': 'outstanding' },
          }),
        ]),
      );
      const rec = (await pullAll(storage, tablet2)).records.find((r) => r.id === recordId)!;
      expect(rec.fields).toMatchObject({
        'responses.participation.value': 'good',
        'responses.participation.evidence': 'Mother spoke first.',
        'responses.focus-on-child.value': 'outstanding',
      });
      expect(rec.conflicts).toEqual([]);
    });

    test('concurrent edits to different sentences of one note are merged', async () => {
      const note = 'The chair opened well. The family spoke early.';
      const recordId = await createObservation(observer, { 'summary.strengths': note });
      const base = (await pullAll(storage, observer)).records.find((r) => r.id === recordId)!;
      const tablet2 = otherDevice(observer);
      await push(
        db,
        observer,
        pushReq(observer, [
          ids.take(observer, {
            recordId,
            type: 'observation',
            op: 'put',
            baseVersion: base.version,
            set: { 'summary.strengths': 'The chair opened very well. The family spoke early.' },
            base: { 'summary.strengths': note },
          }),
        ]),
      );
      const res = await push(
        db,
        tablet2,
        pushReq(tablet2, [
          ids.take(tablet2, {
            recordId,
            type: 'observation',
            op: 'put',
            baseVersion: base.version,
            set: {
              'summary.strengths': 'The chair opened well. The family spoke early and fully.',
            },
            base: { 'summary.strengths': note },
          }),
        ]),
      );
      expect(res.results[0]).toMatchObject({ status: 'applied', merged: ['summary.strengths'] });
      const rec = (await pullAll(storage, observer)).records.find((r) => r.id === recordId)!;
      expect(rec.fields['summary.strengths']).toBe(
        'The chair opened very well. The family spoke early and fully.',
      );
    });

    test('overlapping edits to one note are kept as a conflict with both versions, and resolving clears it', async () => {
      const note = 'Parents were angry.';
      const recordId = await createObservation(observer, { 'summary.strengths': note });
      const base = (await pullAll(storage, observer)).records.find((r) => r.id === recordId)!;
      const tablet2 = otherDevice(observer);
      await push(
        db,
        observer,
        pushReq(observer, [
          ids.take(observer, {
            recordId,
            type: 'observation',
            op: 'put',
            baseVersion: base.version,
            set: { 'summary.strengths': 'Parents were upset.' },
            base: { 'summary.strengths': note },
          }),
        ]),
      );
      const res = await push(
        db,
        tablet2,
        pushReq(tablet2, [
          ids.take(tablet2, {
            recordId,
            type: 'observation',
            op: 'put',
            baseVersion: base.version,
            set: { 'summary.strengths': 'Parents were calm.' },
            base: { 'summary.strengths': note },
          }),
        ]),
      );
      expect(res.results[0]).toMatchObject({ status: 'applied', conflicts: ['summary.strengths'] });
      const rec = (await pullAll(storage, tablet2)).records.find((r) => r.id === recordId)!;
      expect(rec.fields['summary.strengths']).toBe('Parents were upset.');
      expect(rec.conflicts).toEqual([
        expect.objectContaining({
          path: 'summary.strengths',
          kind: 'text',
          current: 'Parents were upset.',
          incoming: 'Parents were calm.',
          base: note,
        }),
      ]);
      await push(
        db,
        tablet2,
        pushReq(tablet2, [
          ids.take(tablet2, {
            recordId,
            type: 'observation',
            op: 'put',
            baseVersion: rec.version,
            set: { 'summary.strengths': 'Parents were upset, then calm.' },
            resolves: [rec.conflicts[0]!.id],
          }),
        ]),
      );
      const resolved = (await pullAll(storage, observer)).records.find((r) => r.id === recordId)!;
      expect(resolved.fields['summary.strengths']).toBe('Parents were upset, then calm.');
      expect(resolved.conflicts).toEqual([]);
    });

    test('a device that goes on editing its side of a conflict updates that one conflict; its earlier text is logged', async () => {
      const note = 'Parents were angry.';
      const recordId = await createObservation(observer, { 'summary.strengths': note });
      const base = (await pullAll(storage, observer)).records.find((r) => r.id === recordId)!;
      const tablet2 = otherDevice(observer);
      const edit = (who: typeof observer, text: string, from: string) =>
        push(
          db,
          who,
          pushReq(who, [
            ids.take(who, {
              recordId,
              type: 'observation',
              op: 'put',
              baseVersion: base.version,
              set: { 'summary.strengths': text },
              base: { 'summary.strengths': from },
            }),
          ]),
        );
      await edit(observer, 'Parents were upset.', note);
      // Offline, from the same stale copy: three saves of one note as the person types on.
      await edit(tablet2, 'Parents were calm.', note);
      await edit(tablet2, 'Parents were calm and quiet.', 'Parents were calm.');
      const last = await edit(
        tablet2,
        'Parents were calm and quiet at the end.',
        'Parents were calm and quiet.',
      );
      expect(last.results[0]).toMatchObject({
        status: 'applied',
        conflicts: ['summary.strengths'],
      });
      const rec = (await pullAll(storage, observer)).records.find((r) => r.id === recordId)!;
      expect(rec.fields['summary.strengths']).toBe('Parents were upset.');
      expect(rec.conflicts).toEqual([
        expect.objectContaining({
          path: 'summary.strengths',
          kind: 'text',
          current: 'Parents were upset.',
          incoming: 'Parents were calm and quiet at the end.',
          base: note,
        }),
      ]);
      const logged = await db
        .selectFrom('superseded_values')
        .select('value')
        .where('record_id', '=', recordId)
        .where('path', '=', 'summary.strengths')
        .orderBy('seq')
        .execute();
      expect(logged.map((l) => JSON.parse(l.value))).toEqual([
        'Parents were calm.',
        'Parents were calm and quiet.',
      ]);
      // Another device's clash with the note is a conflict of its own.
      const tablet3 = otherDevice(observer);
      await edit(tablet3, 'Parents were tired.', note);
      const both = (await pullAll(storage, observer)).records.find((r) => r.id === recordId)!;
      expect(both.conflicts.map((c) => c.incoming)).toEqual([
        'Parents were calm and quiet at the end.',
        'Parents were tired.',
      ]);
    });

    test('concurrent grades: the later edit wins and the other is logged, whatever the arrival order', async () => {
      const recordId = await createObservation(observer, {
        'responses.decision-making.value': 'good',
      });
      const base = (await pullAll(storage, observer)).records.find((r) => r.id === recordId)!;
      const tablet2 = otherDevice(observer);
      const t0 = Date.now();
      // The later edit arrives first.
      await push(
        db,
        tablet2,
        pushReq(tablet2, [
          ids.take(tablet2, {
            recordId,
            type: 'observation',
            op: 'put',
            baseVersion: base.version,
            set: { 'responses.decision-making.value': 'inadequate' },
            at: new Date(t0 - 1000).toISOString(),
          }),
        ]),
      );
      await push(
        db,
        observer,
        pushReq(observer, [
          ids.take(observer, {
            recordId,
            type: 'observation',
            op: 'put',
            baseVersion: base.version,
            set: { 'responses.decision-making.value': 'outstanding' },
            at: new Date(t0 - 5000).toISOString(),
          }),
        ]),
      );
      const rec = (await pullAll(storage, observer)).records.find((r) => r.id === recordId)!;
      expect(rec.fields['responses.decision-making.value']).toBe('inadequate');
      const logged = await db
        .selectFrom('superseded_values')
        .select(['path', 'value'])
        .where('record_id', '=', recordId)
        .execute();
      expect(logged).toEqual([
        { path: 'responses.decision-making.value', value: JSON.stringify('outstanding') },
      ]);
    });

    test('a device whose clock runs an hour fast does not win by it', async () => {
      const recordId = await createObservation(observer, {
        'responses.evidence-gathering.value': 'good',
      });
      const base = (await pullAll(storage, observer)).records.find((r) => r.id === recordId)!;
      const fast = otherDevice(observer);
      const hour = 3_600_000;
      const t0 = Date.now();
      // The fast tablet edited 10 s ago by real time; the other tablet 2 s ago.
      await push(
        db,
        fast,
        pushReq(
          fast,
          [
            ids.take(fast, {
              recordId,
              type: 'observation',
              op: 'put',
              baseVersion: base.version,
              set: { 'responses.evidence-gathering.value': 'inadequate' },
              at: new Date(t0 + hour - 10_000).toISOString(),
            }),
          ],
          new Date(t0 + hour),
        ),
      );
      await push(
        db,
        observer,
        pushReq(observer, [
          ids.take(observer, {
            recordId,
            type: 'observation',
            op: 'put',
            baseVersion: base.version,
            set: { 'responses.evidence-gathering.value': 'outstanding' },
            at: new Date(t0 - 2_000).toISOString(),
          }),
        ]),
      );
      const rec = (await pullAll(storage, observer)).records.find((r) => r.id === recordId)!;
      expect(rec.fields['responses.evidence-gathering.value']).toBe('outstanding');
    });

    test('deleted on one tablet, edited on another: the edit is kept and a restore is offered', async () => {
      const recordId = await createObservation(observer, { 'summary.strengths': 'draft' });
      const base = (await pullAll(storage, observer)).records.find((r) => r.id === recordId)!;
      const tablet2 = otherDevice(observer);
      await push(
        db,
        observer,
        pushReq(observer, [
          ids.take(observer, {
            recordId,
            type: 'observation',
            op: 'delete',
            baseVersion: base.version,
          }),
        ]),
      );
      await push(
        db,
        tablet2,
        pushReq(tablet2, [
          ids.take(tablet2, {
            recordId,
            type: 'observation',
            op: 'put',
            baseVersion: base.version,
            set: { 'summary.strengths': 'draft with more words' },
          }),
        ]),
      );
      const rec = (await pullAll(storage, tablet2)).records.find((r) => r.id === recordId)!;
      expect(rec.deleted).toBe(true);
      expect(rec.fields['summary.strengths']).toBe('draft with more words');
      expect(rec.conflicts.map((c) => c.kind)).toEqual(['deleted']);
      await push(
        db,
        tablet2,
        pushReq(tablet2, [
          ids.take(tablet2, {
            recordId,
            type: 'observation',
            op: 'restore',
            baseVersion: rec.version,
          }),
        ]),
      );
      const restored = (await pullAll(storage, observer)).records.find((r) => r.id === recordId)!;
      expect(restored).toMatchObject({ deleted: false, conflicts: [] });
      expect(restored.fields['summary.strengths']).toBe('draft with more words');
    });

    test('a plain delete reaches other devices as a tombstone without content', async () => {
      const recordId = await createObservation(observer, { 'context.caseId': 'CD-987' });
      const base = (await pullAll(storage, observer)).records.find((r) => r.id === recordId)!;
      await push(
        db,
        observer,
        pushReq(observer, [
          ids.take(observer, {
            recordId,
            type: 'observation',
            op: 'delete',
            baseVersion: base.version,
          }),
        ]),
      );
      const rec = (await pullAll(storage, qaA)).records.find((r) => r.id === recordId)!;
      expect(rec).toMatchObject({ deleted: true, fields: {}, conflicts: [] });
    });

    test.each([
      [
        'a field the server owns',
        (a: Actor, id: string) => ({
          recordId: id,
          type: 'observation' as const,
          op: 'put' as const,
          baseVersion: 1,
          set: { submittedAt: '2026-01-01T00:00:00Z' },
        }),
        'SERVER_OWNED_FIELD',
      ],
      [
        'another team',
        (_a: Actor, _id: string) => ({
          recordId: newId(),
          type: 'observation' as const,
          op: 'put' as const,
          scopeId: groupB,
          baseVersion: 0,
          set: {},
        }),
        'FORBIDDEN_SCOPE',
      ],
    ])(
      'a permanent rejection (%s) is recorded, returned and not retried',
      async (_name, make, code) => {
        const id = await createObservation(observer, {});
        const m = ids.take(observer, make(observer, id));
        const res = await push(db, observer, pushReq(observer, [m]));
        expect(res.results[0]).toMatchObject({ status: 'rejected', code });
        expect(res.lastMutationId).toBe(m.id);
        const again = await push(db, observer, pushReq(observer, [m]));
        expect(again.results[0]).toMatchObject({ status: 'rejected', code });
      },
    );

    test('a QA lead may return a submitted observation and comment, but not rewrite the observer’s words', async () => {
      const id = await createObservation(observer, { 'summary.strengths': 'mine' });
      const v = (await pullAll(storage, observer)).records.find((r) => r.id === id)!.version;
      await push(
        db,
        observer,
        pushReq(observer, [
          ids.take(observer, {
            recordId: id,
            type: 'observation',
            op: 'put',
            baseVersion: v,
            set: { status: 'submitted' },
          }),
        ]),
      );
      const rewrite = await push(
        db,
        qaA,
        pushReq(qaA, [
          ids.take(qaA, {
            recordId: id,
            type: 'observation',
            op: 'put',
            baseVersion: v,
            set: { 'summary.strengths': 'theirs' },
          }),
        ]),
      );
      expect(rewrite.results[0]).toMatchObject({ status: 'rejected', code: 'FORBIDDEN_FIELD' });
      const ret = await push(
        db,
        qaA,
        pushReq(qaA, [
          ids.take(qaA, {
            recordId: id,
            type: 'observation',
            op: 'put',
            baseVersion: v,
            set: { status: 'returned' },
          }),
        ]),
      );
      expect(ret.results[0]).toMatchObject({ status: 'applied' });
      const commentId = newId();
      const comment = await push(
        db,
        qaA,
        pushReq(qaA, [
          ids.take(qaA, {
            recordId: commentId,
            type: 'review-comment',
            op: 'put',
            parentId: id,
            baseVersion: 0,
            set: { agrees: false, reason: 'More evidence needed for B2.' },
          }),
        ]),
      );
      expect(comment.results[0]).toMatchObject({ status: 'applied' });
      const edit = await push(
        db,
        qaA,
        pushReq(qaA, [
          ids.take(qaA, {
            recordId: commentId,
            type: 'review-comment',
            op: 'put',
            baseVersion: 1,
            set: { reason: 'changed' },
          }),
        ]),
      );
      expect(edit.results[0]).toMatchObject({ status: 'rejected', code: 'APPEND_ONLY' });
      const seen = (await pullAll(storage, observer)).records;
      expect(seen.find((r) => r.id === id)!.fields).toMatchObject({
        status: 'returned',
        'summary.strengths': 'mine',
      });
      expect(seen.find((r) => r.id === commentId)!.fields).toMatchObject({
        agrees: false,
        reason: 'More evidence needed for B2.',
      });
      const qaB_ = await push(
        db,
        qaB,
        pushReq(qaB, [
          ids.take(qaB, {
            recordId: newId(),
            type: 'review-comment',
            op: 'put',
            parentId: id,
            baseVersion: 0,
            set: { reason: 'x' },
          }),
        ]),
      );
      expect(qaB_.results[0]).toMatchObject({ status: 'rejected', code: 'FORBIDDEN_ROLE' });
    });

    test('sharing with the observed practitioner delivers the observation and its comments; unsharing removes them', async () => {
      const practitioner = await addUser(db, 'practitioner', [groupA]);
      const id = await createObservation(observer, {
        'context.observedUserId': practitioner.userId,
        'summary.strengths': 'Clear plan.',
      });
      const v = (await pullAll(storage, observer)).records.find((r) => r.id === id)!.version;
      await push(
        db,
        observer,
        pushReq(observer, [
          ids.take(observer, {
            recordId: id,
            type: 'observation',
            op: 'put',
            baseVersion: v,
            set: { status: 'submitted' },
          }),
        ]),
      );
      const commentId = newId();
      await push(
        db,
        qaA,
        pushReq(qaA, [
          ids.take(qaA, {
            recordId: commentId,
            type: 'review-comment',
            op: 'put',
            parentId: id,
            baseVersion: 0,
            set: { agrees: true, reason: 'Well evidenced.' },
          }),
        ]),
      );
      let seen = await pullAll(storage, practitioner);
      expect(seen.records.map((r) => r.id)).not.toContain(id);
      const before = await push(
        db,
        practitioner,
        pushReq(practitioner, [
          ids.take(practitioner, {
            recordId: id,
            type: 'observation',
            op: 'put',
            baseVersion: v,
            set: { practitionerResponse: 'Too early' },
          }),
        ]),
      );
      expect(before.results[0]).toMatchObject({ status: 'rejected', code: 'FORBIDDEN_OWNER' });

      await push(
        db,
        observer,
        pushReq(observer, [
          ids.take(observer, {
            recordId: id,
            type: 'observation',
            op: 'put',
            baseVersion: v,
            set: { sharedWithPractitioner: true },
          }),
        ]),
      );
      seen = await pullAll(storage, practitioner, seen.cursor);
      expect(seen.records.map((r) => r.id).sort()).toEqual([id, commentId].sort());
      const reflect = await push(
        db,
        practitioner,
        pushReq(practitioner, [
          ids.take(practitioner, {
            recordId: id,
            type: 'observation',
            op: 'put',
            baseVersion: v,
            set: { practitionerResponse: 'I will prepare the family earlier.' },
          }),
        ]),
      );
      expect(reflect.results[0]).toMatchObject({ status: 'applied' });
      const rewrite = await push(
        db,
        practitioner,
        pushReq(practitioner, [
          ids.take(practitioner, {
            recordId: id,
            type: 'observation',
            op: 'put',
            baseVersion: v,
            set: { 'summary.strengths': 'Mine now' },
          }),
        ]),
      );
      expect(rewrite.results[0]).toMatchObject({ status: 'rejected', code: 'FORBIDDEN_FIELD' });

      await push(
        db,
        observer,
        pushReq(observer, [
          ids.take(observer, {
            recordId: id,
            type: 'observation',
            op: 'put',
            baseVersion: v,
            set: { sharedWithPractitioner: false },
          }),
        ]),
      );
      const after = await pullAll(storage, practitioner, seen.cursor);
      expect(after.evict.sort()).toEqual([id, commentId].sort());
    });

    test('a device offline for longer than deletions are kept is told to reset, never left with a gap', async () => {
      const group = await addScope(db, `Reset ${newId()}`, 'practice-group', service);
      const author = await addUser(db, 'observer', [group]);
      const lead = await addUser(db, 'qa-lead', [group]);
      const keep = await createObservation(author, { 'summary.strengths': 'kept' }, group);
      const gone = await createObservation(author, { 'summary.strengths': 'to delete' }, group);
      const stale = (await pullAll(storage, lead)).cursor;
      const v = (await pullAll(storage, author)).records.find((r) => r.id === gone)!.version;
      await push(
        db,
        author,
        pushReq(author, [
          ids.take(author, { recordId: gone, type: 'observation', op: 'delete', baseVersion: v }),
        ]),
      );
      const fresh = (await pullAll(storage, lead)).cursor;
      // 91 days on, with a 90-day window, the deletion is purged.
      const result = await purgeTombstones(db, 90, new Date(Date.now() + 91 * 86_400_000));
      expect(result.purged).toBeGreaterThanOrEqual(1);
      const res = await pull(db, lead, pullReq(lead, stale));
      expect(res).toMatchObject({ reset: true, records: [], hasMore: true });
      const again = await pullAll(storage, lead, null);
      expect(again.records.map((r) => r.id)).toContain(keep);
      expect(again.records.map((r) => r.id)).not.toContain(gone);
      // A device that saw the deletion before the purge carries on normally.
      expect((await pull(db, lead, pullReq(lead, fresh))).reset).toBe(false);
    });

    test('a first pull that starts after a purge completes over many pages, and is not reset by it', async () => {
      const group = await addScope(db, `Purged ${newId()}`, 'practice-group', service);
      const author = await addUser(db, 'observer', [group]);
      const older = Array.from({ length: 7 }, () => newId());
      for (const id of older) await createObservation(author, { 'summary.strengths': id }, group);
      const gone = await createObservation(author, { 'summary.strengths': 'to delete' }, group);
      const v = (await pullAll(storage, author)).records.find((r) => r.id === gone)!.version;
      await push(
        db,
        author,
        pushReq(author, [
          ids.take(author, { recordId: gone, type: 'observation', op: 'delete', baseVersion: v }),
        ]),
      );
      const purge = await purgeTombstones(db, 90, new Date(Date.now() + 91 * 86_400_000));
      expect(purge.minValidSeq).toBeGreaterThanOrEqual(v);
      // A new tablet of a QA lead, two records a page: every page but the last sits below
      // min_valid_seq, and none of them is told to reset.
      const lead = await addUser(db, 'qa-lead', [group]);
      const pages: boolean[] = [];
      let cursor: string | null = null;
      const seen: SyncRecord[] = [];
      for (let i = 0; i < 50; i++) {
        const res = await pull(db, lead, pullReq(lead, cursor, 2));
        pages.push(res.reset);
        seen.push(...res.records);
        cursor = res.cursor;
        if (!res.hasMore) break;
      }
      expect(pages.every((reset) => !reset)).toBe(true);
      expect(pages.length).toBeGreaterThan(3);
      const mine = seen
        .filter((r) => r.scopeId === group)
        .map((r) => r.fields['summary.strengths']);
      expect(mine.sort()).toEqual([...older].sort());
      // After the reset instruction, the restart from the reset's own cursor is not reset again.
      const stale = await pull(
        db,
        lead,
        pullReq(
          lead,
          Buffer.from(JSON.stringify({ v: 1, seq: 1, id: '', scopes: [] })).toString('base64url'),
          2,
        ),
      );
      expect(stale.reset).toBe(true);
      expect((await pull(db, lead, pullReq(lead, stale.cursor, 2))).reset).toBe(false);
    });

    test('a purge during a first pull still resets it when a deletion after its position is lost', async () => {
      const group = await addScope(db, `Mid-pull ${newId()}`, 'practice-group', service);
      const author = await addUser(db, 'observer', [group]);
      const first = await createObservation(author, { 'summary.strengths': 'first' }, group);
      for (let i = 0; i < 3; i++)
        await createObservation(author, { 'summary.strengths': 'x' }, group);
      const lead = await addUser(db, 'qa-lead', [group]);
      // The lead's new tablet takes one page, holding the first record...
      let cursor: string | null = null;
      let holds: string[] = [];
      for (;;) {
        const res = await pull(db, lead, pullReq(lead, cursor, 1));
        cursor = res.cursor;
        holds = res.records.map((r) => r.id);
        if (holds.includes(first)) break;
      }
      // ...then the record is deleted, and the deletion purged, before the tablet reaches it.
      const v = (await pullAll(storage, author)).records.find((r) => r.id === first)!.version;
      await push(
        db,
        author,
        pushReq(author, [
          ids.take(author, { recordId: first, type: 'observation', op: 'delete', baseVersion: v }),
        ]),
      );
      await purgeTombstones(db, 90, new Date(Date.now() + 91 * 86_400_000));
      expect((await pull(db, lead, pullReq(lead, cursor, 1))).reset).toBe(true);
    });

    test('a purge removes a prefix of the sequence: an older tombstone with a later time goes too', async () => {
      const group = await addScope(db, `Prefix ${newId()}`, 'practice-group', service);
      const author = await addUser(db, 'observer', [group]);
      const a = await createObservation(author, { 'summary.strengths': 'a' }, group);
      const b = await createObservation(author, { 'summary.strengths': 'b' }, group);
      for (const id of [a, b]) {
        const v = (await pullAll(storage, author)).records.find((r) => r.id === id)!.version;
        await push(
          db,
          author,
          pushReq(author, [
            ids.take(author, { recordId: id, type: 'observation', op: 'delete', baseVersion: v }),
          ]),
        );
      }
      // As if the server's clock had stepped back between the two deletions.
      const later = new Date(Date.now() + 60 * 86_400_000).toISOString();
      await db.updateTable('records').set({ updated_at: later }).where('id', '=', a).execute();
      await purgeTombstones(db, 90, new Date(Date.now() + 91 * 86_400_000));
      const left = await db.selectFrom('records').select('id').where('id', 'in', [a, b]).execute();
      expect(left).toEqual([]);
    });

    test('pages of at most the limit deliver every record exactly once', async () => {
      const group = await addScope(db, `Paging ${newId()}`, 'practice-group', service);
      const author = await addUser(db, 'observer', [group]);
      const reader = await addUser(db, 'qa-lead', [group]);
      const made = new Set<string>();
      for (let batch = 0; batch < 6; batch++) {
        const ms = Array.from({ length: 100 }, () => {
          const recordId = newId();
          made.add(recordId);
          return ids.take(author, {
            recordId,
            type: 'observation',
            op: 'put',
            scopeId: group,
            baseVersion: 0,
            set: { ...FRONTLINE, 'summary.strengths': 'x'.repeat(50) },
          });
        });
        await push(db, author, pushReq(author, ms));
      }
      const { records, pages } = await pullAll(storage, reader, null, 250);
      expect(pages).toBe(3);
      expect(records.length).toBe(600);
      expect(new Set(records.map((r) => r.id))).toEqual(made);
      const again = await pull(
        db,
        reader,
        pullReq(reader, (await pullAll(storage, reader)).cursor),
      );
      expect(again.records).toEqual([]);
    });

    test('a team granted later delivers its older records; a team taken away is removed from the device', async () => {
      const group = await addScope(db, `Later ${newId()}`, 'practice-group', service);
      const author = await addUser(db, 'observer', [group]);
      const lead = await addUser(db, 'qa-lead', [groupA]);
      const old = await createObservation(
        author,
        { 'summary.strengths': 'older than the cursor' },
        group,
      );
      let { cursor } = await pullAll(storage, lead);
      await addMembership(db, lead.userId, group);
      let step = await pullAll(storage, lead, cursor);
      expect(step.records.map((r) => r.id)).toContain(old);
      cursor = step.cursor;
      await removeMembership(db, lead.userId, group);
      step = await pullAll(storage, lead, cursor);
      expect(step.evict).toContain(old);
    });
  });
}

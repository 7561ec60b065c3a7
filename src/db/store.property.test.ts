// For any interleaving of local edits, push answers and server pages (including resets, evictions
// and tombstones), the store keeps its two promises: every record shows the server's copy with
// this device's pending edits replayed on top, and the outbox holds exactly the mutations the
// server has not acknowledged, with ids that rise by one and never skip.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { SCOPE, freshStore, outboxMutations, serverRecord } from '../../tests/helpers/db-fixtures';
import type { TestStore } from '../../tests/helpers/db-fixtures';
import type { PullResponse } from '../../schemas/sync/pull';
import type { Conflict, FieldMap, SyncRecord } from '../../schemas/sync/records';
import { applyPullPage } from './apply-pull';
import type { RecordSecrets } from './database';
import { deleteRecord, restoreRecord, saveFields } from './local-edits';
import { recordPushResults } from './outbox';
import { getRecord } from './read-records';

const IDS = ['record-aaaa-0001', 'record-bbbb-0002', 'record-cccc-0003', 'record-dddd-0004'];
const PATHS = ['status', 'summary.strengths', 'summary.reflection', 'context.caseId'];

const id = fc.constantFrom(...IDS);
const changes = fc.dictionary(fc.constantFrom(...PATHS), fc.constantFrom('a', 'b', 'c', null), {
  minKeys: 1,
  maxKeys: 3,
});
const serverFields = fc.dictionary(fc.constantFrom(...PATHS), fc.constantFrom('x', 'y', null), {
  maxKeys: 4,
});

type Op =
  | { kind: 'edit'; id: string; changes: FieldMap }
  | { kind: 'delete' | 'restore'; id: string }
  | { kind: 'push'; fraction: number; rejectEvery: number }
  | {
      kind: 'page';
      records: { id: string; deleted: boolean; offer: boolean; fields: FieldMap }[];
      evict: string[];
      hasMore: boolean;
      ackFraction: number;
      reset: boolean;
    };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('edit' as const), id, changes }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constantFrom('delete' as const, 'restore' as const), id }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('push' as const),
      fraction: fc.double({ min: 0, max: 1, noNaN: true }),
      rejectEvery: fc.integer({ min: 0, max: 3 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('page' as const),
      records: fc.uniqueArray(
        fc.record({ id, deleted: fc.boolean(), offer: fc.boolean(), fields: serverFields }),
        { selector: (r) => r.id, maxLength: 3 },
      ),
      evict: fc.uniqueArray(id, { maxLength: 1 }),
      hasMore: fc.boolean(),
      ackFraction: fc.double({ min: 0, max: 1, noNaN: true }),
      reset: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    }),
  },
);

// The model: an independent statement of what the store should hold.
type ModelMutation = {
  id: number;
  recordId: string;
  op: 'put' | 'delete' | 'restore';
  set: FieldMap;
};
type ModelSynced = { fields: FieldMap; deleted: boolean; conflicts: number };
type Model = {
  rows: Map<string, { synced: ModelSynced | null; version: number }>;
  outbox: ModelMutation[];
  next: number;
  pushed: number;
  acked: number;
  seq: number;
};

function expectedLocal(synced: ModelSynced | null, pending: readonly ModelMutation[]) {
  const fields: FieldMap = {};
  for (const [k, v] of Object.entries(synced?.fields ?? {})) if (v !== null) fields[k] = v;
  let deleted = synced?.deleted ?? false;
  for (const m of [...pending].sort((a, b) => a.id - b.id)) {
    for (const [k, v] of Object.entries(m.set)) {
      if (v === null) delete fields[k];
      else fields[k] = v;
    }
    if (m.op === 'delete') deleted = true;
    if (m.op === 'restore') deleted = false;
  }
  return { fields, deleted };
}

const pendingFor = (model: Model, recordId: string) =>
  model.outbox.filter((m) => m.recordId === recordId);

function dropEmptyRows(model: Model) {
  for (const [rid, row] of model.rows) {
    if (pendingFor(model, rid).length > 0) continue;
    if (row.synced === null || (row.synced.deleted && row.synced.conflicts === 0)) {
      model.rows.delete(rid);
    }
  }
}

const offer = (recordId: string): Conflict => ({
  id: `offer-${recordId}`,
  path: '',
  kind: 'deleted',
  current: null,
  incoming: null,
  deviceId: 'device-other-0001',
  userId: 'user-other-0001',
  at: '2026-05-01T09:00:00.000Z',
});

async function run(store: TestStore, model: Model, o: Op): Promise<void> {
  const { db, cipher } = store;
  switch (o.kind) {
    case 'edit': {
      await saveFields(db, cipher, {
        recordId: o.id,
        type: 'observation',
        scopeId: SCOPE,
        changes: o.changes,
      });
      if (!model.rows.has(o.id)) model.rows.set(o.id, { synced: null, version: 0 });
      model.outbox.push({ id: model.next++, recordId: o.id, op: 'put', set: o.changes });
      return;
    }
    case 'delete':
    case 'restore': {
      if (!model.rows.has(o.id)) return;
      await (o.kind === 'delete' ? deleteRecord : restoreRecord)(db, cipher, o.id);
      model.outbox.push({ id: model.next++, recordId: o.id, op: o.kind, set: {} });
      return;
    }
    case 'push': {
      const unsent = model.outbox.filter((m) => m.id > model.pushed);
      const answered = unsent.slice(0, Math.round(unsent.length * o.fraction));
      const last = answered.at(-1)?.id ?? model.pushed;
      await recordPushResults(db, cipher, {
        results: answered.map((m) =>
          o.rejectEvery > 0 && m.id % o.rejectEvery === 0
            ? { id: m.id, status: 'rejected', code: 'INVALID', message: 'No.' }
            : { id: m.id, status: 'applied' },
        ),
        lastMutationId: last,
        serverTime: '2026-05-01T10:00:00.000Z',
      });
      model.pushed = Math.max(model.pushed, last);
      return;
    }
    case 'page': {
      // The server may acknowledge anything it has been sent, pushed answer recorded or not.
      const made = model.next - 1;
      const lastMutationId = Math.round(made * o.ackFraction);
      const records: SyncRecord[] = o.records.map((r) => {
        model.seq++;
        const deletedWithOffer = r.deleted && r.offer;
        return serverRecord({
          id: r.id,
          version: model.seq,
          deleted: r.deleted,
          fields: r.deleted && !deletedWithOffer ? {} : r.fields,
          conflicts: deletedWithOffer ? [offer(r.id)] : [],
        });
      });
      const page: PullResponse = {
        records,
        evict: o.evict.filter((e) => !o.records.some((r) => r.id === e)),
        cursor: `cursor-${model.seq}`,
        hasMore: o.hasMore || o.reset,
        lastMutationId,
        reset: o.reset,
        serverTime: '2026-05-01T10:00:00.000Z',
      };
      await applyPullPage(db, cipher, page);

      if (!page.hasMore) {
        model.acked = Math.max(model.acked, Math.min(lastMutationId, model.pushed));
        model.outbox = model.outbox.filter((m) => m.id > model.acked);
      }
      if (page.reset) for (const row of model.rows.values()) row.synced = null;
      for (const r of records) {
        model.rows.set(r.id, {
          version: r.version,
          synced: { fields: r.fields, deleted: r.deleted, conflicts: r.conflicts.length },
        });
      }
      for (const e of page.evict) {
        const row = model.rows.get(e);
        if (row) row.synced = null;
      }
      dropEmptyRows(model);
      return;
    }
  }
}

async function check(store: TestStore, model: Model): Promise<void> {
  const { db, cipher } = store;
  const ids = (await db.records.toCollection().primaryKeys()).sort();
  expect(ids).toEqual([...model.rows.keys()].sort());

  const outbox = await outboxMutations(store);
  const outboxIds = outbox.map((m) => m.id);
  const expectedIds = Array.from(
    { length: model.next - 1 - model.acked },
    (_, i) => model.acked + 1 + i,
  );
  expect(outboxIds).toEqual(expectedIds);
  expect(outbox.map((m) => [m.id, m.recordId, m.op, m.set])).toEqual(
    model.outbox.map((m) => [m.id, m.recordId, m.op, m.set]),
  );
  expect((await db.meta.get('nextMutationId'))?.value ?? 1).toBe(model.next);

  for (const [rid, row] of model.rows) {
    const pending = pendingFor(model, rid);
    const want = expectedLocal(row.synced, pending);
    const view = await getRecord(db, cipher, rid);
    expect(view).toMatchObject({
      fields: want.fields,
      deleted: want.deleted,
      pending: pending.length > 0,
      version: row.version,
    });
    // The stored blob agrees with itself: local is its own synced copy plus the outbox.
    const raw = await db.records.get(rid);
    const secrets = cipher.open<RecordSecrets>({ table: 'records', key: rid }, raw!.blob);
    const fromBlob = secrets.synced
      ? { fields: secrets.synced.fields, deleted: secrets.synced.deleted, conflicts: 0 }
      : null;
    expect(secrets.local).toEqual(
      expectedLocal(
        fromBlob,
        outbox.filter((m) => m.recordId === rid).map((m) => ({ ...m, set: m.set ?? {} })),
      ).fields,
    );
  }
}

test('local is always the synced copy plus pending edits; outbox ids rise by one without gaps', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 30, size: 'max' }), async (ops) => {
      const store = await freshStore();
      const model: Model = { rows: new Map(), outbox: [], next: 1, pushed: 0, acked: 0, seq: 0 };
      try {
        for (const o of ops) {
          await run(store, model, o);
          await check(store, model);
        }
      } finally {
        await store.close();
      }
    }),
    { seed: 20260501, numRuns: 80 },
  );
}, 120_000);

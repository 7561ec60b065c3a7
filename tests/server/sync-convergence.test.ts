// Property: devices making random edits over a random network (lost responses, duplicated and
// stale deliveries, pulls at random times) end equal to the server, and no edit is dropped
// silently: each one became the record's value, was merged, or was kept as a conflict or a
// superseded value.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Mutation, PushRequest } from '../../schemas/sync/push';
import type { FieldValue, SyncRecord } from '../../schemas/sync/records';
import { openStorage } from '../../sync-server/src/storage/storage';
import type { Storage } from '../../sync-server/src/storage/storage';
import type { Actor } from '../../sync-server/src/sync/actor';
import { pull } from '../../sync-server/src/sync/pull';
import { push } from '../../sync-server/src/sync/push';
import { ENGINES } from '../helpers/engines';
import { addScope, addUser, newId, otherDevice, pullReq, pushReq } from '../helpers/sync-fixtures';

const WORDS = ['calm', 'clear', 'warm', 'late', 'brief', 'kind', 'firm', 'open'];
const TEXT_PATHS = ['summary.strengths', 'responses.participation.evidence'];
// A scalar field (decided by edit time). Each edit writes a date no other edit writes, so where
// it ended up can be traced.
const SCALAR_PATH = 'summary.feedback.date';
const FRONTLINE = {
  kind: 'frontline-practice',
  templateId: 'frontline-practice',
  templateVersion: 1,
};

type Replica = {
  actor: Actor;
  synced: Map<string, SyncRecord>;
  pending: Mutation[];
  nextId: number;
  cursor: string | null;
  sent: PushRequest[];
};

type Command =
  | { kind: 'create'; device: number }
  | { kind: 'text'; device: number; record: number; path: number; word: number; at: number }
  | { kind: 'scalar'; device: number; record: number; skewMs: number }
  | { kind: 'push'; device: number; lose: boolean; duplicate: boolean }
  | { kind: 'stale'; device: number; which: number }
  | { kind: 'pull'; device: number };

const command = (devices: number): fc.Arbitrary<Command> => {
  const device = fc.integer({ min: 0, max: devices - 1 });
  return fc.oneof(
    fc.record({ kind: fc.constant('create' as const), device }),
    fc.record({
      kind: fc.constant('text' as const),
      device,
      record: fc.nat(4),
      path: fc.nat(TEXT_PATHS.length - 1),
      word: fc.nat(WORDS.length - 1),
      at: fc.nat(3),
    }),
    fc.record({
      kind: fc.constant('scalar' as const),
      device,
      record: fc.nat(5),
      skewMs: fc.integer({ min: -60_000, max: 60_000 }),
    }),
    fc.record({
      kind: fc.constant('push' as const),
      device,
      lose: fc.boolean(),
      duplicate: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('stale' as const), device, which: fc.nat(10) }),
    fc.record({ kind: fc.constant('pull' as const), device }),
  );
};

for (const engine of ENGINES) {
  const fixture = await engine.create();
  const runs = engine.name === 'sqlite' ? 25 : 8;
  describe.skipIf(fixture === null)(`convergence on ${engine.name}`, () => {
    let storage: Storage;
    beforeAll(async () => {
      storage = openStorage(fixture!.target);
      await storage.migrate();
    });
    afterAll(async () => {
      await storage?.close();
      await fixture?.dispose();
    });

    test('every replica converges and every edit is accounted for', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc
            .integer({ min: 2, max: 3 })
            .chain((n) =>
              fc.tuple(fc.constant(n), fc.array(command(n), { minLength: 20, maxLength: 60 })),
            ),
          async ([n, commands]) => {
            const db = storage.db;
            const scope = await addScope(db, `Group ${newId()}`, 'practice-group');
            const user = await addUser(db, 'observer', [scope]);
            const replicas: Replica[] = Array.from({ length: n }, (_, i) => ({
              actor: i === 0 ? user : otherDevice(user),
              synced: new Map(),
              pending: [],
              nextId: 1,
              cursor: null,
              sent: [],
            }));
            const records: string[] = [];
            const sentEdits: {
              device: string;
              mutation: number;
              recordId: string;
              path: string;
              value: FieldValue;
            }[] = [];
            const now = Date.now();
            let unique = 0;
            const uniqueWord = () => `w${++unique}`;
            const uniqueDate = () =>
              new Date(Date.UTC(2026, 0, 1) + ++unique * 86_400_000).toISOString().slice(0, 10);

            const localValue = (
              r: Replica,
              recordId: string,
              path: string,
            ): FieldValue | undefined => {
              let v = r.synced.get(recordId)?.fields[path];
              for (const m of r.pending)
                if (m.recordId === recordId && path in m.set) v = m.set[path];
              return v;
            };
            const enqueue = (r: Replica, m: Omit<Mutation, 'id'>) => {
              const full = { ...m, id: r.nextId++ } as Mutation;
              r.pending.push(full);
              for (const [path, value] of Object.entries(full.set))
                sentEdits.push({
                  device: r.actor.deviceId,
                  mutation: full.id,
                  recordId: full.recordId,
                  path,
                  value,
                });
            };
            const doPull = async (r: Replica) => {
              for (let page = 0; page < 100; page++) {
                const res = await pull(db, r.actor, pullReq(r.actor, r.cursor));
                for (const rec of res.records) r.synced.set(rec.id, rec);
                for (const id of res.evict) r.synced.delete(id);
                r.cursor = res.cursor;
                if (!res.hasMore) {
                  r.pending = r.pending.filter((m) => m.id > res.lastMutationId);
                  return;
                }
              }
              throw new Error('pull did not end');
            };
            const doPush = async (r: Replica, lose: boolean, duplicate: boolean) => {
              if (!r.pending.length) return;
              const req = pushReq(r.actor, r.pending.slice(0, 100));
              r.sent.push(req);
              await push(db, r.actor, req);
              if (duplicate) await push(db, r.actor, req);
              if (!lose) await doPull(r);
            };

            // Start from three observations every device has, so that edits meet.
            for (let i = 0; i < 3; i++) {
              const recordId = newId();
              records.push(recordId);
              enqueue(replicas[0]!, {
                recordId,
                type: 'observation',
                op: 'put',
                scopeId: scope,
                baseVersion: 0,
                set: {
                  ...FRONTLINE,
                  'summary.strengths': 'calm clear warm late',
                  'responses.participation.evidence': 'kind firm open brief',
                  [SCALAR_PATH]: '2026-01-01',
                },
                at: new Date(now).toISOString(),
              });
            }
            await doPush(replicas[0]!, false, false);
            for (const r of replicas) await doPull(r);

            for (const c of commands) {
              const r = replicas[c.device]!;
              switch (c.kind) {
                case 'create': {
                  const recordId = newId();
                  records.push(recordId);
                  enqueue(r, {
                    recordId,
                    type: 'observation',
                    op: 'put',
                    scopeId: scope,
                    baseVersion: 0,
                    set: {
                      ...FRONTLINE,
                      'summary.strengths': 'calm clear warm late',
                      'responses.participation.evidence': 'kind firm open brief',
                      [SCALAR_PATH]: uniqueDate(),
                    },
                    at: new Date(now).toISOString(),
                  });
                  break;
                }
                case 'text':
                case 'scalar': {
                  const recordId = records[c.record % Math.max(records.length, 1)];
                  // A device can only edit what it has (created itself, or pulled).
                  if (!recordId || localValue(r, recordId, SCALAR_PATH) === undefined) break;
                  const synced = r.synced.get(recordId);
                  const path = c.kind === 'text' ? TEXT_PATHS[c.path]! : SCALAR_PATH;
                  let value: FieldValue;
                  if (c.kind === 'text') {
                    const words = String(localValue(r, recordId, path) ?? '').split(' ');
                    words[c.at % words.length] = c.word === 0 ? uniqueWord() : WORDS[c.word]!;
                    value = words.join(' ');
                  } else value = uniqueDate();
                  enqueue(r, {
                    recordId,
                    type: 'observation',
                    op: 'put',
                    baseVersion: synced?.version ?? 0,
                    set: { [path]: value },
                    base: { [path]: synced?.fields[path] ?? null },
                    at: new Date(now + (c.kind === 'scalar' ? c.skewMs : 0)).toISOString(),
                  });
                  break;
                }
                case 'push':
                  await doPush(r, c.lose, c.duplicate);
                  break;
                case 'stale': {
                  const old = r.sent[c.which % Math.max(r.sent.length, 1)];
                  if (old) await push(db, r.actor, old);
                  break;
                }
                case 'pull':
                  await doPull(r);
                  break;
              }
            }

            // Everyone comes back into signal: send everything, then take everything.
            for (const r of replicas) while (r.pending.length) await doPush(r, false, false);
            for (const r of replicas) await doPull(r);

            const server = await db
              .selectFrom('records')
              .selectAll()
              .where('scope_id', '=', scope)
              .execute();
            for (const r of replicas) {
              expect(r.pending).toEqual([]);
              expect(r.synced.size).toBe(server.length);
              for (const row of server) {
                expect(r.synced.get(row.id)?.fields).toEqual(JSON.parse(row.fields));
                expect(r.synced.get(row.id)?.version).toBe(Number(row.seq));
              }
            }

            // No edit dropped silently.
            const ids = server.map((s) => s.id);
            const superseded = await db
              .selectFrom('superseded_values')
              .select(['record_id', 'path', 'value'])
              .where('record_id', 'in', ids)
              .execute();
            const conflicts = await db
              .selectFrom('record_conflicts')
              .select(['record_id', 'path', 'incoming_value'])
              .where('record_id', 'in', ids)
              .execute();
            const audited = await db
              .selectFrom('audit_log')
              .innerJoin('audit_content', 'audit_content.hash', 'audit_log.content_hash')
              .select(['audit_log.record_id', 'audit_content.body'])
              .where('audit_log.record_id', 'in', ids)
              .execute();
            const results = await db
              .selectFrom('mutation_results')
              .select(['device_id', 'mutation_id', 'result'])
              .where(
                'device_id',
                'in',
                replicas.map((r) => r.actor.deviceId),
              )
              .execute();
            const key = (...p: unknown[]) => JSON.stringify(p);
            const became = new Set<string>();
            for (const a of audited) {
              const body = JSON.parse(a.body!) as { after?: Record<string, FieldValue> };
              for (const [path, value] of Object.entries(body.after ?? {}))
                became.add(key(a.record_id, path, value));
            }
            const kept = new Set([
              ...superseded.map((s) => key(s.record_id, s.path, JSON.parse(s.value))),
              ...conflicts.map((c) => key(c.record_id, c.path, JSON.parse(c.incoming_value))),
            ]);
            const mergedFields = new Set<string>();
            for (const r of results) {
              const res = JSON.parse(r.result) as { merged?: string[] };
              for (const p of res.merged ?? [])
                mergedFields.add(key(r.device_id, Number(r.mutation_id), p));
            }
            // In this run every edit is valid, so none may be rejected.
            expect(
              results
                .map((r) => (JSON.parse(r.result) as { status: string }).status)
                .filter((s) => s !== 'applied'),
            ).toEqual([]);
            for (const e of sentEdits) {
              const k = key(e.recordId, e.path, e.value);
              const accounted =
                became.has(k) || kept.has(k) || mergedFields.has(key(e.device, e.mutation, e.path));
              if (!accounted) {
                const stored = results.find(
                  (r) => r.device_id === e.device && Number(r.mutation_id) === e.mutation,
                );
                throw new Error(
                  `edit lost: ${JSON.stringify(e)} (server said ${stored?.result ?? 'nothing'})`,
                );
              }
            }
          },
        ),
        { seed: 20261122, numRuns: runs },
      );
    });
  });
}

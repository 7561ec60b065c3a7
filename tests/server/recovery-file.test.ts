// Recovery files on every engine: a tablet seals its outbox and its waiting safety concerns (with
// the app's own sealing code) to the server's public key; an admin imports it; every change applies
// and every concern is raised exactly once, however often the file is imported and when the tablet
// later syncs the same outbox and sends the same concerns itself. A damaged, foreign, malformed or
// out-of-order file is refused with a 4xx and changes nothing. The server's half of each
// registration's key recovery comes back on every full sign-in, and only there.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../schemas/sync/protocol-version';
import type { Mutation, PushResponse } from '../../schemas/sync/push';
import type { RecoveryConcern } from '../../schemas/sync/recovery-file';
import {
  recoveryFileSchema,
  recoveryImportResultSchema,
  recoveryKeySchema,
} from '../../schemas/sync/recovery-file';
import type { RecoveryKey } from '../../schemas/sync/recovery-file';
import { sealRecoveryFile } from '../../src/sync/recovery-file';
import { verifyAudit } from '../../sync-server/src/audit/verify';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';
import type { SignedIn } from '../helpers/accounts';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { dumpDatabase } from '../helpers/db-dump';
import { ENGINES } from '../helpers/engines';
import { FRONTLINE } from '../helpers/inject-sync';
import { newId } from '../helpers/db-fixtures';
import { addScope } from '../helpers/sync-fixtures';

useQuickPasswordHashing();

const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION };

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(`recovery files on ${engine.name}`, () => {
    let ctx: TestApp;
    let admin: SignedIn;
    let observer: SignedIn & { userId: string };
    let director: SignedIn;
    let scopeId: string;
    let otherScopeId: string;
    let key: RecoveryKey;

    const at = () => new Date().toISOString();
    const outbox = (n: number, from = 1): Mutation[] =>
      Array.from({ length: n }, (_, i): Mutation => {
        const id = from + i;
        return id === 1
          ? {
              id,
              recordId: `rec-${engine.name}-obs-0001`,
              type: 'observation' as const,
              op: 'put' as const,
              scopeId,
              baseVersion: 0,
              set: { ...FRONTLINE, 'summary.strengths': 'Warm, clear with the family' },
              at: at(),
            }
          : {
              id,
              recordId: `rec-${engine.name}-obs-0001`,
              type: 'observation' as const,
              op: 'put' as const,
              baseVersion: 1,
              set: { 'summary.areasForDevelopment': `Revision ${id} of the areas for development` },
              at: at(),
            };
      });

    const importFile = (token: string, file: unknown) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/admin/recovery-imports',
        headers: bearer(token),
        payload: file as object,
      });

    const pushAsTablet = async (mutations: Mutation[]) => {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/sync/push',
        headers: bearer(observer.token),
        payload: { ...versions, deviceId: observer.deviceId, sentAt: at(), mutations },
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<PushResponse>();
    };

    const seal = (
      mutations: Mutation[],
      over: Partial<{ userId: string; deviceId: string; concerns: RecoveryConcern[] }> = {},
    ) =>
      sealRecoveryFile(
        { ...versions, userId: observer.userId, deviceId: observer.deviceId, mutations, ...over },
        key,
      );

    /** A safety concern as the tablet's queue holds it while it waits for a signal. */
    const waitingConcern = (what: string, inScope = scopeId): RecoveryConcern => ({
      scopeId: inScope,
      concern: {
        id: newId(),
        caseId: 'RC-4410',
        what,
        raisedAt: at(),
        whoWasTold: [{ name: 'Duty manager', role: 'Team manager', at: at() }],
      },
    });

    beforeAll(async () => {
      ctx = t!;
      const a = await createAccount(ctx.storage, { role: 'admin' });
      admin = await signIn(ctx.app, a);
      scopeId = await addScope(ctx.storage.db, `Recovery ${engine.name}`, 'service');
      otherScopeId = await addScope(ctx.storage.db, `Elsewhere ${engine.name}`, 'service');
      const o = await createAccount(ctx.storage, { role: 'observer', scopeIds: [scopeId] });
      observer = { ...(await signIn(ctx.app, o)), userId: o.id };
      const d = await createAccount(ctx.storage, { role: 'director', scopeIds: [scopeId] });
      director = await signIn(ctx.app, d);
      const res = await ctx.app.inject({
        method: 'GET',
        url: '/api/recovery/key',
        headers: bearer(observer.token),
      });
      expect(res.statusCode).toBe(200);
      key = recoveryKeySchema.parse(res.json());
    });
    afterAll(async () => {
      await ctx.close();
    });

    test('every process and every call sees the same public key; anonymous callers none', async () => {
      const again = await ctx.app.inject({
        method: 'GET',
        url: '/api/recovery/key',
        headers: bearer(admin.token),
      });
      expect(recoveryKeySchema.parse(again.json())).toEqual(key);
      const anon = await ctx.app.inject({ method: 'GET', url: '/api/recovery/key' });
      expect(anon.statusCode).toBe(401);
    });

    test('a full sign-in returns the registration’s recovery key: the same on that device, another on a new one', async () => {
      const o = await createAccount(ctx.storage, { role: 'observer', scopeIds: [scopeId] });
      const signInRaw = async (deviceId?: string) => {
        const res = await ctx.app.inject({
          method: 'POST',
          url: '/api/auth/sign-in',
          payload: { email: o.email, password: o.password, ...(deviceId ? { deviceId } : {}) },
        });
        expect(res.statusCode).toBe(200);
        return res.json<{ deviceId: string; deviceKey: string }>();
      };
      const first = await signInRaw();
      expect(Buffer.from(first.deviceKey, 'base64url')).toHaveLength(32);
      const same = await signInRaw(first.deviceId);
      expect(same.deviceId).toBe(first.deviceId);
      expect(same.deviceKey).toBe(first.deviceKey);
      const other = await signInRaw();
      expect(other.deviceKey).not.toBe(first.deviceKey);
      // Never in a listing of devices.
      const devices = await ctx.app.inject({
        method: 'GET',
        url: '/api/admin/devices',
        headers: bearer(admin.token),
      });
      expect(devices.body).not.toContain(first.deviceKey);
    });

    test('imported twice and then synced by the tablet: each change applied exactly once', async () => {
      // The tablet sent its first change before it lost its signal for good.
      const all = outbox(6);
      const sent = await pushAsTablet(all.slice(0, 1));
      expect(sent.results[0]!.status).toBe('applied');

      const file = await seal(all);
      expect(recoveryFileSchema.parse(file)).toEqual(file);
      // Nothing about the work is readable in the file.
      expect(JSON.stringify(file)).not.toContain('Warm, clear');

      const first = await importFile(admin.token, file);
      expect(first.statusCode, first.body).toBe(200);
      const r1 = recoveryImportResultSchema.parse(first.json());
      expect(r1).toMatchObject({ applied: 5, alreadyApplied: 1, rejected: [] });
      expect(r1.userId).toBe(observer.userId);

      const second = await importFile(admin.token, file);
      expect(recoveryImportResultSchema.parse(second.json())).toMatchObject({
        applied: 0,
        alreadyApplied: 6,
        rejected: [],
      });

      // The tablet comes back and pushes its outbox as it always would.
      const late = await pushAsTablet(all);
      expect(late.lastMutationId).toBe(6);
      expect(late.results.map((r) => r.status)).toEqual(Array(6).fill('applied'));

      const db = ctx.storage.db;
      const results = await db
        .selectFrom('mutation_results')
        .select('mutation_id')
        .where('device_id', '=', observer.deviceId)
        .execute();
      expect(results.map((r) => Number(r.mutation_id)).sort((a, b) => a - b)).toEqual([
        1, 2, 3, 4, 5, 6,
      ]);
      const record = await db
        .selectFrom('records')
        .select('fields')
        .where('id', '=', `rec-${engine.name}-obs-0001`)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(record.fields)['summary.areasForDevelopment']).toBe(
        'Revision 6 of the areas for development',
      );
      // One audited change per mutation, by the observer from their tablet: neither import nor
      // the late sync applied anything twice.
      const changes = await db
        .selectFrom('audit_log')
        .select(['action', 'user_id', 'device_id'])
        .where('record_id', '=', `rec-${engine.name}-obs-0001`)
        .where('action', 'in', ['create', 'update'])
        .orderBy('seq')
        .execute();
      expect(changes.map((c) => c.action)).toEqual(['create', ...Array(5).fill('update')]);
      expect(changes.every((c) => c.user_id === observer.userId)).toBe(true);
      expect(changes.every((c) => c.device_id === observer.deviceId)).toBe(true);

      const imports = await db
        .selectFrom('recovery_imports')
        .selectAll()
        .where('device_id', '=', observer.deviceId)
        .orderBy('imported_at')
        .execute();
      expect(imports.map((i) => [Number(i.applied), Number(i.already_applied)])).toEqual([
        [5, 1],
        [0, 6],
      ]);
      const audit = await db
        .selectFrom('audit_log')
        .select(['user_id', 'action'])
        .where('action', '=', 'admin:import-recovery-file')
        .where('record_id', '=', observer.deviceId)
        .execute();
      expect(audit).toHaveLength(2);
      expect(audit.every((a) => a.user_id !== observer.userId)).toBe(true);
      await expect(verifyAudit(ctx.storage)).resolves.toMatchObject({ ok: true });
    });

    test('safety concerns waiting on the tablet are raised by the import, once each, before its changes', async () => {
      const o = await createAccount(ctx.storage, { role: 'observer', scopeIds: [scopeId] });
      const tablet = { ...(await signIn(ctx.app, o)), userId: o.id };
      const urgent = waitingConcern('Recovery-concern-1 the younger child has a burn on his hand');
      const second = waitingConcern('Recovery-concern-2 no food in the house for two days');
      // The person has left that team since: this one is refused with its reason, not lost silently.
      const elsewhere = waitingConcern('Recovery-concern-3 raised for another team', otherScopeId);
      const concerns = [urgent, second, elsewhere];
      const file = await seal([], { userId: o.id, deviceId: tablet.deviceId, concerns });
      expect(JSON.stringify(file)).not.toContain('Recovery-concern');

      const first = await importFile(admin.token, file);
      expect(first.statusCode, first.body).toBe(200);
      const r1 = recoveryImportResultSchema.parse(first.json());
      expect(r1).toMatchObject({ applied: 0, alreadyApplied: 0, rejected: [] });
      expect(r1.concerns).toEqual({
        raised: 2,
        alreadyRaised: 0,
        // This server has no email or webhook set up: the director sees them only in the app.
        directorNotice: { email: null, webhook: null, inApp: true },
        refused: [
          {
            concernId: elsewhere.concern.id,
            code: 'FORBIDDEN_SCOPE',
            message: expect.stringContaining('your own teams') as unknown as string,
          },
        ],
      });

      // The director sees both at once, raised by the person from their tablet.
      const seen = async () => {
        const res = await ctx.app.inject({
          method: 'GET',
          url: '/api/concerns',
          headers: bearer(director.token),
        });
        expect(res.statusCode).toBe(200);
        return res
          .json<{ concerns: { concern: { id: string; raisedBy: string; what: string } }[] }>()
          .concerns.filter((c) => c.concern.what.startsWith('Recovery-concern'));
      };
      const listed = await seen();
      expect(listed.map((c) => c.concern.id).sort()).toEqual(
        [urgent.concern.id, second.concern.id].sort(),
      );
      expect(listed.every((c) => c.concern.raisedBy === o.id)).toBe(true);

      // Imported again, and then sent by the tablet itself when its signal returns: nothing new.
      const again = recoveryImportResultSchema.parse((await importFile(admin.token, file)).json());
      expect(again.concerns).toMatchObject({ raised: 0, alreadyRaised: 2 });
      const late = await ctx.app.inject({
        method: 'POST',
        url: '/api/concerns',
        headers: bearer(tablet.token),
        payload: { ...versions, deviceId: tablet.deviceId, ...urgent },
      });
      expect(late.statusCode, late.body).toBe(200);
      expect(late.json<{ created: boolean }>().created).toBe(false);
      expect(await seen()).toHaveLength(2);

      const db = ctx.storage.db;
      const raisedAudit = await db
        .selectFrom('audit_log')
        .select(['record_id', 'user_id', 'device_id'])
        .where('action', '=', 'concern-raised')
        .where(
          'record_id',
          'in',
          concerns.map((c) => c.concern.id),
        )
        .execute();
      expect(raisedAudit).toHaveLength(2);
      expect(raisedAudit.every((a) => a.user_id === o.id && a.device_id === tablet.deviceId)).toBe(
        true,
      );
      await expect(verifyAudit(ctx.storage)).resolves.toMatchObject({ ok: true });
    });

    test('a file with changes and a concern: the concern raised, the changes applied, each once', async () => {
      const o = await createAccount(ctx.storage, { role: 'observer', scopeIds: [scopeId] });
      const tablet = { ...(await signIn(ctx.app, o)), userId: o.id };
      const concern = waitingConcern('Recovery-concern-4 the mother said she cannot keep him safe');
      const mutations = outbox(3).map((m) => ({ ...m, recordId: `${m.recordId}-${o.id}` }));
      const file = await seal(mutations, {
        userId: o.id,
        deviceId: tablet.deviceId,
        concerns: [concern],
      });
      const r = recoveryImportResultSchema.parse((await importFile(admin.token, file)).json());
      expect(r).toMatchObject({
        applied: 3,
        alreadyApplied: 0,
        rejected: [],
        concerns: { raised: 1, alreadyRaised: 0, refused: [], directorNotice: expect.anything() },
      });
      const trail = await ctx.storage.db
        .selectFrom('audit_log')
        .select(['action', 'record_id'])
        .where('device_id', '=', tablet.deviceId)
        .orderBy('seq')
        .execute();
      // The director hears first: the concern is raised before any change is applied.
      expect(trail.map((e) => e.action)).toEqual(['concern-raised', 'create', 'update', 'update']);
    });

    test('refused with a 4xx and nothing changed: damaged, foreign, malformed, out of order, not an admin', async () => {
      const o = await createAccount(ctx.storage, { role: 'observer', scopeIds: [scopeId] });
      const session = await signIn(ctx.app, o);
      const mine = (mutations: Mutation[]) =>
        sealRecoveryFile({ ...versions, userId: o.id, deviceId: session.deviceId, mutations }, key);
      const good = await mine(outbox(2));
      const flip = (text: string) =>
        (text[5] === 'A' ? 'B' : 'A') + text.slice(1, 5) + text.slice(6);
      const cases: [string, unknown, number, string][] = [
        [
          'a changed ciphertext',
          { ...good, ciphertext: flip(good.ciphertext) },
          400,
          'RECOVERY_FILE_UNREADABLE',
        ],
        [
          'a changed header',
          { ...good, createdAt: '2020-01-01T00:00:00.000Z' },
          400,
          'RECOVERY_FILE_UNREADABLE',
        ],
        [
          'another key id',
          { ...good, keyId: 'another-server-key-0001' },
          400,
          'RECOVERY_KEY_UNKNOWN',
        ],
        ['not a recovery file', { hello: 'world' }, 400, 'VALIDATION_FAILED'],
        ['an unknown field', { ...good, extra: 1 }, 400, 'VALIDATION_FAILED'],
        [
          'changes with a gap',
          await mine([...outbox(1), ...outbox(1, 3)]),
          400,
          'RECOVERY_FILE_INVALID',
        ],
        [
          'a malformed change',
          await mine([{ ...outbox(1)[0]!, type: 'nonsense' as never }]),
          400,
          'RECOVERY_FILE_INVALID',
        ],
        [
          'starting after what the server has, with a concern',
          await sealRecoveryFile(
            {
              ...versions,
              userId: o.id,
              deviceId: session.deviceId,
              mutations: outbox(2, 5),
              concerns: [waitingConcern('Never raised: the file is refused as a whole')],
            },
            key,
          ),
          409,
          'RECOVERY_FILE_GAP',
        ],
        [
          'neither a change nor a concern',
          await sealRecoveryFile(
            { ...versions, userId: o.id, deviceId: session.deviceId, mutations: [], concerns: [] },
            key,
          ),
          400,
          'RECOVERY_FILE_INVALID',
        ],
        [
          'a malformed concern',
          await sealRecoveryFile(
            {
              ...versions,
              userId: o.id,
              deviceId: session.deviceId,
              mutations: outbox(1),
              concerns: [{ scopeId, concern: { id: 'x' } as never }],
            },
            key,
          ),
          400,
          'RECOVERY_FILE_INVALID',
        ],
        [
          'another person’s device',
          await sealRecoveryFile(
            { ...versions, userId: o.id, deviceId: observer.deviceId, mutations: outbox(1) },
            key,
          ),
          400,
          'RECOVERY_FILE_UNKNOWN_DEVICE',
        ],
      ];
      const before = await dumpDatabase(ctx.storage);
      for (const [what, body, status, code] of cases) {
        const res = await importFile(admin.token, body);
        expect(res.statusCode, `${what}: ${res.body}`).toBe(status);
        expect(res.json().error.code, what).toBe(code);
      }
      for (const token of [session.token, observer.token]) {
        const res = await importFile(token, good);
        expect(res.statusCode).toBe(403);
      }
      expect(await dumpDatabase(ctx.storage)).toEqual(before);
    });
  });
}

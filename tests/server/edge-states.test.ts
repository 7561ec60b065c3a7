// Requests a real user could send that are valid in shape but meet an unusual state or value: each
// is answered with a 4xx and a code, or handled, never with a 500 or a record that breaks a list.
// On every engine.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { builtInTemplates } from '../../schemas/templates/catalogue';
import { templateItems } from '../../schemas/entities/template';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../schemas/sync/protocol-version';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';
import type { SignedIn } from '../helpers/accounts';
import { addScope, newId } from '../helpers/sync-fixtures';
import { SUBMITTABLE } from '../helpers/submittable';

useQuickPasswordHashing();

const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION };
const FRONTLINE = {
  kind: 'frontline-practice',
  templateId: 'frontline-practice',
  templateVersion: 1,
};
type Who = SignedIn & { userId: string; email: string; password: string; n: number };
type Result = { status: string; code?: string; merged?: string[]; conflicts?: string[] };

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(`unusual states and values on ${engine.name}`, () => {
    let ctx: TestApp;
    let group: string;
    let qa: Who;
    let observer: Who;
    let admin: Who;

    beforeAll(async () => {
      ctx = t!;
      const service = await addScope(ctx.storage.db, 'Service', 'service');
      group = await addScope(ctx.storage.db, 'Hillside', 'practice-group', service);
      const make = async (role: Parameters<typeof createAccount>[1]['role'], scopes: string[]) => {
        const a = await createAccount(ctx.storage, { role, scopeIds: scopes });
        const s = await signIn(ctx.app, { email: a.email, password: a.password, deviceName: 'T' });
        return { ...s, userId: a.id, email: a.email, password: a.password, n: 0 };
      };
      qa = await make('qa-lead', [service]);
      observer = await make('observer', [service]);
      admin = await make('admin', []);
    });
    afterAll(async () => ctx?.close());

    const get = (who: SignedIn, url: string) =>
      ctx.app.inject({ method: 'GET', url, headers: bearer(who.token) });
    const post = (who: SignedIn, url: string, payload: object) =>
      ctx.app.inject({ method: 'POST', url, headers: bearer(who.token), payload });
    const push = async (who: Who, m: Record<string, unknown>): Promise<Result> => {
      const res = await post(who, '/api/sync/push', {
        ...versions,
        deviceId: who.deviceId,
        sentAt: new Date().toISOString(),
        mutations: [{ baseVersion: 0, op: 'put', ...m, id: ++who.n, at: new Date().toISOString() }],
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().results[0] as Result;
    };
    const versionOf = async (who: Who, id: string) => {
      let cursor: string | null = null;
      for (;;) {
        const res = await post(who, '/api/sync/pull', {
          ...versions,
          deviceId: who.deviceId,
          cursor,
        });
        const page = res.json() as {
          records: Array<{ id: string; version: number; fields: Record<string, unknown> }>;
          cursor: string;
          hasMore: boolean;
        };
        const found = page.records.find((r) => r.id === id);
        if (found) return found;
        if (!page.hasMore) throw new Error(`${id} not pulled`);
        cursor = page.cursor;
      }
    };
    const observation = async (set: Record<string, unknown> = {}) => {
      const id = newId();
      expect(
        await push(observer, {
          recordId: id,
          type: 'observation',
          scopeId: group,
          set: { ...FRONTLINE, ...set },
        }),
      ).toMatchObject({ status: 'applied' });
      return id;
    };

    const actionOn = async (parentId: string, what: string) => {
      const id = newId();
      expect(
        await push(observer, { recordId: id, type: 'action', parentId, set: { what } }),
      ).toMatchObject({ status: 'applied' });
      return id;
    };

    test('quarters at the end of the calendar are refused, not a server error', async () => {
      for (const q of ['9999-00-Q4', '9999-00-Q3']) {
        for (const url of [
          `/api/reports/quarterly?from=${q}&to=${q}`,
          `/api/exports/observations?from=${q}&to=${q}`,
        ]) {
          const res = await get(qa, url);
          expect(res.statusCode, url).toBe(400);
          expect(res.json().error.code).toBe('VALIDATION_FAILED');
        }
      }
      expect(
        (await get(qa, '/api/reports/quarterly?from=9998-99-Q4&to=9998-99-Q4')).statusCode,
      ).toBe(200);
    });

    test('an audit selection for an early year imports whole and its list still opens; a column twice is refused', async () => {
      const imported = await post(qa, '/api/programme/audits/import', {
        csv: `month,practice_group,case_id,auditor_email\n0999-05,Hillside,AB12,${observer.email}\n`,
      });
      expect(imported.statusCode, imported.body).toBe(201);
      for (const who of [qa, observer]) {
        const list = await get(who, '/api/programme/assignments');
        expect(list.statusCode, list.body).toBe(200);
      }
      const year0 = await post(qa, '/api/programme/audits/import', {
        csv: `month,practice_group,case_id,auditor_email\n0000-01,Hillside,AB12,${observer.email}\n`,
      });
      expect(year0.statusCode).toBe(400);
      const twice = await post(qa, '/api/programme/audits/import', {
        csv: `month,practice_group,case_id,auditor_email,month\n2026-08,Hillside,AB12,${observer.email},2026-09\n`,
      });
      expect(twice.statusCode).toBe(400);
      expect(twice.body).toContain('twice');
    });

    test('a withdrawn assignment or a raised concern cannot be brought back or changed by push', async () => {
      const plan = await post(qa, '/api/programme/assignments', {
        assignments: [
          {
            scopeId: group,
            kind: 'frontline-practice',
            observerUserId: observer.userId,
            dueDate: '2027-01-31',
          },
        ],
      });
      const id = plan.json().assignments[0].id as string;
      expect(
        (
          await post(qa, `/api/programme/assignments/${id}/withdraw`, {
            reason: 'Planned in error',
          })
        ).statusCode,
      ).toBe(200);
      for (const who of [qa, observer])
        expect(
          await push(who, { recordId: id, type: 'assignment', op: 'restore', set: {} }),
        ).toMatchObject({
          status: 'rejected',
        });
      const row = await ctx.storage.db
        .selectFrom('records')
        .select('deleted')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(Number(row.deleted)).toBe(1);
      const listed = (await get(observer, '/api/programme/assignments')).json()
        .assignments as Array<{ id: string }>;
      expect(listed.map((a) => a.id)).not.toContain(id);
    });

    test('children belong only to observations, and an amendment holds only what an amendment has', async () => {
      const obs = await observation();
      const action = await actionOn(obs, 'Plan');
      const concern = await post(observer, '/api/concerns', {
        ...versions,
        deviceId: observer.deviceId,
        scopeId: group,
        concern: {
          id: newId(),
          caseId: 'AB-1234',
          what: 'Seen',
          raisedAt: new Date().toISOString(),
          whoWasTold: [],
        },
      });
      const concernId = concern.json().concern.id as string;
      for (const [type, parentId] of [
        ['action', action],
        ['action', concernId],
        ['call-attempt', concernId],
      ] as const) {
        expect(
          await push(observer, { recordId: newId(), type, parentId, set: {} }),
          `${type} under ${parentId}`,
        ).toMatchObject({
          status: 'rejected',
          code: 'PARENT_NOT_OBSERVATION',
        });
      }
      // An amendment is of a submitted observation.
      const amended = await observation(SUBMITTABLE);
      expect(
        await push(observer, {
          recordId: amended,
          type: 'observation',
          set: { status: 'submitted' },
        }),
      ).toMatchObject({ status: 'applied' });
      const amendment = (set: Record<string, unknown>) =>
        push(observer, { recordId: newId(), type: 'amendment', parentId: amended, set });
      const good = {
        observationId: amended,
        at: new Date().toISOString(),
        by: observer.userId,
        reason: 'The date was wrong.',
        'changes.0.path': 'context.date',
        'changes.0.before': null,
        'changes.0.after': '2026-05-01',
      };
      expect(await amendment({ anything: 'goes' })).toMatchObject({ status: 'rejected' });
      expect(await amendment({ ...good, 'changes.0.note': 'x' })).toMatchObject({
        status: 'rejected',
        code: 'FIELD_PATH_UNKNOWN',
      });
      expect(await amendment({ ...good, by: qa.userId })).toMatchObject({
        status: 'rejected',
        code: 'FIELD_MISMATCH',
      });
      expect(await amendment({ ...good, 'changes.2.path': 'x' })).toMatchObject({
        status: 'rejected',
      });
      expect(await amendment(good)).toMatchObject({ status: 'applied' });
      const other = await post(observer, '/api/concerns', {
        ...versions,
        deviceId: observer.deviceId,
        scopeId: group,
        concern: {
          id: newId(),
          caseId: 'AB-1234',
          what: 'Seen',
          raisedAt: new Date().toISOString(),
          whoWasTold: [],
          observationId: action,
        },
      });
      expect(other.statusCode).toBe(400);
      expect(other.json().error.code).toBe('CONCERN_OBSERVATION_INVALID');
    });

    test('two edits that each fit but together pass the limit are kept as a conflict, and every view still opens', async () => {
      const obs = await observation();
      const action = await actionOn(obs, 'alpha beta');
      const { version } = await versionOf(qa, action);
      const base = { what: 'alpha beta' };
      await push(observer, {
        recordId: action,
        type: 'action',
        baseVersion: version,
        base,
        set: { what: `alpha beta${' x'.repeat(4990)}` },
      });
      const second = await push(qa, {
        recordId: action,
        type: 'action',
        baseVersion: version,
        base,
        set: { what: `${'y '.repeat(4990)}alpha beta` },
      });
      expect(second).toMatchObject({ status: 'applied', conflicts: ['what'] });
      expect(String((await versionOf(qa, action)).fields['what']).length).toBeLessThanOrEqual(
        10_000,
      );
      expect((await get(qa, `/api/actions/${action}/history`)).statusCode).toBe(200);
      expect(
        (await get(admin, `/api/admin/subject-access?userId=${observer.userId}`)).statusCode,
      ).toBe(200);
      expect((await get(admin, `/api/admin/retention/export?recordId=${obs}`)).statusCode).toBe(
        200,
      );
    });

    test('free text on an authority’s own checklist merges word by word, as on a built-in one', async () => {
      const builtIn = builtInTemplates.find(
        (x) => x.id === 'frontline-practice' && x.version === 1,
      )!;
      const copy = { ...structuredClone(builtIn), id: 'hillside-frontline' };
      const published = await post(admin, '/api/admin/templates', {
        template: copy,
        basedOn: { id: builtIn.id, version: 1 },
      });
      expect(published.statusCode, published.body).toBeLessThan(300);
      // A question whose answer is free text: only the template says its value is text.
      const textItem = templateItems(builtIn).find((l) => l.item.response.type === 'text')!.item;
      const evidence = `responses.${textItem.id}.value`;
      const obs = await observation({
        templateId: 'hillside-frontline',
        [evidence]: 'alpha beta gamma',
      });
      const { version } = await versionOf(observer, obs);
      const second = await signIn(ctx.app, {
        email: observer.email,
        password: observer.password,
        deviceName: 'T2',
      });
      const other: Who = { ...observer, ...second, n: 0 };
      const base = { [evidence]: 'alpha beta gamma' };
      await push(observer, {
        recordId: obs,
        type: 'observation',
        baseVersion: version,
        base,
        set: { [evidence]: 'alpha beta gamma delta' },
      });
      expect(
        await push(other, {
          recordId: obs,
          type: 'observation',
          baseVersion: version,
          base,
          set: { [evidence]: 'zero alpha beta gamma' },
        }),
      ).toMatchObject({ status: 'applied', merged: [evidence] });
      expect((await versionOf(observer, obs)).fields[evidence]).toBe('zero alpha beta gamma delta');
    });

    test('the same membership added twice at once is added once, and both answers are fine', async () => {
      const person = await createAccount(ctx.storage, { role: 'observer', scopeIds: [] });
      const answers = await Promise.all(
        Array.from({ length: 4 }, () =>
          post(admin, `/api/admin/users/${person.id}/memberships`, { scopeId: group }),
        ),
      );
      expect(answers.map((a) => a.statusCode).filter((s) => s >= 300)).toEqual([]);
      const rows = await ctx.storage.db
        .selectFrom('memberships')
        .selectAll()
        .where('user_id', '=', person.id)
        .execute();
      expect(rows).toHaveLength(1);
    });
  });
}

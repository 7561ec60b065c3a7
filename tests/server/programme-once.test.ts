// A plan is made once however often it is sent, on every engine: the app names each plan
// (`planId`) and sends the same name with a double tap or a retry after a lost answer, which is
// answered with the plan already made. The performance team's file imported a second time, under
// a new name, imports nothing: each case already selected is a problem of its row.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AssignmentView } from '../../schemas/api/programme';
import { createScope } from '../../sync-server/src/accounts/accounts-repository';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import { countRecords } from '../helpers/sync-fixtures';

useQuickPasswordHashing();

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(`a plan made once on ${engine.name}`, () => {
    let ctx: TestApp;
    let groups: string[];
    let qa: string, otherQa: string;
    let auditor: { id: string; email: string };

    const send = async (token: string, url: string, payload: object) => {
      const res = await ctx.app.inject({ method: 'POST', url, headers: bearer(token), payload });
      return { status: res.statusCode, body: res.json() };
    };
    const audits = (caseIds: string[]) =>
      caseIds.map((caseId, i) => ({
        scopeId: groups[i]!,
        kind: 'single-case-audit',
        observerUserId: auditor.id,
        caseId,
        dueDate: '2026-06-30',
        month: '2026-06',
      }));
    const ids = (body: { assignments: AssignmentView[] }) => body.assignments.map((a) => a.id);
    const assignments = () => countRecords(ctx.storage.db, 'assignment');

    beforeAll(async () => {
      ctx = t!;
      const db = ctx.storage.db;
      const service = await createScope(db, { name: 'Once service', kind: 'service' });
      groups = [];
      for (const name of ['Once north', 'Once south'])
        groups.push(
          (await createScope(db, { name, kind: 'practice-group', parentId: service.id })).id,
        );
      const token = async (role: 'qa-lead') => {
        const a = await createAccount(ctx.storage, { role, scopeIds: [service.id] });
        return (await signIn(ctx.app, a)).token;
      };
      qa = await token('qa-lead');
      otherQa = await token('qa-lead');
      auditor = await createAccount(ctx.storage, { role: 'observer', scopeIds: [groups[0]!] });
    });
    afterAll(async () => ctx?.close());

    test('a plan sent again under its id is answered with the assignments made the first time', async () => {
      const before = await assignments();
      const body = { planId: randomUUID(), assignments: audits(['ON-1001', 'ON-1002']) };
      const first = await send(qa, '/api/programme/assignments', body);
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      const again = await send(qa, '/api/programme/assignments', body);
      expect(again.status, JSON.stringify(again.body)).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(first.body.assignments.map((a: AssignmentView) => a.planId)).toEqual([
        body.planId,
        body.planId,
      ]);
      expect(await assignments()).toBe(before + 2);
    });

    test('a double tap (both at once) makes the plan once and answers both with it', async () => {
      const before = await assignments();
      const body = { planId: randomUUID(), assignments: audits(['ON-2001']) };
      const [a, b] = await Promise.all([
        send(qa, '/api/programme/assignments', body),
        send(qa, '/api/programme/assignments', body),
      ]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(ids(a.body)).toEqual(ids(b.body));
      expect(await assignments()).toBe(before + 1);
    });

    test('an id already used for another plan, or by another QA lead, is refused and makes nothing', async () => {
      const planId = randomUUID();
      expect(
        (await send(qa, '/api/programme/assignments', { planId, assignments: audits(['ON-3001']) }))
          .status,
      ).toBe(201);
      const before = await assignments();
      const other = await send(qa, '/api/programme/assignments', {
        planId,
        assignments: audits(['ON-3002']),
      });
      expect(other.status).toBe(409);
      expect(other.body.error.code).toBe('PLAN_ID_REUSED');
      expect(other.body.error.message).toMatch(/^planId: /);
      const someoneElse = await send(otherQa, '/api/programme/assignments', {
        planId,
        assignments: audits(['ON-3001']),
      });
      expect(someoneElse.status).toBe(409);
      expect(someoneElse.body.error.code).toBe('PLAN_ID_REUSED');
      expect(await assignments()).toBe(before);
    });

    test('a recurring expectation sent again under its id is made once', async () => {
      const before = await assignments();
      const body = {
        planId: randomUUID(),
        expectation: { kind: 'frontline-practice', count: 2, per: 'year' },
        financialYear: 2026,
        people: [{ scopeId: groups[0]!, observerUserId: auditor.id }],
      };
      const first = await send(qa, '/api/programme/expectations', body);
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      const again = await send(qa, '/api/programme/expectations', body);
      expect(ids(again.body)).toEqual(ids(first.body));
      expect(await assignments()).toBe(before + 2);
    });

    test('the same file imported twice: once under its id answers the first import, under a new id imports nothing', async () => {
      const csv = [
        'month,practice_group,case_id,auditor_email',
        `2026-07,Once north,ON-4001,${auditor.email}`,
        `2026-07,Once south,ON-4002,${auditor.email}`,
      ].join('\n');
      const before = await assignments();
      const planId = randomUUID();
      const first = await send(qa, '/api/programme/audits/import', { planId, csv });
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      const retried = await send(qa, '/api/programme/audits/import', { planId, csv });
      expect(retried.body).toEqual(first.body);

      const again = await send(qa, '/api/programme/audits/import', { csv });
      expect(again.status).toBe(400);
      expect(again.body.error.code).toBe('IMPORT_REJECTED');
      expect(again.body.error.details).toEqual([
        expect.objectContaining({ row: 2, column: 'case_id' }),
        expect.objectContaining({ row: 3, column: 'case_id' }),
      ]);
      expect(again.body.error.message).toMatch(
        /Row 2, column case_id: case ON-4001 is already selected for audit in Once north for 2026-07/,
      );
      expect(await assignments()).toBe(before + 2);
    });
  });
}

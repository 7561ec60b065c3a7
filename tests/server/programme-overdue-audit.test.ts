// QAF 2f: an audit misses its timescale only by a head of service's exemption for leave or
// sickness. So a QA lead may not give an overdue single case audit a later due date (which would
// erase its lateness from coverage and the quarterly report); they may still give it another
// observer, and the head of service may exempt it. Other kinds, and audits not yet due, move freely.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addDays } from '../../schemas/calendar/dates';
import type { AssignmentView } from '../../schemas/api/programme';
import { AUDIT_OVERDUE_MESSAGE } from '../../schemas/rules/audit-due-date';
import { createScope } from '../../sync-server/src/accounts/accounts-repository';
import type { Role } from '../../sync-server/src/accounts/permissions';
import { londonDateOf } from '../../schemas/calendar/london-time';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';

useQuickPasswordHashing();

type Person = { id: string; token: string };

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(`an overdue audit's due date on ${engine.name}`, () => {
    let ctx: TestApp;
    let group: string;
    let qa: Person, hos: Person, ann: Person, bo: Person;
    const today = londonDateOf(new Date());
    const yesterday = addDays(today, -1);

    const call = async (who: Person, url: string, payload: object) => {
      const res = await ctx.app.inject({
        method: 'POST',
        url,
        headers: bearer(who.token),
        payload,
      });
      return { status: res.statusCode, body: res.json() as Record<string, unknown> };
    };
    const plan = async (kind: string, dueDate: string): Promise<AssignmentView> => {
      const res = await call(qa, '/api/programme/assignments', {
        assignments: [
          {
            scopeId: group,
            kind,
            observerUserId: ann.id,
            dueDate,
            ...(kind === 'single-case-audit'
              ? { caseId: `AB-${Math.floor(Math.random() * 1e6)}`, month: dueDate.slice(0, 7) }
              : { observedName: 'Sam Practitioner' }),
          },
        ],
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return (res.body as { assignments: AssignmentView[] }).assignments[0]!;
    };
    const change = (a: AssignmentView, payload: object) =>
      call(qa, `/api/programme/assignments/${a.id}/change`, payload);

    beforeAll(async () => {
      ctx = t!;
      const service = await createScope(ctx.storage.db, { name: 'Safeguarding', kind: 'service' });
      group = (
        await createScope(ctx.storage.db, {
          name: 'Hillside',
          kind: 'practice-group',
          parentId: service.id,
        })
      ).id;
      const person = async (role: Role, scopeIds: string[]): Promise<Person> => {
        const a = await createAccount(ctx.storage, { role, scopeIds });
        const s = await signIn(ctx.app, { email: a.email, password: a.password });
        return { id: a.id, token: s.token };
      };
      qa = await person('qa-lead', [service.id]);
      hos = await person('head-of-service', [service.id]);
      ann = await person('observer', [group]);
      bo = await person('observer', [group]);
    });
    afterAll(async () => ctx?.close());

    test('an overdue audit keeps its due date: refused with a code and the way forward', async () => {
      const audit = await plan('single-case-audit', yesterday);
      expect(audit.state).toBe('overdue');
      for (const dueDate of [today, addDays(today, 14)]) {
        const refused = await change(audit, { dueDate });
        expect(refused.status).toBe(409);
        expect(refused.body).toMatchObject({
          error: { code: 'AUDIT_OVERDUE', message: AUDIT_OVERDUE_MESSAGE },
        });
      }
      // A later date with another observer changes nothing at all.
      expect(
        (await change(audit, { observerUserId: bo.id, dueDate: addDays(today, 14) })).status,
      ).toBe(409);
      // Another observer alone is still the QA lead's to give; the date stays as it was.
      const moved = await change(audit, { observerUserId: bo.id });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      expect(moved.body).toMatchObject({
        observerUserId: bo.id,
        dueDate: yesterday,
        state: 'overdue',
      });
      // An earlier date makes it no less late.
      expect((await change(audit, { dueDate: addDays(yesterday, -3) })).body).toMatchObject({
        dueDate: addDays(yesterday, -3),
        state: 'overdue',
      });
      // The exemption the QAF allows is the head of service's.
      const exempted = await call(hos, `/api/programme/assignments/${audit.id}/exempt`, {
        reason: 'leave',
      });
      expect(exempted.status, JSON.stringify(exempted.body)).toBe(200);
      expect(exempted.body).toMatchObject({ state: 'exempted' });
    });

    test('an audit not yet overdue, or another kind overdue, is given a later date', async () => {
      const dueToday = await plan('single-case-audit', today);
      expect((await change(dueToday, { dueDate: addDays(today, 7) })).status).toBe(200);
      const visit = await plan('frontline-practice', yesterday);
      expect((await change(visit, { dueDate: addDays(today, 7) })).body).toMatchObject({
        dueDate: addDays(today, 7),
        state: 'due-soon',
      });
    });
  });
}

// A plan's preconditions (the planner's role and teams, the observers, the groups of an imported
// file) are read inside the transaction that writes its assignments, after the sequence counter's
// lock that every membership or role change takes first. On PostgreSQL the race is forced: a
// third connection takes the lock as an administrator's change does, the plan is sent and waits,
// and the change (the planner taken out of their service) commits before the lock is let go; the
// plan must then see it. On every engine, the planner's teams are shown to be read inside the
// writing transaction (SQLite has one connection, so the race cannot be forced there).
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { audited } from '../../sync-server/src/accounts/audited';
import {
  addMembership,
  changeAccount,
  createScope,
  removeMembership,
} from '../../sync-server/src/accounts/accounts-repository';
import type * as Access from '../../sync-server/src/sync/access';
import { fullReadScopes } from '../../sync-server/src/sync/access';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import { waitFor } from '../helpers/sinks';
import { countRecords } from '../helpers/sync-fixtures';

vi.mock('../../sync-server/src/sync/access', async (importOriginal) => {
  const actual = await importOriginal<typeof Access>();
  return { ...actual, fullReadScopes: vi.fn(actual.fullReadScopes) };
});
const scopeReads = vi.mocked(fullReadScopes);

useQuickPasswordHashing();

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(`a plan's preconditions on ${engine.name}`, () => {
    let ctx: TestApp;
    let service: string, group: string;
    let admin: { id: string }, qa: { id: string; token: string };
    let auditor: { id: string; email: string };

    const send = (url: string, payload: object) =>
      ctx.app.inject({ method: 'POST', url, headers: bearer(qa.token), payload });
    const plan = (caseId: string) =>
      send('/api/programme/assignments', {
        assignments: [
          {
            scopeId: group,
            kind: 'single-case-audit',
            observerUserId: auditor.id,
            caseId,
            dueDate: '2026-05-31',
            month: '2026-05',
          },
        ],
      });
    const importFile = (caseId: string) =>
      send('/api/programme/audits/import', {
        csv: `month,practice_group,case_id,auditor_email\n2026-05,Preconditions group,${caseId},${auditor.email}\n`,
      });
    const assignments = () => countRecords(ctx.storage.db, 'assignment');

    beforeAll(async () => {
      ctx = t!;
      const db = ctx.storage.db;
      service = (await createScope(db, { name: 'Preconditions service', kind: 'service' })).id;
      group = (
        await createScope(db, {
          name: 'Preconditions group',
          kind: 'practice-group',
          parentId: service,
        })
      ).id;
      admin = await createAccount(ctx.storage, { role: 'admin' });
      const lead = await createAccount(ctx.storage, { role: 'qa-lead', scopeIds: [service] });
      qa = { id: lead.id, token: (await signIn(ctx.app, lead)).token };
      auditor = await createAccount(ctx.storage, { role: 'observer', scopeIds: [group] });
    });
    beforeEach(async () => {
      await addMembership(ctx.storage.db, qa.id, service);
      await changeAccount(ctx.storage.db, qa.id, { role: 'qa-lead' });
    });
    afterAll(async () => ctx?.close());

    test.each([
      ['a plan', () => plan('PC-1001')],
      ['an imported file', () => importFile('PC-1002')],
    ])('%s reads the planner’s teams inside the transaction that writes it', async (_, sendIt) => {
      scopeReads.mockClear();
      const res = await sendIt();
      expect(res.statusCode, res.body).toBe(201);
      expect(scopeReads).toHaveBeenCalled();
      for (const [db] of scopeReads.mock.calls) expect(db.isTransaction).toBe(true);
    });

    if (engine.name !== 'postgres') return;

    /** Statements of this database waiting for a lock another transaction holds. */
    const lockWaits = async () => {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`.execute(ctx.storage.db);
      return rows[0]!.n;
    };

    /** Sends the request, and while it waits for the lock, commits the administrator's change. */
    const racing = async (
      sendIt: () => Promise<LightMyRequestResponse>,
      change: (tx: typeof ctx.storage.db) => Promise<unknown>,
    ) => {
      let sent: Promise<LightMyRequestResponse> | undefined;
      await audited(
        ctx.storage.db,
        { userId: admin.id },
        async (tx) => {
          sent = sendIt();
          await waitFor('the plan to wait for the lock', async () => (await lockWaits()) === 1);
          return change(tx);
        },
        () => ({ action: 'admin:test-change', content: {} }),
      );
      return sent!;
    };

    test('the planner taken out of their service while a plan waits: refused, nothing made', async () => {
      const before = await assignments();
      const res = await racing(
        () => plan('PC-2001'),
        (tx) => removeMembership(tx, qa.id, service),
      );
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN_SCOPE');
      expect(await assignments()).toBe(before);
    });

    test('the planner made an observer while a plan waits: refused, nothing made', async () => {
      const before = await assignments();
      const res = await racing(
        () => plan('PC-2002'),
        (tx) => changeAccount(tx, qa.id, { role: 'observer' }),
      );
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN_ROLE');
      expect(await assignments()).toBe(before);
    });

    test('the planner taken out of their service while a file is imported: nothing imported', async () => {
      const before = await assignments();
      const res = await racing(
        () => importFile('PC-2003'),
        (tx) => removeMembership(tx, qa.id, service),
      );
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error).toMatchObject({
        code: 'IMPORT_REJECTED',
        details: [{ row: 2, column: 'practice_group' }],
      });
      expect(await assignments()).toBe(before);
    });
  });
}

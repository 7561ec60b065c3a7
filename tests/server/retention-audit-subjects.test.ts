// A retention deletion erases every audit entry that names the records it deletes, not only those
// whose record_id is one of them: a page of records read by someone else, and a subject access
// request about their case or their author (which listed them), found through audit_records. The
// chain still verifies. A subject access request about a case records the case ID only as a
// keyed hash; one about a case with no records keeps no case ID in clear. A CSV export is linked
// to the records it held, so subject access finds it, and its content (which names none of them)
// outlives their deletion.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditCaseKey } from '../../sync-server/src/audit/case-key';
import { verifyAudit } from '../../sync-server/src/audit/verify';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import { FRONTLINE, InjectDevice } from '../helpers/inject-sync';
import { SUBMITTABLE } from '../helpers/submittable';
import { addScope } from '../helpers/sync-fixtures';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';

useQuickPasswordHashing();

const DAY = 86_400_000;
const GONE_CASE = 'CASE-998877';
const KEPT_CASE = 'CASE-112233';
const NO_RECORDS_CASE = 'CASE-445566';

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(
    `retention erases the entries naming a record on ${engine.name}`,
    () => {
      let ctx: TestApp;
      let adminToken: string;
      let observerId: string;
      const A = `ras-a-${engine.name}-0001`;
      const A_CHILD = `ras-a-act-${engine.name}-0001`;
      const B = `ras-b-${engine.name}-0001`;
      const KEPT = `ras-k-${engine.name}-0001`;

      beforeAll(async () => {
        ctx = t!;
        const admin = await createAccount(ctx.storage, { role: 'admin' });
        adminToken = (await signIn(ctx.app, admin)).token;
        const scopeId = await addScope(
          ctx.storage.db,
          `Retention subjects ${engine.name}`,
          'service',
        );
        const observer = await createAccount(ctx.storage, {
          role: 'observer',
          scopeIds: [scopeId],
        });
        observerId = observer.id;
        const qa = await createAccount(ctx.storage, { role: 'qa-lead', scopeIds: [scopeId] });
        const device = new InjectDevice(ctx.app, await signIn(ctx.app, observer));
        const put = (recordId: string, caseId: string) => ({
          recordId,
          type: 'observation' as const,
          op: 'put' as const,
          scopeId,
          baseVersion: 0,
          set: {
            ...FRONTLINE,
            ...SUBMITTABLE,
            'context.caseId': caseId,
            'context.date': '2026-05-01',
            'summary.strengths': 'Kind and clear',
          },
        });
        const pushed = await device.push(
          put(A, GONE_CASE),
          {
            recordId: A_CHILD,
            type: 'action',
            op: 'put',
            parentId: A,
            baseVersion: 0,
            set: { what: 'Visit again', ownerName: 'Team manager', dueDate: '2026-06-01' },
          },
          put(B, GONE_CASE),
          put(KEPT, KEPT_CASE),
        );
        expect(pushed.results.every((r) => r.status === 'applied')).toBe(true);
        // Submitted, so the team's exports hold them.
        const submitted = await device.push(
          ...[A, B, KEPT].map((recordId) => ({
            recordId,
            type: 'observation' as const,
            op: 'put' as const,
            baseVersion: 0,
            set: { status: 'submitted' },
          })),
        );
        expect(submitted.results, JSON.stringify(submitted.results)).toEqual(
          submitted.results.map(() => expect.objectContaining({ status: 'applied' })),
        );
        // The QA lead's tablet reads the team's records: one entry naming all of them.
        const qaSession = await signIn(ctx.app, qa);
        await new InjectDevice(ctx.app, qaSession).pull();
        // And exports them: entries that name no record in their content.
        for (const type of ['observations', 'actions']) {
          const res = await ctx.app.inject({
            method: 'GET',
            url: `/api/exports/${type}`,
            headers: bearer(qaSession.token),
          });
          expect(res.statusCode, res.body).toBe(200);
        }
        for (const payload of [
          { caseId: GONE_CASE },
          { caseId: KEPT_CASE },
          { caseId: NO_RECORDS_CASE },
          { userId: observerId },
        ]) {
          const res = await ctx.app.inject({
            method: 'POST',
            url: '/api/admin/subject-access',
            headers: bearer(adminToken),
            payload,
          });
          expect(res.statusCode, res.body).toBe(200);
        }
        const longAgo = new Date(Date.now() - 400 * DAY).toISOString();
        await ctx.storage.db
          .updateTable('records')
          .set({ updated_at: longAgo })
          .where('root_id', 'in', [A, B])
          .execute();
      });
      afterAll(async () => ctx?.close());

      const contents = async () =>
        (
          await ctx.storage.db
            .selectFrom('audit_log')
            .leftJoin('audit_content', 'audit_content.hash', 'audit_log.content_hash')
            .select([
              'audit_log.seq',
              'audit_log.action',
              'audit_log.record_id',
              'audit_content.body',
            ])
            .orderBy('audit_log.seq')
            .execute()
        ).map((e) => ({ ...e, seq: Number(e.seq), body: e.body ?? null }));

      test('a subject access about a case records a keyed hash of the case ID, never the ID', async () => {
        const dump = JSON.stringify(await contents());
        expect(dump).not.toContain(NO_RECORDS_CASE);
        expect(dump).not.toContain(`"caseId":"${GONE_CASE}"`);
        const key = await auditCaseKey(ctx.storage.db, NO_RECORDS_CASE);
        const entry = (await contents()).find((e) => e.body?.includes(key));
        expect(entry?.action).toBe('admin:subject-access');
        expect(JSON.parse(entry!.body!)).toMatchObject({ subject: { caseKey: key }, records: [] });
      });

      test('deleting the only records of a case erases every entry naming them or the case, and the chain verifies', async () => {
        const goneKey = await auditCaseKey(ctx.storage.db, GONE_CASE);
        const keptKey = await auditCaseKey(ctx.storage.db, KEPT_CASE);
        const before = await contents();
        const naming = before.filter(
          (e) => e.body !== null && [A, B, A_CHILD, goneKey].some((s) => e.body!.includes(s)),
        );
        // Made and read, asked about by case and by author.
        expect(naming.map((e) => e.action)).toEqual(
          expect.arrayContaining(['create', 'read', 'admin:subject-access']),
        );
        expect(naming.filter((e) => e.action === 'admin:subject-access')).toHaveLength(2);

        await ctx.app.inject({
          method: 'PUT',
          url: '/api/admin/retention/policy',
          headers: bearer(adminToken),
          payload: { periods: { 'frontline-practice': 365 } },
        });
        const res = await ctx.app.inject({
          method: 'POST',
          url: '/api/admin/retention/delete',
          headers: bearer(adminToken),
          payload: { recordIds: [A, B], confirm: true },
        });
        expect(res.statusCode, res.body).toBe(200);

        const after = await contents();
        for (const e of naming) {
          expect(after.find((a) => a.seq === e.seq)?.body, `${e.action} ${e.seq}`).toBeNull();
        }
        const dump = JSON.stringify(after);
        for (const gone of [GONE_CASE, goneKey, A, B, A_CHILD]) {
          const left = after.filter(
            (e) => e.body?.includes(gone) && e.action !== 'admin:retention-delete',
          );
          expect(left, gone).toEqual([]);
        }
        expect(dump).not.toContain(GONE_CASE);
        // The other case's record and the request about it keep their content.
        const kept = after.filter(
          (e) => e.body !== null && (e.record_id === KEPT || e.body.includes(KEPT)),
        );
        expect(kept.map((e) => e.action)).toEqual(
          expect.arrayContaining(['create', 'admin:subject-access']),
        );
        expect(after.some((e) => e.body?.includes(keptKey))).toBe(true);
        await expect(verifyAudit(ctx.storage)).resolves.toMatchObject({ ok: true });
      });

      test('a CSV export is linked to the records it held: subject access finds it, and deleting one of them leaves its content', async () => {
        const exports = (await contents()).filter((e) => e.action === 'export');
        expect(exports).toHaveLength(2);
        const links = await ctx.storage.db
          .selectFrom('audit_records')
          .select(['record_id', 'seq', 'erase_with_record'])
          .where(
            'seq',
            'in',
            exports.map((e) => e.seq),
          )
          .execute();
        const held = (seq: number) =>
          links
            .filter((l) => Number(l.seq) === seq)
            .map((l) => l.record_id)
            .sort();
        expect(held(exports[0]!.seq)).toEqual([A, B, KEPT].sort());
        // An action's row shows its observation's kind and date.
        expect(held(exports[1]!.seq)).toEqual([A, A_CHILD].sort());
        expect(links.every((l) => Number(l.erase_with_record) === 0)).toBe(true);
        // A and B are gone under retention; the exports' entries say nothing of them and stay.
        for (const e of exports) expect(e.body).not.toBeNull();
        expect(JSON.parse(exports[0]!.body!)).toMatchObject({ export: 'observations', rows: 3 });

        const res = await ctx.app.inject({
          method: 'POST',
          url: '/api/admin/subject-access',
          headers: bearer(adminToken),
          payload: { caseId: KEPT_CASE },
        });
        expect(res.statusCode, res.body).toBe(200);
        const found = res
          .json<{ audit: Array<{ action: string; content: unknown; userRole: string | null }> }>()
          .audit.filter((e) => e.action === 'export');
        expect(found).toEqual([
          expect.objectContaining({
            userRole: 'qa-lead',
            content: expect.objectContaining({ export: 'observations' }),
          }),
        ]);
      });
    },
  );
}

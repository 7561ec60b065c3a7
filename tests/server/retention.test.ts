// Retention on every engine: a period per kind; only records past it are listed; nothing goes
// without a call naming each record and confirming; the deletion leaves tombstones the owner's
// device receives, erases the audit content about the records while the chain still verifies,
// records who deleted what, and a late push from a device cannot bring the record back. Outside a
// deletion, the database refuses to erase or change audit content.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { retentionDueResponseSchema } from '../../schemas/admin/retention';
import { verifyAudit } from '../../sync-server/src/audit/verify';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import { FRONTLINE, InjectDevice } from '../helpers/inject-sync';
import { addScope } from '../helpers/sync-fixtures';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';

useQuickPasswordHashing();

const DAY = 86_400_000;
const CP = {
  kind: 'cp-conference-chairing',
  templateId: 'cp-conference-chairing',
  templateVersion: 1,
};

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(`retention on ${engine.name}`, () => {
    let ctx: TestApp;
    let adminToken: string;
    let adminId: string;
    let observerToken: string;
    let device: InjectDevice;
    const OLD = `old-obs-${engine.name}-0001`;
    const CHILD = `old-act-${engine.name}-0001`;
    const RECENT = `new-obs-${engine.name}-0001`;
    const OTHER_KIND = `cp-obs-${engine.name}-0001`;

    beforeAll(async () => {
      ctx = t!;
      const admin = await createAccount(ctx.storage, { role: 'admin' });
      adminId = admin.id;
      adminToken = (await signIn(ctx.app, admin)).token;
      const scopeId = await addScope(ctx.storage.db, `Retention ${engine.name}`, 'service');
      const observer = await createAccount(ctx.storage, { role: 'observer', scopeIds: [scopeId] });
      const session = await signIn(ctx.app, observer);
      observerToken = session.token;
      device = new InjectDevice(ctx.app, session);
      const put = (recordId: string, set: Record<string, string | number>) => ({
        recordId,
        type: 'observation' as const,
        op: 'put' as const,
        scopeId,
        baseVersion: 0,
        set,
      });
      const results = await device.push(
        put(OLD, {
          ...FRONTLINE,
          'context.caseId': 'RT-100200',
          'summary.strengths': 'Warm, clear, child-focused',
        }),
        {
          recordId: CHILD,
          type: 'action',
          op: 'put',
          parentId: OLD,
          baseVersion: 0,
          set: { what: 'Share the plan with the family' },
        },
        put(OLD, { 'summary.strengths': 'Warm and clear' }),
        put(RECENT, { ...FRONTLINE, 'summary.strengths': 'Recent work' }),
        put(OTHER_KIND, { ...CP, 'summary.strengths': 'A conference' }),
      );
      expect(results.results.every((r) => r.status === 'applied')).toBe(true);
      await device.pull();
      // Time passes: the old observation and its action were last touched 400 days ago; the
      // conference observation too, but its kind has no period.
      const longAgo = new Date(Date.now() - 400 * DAY).toISOString();
      await ctx.storage.db
        .updateTable('records')
        .set({ updated_at: longAgo })
        .where('root_id', 'in', [OLD, OTHER_KIND])
        .execute();
    });
    afterAll(async () => ctx?.close());

    const admin = (
      method: 'GET' | 'PUT' | 'POST',
      url: string,
      payload?: object,
      token = adminToken,
    ) => ctx.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
    const fieldsOf = async (id: string) =>
      JSON.parse(
        (
          await ctx.storage.db
            .selectFrom('records')
            .select('fields')
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        ).fields,
      );

    test('with no periods set nothing is due; a period makes only the records past it due', async () => {
      const policy = await admin('GET', '/api/admin/retention/policy');
      expect(policy.statusCode).toBe(200);
      expect(Object.values(policy.json().periods).every((v) => v === null)).toBe(true);
      expect((await admin('GET', '/api/admin/retention/due')).json().records).toEqual([]);

      const set = await admin('PUT', '/api/admin/retention/policy', {
        periods: { 'frontline-practice': 365 },
      });
      expect(set.statusCode).toBe(200);
      expect(set.json().periods).toMatchObject({
        'frontline-practice': 365,
        'cp-conference-chairing': null,
      });
      const due = retentionDueResponseSchema.parse(
        (await admin('GET', '/api/admin/retention/due')).json(),
      );
      expect(due.records.map((r) => r.recordId)).toEqual([OLD]);
      expect(due.records[0]).toMatchObject({
        kind: 'frontline-practice',
        childRows: 1,
        deleted: false,
      });
      expect(Date.parse(due.records[0]!.dueSince)).toBeLessThan(Date.now() - 30 * DAY);

      const bad = await admin('PUT', '/api/admin/retention/policy', {
        periods: { 'frontline-practice': 0 },
      });
      expect(bad.statusCode).toBe(400);
      const unknown = await admin('PUT', '/api/admin/retention/policy', {
        periods: { photos: 10 },
      });
      expect(unknown.statusCode).toBe(400);
    });

    test('only administrators reach retention, and every route refuses others', async () => {
      for (const [method, url, payload] of [
        ['GET', '/api/admin/retention/policy'],
        ['GET', '/api/admin/retention/due'],
        ['GET', `/api/admin/retention/export?recordId=${OLD}`],
        ['POST', '/api/admin/retention/delete', { recordIds: [OLD], confirm: true }],
      ] as const) {
        const res = await admin(method, url, payload, observerToken);
        expect(res.statusCode, url).toBe(403);
      }
      expect(await fieldsOf(OLD)).toMatchObject({ 'summary.strengths': 'Warm and clear' });
    });

    test('an export gives the record and its child rows as JSON, and is audited', async () => {
      const res = await admin('GET', `/api/admin/retention/export?recordId=${OLD}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.record).toMatchObject({
        id: OLD,
        type: 'observation',
        fields: { 'summary.strengths': 'Warm and clear', 'context.caseId': 'RT-100200' },
      });
      expect(body.children.map((c: { id: string }) => c.id)).toEqual([CHILD]);
      const audit = await ctx.storage.db
        .selectFrom('audit_log')
        .select(['user_id', 'action'])
        .where('record_id', '=', OLD)
        .where('action', '=', 'admin:retention-export')
        .execute();
      expect(audit).toEqual([{ user_id: adminId, action: 'admin:retention-export' }]);
      expect(
        (await admin('GET', '/api/admin/retention/export?recordId=nope-0000-0000')).statusCode,
      ).toBe(404);
    });

    test('nothing is deleted without confirm, nor when any listed record is not due', async () => {
      const preview = await admin('POST', '/api/admin/retention/delete', { recordIds: [OLD] });
      expect(preview.statusCode).toBe(409);
      expect(preview.json().error.code).toBe('CONFIRMATION_REQUIRED');
      expect(
        preview.json().error.details.wouldDelete.map((r: { recordId: string }) => r.recordId),
      ).toEqual([OLD]);
      const mixed = await admin('POST', '/api/admin/retention/delete', {
        recordIds: [OLD, RECENT, OTHER_KIND],
        confirm: true,
      });
      expect(mixed.statusCode).toBe(409);
      expect(mixed.json().error.code).toBe('RETENTION_NOT_DUE');
      expect(
        mixed.json().error.details.notDue.map((r: { recordId: string }) => r.recordId),
      ).toEqual([RECENT, OTHER_KIND]);
      const child = await admin('POST', '/api/admin/retention/delete', {
        recordIds: [CHILD],
        confirm: true,
      });
      expect(child.statusCode).toBe(409);
      expect(await fieldsOf(OLD)).toMatchObject({ 'summary.strengths': 'Warm and clear' });
      expect(await fieldsOf(CHILD)).toMatchObject({
        what: 'Share the plan with the family',
      });
      const erasures = await ctx.storage.db.selectFrom('retention_erasures').selectAll().execute();
      expect(erasures).toEqual([]);
    });

    test('a confirmed deletion removes the content, erases its audit content, keeps the chain, and tells the devices', async () => {
      const before = await ctx.storage.db
        .selectFrom('audit_log')
        .innerJoin('audit_content', 'audit_content.hash', 'audit_log.content_hash')
        .select(['audit_log.seq', 'audit_content.body'])
        .where('audit_log.record_id', 'in', [OLD, CHILD])
        .execute();
      expect(before.length).toBeGreaterThanOrEqual(3);
      expect(before.map((b) => b.body).join()).toContain('Warm');

      const res = await admin('POST', '/api/admin/retention/delete', {
        recordIds: [OLD],
        confirm: true,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        deleted: [{ recordId: OLD, kind: 'frontline-practice', rows: 2 }],
      });
      expect(res.json().auditContentErased).toBeGreaterThanOrEqual(3);

      for (const id of [OLD, CHILD]) {
        const row = await ctx.storage.db
          .selectFrom('records')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        expect(row.fields).toBe('{}');
        expect(row.field_meta).toBe('{}');
        expect(Number(row.deleted)).toBe(1);
      }
      // The same entries remain, their content gone; the chain still verifies.
      const after = await ctx.storage.db
        .selectFrom('audit_log')
        .leftJoin('audit_content', 'audit_content.hash', 'audit_log.content_hash')
        .select(['audit_log.seq', 'audit_log.action', 'audit_content.body'])
        .where(
          'audit_log.seq',
          'in',
          before.map((b) => b.seq),
        )
        .execute();
      expect(after).toHaveLength(before.length);
      expect(after.every((e) => e.body === null)).toBe(true);
      await expect(verifyAudit(ctx.storage)).resolves.toMatchObject({ ok: true });
      const dump = JSON.stringify(
        await ctx.storage.db.selectFrom('audit_content').selectAll().execute(),
      );
      expect(dump).not.toContain('Warm');
      expect(dump).not.toContain('RT-100200');
      // Who deleted what, and when, is itself in the trail.
      const entry = await ctx.storage.db
        .selectFrom('audit_log')
        .innerJoin('audit_content', 'audit_content.hash', 'audit_log.content_hash')
        .select(['audit_log.user_id', 'audit_content.body'])
        .where('audit_log.action', '=', 'admin:retention-delete')
        .where('audit_log.record_id', '=', OLD)
        .executeTakeFirstOrThrow();
      expect(entry.user_id).toBe(adminId);
      expect(JSON.parse(entry.body!)).toMatchObject({ kind: 'frontline-practice', rows: 2 });

      // The observer's tablet is told at its next pull: tombstones without content.
      const pulled = await device.pull();
      const gone = pulled.filter((r) => r.id === OLD || r.id === CHILD);
      expect(gone).toHaveLength(2);
      for (const r of gone) expect(r).toMatchObject({ deleted: true, fields: {} });

      // A late edit from a device that still held it offline is refused, and revives nothing.
      const late = await device.push({
        recordId: OLD,
        type: 'observation',
        op: 'put',
        baseVersion: 0,
        set: { 'summary.strengths': 'Typed offline' },
      });
      expect(late.results).toMatchObject([{ status: 'rejected', code: 'RECORD_ERASED' }]);
      const child = await device.push({
        recordId: `new-act-${engine.name}-0002`,
        type: 'action',
        op: 'put',
        parentId: OLD,
        baseVersion: 0,
        set: { what: 'x' },
      });
      expect(child.results).toMatchObject([{ status: 'rejected', code: 'RECORD_ERASED' }]);
      expect(await fieldsOf(OLD)).toEqual({});

      // It is no longer due, and cannot be deleted twice.
      expect((await admin('GET', '/api/admin/retention/due')).json().records).toEqual([]);
      const twice = await admin('POST', '/api/admin/retention/delete', {
        recordIds: [OLD],
        confirm: true,
      });
      expect(twice.statusCode).toBe(409);
      // The other records are untouched.
      expect(await fieldsOf(RECENT)).toMatchObject({ 'summary.strengths': 'Recent work' });
      expect(await fieldsOf(OTHER_KIND)).toMatchObject({ 'summary.strengths': 'A conference' });
    });

    test('outside a deletion the database refuses to erase content, or to put erased content back', async () => {
      const about = async (id: string) =>
        ctx.storage.db
          .selectFrom('audit_log')
          .select('content_hash')
          .where('record_id', '=', id)
          .where('action', '<>', 'admin:retention-delete')
          .orderBy('seq')
          .executeTakeFirstOrThrow();
      const setBody = (hash: string, body: string | null) =>
        ctx.storage.db
          .updateTable('audit_content')
          .set({ body })
          .where('hash', '=', hash)
          .execute();
      const recent = await about(RECENT);
      await expect(setBody(recent.content_hash, null)).rejects.toThrow(
        /erased only by a retention deletion/,
      );
      await expect(setBody(recent.content_hash, '{}')).rejects.toThrow(/never changed/);
      // Nor may it name an entry about the deleted record: that entry does not hold this content.
      const deletedEntry = await ctx.storage.db
        .selectFrom('audit_log')
        .select('seq')
        .where('record_id', '=', OLD)
        .orderBy('seq')
        .executeTakeFirstOrThrow();
      await expect(
        ctx.storage.db
          .updateTable('audit_content')
          .set({ body: null, erased_for: Number(deletedEntry.seq) })
          .where('hash', '=', recent.content_hash)
          .execute(),
      ).rejects.toThrow(/erased only by a retention deletion/);
      const erased = await about(OLD);
      await expect(setBody(erased.content_hash, '{"restored":true}')).rejects.toThrow(
        /never changed/,
      );
      const bodies = await ctx.storage.db
        .selectFrom('audit_content')
        .select(['hash', 'body'])
        .where('hash', 'in', [recent.content_hash, erased.content_hash])
        .execute();
      expect(bodies.find((b) => b.hash === recent.content_hash)?.body).toContain('Recent work');
      expect(bodies.find((b) => b.hash === erased.content_hash)?.body).toBeNull();
      await expect(verifyAudit(ctx.storage)).resolves.toMatchObject({ ok: true, problems: [] });
    });
  });
}

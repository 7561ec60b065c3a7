// Local checklists on every engine: an administrator publishes an adapted copy of a built-in
// template; each publication is a new version, never an edit; tablets fetch them; and the push
// validation accepts records pinned to a published local version and refuses an unpublished one.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { templatesResponseSchema } from '../../schemas/admin/templates';
import type { Template } from '../../schemas/entities/template';
import { frontlinePracticeV1 } from '../../schemas/templates/frontline-practice';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import { InjectDevice } from '../helpers/inject-sync';
import { addScope } from '../helpers/sync-fixtures';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';
import { SUBMITTABLE } from '../helpers/submittable';

useQuickPasswordHashing();

const LOCAL_ID = 'frontline-practice-local';

function adapted(extraPrompt: string): Template {
  const base = frontlinePracticeV1 as Template;
  return {
    ...base,
    id: LOCAL_ID,
    title: 'Frontline practice observation (our version)',
    sections: [
      ...base.sections,
      {
        id: 'local-questions',
        title: 'Our own questions',
        items: [
          {
            id: 'local-question',
            prompt: extraPrompt,
            response: { type: 'text', maxLength: 2000 },
            guidance: 'What the authority wants to know locally.',
            source: { document: 'brief/domain.md', section: 'Local checklists' },
            required: false,
            evidence: 'none',
          },
        ],
      },
    ],
  } as Template;
}

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(`local templates on ${engine.name}`, () => {
    let ctx: TestApp;
    let adminToken: string;
    let observerToken: string;
    let device: InjectDevice;
    let scopeId: string;
    beforeAll(async () => {
      ctx = t!;
      const admin = await createAccount(ctx.storage, { role: 'admin' });
      adminToken = (await signIn(ctx.app, admin)).token;
      scopeId = await addScope(ctx.storage.db, `Templates ${engine.name}`, 'service');
      const observer = await createAccount(ctx.storage, { role: 'observer', scopeIds: [scopeId] });
      const session = await signIn(ctx.app, observer);
      observerToken = session.token;
      device = new InjectDevice(ctx.app, session);
    });
    afterAll(async () => ctx?.close());

    const publish = (payload: unknown, token = adminToken) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/admin/templates',
        headers: bearer(token),
        payload: payload as object,
      });
    /**
     * A draft pinned to a template version, then an answer to the local question; the first
     * refusal (a draft pinned to a version that is not published is refused as it is created).
     */
    async function answer(recordId: string, version: number) {
      const created = await device.push({
        recordId,
        type: 'observation',
        op: 'put',
        scopeId,
        baseVersion: 0,
        set: { kind: 'frontline-practice', templateId: LOCAL_ID, templateVersion: version },
      });
      if (created.results[0]!.status !== 'applied') return created.results[0]!;
      const res = await device.push({
        recordId,
        type: 'observation',
        op: 'put',
        baseVersion: 0,
        set: { 'responses.local-question.value': 'Seen in the family’s own words' },
      });
      return res.results[0]!;
    }

    test('a record pinned to a local template that is not published is refused', async () => {
      const result = await answer(`tpl-early-${engine.name}-01`, 1);
      expect(result).toMatchObject({ status: 'rejected', code: 'TEMPLATE_UNKNOWN' });
    });

    test('each publication is the next version of its id, audited; tablets fetch them with an ETag', async () => {
      const first = await publish({
        template: adapted('What did the child say about school?'),
        basedOn: { id: 'frontline-practice', version: 1 },
      });
      expect(first.statusCode).toBe(201);
      expect(first.json()).toMatchObject({
        template: { id: LOCAL_ID, version: 1 },
        basedOn: { id: 'frontline-practice', version: 1 },
      });
      // The version the body carries is not the server's: it numbers publications itself.
      const second = await publish({
        template: { ...adapted('What did the child say about home?'), version: 7 },
      });
      expect(second.statusCode).toBe(201);
      expect(second.json().template.version).toBe(2);

      const res = await ctx.app.inject({
        method: 'GET',
        url: '/api/templates',
        headers: bearer(observerToken),
      });
      expect(res.statusCode).toBe(200);
      const body = templatesResponseSchema.parse(res.json());
      expect(body.templates.map((p) => [p.template.id, p.template.version])).toEqual([
        [LOCAL_ID, 1],
        [LOCAL_ID, 2],
      ]);
      // Never edited in place: version 1 still asks its own question.
      expect(JSON.stringify(body.templates[0]!.template)).toContain('about school');
      expect(JSON.stringify(body.templates[1]!.template)).toContain('about home');
      const unchanged = await ctx.app.inject({
        method: 'GET',
        url: '/api/templates',
        headers: { ...bearer(observerToken), 'if-none-match': String(res.headers.etag) },
      });
      expect(unchanged.statusCode).toBe(304);

      const audit = await ctx.storage.db
        .selectFrom('audit_log')
        .select('record_id')
        .where('action', '=', 'admin:publish-template')
        .execute();
      expect(audit.map((a) => a.record_id)).toEqual([`${LOCAL_ID}@1`, `${LOCAL_ID}@2`]);
    });

    test('records pinned to a published local version are accepted, every version', async () => {
      expect(await answer(`tpl-v1-${engine.name}-0001`, 1)).toMatchObject({ status: 'applied' });
      expect(await answer(`tpl-v2-${engine.name}-0001`, 2)).toMatchObject({ status: 'applied' });
      expect(await answer(`tpl-v3-${engine.name}-0001`, 3)).toMatchObject({
        status: 'rejected',
        code: 'TEMPLATE_UNKNOWN',
      });
    });

    test('a submitted observation on a local version counts in the reports by that version’s items', async () => {
      const recordId = `tpl-report-${engine.name}-01`;
      const res = await device.push(
        {
          recordId,
          type: 'observation',
          op: 'put',
          scopeId,
          baseVersion: 0,
          set: {
            kind: 'frontline-practice',
            templateId: LOCAL_ID,
            templateVersion: 2,
            status: 'draft',
            ...SUBMITTABLE,
            'context.date': '2026-05-12',
            'responses.participation.value': 'good',
          },
        },
        { recordId, type: 'observation', op: 'put', baseVersion: 0, set: { status: 'submitted' } },
      );
      expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied']);
      const counted = await ctx.storage.db
        .selectFrom('report_grade_counts')
        .select(['template_id', 'item_id', 'grade', 'n'])
        .where('template_id', '=', LOCAL_ID)
        .execute();
      expect(counted.map((c) => ({ ...c, n: Number(c.n) }))).toEqual([
        { template_id: LOCAL_ID, item_id: 'participation', grade: 'good', n: 1 },
      ]);
    });

    test('a built-in id, an invalid template, an unknown base or another role is refused, publishing nothing', async () => {
      const count = async () =>
        (await ctx.storage.db.selectFrom('local_templates').select('version').execute()).length;
      const before = await count();
      const builtIn = await publish({ template: frontlinePracticeV1 });
      expect(builtIn.statusCode).toBe(400);
      expect(builtIn.json().error.code).toBe('TEMPLATE_ID_BUILT_IN');
      const dup = adapted('Twice');
      dup.sections[dup.sections.length - 1]!.items.push({
        ...dup.sections[dup.sections.length - 1]!.items[0]!,
      });
      const invalid = await publish({ template: dup });
      expect(invalid.statusCode).toBe(400);
      expect(invalid.json().error.code).toBe('VALIDATION_FAILED');
      // A section named like another part of the task list: two links no one can tell apart.
      const named = adapted('Named twice');
      const twoNames = {
        ...named,
        sections: [
          { ...named.sections[0]!, title: ' overall JUDGEMENT ' },
          ...named.sections.slice(1),
        ],
      };
      const repeated = await publish({ template: twoNames });
      expect(repeated.statusCode).toBe(400);
      expect(repeated.json().error.code).toBe('TASK_TITLE_REPEATED');
      expect(repeated.json().error.message).toContain('overall JUDGEMENT');
      const base = await publish({
        template: adapted('x'),
        basedOn: { id: 'nothing-like-it', version: 1 },
      });
      expect(base.statusCode).toBe(400);
      expect(base.json().error.code).toBe('TEMPLATE_UNKNOWN');
      const forbidden = await publish({ template: adapted('x') }, observerToken);
      expect(forbidden.statusCode).toBe(403);
      expect(await count()).toBe(before);
    });
  });
}

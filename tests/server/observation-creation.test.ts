// A new observation is held to the domain as a change to one is, on every engine: its paths must
// be fields of an observation, the server's own fields are refused, its values must fit the
// template version it is pinned to (a published local one included) and it starts as a draft.
// Each refusal names the field and changes nothing but the push's own bookkeeping; the same
// fields sent as a change to an existing draft are refused with the same code.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Template } from '../../schemas/entities/template';
import type { FieldValue } from '../../schemas/sync/records';
import { frontlinePracticeV1 } from '../../schemas/templates/frontline-practice';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { dumpDatabase, dumpDifferences } from '../helpers/db-dump';
import { ENGINES } from '../helpers/engines';
import { FRONTLINE, InjectDevice } from '../helpers/inject-sync';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';
import { addScope, newId } from '../helpers/sync-fixtures';
import { makeFields } from '../bench/docs';
import { observationFields } from '../helpers/seed-observations';

useQuickPasswordHashing();

const LOCAL_ID = 'frontline-practice-creation';
const BOOKKEEPING = ['devices', 'mutation_results', 'sync_clients', 'sync_counter'];

type Case = {
  what: string;
  set: Record<string, FieldValue>;
  code: string;
  /** The field the message names. */
  names: string;
  /** Refused the same way as a change to an existing draft (status has rules of its own there). */
  sameOnUpdate: boolean;
};

const DRAFT = { ...FRONTLINE, status: 'draft' };

const CASES: Case[] = [
  {
    what: 'already submitted',
    set: { ...FRONTLINE, status: 'submitted' },
    code: 'STATUS_NOT_DRAFT',
    names: 'status',
    sameOnUpdate: false,
  },
  {
    what: 'already moderated',
    set: { ...FRONTLINE, status: 'moderated' },
    code: 'STATUS_NOT_DRAFT',
    names: 'status',
    sameOnUpdate: false,
  },
  {
    what: 'a path that is not a field of an observation',
    set: { ...DRAFT, 'r.q00': 3 },
    code: 'FIELD_PATH_UNKNOWN',
    names: 'r.q00',
    sameOnUpdate: true,
  },
  {
    what: 'a name where the case ID goes',
    set: { ...DRAFT, 'context.caseId': 'Jane Smith' },
    code: 'CASE_ID_INVALID',
    names: 'context.caseId',
    sameOnUpdate: true,
  },
  {
    what: 'a server-owned field',
    set: { ...DRAFT, submittedAt: '2026-05-01T09:00:00Z' },
    code: 'SERVER_OWNED_FIELD',
    names: 'submittedAt',
    sameOnUpdate: true,
  },
  {
    what: 'another owner',
    set: { ...DRAFT, ownerId: 'someone-else-0001' },
    code: 'SERVER_OWNED_FIELD',
    names: 'ownerId',
    sameOnUpdate: true,
  },
  {
    what: 'a grade the scale does not have',
    set: { ...DRAFT, 'responses.participation.value': 'excellent' },
    code: 'GRADE_UNKNOWN',
    names: 'responses.participation.value',
    sameOnUpdate: true,
  },
  {
    what: 'an item the template does not have',
    set: { ...DRAFT, 'responses.not-in-this-template.value': 'good' },
    code: 'ITEM_UNKNOWN',
    names: 'responses.not-in-this-template',
    sameOnUpdate: true,
  },
  {
    what: 'a choice that is not one of the options',
    set: { ...DRAFT, 'responses.direct-work-tools.choices.genogram': true },
    code: 'ANSWER_INVALID',
    names: 'responses.direct-work-tools.choices.genogram',
    sameOnUpdate: true,
  },
  {
    what: 'a date that is not a date',
    set: { ...DRAFT, 'context.date': '31/05/2026' },
    code: 'DATE_INVALID',
    names: 'context.date',
    sameOnUpdate: true,
  },
  {
    what: 'text where a yes or no goes',
    set: { ...DRAFT, sharedWithPractitioner: 'yes' },
    code: 'WRONG_TYPE',
    names: 'sharedWithPractitioner',
    sameOnUpdate: true,
  },
  {
    what: 'no template',
    set: { kind: 'frontline-practice', status: 'draft' },
    code: 'FIELD_REQUIRED',
    names: 'templateId',
    sameOnUpdate: false,
  },
  {
    what: 'a template version that does not exist',
    set: { ...DRAFT, templateVersion: 9 },
    code: 'TEMPLATE_UNKNOWN',
    names: 'version 9',
    sameOnUpdate: false,
  },
  {
    what: 'a local template that is not published',
    set: { ...DRAFT, templateId: 'never-published-here', templateVersion: 1 },
    code: 'TEMPLATE_UNKNOWN',
    names: 'templateId',
    sameOnUpdate: false,
  },
];

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(`creating an observation on ${engine.name}`, () => {
    let ctx: TestApp;
    let device: InjectDevice;
    let scopeId: string;
    let existing: string;
    beforeAll(async () => {
      ctx = t!;
      scopeId = await addScope(ctx.storage.db, `Creation ${engine.name}`, 'service');
      const observer = await createAccount(ctx.storage, { role: 'observer', scopeIds: [scopeId] });
      device = new InjectDevice(ctx.app, await signIn(ctx.app, observer));
      existing = newId();
      const made = await device.push({
        recordId: existing,
        type: 'observation',
        op: 'put',
        scopeId,
        baseVersion: 0,
        set: DRAFT,
      });
      expect(made.results[0]!.status).toBe('applied');
    });
    afterAll(async () => ctx?.close());

    test('each invalid creation is refused with its field named, and changes nothing', async () => {
      for (const c of CASES) {
        const recordId = newId();
        const before = await dumpDatabase(ctx.storage);
        const res = await device.push({
          recordId,
          type: 'observation',
          op: 'put',
          scopeId,
          baseVersion: 0,
          set: c.set,
        });
        const result = res.results[0]!;
        expect(result, c.what).toMatchObject({ status: 'rejected', code: c.code });
        expect(result.message, c.what).toContain(c.names);
        const changed = dumpDifferences(before, await dumpDatabase(ctx.storage));
        expect(
          changed.filter((d) => !BOOKKEEPING.includes(d.split(':')[0]!)),
          c.what,
        ).toEqual([]);
        const row = await ctx.storage.db
          .selectFrom('records')
          .select('id')
          .where('id', '=', recordId)
          .executeTakeFirst();
        expect(row, c.what).toBeUndefined();
      }
    });

    test('the same fields sent as a change to an existing draft are refused with the same code', async () => {
      for (const c of CASES.filter((x) => x.sameOnUpdate)) {
        const { kind: _k, templateId: _t, templateVersion: _v, status: _s, ...rest } = c.set;
        const res = await device.push({
          recordId: existing,
          type: 'observation',
          op: 'put',
          baseVersion: 0,
          set: rest,
        });
        expect(res.results[0], c.what).toMatchObject({ status: 'rejected', code: c.code });
      }
    });

    test('a complete, valid draft is created with every field, on a built-in and on a published local template', async () => {
      // The throughput benchmark's document: 60 real fields and a 400-character note.
      const full = newId();
      const res = await device.push({
        recordId: full,
        type: 'observation',
        op: 'put',
        scopeId,
        baseVersion: 0,
        set: makeFields(7),
      });
      expect(res.results[0], JSON.stringify(res.results[0])).toMatchObject({ status: 'applied' });
      const stored = await ctx.storage.db
        .selectFrom('records')
        .select('fields')
        .where('id', '=', full)
        .executeTakeFirstOrThrow();
      expect(Object.keys(JSON.parse(stored.fields) as object)).toHaveLength(60);
      // And the observations the tablet benchmark seeds.
      const seeded = await device.push({
        recordId: newId(),
        type: 'observation',
        op: 'put',
        scopeId,
        baseVersion: 0,
        set: observationFields(3, scopeId),
      });
      expect(seeded.results[0], JSON.stringify(seeded.results[0])).toMatchObject({
        status: 'applied',
      });

      const admin = await createAccount(ctx.storage, { role: 'admin' });
      const local: Template = {
        ...(frontlinePracticeV1 as Template),
        id: LOCAL_ID,
        sections: [
          ...(frontlinePracticeV1 as Template).sections,
          {
            id: 'local-questions',
            title: 'Our own questions',
            items: [
              {
                id: 'local-question',
                prompt: 'What did the child say about school?',
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
      const published = await ctx.app.inject({
        method: 'POST',
        url: '/api/admin/templates',
        headers: bearer((await signIn(ctx.app, admin)).token),
        payload: { template: local },
      });
      expect(published.statusCode).toBe(201);
      const onLocal = await device.push({
        recordId: newId(),
        type: 'observation',
        op: 'put',
        scopeId,
        baseVersion: 0,
        set: {
          kind: 'frontline-practice',
          templateId: LOCAL_ID,
          templateVersion: 1,
          status: 'draft',
          'responses.local-question.value': 'That it is fine.',
        },
      });
      expect(onLocal.results[0]).toMatchObject({ status: 'applied' });
      // Its local question is one of its own: the built-in version has no such item.
      const onBuiltIn = await device.push({
        recordId: newId(),
        type: 'observation',
        op: 'put',
        scopeId,
        baseVersion: 0,
        set: { ...DRAFT, 'responses.local-question.value': 'That it is fine.' },
      });
      expect(onBuiltIn.results[0]).toMatchObject({ status: 'rejected', code: 'ITEM_UNKNOWN' });
    });
  });
}

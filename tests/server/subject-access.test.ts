// Subject access and the audit browser on every engine: everything held about a person (what they
// wrote, observations of them, the programme's assignments naming them, their account and devices,
// and what they did) or about a case, as
// JSON; the audit trail of a record with who changed or read it; administrators only; and every
// such look is itself audited.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditResponseSchema, subjectAccessResponseSchema } from '../../schemas/admin/audit';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import { FRONTLINE, InjectDevice } from '../helpers/inject-sync';
import { addScope } from '../helpers/sync-fixtures';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../schemas/sync/protocol-version';

useQuickPasswordHashing();

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(`subject access and audit on ${engine.name}`, () => {
    let ctx: TestApp;
    let adminToken: string;
    let adminId: string;
    let observerId: string;
    let observerEmail: string;
    let qaId: string;
    let practitionerId: string;
    let qaToken: string;
    let qaEmail: string;
    let practitionerEmail: string;
    let practitionerLogin: { email: string; password: string };
    let observerLogin: { email: string; password: string };
    let serviceId: string;
    const CASE = `SA-${engine === ENGINES[0] ? '1' : '2'}23456`;
    const OBS = `sar-obs-${engine.name}-01`;
    const ACTION = `sar-act-${engine.name}-01`;
    const UNRELATED = `sar-obs-${engine.name}-02`;

    beforeAll(async () => {
      ctx = t!;
      const admin = await createAccount(ctx.storage, { role: 'admin' });
      adminId = admin.id;
      adminToken = (await signIn(ctx.app, admin)).token;
      const scopeId = await addScope(ctx.storage.db, `SAR ${engine.name}`, 'service');
      serviceId = scopeId;
      const observer = await createAccount(ctx.storage, { role: 'observer', scopeIds: [scopeId] });
      observerId = observer.id;
      observerEmail = observer.email;
      const practitioner = await createAccount(ctx.storage, {
        role: 'practitioner',
        scopeIds: [scopeId],
      });
      practitionerId = practitioner.id;
      practitionerEmail = practitioner.email;
      practitionerLogin = practitioner;
      observerLogin = observer;
      const qa = await createAccount(ctx.storage, { role: 'qa-lead', scopeIds: [scopeId] });
      qaId = qa.id;
      qaEmail = qa.email;
      const qaSession = await signIn(ctx.app, qa);
      qaToken = qaSession.token;
      const tablet = new InjectDevice(ctx.app, await signIn(ctx.app, observer));
      const pushed = await tablet.push(
        {
          recordId: OBS,
          type: 'observation',
          op: 'put',
          scopeId,
          baseVersion: 0,
          set: {
            ...FRONTLINE,
            'context.caseId': CASE,
            'context.observedUserId': practitionerId,
            'summary.strengths': 'Listened well',
          },
        },
        {
          recordId: ACTION,
          type: 'action',
          op: 'put',
          parentId: OBS,
          baseVersion: 0,
          set: { what: 'Reflect on the visit' },
        },
        {
          recordId: OBS,
          type: 'observation',
          op: 'put',
          baseVersion: 0,
          set: { 'summary.strengths': 'Listened very well' },
        },
        {
          recordId: UNRELATED,
          type: 'observation',
          op: 'put',
          scopeId,
          baseVersion: 0,
          set: { ...FRONTLINE, 'context.caseId': 'ZZ-999999' },
        },
      );
      expect(pushed.results.every((r) => r.status === 'applied')).toBe(true);
      // The QA lead's tablet reads the team's records: that read is audited.
      await new InjectDevice(ctx.app, qaSession).pull();
    });
    afterAll(async () => ctx?.close());

    const get = (url: string, token = adminToken) =>
      ctx.app.inject({ method: 'GET', url, headers: bearer(token) });
    const auditOf = (action: string) =>
      ctx.storage.db
        .selectFrom('audit_log')
        .select(['user_id', 'record_id'])
        .where('action', '=', action)
        .execute();

    test('the audit trail of a record lists who created, changed and read it and its child rows, and is audited', async () => {
      const res = await get(`/api/admin/audit?recordId=${OBS}`);
      expect(res.statusCode).toBe(200);
      const body = auditResponseSchema.parse(res.json());
      const summary = body.entries.map((e) => [e.action, e.userId, e.recordId]);
      expect(summary).toEqual([
        ['create', observerId, OBS],
        ['create', observerId, ACTION],
        ['update', observerId, OBS],
        ['read', qaId, null],
      ]);
      expect(body.entries[0]!.userEmail).toBe(observerEmail);
      expect(body.entries[2]!.content).toMatchObject({
        before: { 'summary.strengths': 'Listened well' },
        after: { 'summary.strengths': 'Listened very well' },
      });
      expect(body.entries[3]!.content).toMatchObject({
        records: expect.arrayContaining([OBS, ACTION]),
      });
      expect(body.next).toBeNull();
      expect(await auditOf('admin:audit-read')).toEqual([{ user_id: adminId, record_id: OBS }]);

      const paged = auditResponseSchema.parse(
        (await get(`/api/admin/audit?recordId=${OBS}&limit=2`)).json(),
      );
      expect(paged.entries.map((e) => e.action)).toEqual(['create', 'create']);
      expect(paged.next).toBe(paged.entries[1]!.seq);
      const rest = auditResponseSchema.parse(
        (await get(`/api/admin/audit?recordId=${OBS}&after=${paged.next}&limit=2`)).json(),
      );
      expect(rest.entries.map((e) => e.action)).toEqual(['update', 'read']);
    });

    test('subject access for an observed practitioner: the observations of them, with child rows and their audit', async () => {
      const res = await get(`/api/admin/subject-access?userId=${practitionerId}`);
      expect(res.statusCode).toBe(200);
      const body = subjectAccessResponseSchema.parse(res.json());
      expect(body.account).toMatchObject({ id: practitionerId, role: 'practitioner' });
      expect(body.records.map((r) => [r.record.id, r.why])).toEqual([[OBS, ['observed']]]);
      expect(body.records[0]!.children.map((c) => c.id)).toEqual([ACTION]);
      // About the observation and its action: made, changed, read by the QA lead, and the three
      // looks at its trail in the test before.
      expect(body.audit.map((e) => e.action)).toEqual([
        'create',
        'create',
        'update',
        'read',
        'admin:audit-read',
        'admin:audit-read',
        'admin:audit-read',
      ]);
      expect(body.audit.some((e) => e.action === 'update' && e.recordId === OBS)).toBe(true);
      expect(await auditOf('admin:subject-access')).toEqual([
        { user_id: adminId, record_id: practitionerId },
      ]);
    });

    test('subject access for the observer: what they wrote, their devices, and what they did', async () => {
      const body = subjectAccessResponseSchema.parse(
        (await get(`/api/admin/subject-access?userId=${observerId}`)).json(),
      );
      expect(body.records.map((r) => r.record.id).sort()).toEqual([OBS, UNRELATED].sort());
      expect(body.records.every((r) => r.why.includes('author'))).toBe(true);
      expect(body.account?.devices).toHaveLength(1);
      expect(body.audit.filter((e) => e.userId === observerId).length).toBeGreaterThanOrEqual(4);
    });

    test('subject access for a case: its records only, by GET or POST', async () => {
      const body = subjectAccessResponseSchema.parse(
        (await get(`/api/admin/subject-access?caseId=${CASE}`)).json(),
      );
      expect(body.subject).toEqual({ caseId: CASE });
      expect(body.account).toBeNull();
      expect(body.records.map((r) => [r.record.id, r.why])).toEqual([[OBS, ['case']]]);
      expect(body.records[0]!.record.fields['context.caseId']).toBe(CASE);
      const posted = await ctx.app.inject({
        method: 'POST',
        url: '/api/admin/subject-access',
        headers: bearer(adminToken),
        payload: { caseId: CASE },
      });
      expect(posted.statusCode).toBe(200);
      expect(posted.json().records.map((r: { record: { id: string } }) => r.record.id)).toEqual([
        OBS,
      ]);
    });

    test('a case’s answer withholds other people’s data by default, each part marked and listed with why', async () => {
      const res = await get(`/api/admin/subject-access?caseId=${CASE}`);
      const body = subjectAccessResponseSchema.parse(res.json());
      const dump = JSON.stringify({ records: body.records, audit: body.audit });
      // No other member of staff by email or id: by role instead.
      for (const other of [observerEmail, qaEmail, observerId, qaId, practitionerId]) {
        expect(dump, other).not.toContain(other);
      }
      const obs = body.records[0]!;
      expect(obs.record.fields['context.caseId']).toBe(CASE);
      expect(obs.record.ownerId).toBeNull();
      expect(obs.record.ownerRole).toBe('observer');
      expect(obs.record.whose).toBe('both');
      // The practitioner's assessment is their workforce data, not the child's.
      expect(obs.record.fields['summary.strengths']).toBeUndefined();
      expect(obs.record.fields['context.observedUserId']).toBeUndefined();
      // The action's words are about the case and stay.
      expect(obs.children[0]!.fields['what']).toBe('Reflect on the visit');
      const read = body.audit.find((e) => e.action === 'read')!;
      expect(read).toMatchObject({ userId: null, userEmail: null, userRole: 'qa-lead' });
      expect((read.content as { records: string[] }).records).not.toContain(UNRELATED);
      expect(body.thirdParty.mode).toBe('withhold');
      const withheld = body.thirdParty.withheld;
      expect(withheld).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            recordId: OBS,
            path: 'ownerId',
            whose: 'other-staff',
            replacedBy: 'a member of staff: Observer',
          }),
          expect.objectContaining({
            recordId: OBS,
            path: 'summary.strengths',
            whose: 'observed-practitioner',
          }),
          expect.objectContaining({ auditSeq: read.seq, path: 'userId', whose: 'other-staff' }),
          expect.objectContaining({ auditSeq: read.seq, path: 'content.records' }),
        ]),
      );
      // The change history no longer shows the assessment either.
      expect(dump).not.toContain('Listened');
      expect(body.thirdParty.notice).toMatch(/withheld as other people’s data/);
      // The request's audit entry says how it was answered.
      const entry = await ctx.storage.db
        .selectFrom('audit_log')
        .innerJoin('audit_content', 'audit_content.hash', 'audit_log.content_hash')
        .select('audit_content.body')
        .where('audit_log.action', '=', 'admin:subject-access')
        .orderBy('audit_log.seq', 'desc')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(entry.body!)).toMatchObject({
        thirdParty: 'withhold',
        withheld: withheld.length,
      });
    });

    test('with other people’s data included, the answer is whole and says so', async () => {
      const body = subjectAccessResponseSchema.parse(
        (await get(`/api/admin/subject-access?caseId=${CASE}&thirdParty=include`)).json(),
      );
      expect(body.thirdParty).toMatchObject({ mode: 'include', withheld: [] });
      expect(body.records[0]!.record.fields['summary.strengths']).toBe('Listened very well');
      expect(body.records[0]!.record.ownerId).toBe(observerId);
      expect(body.audit.find((e) => e.action === 'read')!.userEmail).toBe(qaEmail);
      expect(body.thirdParty.notice).toMatch(/included/);
    });

    test('a member of staff’s answer keeps what is theirs and withholds children’s case IDs and others’ words', async () => {
      const observed = subjectAccessResponseSchema.parse(
        (await get(`/api/admin/subject-access?userId=${practitionerId}`)).json(),
      );
      const obs = observed.records[0]!;
      // An assessment of them is theirs; the case is the child's; the observer is shown by role.
      expect(obs.record.fields['summary.strengths']).toBe('Listened very well');
      expect(obs.record.fields['context.observedUserId']).toBe(practitionerId);
      expect(obs.record.fields['context.caseId']).toBeUndefined();
      expect(obs.record.ownerId).toBeNull();
      // The action's words were written by the observer.
      expect(obs.children[0]!.fields['what']).toBeUndefined();
      const dump = JSON.stringify({ records: observed.records, audit: observed.audit });
      for (const other of [CASE, observerEmail, qaEmail, observerId, qaId]) {
        expect(dump, other).not.toContain(other);
      }
      expect(observed.thirdParty.withheld).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ recordId: OBS, path: 'context.caseId', whose: 'child' }),
          expect.objectContaining({ recordId: ACTION, path: 'what', whose: 'other-staff' }),
        ]),
      );

      const author = subjectAccessResponseSchema.parse(
        (await get(`/api/admin/subject-access?userId=${observerId}`)).json(),
      );
      const own = author.records.find((r) => r.record.id === OBS)!;
      // Their own words and their own account stay; the practitioner and the child do not.
      expect(own.record.ownerId).toBe(observerId);
      expect(own.children[0]!.fields['what']).toBe('Reflect on the visit');
      expect(own.record.fields['summary.strengths']).toBe('Listened very well');
      expect(own.record.fields['context.caseId']).toBeUndefined();
      expect(own.record.fields['context.observedUserId']).toBeUndefined();
      expect(author.audit.filter((e) => e.userId === observerId).every((e) => e.whose)).toBe(true);
      expect(author.audit.some((e) => e.userEmail === observerEmail)).toBe(true);
      const authorDump = JSON.stringify({ records: author.records, audit: author.audit });
      for (const other of [CASE, 'ZZ-999999', qaEmail, practitionerEmail, practitionerId]) {
        expect(authorDump, other).not.toContain(other);
      }
    });

    test('assignments naming a person are theirs to see: as the observer and as the person observed; and the case’s', async () => {
      const groupId = await addScope(
        ctx.storage.db,
        `SAR group ${engine.name}`,
        'practice-group',
        serviceId,
      );
      const auditor = await createAccount(ctx.storage, { role: 'observer', scopeIds: [groupId] });
      const worker = await createAccount(ctx.storage, {
        role: 'practitioner',
        scopeIds: [groupId],
      });
      const auditCase = `SA-${engine === ENGINES[0] ? '3' : '4'}23456`;
      const planned = await ctx.app.inject({
        method: 'POST',
        url: '/api/programme/assignments',
        headers: bearer(qaToken),
        payload: {
          assignments: [
            {
              scopeId: groupId,
              kind: 'frontline-practice',
              observerUserId: auditor.id,
              observedUserId: worker.id,
              observedName: 'Jo Worker',
              dueDate: '2027-03-31',
            },
            {
              scopeId: groupId,
              kind: 'single-case-audit',
              observerUserId: auditor.id,
              caseId: auditCase,
              dueDate: '2027-03-31',
              month: '2027-03',
            },
          ],
        },
      });
      expect(planned.statusCode, planned.body).toBe(201);
      const [visit, audit] = planned.json<{ assignments: { id: string }[] }>().assignments;
      const access = async (query: string) => {
        const res = await get(`/api/admin/subject-access?${query}`);
        expect(res.statusCode, res.body).toBe(200);
        const body = subjectAccessResponseSchema.parse(res.json());
        return body.records.map((r) => [r.record.id, r.record.type, r.why]).sort();
      };
      expect(await access(`userId=${worker.id}`)).toEqual([
        [visit!.id, 'assignment', ['observed']],
      ]);
      expect(await access(`userId=${auditor.id}`)).toEqual(
        [
          [visit!.id, 'assignment', ['assigned']],
          [audit!.id, 'assignment', ['assigned']],
        ].sort(),
      );
      expect(await access(`caseId=${auditCase}`)).toEqual([[audit!.id, 'assignment', ['case']]]);
    });

    test('a safety concern a QA lead acknowledged: their id is withheld from the case’s answer, by role', async () => {
      const caseId = `SC-${engine === ENGINES[0] ? '1' : '2'}77771`;
      const raiser = await createAccount(ctx.storage, { role: 'observer', scopeIds: [serviceId] });
      const session = await signIn(ctx.app, raiser);
      const id = `sar-concern-${engine.name}-01`;
      const raised = await ctx.app.inject({
        method: 'POST',
        url: '/api/concerns',
        headers: bearer(session.token),
        payload: {
          protocolVersion: PROTOCOL_VERSION,
          schemaVersion: SCHEMA_VERSION,
          deviceId: session.deviceId,
          scopeId: serviceId,
          concern: {
            id,
            caseId,
            what: 'Bruising seen.',
            raisedAt: new Date().toISOString(),
            whoWasTold: [{ name: 'Pat Duty', role: 'Duty manager', at: new Date().toISOString() }],
          },
        },
      });
      expect(raised.statusCode, raised.body).toBe(201);
      const ack = await ctx.app.inject({
        method: 'POST',
        url: `/api/concerns/${id}/acknowledge`,
        headers: bearer(qaToken),
      });
      expect(ack.json().concern.alsoAcknowledged[0].by).toBe(qaId);
      const body = subjectAccessResponseSchema.parse(
        (await get(`/api/admin/subject-access?caseId=${caseId}`)).json(),
      );
      const concern = body.records.find((r) => r.record.id === id)!;
      expect(concern.record.fields['alsoAcknowledged.0.by']).toBeUndefined();
      expect(concern.record.fields['alsoAcknowledged.0.role']).toBe('qa-lead');
      expect(body.thirdParty.withheld).toContainEqual(
        expect.objectContaining({
          recordId: id,
          path: 'alsoAcknowledged.0.by',
          whose: 'other-staff',
          replacedBy: 'a member of staff: Quality assurance lead',
        }),
      );
      expect(JSON.stringify(body.records)).not.toContain(qaId);
    });

    test('bad questions get 4xx with a code, and other roles are refused', async () => {
      for (const url of [
        '/api/admin/subject-access',
        `/api/admin/subject-access?userId=${observerId}&caseId=${CASE}`,
        '/api/admin/audit',
        '/api/admin/audit?recordId=x&limit=0',
      ]) {
        const res = await get(url);
        expect(res.statusCode, url).toBe(400);
        expect(res.json().error.code).toBe('VALIDATION_FAILED');
      }
      const unknown = await get('/api/admin/subject-access?userId=no-such-user-00');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.code).toBe('USER_NOT_FOUND');
      for (const url of [
        `/api/admin/subject-access?caseId=${CASE}`,
        `/api/admin/audit?recordId=${OBS}`,
      ]) {
        const res = await get(url, qaToken);
        expect(res.statusCode).toBe(403);
      }
    });

    test('a case’s answer discloses what the family said on a family feedback call, and who gave consent; the practitioner’s grades stay withheld', async () => {
      const caseId = `FC-${engine === ENGINES[0] ? '1' : '2'}00101`;
      const call = `sar-call-${engine.name}-01`;
      const visit = `sar-obs-${engine.name}-04`;
      const tablet = new InjectDevice(ctx.app, await signIn(ctx.app, observerLogin));
      const made = await tablet.push(
        {
          recordId: call,
          type: 'observation',
          op: 'put',
          scopeId: serviceId,
          baseVersion: 0,
          set: {
            kind: 'family-feedback-call',
            templateId: 'family-feedback-call',
            templateVersion: 1,
            'context.caseId': caseId,
            'context.observedUserId': practitionerId,
            'context.consent.given': 'yes',
            'context.consent.byWhom': 'The child’s mother',
            'responses.purpose-and-confidentiality-explained.value': 'yes',
            'responses.knows-plan.value': 'partly',
            'responses.knows-plan.evidence': 'Nobody told me what happens after the review.',
            'responses.what-worked-well.value': 'The worker always rings back.',
            'summary.strengths': 'A warm, well-paced call',
          },
        },
        {
          recordId: visit,
          type: 'observation',
          op: 'put',
          scopeId: serviceId,
          baseVersion: 0,
          set: {
            ...FRONTLINE,
            'context.caseId': caseId,
            'context.observedUserId': practitionerId,
            'context.consent.byWhom': 'The child’s father',
            'responses.risk-identified-reduced.value': 'good',
            'responses.risk-identified-reduced.evidence': 'Named the risk and agreed a plan.',
          },
        },
      );
      expect(made.results.every((r) => r.status === 'applied')).toBe(true);
      const body = subjectAccessResponseSchema.parse(
        (await get(`/api/admin/subject-access?caseId=${caseId}`)).json(),
      );
      const fieldsOf = (id: string) => body.records.find((r) => r.record.id === id)!.record.fields;
      const theirs = fieldsOf(call);
      expect(theirs['responses.knows-plan.value']).toBe('partly');
      expect(theirs['responses.knows-plan.evidence']).toBe(
        'Nobody told me what happens after the review.',
      );
      expect(theirs['responses.what-worked-well.value']).toBe('The worker always rings back.');
      expect(theirs['context.consent.byWhom']).toBe('The child’s mother');
      expect(fieldsOf(visit)['context.consent.byWhom']).toBe('The child’s father');
      // The auditor's own checks on the call and their assessment are not the family's words.
      expect(theirs['responses.purpose-and-confidentiality-explained.value']).toBeUndefined();
      expect(theirs['summary.strengths']).toBeUndefined();
      // A grade of the practitioner in an observation stays withheld, as their workforce data.
      expect(fieldsOf(visit)['responses.risk-identified-reduced.value']).toBeUndefined();
      expect(fieldsOf(visit)['responses.risk-identified-reduced.evidence']).toBeUndefined();
      const paths = body.thirdParty.withheld.map((w) => `${w.recordId} ${w.path}`);
      expect(paths).not.toContain(`${call} responses.knows-plan.value`);
      expect(paths).not.toContain(`${call} context.consent.byWhom`);
      expect(paths).toContain(`${visit} responses.risk-identified-reduced.value`);

      // For a member of staff, even the one who wrote it down, who gave consent names the child's
      // family: withheld as theirs.
      const qaAnswer = subjectAccessResponseSchema.parse(
        (await get(`/api/admin/subject-access?userId=${observerId}`)).json(),
      );
      expect(
        qaAnswer.records.find((r) => r.record.id === call)!.record.fields['context.consent.byWhom'],
      ).toBeUndefined();
      expect(qaAnswer.thirdParty.withheld).toContainEqual(
        expect.objectContaining({ recordId: call, path: 'context.consent.byWhom', whose: 'child' }),
      );
    });

    test('a case ID is found whatever its letter case, and the audit trail keeps one hash for it', async () => {
      const caseId = `CASE-${engine === ENGINES[0] ? '1' : '2'}001`;
      const id = `sar-obs-${engine.name}-05`;
      const tablet = new InjectDevice(ctx.app, await signIn(ctx.app, observerLogin));
      const made = await tablet.push({
        recordId: id,
        type: 'observation',
        op: 'put',
        scopeId: serviceId,
        baseVersion: 0,
        set: { ...FRONTLINE, 'context.caseId': caseId },
      });
      expect(made.results[0]).toMatchObject({ status: 'applied' });
      const keys: unknown[] = [];
      for (const asked of [caseId.toLowerCase(), caseId, 'Case-' + caseId.slice(5)]) {
        const res = await get(`/api/admin/subject-access?caseId=${asked}`);
        expect(res.statusCode, res.body).toBe(200);
        const body = subjectAccessResponseSchema.parse(res.json());
        expect(
          body.records.map((r) => r.record.id),
          asked,
        ).toEqual([id]);
        const entry = await ctx.storage.db
          .selectFrom('audit_log')
          .innerJoin('audit_content', 'audit_content.hash', 'audit_log.content_hash')
          .select('audit_content.body')
          .where('audit_log.action', '=', 'admin:subject-access')
          .orderBy('audit_log.seq', 'desc')
          .executeTakeFirstOrThrow();
        keys.push((JSON.parse(entry.body!) as { subject: { caseKey: string } }).subject.caseKey);
      }
      expect(new Set(keys).size).toBe(1);
    });

    test('a member of staff’s answer says that records naming them only by a typed name are not in it', async () => {
      const named = subjectAccessResponseSchema.parse(
        (await get(`/api/admin/subject-access?userId=${practitionerId}`)).json(),
      );
      expect(named.notIncluded).toMatch(
        /Records that name this person only by a typed name, not linked to their account, are not included/,
      );
      expect(named.notIncluded).toMatch(/case ID/);
      const byCase = subjectAccessResponseSchema.parse(
        (await get(`/api/admin/subject-access?caseId=${CASE}`)).json(),
      );
      expect(byCase.notIncluded).toBeNull();
    });

    // Last: it adds an observation of the practitioner, which the answers above do not list.
    test('the practitioner’s own response is in their answer, and withheld from the observer’s', async () => {
      const id = `sar-obs-${engine.name}-03`;
      const tablet = new InjectDevice(ctx.app, await signIn(ctx.app, observerLogin));
      const made = await tablet.push({
        recordId: id,
        type: 'observation',
        op: 'put',
        scopeId: serviceId,
        baseVersion: 0,
        set: {
          ...FRONTLINE,
          'context.observedUserId': practitionerId,
          sharedWithPractitioner: true,
          'summary.reflection': 'They said the visit felt rushed.',
        },
      });
      expect(made.results[0]).toMatchObject({ status: 'applied' });
      const theirs = new InjectDevice(ctx.app, await signIn(ctx.app, practitionerLogin));
      await theirs.pull();
      const wrote = await theirs.push({
        recordId: id,
        type: 'observation',
        op: 'put',
        baseVersion: 1,
        set: { practitionerResponse: 'It felt rushed to me too.' },
      });
      expect(wrote.results[0]).toMatchObject({ status: 'applied' });

      const observed = subjectAccessResponseSchema.parse(
        (await get(`/api/admin/subject-access?userId=${practitionerId}`)).json(),
      );
      const fields = observed.records.find((r) => r.record.id === id)!.record.fields;
      expect(fields['practitionerResponse']).toBe('It felt rushed to me too.');
      expect(fields['summary.reflection']).toBe('They said the visit felt rushed.');

      const author = subjectAccessResponseSchema.parse(
        (await get(`/api/admin/subject-access?userId=${observerId}`)).json(),
      );
      const own = author.records.find((r) => r.record.id === id)!;
      expect(own.record.fields['summary.reflection']).toBe('They said the visit felt rushed.');
      expect(own.record.fields['practitionerResponse']).toBeUndefined();
      expect(author.thirdParty.withheld).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ recordId: id, path: 'practitionerResponse' }),
        ]),
      );
    });
  });
}

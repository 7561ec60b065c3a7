// A head of service's discussion of an audited case with the social worker and manager (Southwark
// QAF 2i; schemas/rules/sample-discussion.ts), through the real push route on every engine: only a
// head of service of the audit's team records it, only on a submitted single case audit, on a day
// neither before the audit nor after today; it is the audit's handling, so it is recorded whatever
// the audit's status (no amendment) and never alongside a change to what the auditor wrote. The QA
// lead's tablet is given it with the audit.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addDays } from '../../schemas/calendar/dates';
import { londonDateOf } from '../../schemas/calendar/london-time';
import type { Mutation } from '../../schemas/sync/push';
import type { FieldValue } from '../../schemas/sync/records';
import { findTemplate } from '../../schemas/templates/catalogue';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import { FRONTLINE, InjectDevice } from '../helpers/inject-sync';
import { createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';
import { addScope, newId } from '../helpers/sync-fixtures';
import { SUBMITTABLE, submittableFields } from '../helpers/submittable';
import type { Role } from '../../sync-server/src/accounts/permissions';

useQuickPasswordHashing();

const SCA = findTemplate('single-case-audit', 1)!;
const AUDIT_DAY = '2026-10-14';

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(
    `a head of service’s discussion of an audit on ${engine.name}`,
    () => {
      let ctx: TestApp;
      let group: string;
      let auditor: InjectDevice;
      let head: InjectDevice;
      let otherHead: InjectDevice;
      let lead: InjectDevice;
      let director: InjectDevice;
      const today = () => londonDateOf(new Date());

      const device = async (role: Role, scopeIds: string[]) =>
        new InjectDevice(
          ctx.app,
          await signIn(ctx.app, await createAccount(ctx.storage, { role, scopeIds })),
        );

      beforeAll(async () => {
        ctx = t!;
        const service = await addScope(ctx.storage.db, `Children ${engine.name}`, 'service');
        group = await addScope(ctx.storage.db, `Group ${engine.name}`, 'practice-group', service);
        const elsewhere = await addScope(ctx.storage.db, `Adults ${engine.name}`, 'service');
        auditor = await device('observer', [group]);
        head = await device('head-of-service', [service]);
        otherHead = await device('head-of-service', [elsewhere]);
        lead = await device('qa-lead', [group]);
        director = await device('director', [service]);
      });
      afterAll(async () => ctx?.close());

      /** A single case audit by the auditor, of 14 October, submitted unless told not to. */
      async function audit(opts: { submit?: boolean } = { submit: true }): Promise<string> {
        const recordId = newId();
        const set = submittableFields(SCA, {
          kind: SCA.kind,
          templateId: SCA.id,
          templateVersion: SCA.version,
          status: 'draft',
          'context.date': AUDIT_DAY,
          'summary.overallGrade': 'good',
        });
        const created = await auditor.push({
          recordId,
          type: 'observation',
          op: 'put',
          baseVersion: 0,
          scopeId: group,
          set,
        });
        expect(created.results[0]).toMatchObject({ status: 'applied' });
        if (opts.submit) {
          const submitted = await auditor.push({
            recordId,
            type: 'observation',
            op: 'put',
            baseVersion: 0,
            set: { status: 'submitted' },
          });
          expect(submitted.results[0], JSON.stringify(submitted.results[0])).toMatchObject({
            status: 'applied',
          });
        }
        return recordId;
      }

      const discuss = (by: InjectDevice, recordId: string, set: Record<string, FieldValue>) =>
        by
          .push({ recordId, type: 'observation', op: 'put', baseVersion: 0, set } as Omit<
            Mutation,
            'id' | 'at'
          >)
          .then((r) => r.results[0]!);

      test('the head of service of the audit’s team records it, and the QA lead’s tablet is given it', async () => {
        const id = await audit();
        const heldOn = today();
        expect(
          await discuss(head, id, {
            'sampleDiscussion.heldOn': heldOn,
            'sampleDiscussion.note':
              'Discussed the plan’s drift with the social worker and manager.',
          }),
        ).toMatchObject({ status: 'applied' });
        const pulled = (await lead.pull()).find((r) => r.id === id)!;
        expect(pulled.fields['sampleDiscussion.heldOn']).toBe(heldOn);
        expect(pulled.fields['sampleDiscussion.note']).toMatch(/drift/);
        // Changed later, and cleared, by the same rule.
        expect(await discuss(head, id, { 'sampleDiscussion.note': null })).toMatchObject({
          status: 'applied',
        });
      });

      test('nobody else records it: not the auditor, the QA lead, the director, nor another service’s head', async () => {
        const id = await audit();
        const set = { 'sampleDiscussion.heldOn': today() };
        for (const [who, code] of [
          [auditor, 'FORBIDDEN_FIELD'],
          [lead, 'FORBIDDEN_FIELD'],
          [director, 'FORBIDDEN_FIELD'],
          [otherHead, 'FORBIDDEN_OWNER'],
        ] as const) {
          expect(await discuss(who, id, set)).toMatchObject({ status: 'rejected', code });
        }
        const pulled = (await lead.pull()).find((r) => r.id === id)!;
        expect(pulled.fields['sampleDiscussion.heldOn']).toBeUndefined();
      });

      test('only on a submitted single case audit, never a draft, another kind, nor a new record', async () => {
        const draft = await audit({ submit: false });
        expect(await discuss(head, draft, { 'sampleDiscussion.heldOn': today() })).toMatchObject({
          status: 'rejected',
          code: 'NOT_DISCUSSABLE',
        });
        const visit = newId();
        await auditor.push({
          recordId: visit,
          type: 'observation',
          op: 'put',
          baseVersion: 0,
          scopeId: group,
          set: { ...FRONTLINE, ...SUBMITTABLE, status: 'draft' },
        });
        expect(await discuss(head, visit, { 'sampleDiscussion.heldOn': today() })).toMatchObject({
          status: 'rejected',
          code: 'NOT_DISCUSSABLE',
        });
        const created = await auditor.push({
          recordId: newId(),
          type: 'observation',
          op: 'put',
          baseVersion: 0,
          scopeId: group,
          set: {
            ...FRONTLINE,
            ...SUBMITTABLE,
            status: 'draft',
            'sampleDiscussion.heldOn': today(),
          },
        });
        expect(created.results[0]).toMatchObject({ status: 'rejected', code: 'NOT_DISCUSSABLE' });
      });

      test('on a day neither before the audit nor after today', async () => {
        const id = await audit();
        expect(
          await discuss(head, id, { 'sampleDiscussion.heldOn': addDays(AUDIT_DAY, -1) }),
        ).toMatchObject({ status: 'rejected', code: 'DISCUSSION_DATE' });
        expect(
          await discuss(head, id, { 'sampleDiscussion.heldOn': addDays(today(), 1) }),
        ).toMatchObject({ status: 'rejected', code: 'DISCUSSION_DATE' });
        expect(await discuss(head, id, { 'sampleDiscussion.heldOn': AUDIT_DAY })).toMatchObject({
          status: 'applied',
        });
        expect(await discuss(head, id, { 'sampleDiscussion.heldOn': '14/10/2026' })).toMatchObject({
          status: 'rejected',
        });
      });

      test('it is the audit’s handling: recorded once the audit is closed, never with a change to what the auditor wrote', async () => {
        const id = await audit();
        for (const status of ['moderated', 'closed']) {
          expect(await discuss(lead, id, { status })).toMatchObject({ status: 'applied' });
        }
        expect(await discuss(head, id, { 'sampleDiscussion.heldOn': today() })).toMatchObject({
          status: 'applied',
        });
        expect(
          await discuss(head, id, {
            'sampleDiscussion.note': 'Agreed.',
            'summary.strengths': 'Rewritten by the head of service.',
          }),
        ).toMatchObject({ status: 'rejected', code: 'FORBIDDEN_FIELD' });
      });
    },
  );
}

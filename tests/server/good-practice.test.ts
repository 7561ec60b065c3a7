// Good practice acknowledged by a QA lead (Southwark QAF 2h; schemas/rules/good-practice.ts),
// through the real push route on every engine: only a QA lead or head of service overseeing the
// observation's team records it, never its own observer, only once it is submitted (or moderated,
// or closed), whole and in their own name; it is the observation's handling, so it needs no
// amendment and never comes with a change to what the observer wrote. The observer's tablet, and
// the practitioner's once it is shared with them, are given it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addDays } from '../../schemas/calendar/dates';
import { londonDateOf } from '../../schemas/calendar/london-time';
import type { Mutation } from '../../schemas/sync/push';
import type { FieldValue } from '../../schemas/sync/records';
import type { QuarterlyReport } from '../../schemas/reports/quarterly-report';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import { FRONTLINE, InjectDevice } from '../helpers/inject-sync';
import { addScope, newId } from '../helpers/sync-fixtures';
import { SUBMITTABLE } from '../helpers/submittable';
import type { Role } from '../../sync-server/src/accounts/permissions';

useQuickPasswordHashing();

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(`good practice acknowledged on ${engine.name}`, () => {
    let ctx: TestApp;
    let service: string;
    let group: string;
    const people = new Map<string, { device: InjectDevice; id: string }>();
    const today = () => londonDateOf(new Date());
    const who = (name: string) => people.get(name)!;

    beforeAll(async () => {
      ctx = t!;
      service = await addScope(ctx.storage.db, `Children ${engine.name}`, 'service');
      group = await addScope(ctx.storage.db, `Group ${engine.name}`, 'practice-group', service);
      const elsewhere = await addScope(ctx.storage.db, `Adults ${engine.name}`, 'service');
      const accounts: Array<[string, Role, string[]]> = [
        ['observer', 'observer', [group]],
        ['practitioner', 'practitioner', [group]],
        ['lead', 'qa-lead', [group]],
        ['observing lead', 'qa-lead', [group]],
        ['head', 'head-of-service', [service]],
        ['director', 'director', [service]],
        ['other lead', 'qa-lead', [elsewhere]],
      ];
      for (const [name, role, scopeIds] of accounts) {
        const account = await createAccount(ctx.storage, { role, scopeIds });
        people.set(name, {
          device: new InjectDevice(ctx.app, await signIn(ctx.app, account)),
          id: account.id,
        });
      }
    });
    afterAll(async () => ctx?.close());

    const push = (by: string, recordId: string, set: Record<string, FieldValue>) =>
      who(by)
        .device.push({ recordId, type: 'observation', op: 'put', baseVersion: 0, set } as Omit<
          Mutation,
          'id' | 'at'
        >)
        .then((r) => r.results[0]!);

    /** An observation by `observer` (default: the observer), submitted unless told not to. */
    async function observation(opts: { by?: string; submit?: boolean } = {}): Promise<string> {
      const recordId = newId();
      const by = opts.by ?? 'observer';
      const created = await who(by).device.push({
        recordId,
        type: 'observation',
        op: 'put',
        baseVersion: 0,
        scopeId: group,
        set: { ...FRONTLINE, ...SUBMITTABLE, status: 'draft' },
      });
      expect(created.results[0]).toMatchObject({ status: 'applied' });
      if (opts.submit !== false)
        expect(await push(by, recordId, { status: 'submitted' })).toMatchObject({
          status: 'applied',
        });
      return recordId;
    }

    const acknowledgement = (by: string, over: Record<string, FieldValue> = {}) => ({
      'goodPractice.what': 'both',
      'goodPractice.note': 'The child’s wishes were heard and written in their own words.',
      'goodPractice.by': who(by).id,
      'goodPractice.byName': by,
      'goodPractice.on': today(),
      ...over,
    });

    test('a QA lead of the team records it, and the observer and the practitioner are given it', async () => {
      const id = await observation();
      expect(
        await push('observer', id, {
          'context.observedUserId': who('practitioner').id,
          sharedWithPractitioner: true,
        }),
      ).toMatchObject({ status: 'applied' });
      expect(await push('lead', id, acknowledgement('lead'))).toMatchObject({ status: 'applied' });
      for (const reader of ['observer', 'practitioner']) {
        const pulled = (await who(reader).device.pull()).find((r) => r.id === id)!;
        expect(pulled.fields['goodPractice.what'], reader).toBe('both');
        expect(pulled.fields['goodPractice.note'], reader).toMatch(/own words/);
        expect(pulled.fields['goodPractice.by'], reader).toBe(who('lead').id);
      }
      // A head of service overseeing it may add to it, by the same rule.
      expect(await push('head', id, acknowledgement('head'))).toMatchObject({ status: 'applied' });
    });

    test('nobody else: not the observer, a director, the practitioner, nor another service’s lead', async () => {
      const id = await observation();
      expect(
        await push('observer', id, {
          'context.observedUserId': who('practitioner').id,
          sharedWithPractitioner: true,
        }),
      ).toMatchObject({ status: 'applied' });
      for (const [by, code] of [
        ['observer', 'FORBIDDEN_FIELD'],
        ['director', 'FORBIDDEN_FIELD'],
        ['practitioner', 'FORBIDDEN_FIELD'],
        ['other lead', 'FORBIDDEN_OWNER'],
      ] as const) {
        expect(await push(by, id, acknowledgement(by)), by).toMatchObject({
          status: 'rejected',
          code,
        });
      }
      // A QA lead who observed it does not acknowledge their own.
      const own = await observation({ by: 'observing lead' });
      const refused = await push('observing lead', own, acknowledgement('observing lead'));
      expect(refused).toMatchObject({ status: 'rejected', code: 'FORBIDDEN_FIELD' });
      expect(refused).toMatchObject({
        message: expect.stringMatching(/another quality assurance/),
      });
      const pulled = (await who('lead').device.pull()).find((r) => r.id === id)!;
      expect(pulled.fields['goodPractice.what']).toBeUndefined();
    });

    test('only once submitted: never a draft, one returned, nor a new record', async () => {
      const draft = await observation({ submit: false });
      expect(await push('lead', draft, acknowledgement('lead'))).toMatchObject({
        status: 'rejected',
        code: 'NOT_ACKNOWLEDGEABLE',
      });
      const returned = await observation();
      expect(await push('lead', returned, { status: 'returned' })).toMatchObject({
        status: 'applied',
      });
      expect(await push('lead', returned, acknowledgement('lead'))).toMatchObject({
        status: 'rejected',
        code: 'NOT_ACKNOWLEDGEABLE',
      });
      const created = await who('observer').device.push({
        recordId: newId(),
        type: 'observation',
        op: 'put',
        baseVersion: 0,
        scopeId: group,
        set: { ...FRONTLINE, ...SUBMITTABLE, status: 'draft', ...acknowledgement('observer') },
      });
      expect(created.results[0]).toMatchObject({
        status: 'rejected',
        code: 'NOT_ACKNOWLEDGEABLE',
      });
    });

    test('whole, in their own name, on a day not after today', async () => {
      const id = await observation();
      for (const [over, code] of [
        [{ 'goodPractice.note': '   ' }, 'GOOD_PRACTICE_INCOMPLETE'],
        [{ 'goodPractice.what': null }, 'GOOD_PRACTICE_INCOMPLETE'],
        [{ 'goodPractice.by': who('head').id }, 'FORBIDDEN_FIELD'],
        [{ 'goodPractice.on': addDays(today(), 1) }, 'GOOD_PRACTICE_DATE'],
      ] as const) {
        expect(await push('lead', id, acknowledgement('lead', over)), code).toMatchObject({
          status: 'rejected',
          code,
        });
      }
      expect(
        await push('lead', id, { 'goodPractice.note': 'A note alone, with nothing acknowledged.' }),
      ).toMatchObject({ status: 'rejected', code: 'GOOD_PRACTICE_INCOMPLETE' });
    });

    test('its handling: recorded once moderated and closed, never with a change to what the observer wrote', async () => {
      const id = await observation();
      for (const status of ['moderated', 'closed']) {
        expect(await push('lead', id, { status })).toMatchObject({ status: 'applied' });
        expect(await push('lead', id, acknowledgement('lead')), status).toMatchObject({
          status: 'applied',
        });
      }
      expect(
        await push('lead', id, {
          ...acknowledgement('lead'),
          'summary.strengths': 'Rewritten by the QA lead.',
        }),
      ).toMatchObject({ status: 'rejected', code: 'FORBIDDEN_FIELD' });
    });
    test('the quarterly report counts it from the push that records it, once whatever was acknowledged', async () => {
      // SUBMITTABLE's observation date, 11 May 2026, is in 2026-27 Q1.
      const report = async () => {
        const res = await ctx.app.inject({
          method: 'GET',
          url: '/api/reports/quarterly?from=2026-27-Q1&to=2026-27-Q1&asOf=2026-07-01',
          headers: bearer(who('director').device.session.token),
        });
        expect(res.statusCode, res.body).toBe(200);
        const r = res.json<QuarterlyReport>();
        const row = r.rows.find((x) => x.scopeId === group && x.kind === 'frontline-practice')!;
        const subtotal = r.serviceTotals.find((x) => x.serviceId === service)!;
        return {
          observations: row.figures.observations,
          row: row.figures.goodPractice,
          service: subtotal.figures.goodPractice,
          total: r.total.goodPractice,
          quarter: r.trend[0]!.figures.goodPractice,
        };
      };
      const id = await observation();
      const before = await report();
      // Acknowledged after it was submitted: an ordinary push changing the observation.
      expect(
        await push('lead', id, acknowledgement('lead', { 'goodPractice.what': 'record-quality' })),
      ).toMatchObject({ status: 'applied' });
      const one = (n: number) => n + 1;
      const after = await report();
      expect(after).toEqual({
        observations: before.observations,
        row: one(before.row),
        service: one(before.service),
        total: one(before.total),
        quarter: one(before.quarter),
      });
      // Added to by a head of service, now of both: still one observation acknowledged.
      expect(await push('head', id, acknowledgement('head'))).toMatchObject({ status: 'applied' });
      expect(await report()).toEqual(after);
      // A draft is in no report, acknowledged or not (it cannot be).
      await observation({ submit: false });
      expect(await report()).toEqual(after);
      // Withdrawn (made in error): no longer counted.
      expect(await push('lead', id, WITHDRAWN)).toMatchObject({ status: 'applied' });
      expect(await report()).toEqual(before);
    });

    const WITHDRAWN: Record<string, FieldValue> = {
      'goodPractice.what': null,
      'goodPractice.note': null,
      'goodPractice.by': null,
      'goodPractice.byName': null,
      'goodPractice.on': null,
    };

    test('withdrawn whole by an overseer, even one who did not make it; never by anyone else, nor in part', async () => {
      const id = await observation();
      expect(await push('lead', id, acknowledgement('lead'))).toMatchObject({ status: 'applied' });
      for (const [by, code] of [
        ['observer', 'FORBIDDEN_FIELD'],
        ['director', 'FORBIDDEN_FIELD'],
        ['other lead', 'FORBIDDEN_OWNER'],
      ] as const)
        expect(await push(by, id, WITHDRAWN), by).toMatchObject({ status: 'rejected', code });
      expect(await push('lead', id, { 'goodPractice.what': null })).toMatchObject({
        status: 'rejected',
        code: 'GOOD_PRACTICE_INCOMPLETE',
      });
      expect(await push('head', id, WITHDRAWN)).toMatchObject({ status: 'applied' });
      const pulled = (await who('observer').device.pull()).find((r) => r.id === id)!;
      for (const path of Object.keys(WITHDRAWN))
        expect(pulled.fields[path] ?? null, path).toBeNull();
    });
  });
}

// A meeting observed is judged by the timescales in force when its observation was first
// submitted, on every engine: the server stamps them on the observation (`submittedTimescales`)
// with `submittedAt`, and the quarterly report works out due dates from the stamp, so an
// administrator's change of a local timescale judges only what is submitted after it. Returning
// and submitting again, and amending, keep the first stamp; no tablet can set it; the tablet's own
// computation of the report from what it pulled agrees with the server's.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FieldValue } from '../../schemas/entities/field-value';
import { DEFAULT_LOCAL_SETTINGS } from '../../schemas/entities/local-settings';
import { buildQuarterlyReport } from '../../schemas/reports/quarterly-report';
import type { QuarterlyReport } from '../../schemas/reports/quarterly-report';
import { builtInTemplates, latestTemplate } from '../../schemas/templates/catalogue';
import { stampedTimescales, timescalesStamp } from '../../schemas/timescales';
import { createScope, listScopes } from '../../sync-server/src/accounts/accounts-repository';
import type { Role } from '../../sync-server/src/accounts/permissions';
import { rebuildReportRows } from '../../sync-server/src/reports/report-rows';
import { readLocalSettings } from '../../sync-server/src/settings/local-settings';
import { fullReadScopes } from '../../sync-server/src/sync/access';
import type { Actor } from '../../sync-server/src/sync/actor';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import { ReportSeeder, answers, pullEverything } from '../helpers/report-fixtures';
import { newId } from '../helpers/sync-fixtures';

useQuickPasswordHashing();

type Person = Actor & { token: string };

const RANGE = 'from=2026-27-Q2&to=2026-27-Q2&asOf=2026-09-30';
const NINETY_DAYS = { 'first-review-conference': { unit: 'calendar-days', amount: 90 } } as const;

/**
 * A first child protection review conference held on `held`, the initial conference on `initial`.
 * Held on 10 July after an initial conference on 10 April, it is in time within 3 months (due 10
 * July) and a day late within 90 days (due 9 July).
 */
const firstReview = (held: string, initial: string) => ({
  'context.date': held,
  'summary.overallGrade': 'good',
  ...answers({ 'conference-type': 'review', 'initial-conference-date': initial }),
});

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(
    `meetings judged by the timescales at submission on ${engine.name}`,
    () => {
      let ctx: TestApp;
      let seed: ReportSeeder;
      let group: string;
      let observer: Person;
      let qaLead: Person;
      let director: Person;
      let admin: Person;
      /** Submitted under 3 months. */
      let before: string;

      const person = async (role: Role, scopeIds: string[]): Promise<Person> => {
        const a = await createAccount(ctx.storage, { role, scopeIds });
        const session = await signIn(ctx.app, { email: a.email, password: a.password });
        return { userId: a.id, role, deviceId: session.deviceId, token: session.token };
      };
      const report = async (): Promise<QuarterlyReport> => {
        const res = await ctx.app.inject({
          method: 'GET',
          url: `/api/reports/quarterly?${RANGE}&scopeId=${group}`,
          headers: bearer(director.token),
        });
        expect(res.statusCode, res.body).toBe(200);
        return res.json<QuarterlyReport>();
      };
      const timeliness = async () => (await report()).total.timeliness;
      const fieldsOf = async (id: string): Promise<Record<string, FieldValue>> =>
        JSON.parse(
          (
            await ctx.storage.db
              .selectFrom('records')
              .select('fields')
              .where('id', '=', id)
              .executeTakeFirstOrThrow()
          ).fields,
        ) as Record<string, FieldValue>;
      const stampOf = async (id: string) => (await fieldsOf(id))['submittedTimescales'];
      const dueOf = async (id: string) =>
        (
          await ctx.storage.db
            .selectFrom('report_observations')
            .select('due_date')
            .where('observation_id', '=', id)
            .executeTakeFirstOrThrow()
        ).due_date;
      const setTimescales = async (timescales: object) => {
        const res = await ctx.app.inject({
          method: 'PUT',
          url: '/api/admin/settings',
          headers: bearer(admin.token),
          payload: { timescales },
        });
        expect(res.statusCode, res.body).toBe(200);
      };
      const submitted = (fields: Record<string, FieldValue>) =>
        seed.observation(observer, group, 'cp-conference-chairing', fields);

      beforeAll(async () => {
        ctx = t!;
        const db = ctx.storage.db;
        seed = new ReportSeeder(db);
        const service = (await createScope(db, { name: 'Safeguarding', kind: 'service' })).id;
        group = (
          await createScope(db, { name: 'CP chairs', kind: 'practice-group', parentId: service })
        ).id;
        observer = await person('observer', [group]);
        qaLead = await person('qa-lead', [group]);
        director = await person('director', [service]);
        admin = await person('admin', []);
      });
      afterAll(async () => ctx?.close());

      test('submitted under 3 months, a meeting stays in time when the setting becomes 90 days; one submitted after is judged by 90 days', async () => {
        before = await submitted(firstReview('2026-07-10', '2026-04-10'));
        expect(await timeliness()).toEqual({ inTime: 1, late: 0, notRecorded: 0 });
        expect(await stampOf(before)).toBe(timescalesStamp({}));
        expect(stampedTimescales(await stampOf(before))).toMatchObject({
          'first-review-conference': { unit: 'months', amount: 3 },
        });

        await setTimescales(NINETY_DAYS);
        expect(await timeliness()).toEqual({ inTime: 1, late: 0, notRecorded: 0 });
        // Not because the row was left as it was: worked out again now, it says the same.
        await rebuildReportRows(ctx.storage.db);
        expect(await timeliness()).toEqual({ inTime: 1, late: 0, notRecorded: 0 });

        const after = await submitted(firstReview('2026-07-10', '2026-04-10'));
        expect(await stampOf(after)).toBe(timescalesStamp(NINETY_DAYS));
        expect(await timeliness()).toEqual({ inTime: 1, late: 1, notRecorded: 0 });

        // A draft is in no report and carries no stamp.
        const draft = await seed.observation(
          observer,
          group,
          'cp-conference-chairing',
          firstReview('2026-07-10', '2026-04-10'),
          { status: 'draft' },
        );
        expect(await stampOf(draft)).toBeUndefined();
        expect((await report()).total.observations).toBe(2);
      });

      test('the stamp reaches tablets, and the tablet’s report agrees with the server’s under today’s settings', async () => {
        const pulled = await pullEverything(ctx.storage.db, director);
        const mine = pulled.find((r) => r.id === before)!;
        expect(mine.fields['submittedTimescales']).toBe(timescalesStamp({}));
        const local = buildQuarterlyReport(pulled, {
          query: { from: '2026-27-Q2', to: '2026-27-Q2', scopeId: group, asOf: '2026-09-30' },
          scopes: await listScopes(ctx.storage.db),
          viewerScopeIds: await fullReadScopes(ctx.storage.db, director),
          gradeScale: DEFAULT_LOCAL_SETTINGS.gradeScale,
          timescales: (await readLocalSettings(ctx.storage)).timescales,
          templates: builtInTemplates,
        });
        expect(local).toEqual(await report());
      });

      test('returned and submitted again, then amended, it keeps its first stamp and is judged by it', async () => {
        const first = await fieldsOf(before);
        await seed.put(qaLead, {
          recordId: before,
          type: 'observation',
          set: { status: 'returned' },
        });
        await seed.put(observer, {
          recordId: before,
          type: 'observation',
          set: { 'summary.overallReasons': 'More evidence added.' },
        });
        await seed.put(observer, {
          recordId: before,
          type: 'observation',
          set: { status: 'submitted' },
        });
        const again = await fieldsOf(before);
        expect(again['status']).toBe('submitted');
        expect(again['submittedAt']).toBe(first['submittedAt']);
        expect(again['submittedTimescales']).toBe(first['submittedTimescales']);
        // Still in time; the one submitted under 90 days still late.
        expect(await dueOf(before)).toBe('2026-07-10');
        expect(await timeliness()).toEqual({ inTime: 1, late: 1, notRecorded: 0 });

        // Both dates a day earlier: in time within 3 months (due 9 July), late within 90 days
        // (due 8 July). The amendment changes the dates the stamp is applied to, not the stamp.
        await seed.put(observer, {
          recordId: before,
          type: 'observation',
          set: {
            'context.date': '2026-07-09',
            'responses.initial-conference-date.value': '2026-04-09',
          },
          amendmentId: newId(),
        });
        expect(await stampOf(before)).toBe(first['submittedTimescales']);
        expect(await dueOf(before)).toBe('2026-07-09');
        const amended = await report();
        expect(amended.total.timeliness).toEqual({ inTime: 1, late: 1, notRecorded: 0 });
        // The rows are what the records say: working them out again changes nothing.
        await rebuildReportRows(ctx.storage.db);
        expect(await report()).toEqual(amended);
      });

      test('a push that sets the stamp is refused, whatever else it does, and changes nothing', async () => {
        const stamp = timescalesStamp({});
        const refused = /SERVER_OWNED_FIELD submittedTimescales is set by the server/;
        const template = latestTemplate('cp-conference-chairing')!;
        // A new observation that comes with one.
        await expect(
          seed.put(observer, {
            recordId: newId(),
            type: 'observation',
            scopeId: group,
            set: {
              kind: template.kind,
              templateId: template.id,
              templateVersion: template.version,
              status: 'draft',
              submittedTimescales: stamp,
            },
          }),
        ).rejects.toThrow(refused);
        // A draft given one, alone or as it is submitted.
        const draft = await seed.observation(
          observer,
          group,
          'cp-conference-chairing',
          firstReview('2026-07-10', '2026-04-10'),
          { status: 'draft' },
        );
        const sets: Record<string, FieldValue>[] = [
          { submittedTimescales: stamp },
          { status: 'submitted', submittedTimescales: stamp },
        ];
        for (const set of sets) {
          await expect(
            seed.put(observer, { recordId: draft, type: 'observation', set }),
          ).rejects.toThrow(refused);
        }
        expect(await fieldsOf(draft)).toMatchObject({ status: 'draft' });
        expect(await stampOf(draft)).toBeUndefined();
        // A submitted one's, by its observer while amending, or cleared; and by its QA lead.
        const kept = await stampOf(before);
        for (const [who, set, amending] of [
          [observer, { submittedTimescales: timescalesStamp(NINETY_DAYS) }, true],
          [observer, { submittedTimescales: null }, true],
          [qaLead, { submittedTimescales: timescalesStamp(NINETY_DAYS) }, false],
        ] as const) {
          await expect(
            seed.put(who, {
              recordId: before,
              type: 'observation',
              set,
              ...(amending ? { amendmentId: newId() } : {}),
            }),
          ).rejects.toThrow(/SERVER_OWNED_FIELD|FORBIDDEN_FIELD/);
        }
        expect(await stampOf(before)).toBe(kept);
      });
    },
  );
}

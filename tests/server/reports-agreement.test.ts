// The server's SQL report and the tablet's in-memory report agree, on every engine, on a larger
// pseudo-random data set (fixed seed): every kind, four quarters, three practice groups and a
// service, drafts, deletions, later edits, moderation comments, actions and call attempts, good
// practice acknowledged after submission, for several viewers and filters; and programme assignments due across the quarters, done in time or
// late, exempted, left open.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FieldValue } from '../../schemas/entities/field-value';
import { DEFAULT_LOCAL_SETTINGS } from '../../schemas/entities/local-settings';
import { OBSERVATION_KINDS } from '../../schemas/entities/observation-kind';
import type { ObservationKind } from '../../schemas/entities/observation-kind';
import { summaryPartSpec, templateItems } from '../../schemas/entities/template';
import { buildQuarterlyReport } from '../../schemas/reports/quarterly-report';
import type { QuarterlyReport } from '../../schemas/reports/quarterly-report';
import type { Mutation } from '../../schemas/sync/push';
import { builtInTemplates, latestTemplate } from '../../schemas/templates/catalogue';
import { createScope, listScopes } from '../../sync-server/src/accounts/accounts-repository';
import type { Role } from '../../sync-server/src/accounts/permissions';
import type { Actor } from '../../sync-server/src/sync/actor';
import { fullReadScopes } from '../../sync-server/src/sync/access';
import { exemptAssignment } from '../../sync-server/src/programme/assignments';
import { planAssignments } from '../../sync-server/src/programme/plans';
import { push } from '../../sync-server/src/sync/push';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import { pullEverything } from '../helpers/report-fixtures';
import { markDoneAsOf } from '../helpers/record-history';
import { MutationIds, newId, pushReq } from '../helpers/sync-fixtures';
import { submittableFields } from '../helpers/submittable';

useQuickPasswordHashing();

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GRADES = [
  'outstanding',
  'good',
  'requires-improvement-to-be-good',
  'inadequate',
  'not-observed',
];
const DATES = [
  '2026-02-28',
  '2026-03-15',
  '2026-04-01',
  '2026-05-20',
  '2026-06-30',
  '2026-07-01',
  '2026-09-12',
  '2026-11-03',
];
const TRIGGERS = [
  '2025-11-01',
  '2025-12-24',
  '2026-01-10',
  '2026-03-02',
  '2026-05-04',
  '2026-06-15',
  '2026-08-20',
];
const OBSERVATIONS = 120;

type Person = Actor & { token: string };

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(`report agreement on ${engine.name}`, () => {
    let ctx: TestApp;
    let director: Person;
    let qa: Person;
    let hos: Person;
    const scopes: string[] = [];

    const person = async (role: Role, scopeIds: string[]): Promise<Person> => {
      const a = await createAccount(ctx.storage, { role, scopeIds });
      const session = await signIn(ctx.app, { email: a.email, password: a.password });
      return { userId: a.id, role, deviceId: session.deviceId, token: session.token };
    };

    const ids = new MutationIds();
    type Planned = Omit<Mutation, 'id' | 'at' | 'set'> & { set?: Mutation['set'] };
    async function pushAll(actor: Actor, planned: Planned[]): Promise<void> {
      const mutations = planned.map((m) => ids.take(actor, m));
      for (let i = 0; i < mutations.length; i += 100) {
        const res = await push(ctx.storage.db, actor, pushReq(actor, mutations.slice(i, i + 100)));
        const refused = res.results.find((r) => r.status !== 'applied');
        if (refused) throw new Error(`refused: ${refused.code} ${refused.message}`);
      }
    }

    beforeAll(async () => {
      ctx = t!;
      const db = ctx.storage.db;
      const s1 = (await createScope(db, { name: 'Service one', kind: 'service' })).id;
      const s2 = (await createScope(db, { name: 'Service two', kind: 'service' })).id;
      for (const [name, parent] of [
        ['Group one', s1],
        ['Group two', s1],
        ['Group three', s2],
      ] as const) {
        scopes.push((await createScope(db, { name, kind: 'practice-group', parentId: parent })).id);
      }
      scopes.push(s1);
      const observer = await person('observer', [s1, s2]);
      director = await person('director', [s1, s2]);
      qa = await person('qa-lead', [s1]);
      hos = await person('head-of-service', [s2]);
      const qa2 = await person('qa-lead', [s2]);
      const rnd = random(20260401);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
      const mine: Planned[] = [];
      const theirs = new Map<Person, Planned[]>([
        [qa, []],
        [qa2, []],
      ]);
      const later: Planned[] = [];
      // Its own generator, so the rest of the data set is the one it always was.
      const praise = random(20261207);
      const acknowledgers = new Map<Person, Planned[]>([
        [qa, []],
        [qa2, []],
        [hos, []],
      ]);
      for (let n = 0; n < OBSERVATIONS; n++) {
        const kind: ObservationKind = pick(OBSERVATION_KINDS);
        const template = latestTemplate(kind)!;
        const scopeId = pick(scopes);
        const id = newId();
        const set: Record<string, FieldValue> = {
          kind,
          templateId: template.id,
          templateVersion: template.version,
          status: 'draft',
          'context.date': pick(DATES),
        };
        const graded: string[] = [];
        for (const { item } of templateItems(template)) {
          const r = rnd();
          // An answer that asks for actions or a concern first would keep it from being submitted.
          if (item.requiresOn) continue;
          const path = `responses.${item.id}.value`;
          if (item.response.type === 'grade4' && r < 0.8) {
            set[path] = pick(GRADES);
            graded.push(item.id);
          } else if (item.response.type === 'date' && item.timescaleRule && r < 0.4) {
            set[path] = pick(TRIGGERS);
          } else if ((item.response.type === 'ypndk' || item.response.type === 'ynna') && r < 0.7) {
            set[path] = pick(
              item.response.type === 'ypndk'
                ? ['yes', 'partly', 'no', 'dont-know']
                : ['yes', 'no', 'not-applicable'],
            );
          } else if (item.response.type === 'choice' && !item.response.multiple && r < 0.7) {
            set[path] = pick(item.response.options).key;
          } else if (item.response.type === 'scale0to10' && r < 0.7) {
            set[path] = Math.floor(rnd() * 11);
          }
        }
        // Required where its template asks for one, so it may be submitted.
        const judged = summaryPartSpec(template, 'overall-judgement')?.required === true;
        if (kind !== 'family-feedback-call' && (rnd() < 0.85 || judged))
          set['summary.overallGrade'] = pick(GRADES.slice(0, 4));
        mine.push({
          recordId: id,
          type: 'observation',
          op: 'put',
          scopeId,
          baseVersion: 0,
          // With what else the completeness rules ask for, so it may be submitted.
          set: submittableFields(template, set),
        });
        const fate = rnd();
        if (fate < 0.1) continue; // stays a draft
        if (fate < 0.15) {
          mine.push({ recordId: id, type: 'observation', op: 'delete', baseVersion: 0 });
          continue;
        }
        if (kind === 'family-feedback-call') {
          // At least one before it is submitted, as the rules ask.
          for (let a = Math.max(1, Math.floor(rnd() * 4)); a > 0; a--) {
            mine.push({
              recordId: newId(),
              type: 'call-attempt',
              op: 'put',
              parentId: id,
              baseVersion: 0,
              set: {
                at: '2026-05-01T09:00:00Z',
                outcome: pick(['no-answer', 'call-back', 'declined', 'completed']),
              },
            });
          }
        }
        mine.push({
          recordId: id,
          type: 'observation',
          op: 'put',
          baseVersion: 0,
          set: { status: 'submitted' },
        });
        for (let a = Math.floor(rnd() * 3); a > 0; a--) {
          const action: Record<string, FieldValue> = { what: 'Do something.' };
          if (rnd() < 0.8) action['status'] = pick(['open', 'in-progress', 'done', 'cancelled']);
          if (rnd() < 0.8) action['dueDate'] = pick(DATES);
          // Added to the submitted observation's plan while amending it.
          mine.push({
            recordId: newId(),
            type: 'action',
            op: 'put',
            parentId: id,
            baseVersion: 0,
            set: action,
            amendmentId: newId(),
          });
        }
        const moderator = scopeId === scopes[2] ? qa2 : qa;
        for (const itemId of [...graded, ''].filter(() => rnd() < 0.3)) {
          const comment: Record<string, FieldValue> = { agrees: rnd() < 0.6, reason: 'Moderated.' };
          if (itemId) comment['itemId'] = itemId;
          if (rnd() < 0.5) comment['moderatorGrade'] = pick(GRADES.slice(0, 4));
          theirs.get(moderator)!.push({
            recordId: newId(),
            type: 'review-comment',
            op: 'put',
            parentId: id,
            baseVersion: 0,
            set: comment,
          });
        }
        if (praise() < 0.3) {
          // Good practice acknowledged once it was submitted, by one who oversees its team.
          const by = scopeId === scopes[2] ? (praise() < 0.5 ? qa2 : hos) : qa;
          acknowledgers.get(by)!.push({
            recordId: id,
            type: 'observation',
            op: 'put',
            baseVersion: 0,
            set: {
              'goodPractice.what': (['practice', 'record-quality', 'both'] as const)[
                Math.floor(praise() * 3)
              ]!,
              'goodPractice.note': 'The child’s own words were heard and kept.',
              'goodPractice.by': by.userId,
              'goodPractice.byName': 'Acknowledged by',
              'goodPractice.on': '2026-05-02',
            },
          });
        }
        if (rnd() < 0.15) {
          // Its date corrected by an amendment: it moves to another quarter, and its counts with it.
          later.push({
            recordId: id,
            type: 'observation',
            op: 'put',
            baseVersion: 0,
            set: { 'context.date': pick(DATES) },
            amendmentId: newId(),
          });
        }
        if (graded.length > 0 && rnd() < 0.2) {
          // Amended after submission: a grade changes, and the report follows.
          later.push({
            recordId: id,
            type: 'observation',
            op: 'put',
            baseVersion: 0,
            set: { [`responses.${pick(graded)}.value`]: pick(GRADES) },
            amendmentId: newId(),
          });
        }
      }
      await pushAll(observer, mine);
      for (const [moderator, list] of theirs) await pushAll(moderator, list);
      await pushAll(observer, later);
      for (const [by, list] of acknowledgers) await pushAll(by, list);

      // Programme assignments: planned by the QA lead of each service, some finished (in time or
      // late) by the observer, some exempted by the head of service, the rest left open.
      const hos1 = await person('head-of-service', [s1]);
      const ASSIGNMENTS = 60;
      const finishes: { id: string; completedAt: string }[] = [];
      for (let n = 0; n < ASSIGNMENTS; n++) {
        const scopeId = pick(scopes);
        const service = scopeId === scopes[2] ? s2 : s1;
        const dueDate = pick(DATES);
        const [made] = await planAssignments(db, service === s2 ? qa2 : qa, [
          {
            scopeId,
            kind: pick(OBSERVATION_KINDS.filter((k) => k !== 'single-case-audit')),
            observerUserId: observer.userId,
            observedName: 'A practitioner',
            dueDate,
          },
        ]);
        const fate = rnd();
        if (fate < 0.2) {
          await exemptAssignment(db, service === s2 ? hos : hos1, made!.id, { reason: 'leave' });
        } else if (fate < 0.6) {
          // Finished a day or two either side of the due date, or on it.
          const at = new Date(
            Date.parse(`${dueDate}T00:00:00Z`) +
              (Math.floor(rnd() * 5) - 2) * 864e5 +
              // Often late in the evening (UTC), where summer time makes it the next day.
              (rnd() < 0.5 ? 23 * 36e5 + Math.floor(rnd() * 36e5) : Math.floor(rnd() * 864e5)),
          );
          finishes.push({ id: made!.id, completedAt: at.toISOString() });
        }
      }
      // Marked done on the day each test case needs (a submission marks one done only today).
      for (const f of finishes) await markDoneAsOf(db, f.id, f.completedAt);
    });
    afterAll(async () => ctx?.close());

    const queries = [
      'from=2025-26-Q4&to=2026-27-Q4&asOf=2026-08-01',
      'from=2026-27-Q1&to=2026-27-Q2&asOf=2026-09-12',
      'from=2025-26-Q4&to=2026-27-Q4&asOf=2026-08-01&kind=cp-conference-chairing',
      'from=2025-26-Q4&to=2026-27-Q4&asOf=2026-08-01&kind=family-feedback-call',
    ];

    test('server and tablet agree, figure for figure', async () => {
      let compared = 0;
      for (const viewer of [director, qa, hos]) {
        const pulled = await pullEverything(ctx.storage.db, viewer);
        const viewerScopeIds = await fullReadScopes(ctx.storage.db, viewer);
        const all = await listScopes(ctx.storage.db);
        for (const query of [...queries, `${queries[0]}&scopeId=${scopes[0]}`]) {
          if (viewer === hos && query.includes('scopeId')) continue;
          const res = await ctx.app.inject({
            method: 'GET',
            url: `/api/reports/quarterly?${query}`,
            headers: bearer(viewer.token),
          });
          expect(res.statusCode, res.body).toBe(200);
          const server = res.json<QuarterlyReport>();
          const p = new URLSearchParams(query);
          const local = buildQuarterlyReport(pulled, {
            query: {
              from: p.get('from')!,
              to: p.get('to')!,
              asOf: p.get('asOf')!,
              ...(p.get('kind') ? { kind: p.get('kind') as ObservationKind } : {}),
              ...(p.get('scopeId') ? { scopeId: p.get('scopeId')! } : {}),
            },
            scopes: all,
            viewerScopeIds,
            gradeScale: DEFAULT_LOCAL_SETTINGS.gradeScale,
            timescales: {},
            templates: builtInTemplates,
          });
          expect(local).toEqual(server);
          compared++;
        }
      }
      expect(compared).toBe(14);
      // The data set is not trivially empty.
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/reports/quarterly?${queries[0]}`,
        headers: bearer(director.token),
      });
      const { total } = res.json<QuarterlyReport>();
      expect(total.observations).toBeGreaterThan(80);
      expect(total.moderation.moderated).toBeGreaterThan(20);
      expect(total.timeliness.inTime + total.timeliness.late).toBeGreaterThan(3);
      expect(total.actions.overdue).toBeGreaterThan(0);
      expect(total.familyFeedback.length).toBeGreaterThan(3);
      expect(total.goodPractice).toBeGreaterThan(10);
      expect(total.goodPractice).toBeLessThan(total.observations);
      const { programme } = res.json<QuarterlyReport>();
      expect(programme.total.due).toBeGreaterThan(40);
      for (const k of ['done', 'doneLate', 'overdue', 'exempted'] as const)
        expect(programme.total[k], k).toBeGreaterThan(0);
    });
  });
}

// A report after a timescale change rewrites the due dates of the stored report rows while pushes
// rewrite the rows of what they change. On PostgreSQL both must take their locks in one order
// (the sequence counter first), or each could hold a row the other waits for. The interleaving is
// forced, not hoped for: observations are made so that the refresh locks the first group's rows
// and then waits at the second group's first row, which a third connection holds; a push is then
// started that rewrites a later row of the second group and one of the first. Only when both wait
// is the third connection's row let go. Only PostgreSQL runs transactions side by side.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Mutation } from '../../schemas/sync/push';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createScope } from '../../sync-server/src/accounts/accounts-repository';
import { refreshStaleDueDates, timescalesKey } from '../../sync-server/src/reports/report-rows';
import { writeLocalSettings } from '../../sync-server/src/settings/local-settings';
import { push } from '../../sync-server/src/sync/push';
import type { Actor } from '../../sync-server/src/sync/actor';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { postgresEngine } from '../helpers/engines';
import { ReportSeeder, answers } from '../helpers/report-fixtures';
import { waitFor } from '../helpers/sinks';
import { MutationIds, addUser, otherDevice, pushReq } from '../helpers/sync-fixtures';

const t = await buildTestApp(postgresEngine);
describe.skipIf(t === null)('report rows refreshed beside a push on postgres', () => {
  let ctx: TestApp;
  beforeAll(() => {
    ctx = t!;
  });
  afterAll(async () => ctx?.close());

  const lockWaits = async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`.execute(ctx.storage.db);
    return rows[0]!.n;
  };

  test('due dates refreshed after a timescale change while a push rewrites the same rows: both finish', async () => {
    const db = ctx.storage.db;
    const service = await createScope(db, { name: 'Looked after', kind: 'service' });
    const group = await createScope(db, {
      name: 'LAC reviews',
      kind: 'practice-group',
      parentId: service.id,
    });
    const observer: Actor = await addUser(db, 'observer', [service.id]);
    const seed = new ReportSeeder(db);
    // Ids in the order the rows are written, so a row's place in the table and in the index of
    // observation ids agree: whichever way a statement reads them, it meets them in this order.
    const idOf = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const triggers = ['2026-06-22', '2026-06-23'];
    const made: { id: string; trigger: string }[] = [];
    for (let n = 0; n < 6; n++) {
      const trigger = triggers[n % 2]!;
      const id = await seed.observation(
        observer,
        group.id,
        'lac-review-chairing',
        {
          'context.date': '2026-07-20',
          'summary.overallGrade': 'good',
          ...answers({ 'review-number': 'first', 'date-became-looked-after': trigger }),
        },
        { id: idOf(n + 1) },
      );
      made.push({ id, trigger });
    }
    const timescales = { 'first-cla-review': { unit: 'working-days' as const, amount: 15 } };
    await writeLocalSettings(ctx.storage, { timescales });
    const refreshCtx = { timescales, timescalesKey: timescalesKey(timescales) };

    // The refresh updates one (rule, trigger date) at a time, in the order this reads them.
    const { rows: order } = await sql<{ trigger_date: string }>`
      select distinct timescale_rule, trigger_date from report_observations
      where timescales_key < ${refreshCtx.timescalesKey}
         or timescales_key > ${refreshCtx.timescalesKey}`.execute(db);
    expect(order).toHaveLength(2);
    const first = made.filter((m) => m.trigger === order[0]!.trigger_date);
    const second = made.filter((m) => m.trigger === order[1]!.trigger_date);
    // The refresh holds every row of the first group and waits at the second group's first row;
    // the push rewrites the second group's next row and then the first group's last.
    const held = second[0]!.id;
    const pushed = [second[1]!.id, first[2]!.id];
    expect(pushed[0]! < pushed[1]!).toBe(true);

    const tablet = otherDevice(observer);
    const ids = new MutationIds();
    const version = async (id: string) =>
      Number(
        (
          await db
            .selectFrom('records')
            .select('seq')
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        ).seq,
      );
    const mutations: Mutation[] = [];
    for (const id of pushed)
      mutations.push(
        ids.take(tablet, {
          recordId: id,
          type: 'observation',
          op: 'put',
          baseVersion: await version(id),
          // The observations are submitted: their grade changes as part of an amendment.
          amendmentId: randomUUID(),
          set: { 'summary.overallGrade': 'outstanding' },
        }),
      );

    let refreshed: Promise<number> | undefined;
    let pushing: Promise<unknown> | undefined;
    await db.transaction().execute(async (third) => {
      await sql`select observation_id from report_observations
        where observation_id = ${held} for update`.execute(third);
      refreshed = refreshStaleDueDates(db, refreshCtx);
      await waitFor('the refresh to wait', async () => (await lockWaits()) === 1);
      pushing = push(db, tablet, pushReq(tablet, mutations));
      // Before the fix the push waits for a row of the first group, holding one of the second;
      // now it waits for the sequence counter the refresh holds.
      await waitFor('the push to wait', async () => (await lockWaits()) === 2);
    });

    const [refreshResult, pushResult] = await Promise.allSettled([refreshed!, pushing!]);
    expect(refreshResult).toEqual({ status: 'fulfilled', value: 2 });
    expect(pushResult.status).toBe('fulfilled');
    const results = (pushResult as PromiseFulfilledResult<{ results: { status: string }[] }>).value
      .results;
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const { rows: stale } = await sql<{ n: number }>`
      select count(*)::int as n from report_observations
      where timescales_key <> ${refreshCtx.timescalesKey}`.execute(db);
    expect(stale[0]!.n).toBe(0);
  });
});

// A push, applied in one transaction: every mutation in it is applied exactly once, in order, or
// (on a gap or a transient failure) none is. The device's last mutation id is stored in the same
// transaction as the mutations' effects, so a lost response or a retry can never apply one twice.
import { sql } from 'kysely';
import type { Insertable, Kysely } from 'kysely';
import type { MutationResult, PushRequest, PushResponse } from '../../../schemas/sync/push';
import { recordDeviceContact } from '../accounts/accounts-repository';
import { appendAudit } from '../audit/append';
import type { AuditEvent } from '../audit/append';
import { AppError } from '../errors';
import type { Database } from '../storage/database';
import type { Actor } from './actor';
import { refreshReportRows } from '../reports/report-rows';
import { readLocalSettingsWith } from '../settings/local-settings';
import type { LocalTimescales } from '../../../schemas/timescales';
import { nextSequence } from './sequence';
import { fullReadScopes, memberScopes } from './access';
import { applyMutation, precheckCreations } from './apply-mutation';
import { PushRecords } from './push-records';
import { faultTraceEnabled, holdOpen, trace } from './fault-trace';
import { allTemplates } from '../templates/local-templates';
import { erasedAmong } from '../retention/retention';
import { started, yieldsFor } from '../storage/overlap';
import type { MutationResultsTable } from '../storage/sync-tables';

export type PushOptions = {
  /**
   * False when the changes arrive another way than from the device itself (an administrator
   * importing its recovery file): the device's last contact and unsent count stay as they were.
   */
  deviceContact?: boolean;
};

export async function push(
  db: Kysely<Database>,
  actor: Actor,
  req: PushRequest,
  opts: PushOptions = {},
): Promise<PushResponse> {
  if (req.deviceId !== actor.deviceId) {
    throw new AppError(
      403,
      'DEVICE_MISMATCH',
      'These changes come from another device registration. Sign in again on this device.',
    );
  }
  for (let i = 1; i < req.mutations.length; i++) {
    if (req.mutations[i]!.id !== req.mutations[i - 1]!.id + 1) {
      throw new AppError(
        400,
        'MUTATION_IDS_NOT_CONSECUTIVE',
        'Mutation ids in one push must follow one another without gaps.',
      );
    }
  }
  const receivedAt = Date.now();
  const offset = Date.parse(req.sentAt) - receivedAt;

  const now = new Date(receivedAt).toISOString();
  // The new observations are checked in slices from now on, before and while this push waits for
  // the counter's lock and its reads, so that on PostgreSQL the checks of one push run while
  // another's statements do (storage/overlap.ts); their verdicts are taken once the reads are in.
  const prechecks = started(precheckCreations(req.mutations, { actor, now }, yieldsFor(db)));

  const response = await db.transaction().execute(async (tx) => {
    // Taking the counter's row lock first serializes pushes, which is what keeps the sequence in
    // commit order (see migration 0003).
    const seq = await nextSequence(tx);

    // The reads this push needs are queued together and answered while the new observations are
    // checked. Records are read for every mutation, even those already applied: cheaper than
    // waiting to learn which are new.
    const clientRead = started(
      tx
        .selectFrom('sync_clients')
        .selectAll()
        .where('device_id', '=', actor.deviceId)
        .executeTakeFirst(),
    );
    const records = new PushRecords(tx);
    const ids = req.mutations.flatMap((m) =>
      m.parentId ? [m.recordId, m.parentId] : [m.recordId],
    );
    const reads = started(
      Promise.all([
        memberScopes(tx, actor.userId),
        fullReadScopes(tx, actor),
        tx
          .selectFrom('record_grants')
          .select('root_id')
          .where('user_id', '=', actor.userId)
          .execute(),
        allTemplates(tx),
        erasedAmong(tx, ids),
        // The amendments edits name are read with them (apply-mutation's checkAmendmentNamed).
        records.preload([
          ...ids,
          ...req.mutations.flatMap((m) => (m.amendmentId ? [m.amendmentId] : [])),
        ]),
      ]),
    );
    const prechecked = await prechecks();

    const client = await clientRead();
    let last = client?.last_mutation_id ?? 0;
    const first = req.mutations[0]!.id;
    if (first > last + 1) {
      await reads().catch(() => undefined);
      throw new AppError(
        409,
        'MUTATION_GAP',
        `This device's next change should be number ${last + 1}; send from there.`,
        {
          expected: last + 1,
        },
      );
    }
    const [members, full, grants, templates, erased] = await reads();
    // The settings are read once, and only by a push that submits an observation or changes what
    // a report counts.
    let settings: Promise<LocalTimescales> | undefined;
    const timescalesNow = () => (settings ??= readLocalSettingsWith(tx).then((s) => s.timescales));
    const ctx = {
      tx,
      actor,
      seq,
      now,
      clockOffsetMs: offset,
      audit: [] as AuditEvent[],
      templates,
      erased,
      records,
      touchedRoots: new Set<string>(),
      prechecked,
      timescalesNow,
      access: {
        memberScopes: new Set(members),
        fullScopes: new Set(full),
        grantedRoots: new Set(grants.map((g) => g.root_id)),
      },
    };

    const results: MutationResult[] = [];
    const old = req.mutations.filter((m) => m.id <= last).map((m) => m.id);
    const stored = old.length
      ? await tx
          .selectFrom('mutation_results')
          .select(['mutation_id', 'result'])
          .where('device_id', '=', actor.deviceId)
          .where('mutation_id', 'in', old)
          .execute()
      : [];
    const storedById = new Map(
      stored.map((r) => [Number(r.mutation_id), JSON.parse(r.result) as MutationResult]),
    );

    const newResults: Array<Insertable<MutationResultsTable>> = [];
    for (const m of req.mutations) {
      if (m.id <= last) {
        results.push(storedById.get(m.id) ?? { id: m.id, status: 'applied' });
        continue;
      }
      const result = await applyMutation(ctx, m);
      newResults.push({
        device_id: actor.deviceId,
        mutation_id: m.id,
        result: JSON.stringify(result),
        created_at: now,
      });
      results.push(result);
      last = m.id;
    }
    // The report rows of every observation this push changed, derived from the records as the
    // push holds them and written in the same transaction, so a report never sees an observation
    // half updated.
    if (ctx.touchedRoots.size > 0) {
      await refreshReportRows(
        tx,
        ctx.touchedRoots,
        { templates, timescales: await timescalesNow() },
        (ids) => ctx.records.families(ids),
        ctx.records.createdIds(),
      );
    }
    // The push's own rows are written while the audit entries are hashed.
    await appendAudit(tx, ctx.audit, async () => {
      await ctx.records.flush();
      for (let i = 0; i < newResults.length; i += 500) {
        await tx
          .insertInto('mutation_results')
          .values(newResults.slice(i, i + 500))
          .execute();
      }
      if (opts.deviceContact !== false) {
        // The tablet counts this push among what it holds unsent; once it is answered every
        // mutation in it is applied or refused for good (a repeat included, its result stored), so
        // what remains is the rest. Worked out from this request alone, a repeated push stores the
        // same figure, never one taken off twice.
        await recordDeviceContact(tx, actor.deviceId, {
          unsent: Math.max(0, (req.pending ?? 0) - req.mutations.length),
          now: new Date(receivedAt),
        });
      }
    });
    trace('begin', actor.deviceId, first, last);
    await holdOpen();

    const values = {
      last_mutation_id: last,
      clock_offset_ms: offset,
      updated_at: now,
    };
    if (client) {
      await tx
        .updateTable('sync_clients')
        .set(values)
        .where('device_id', '=', actor.deviceId)
        .execute();
    } else {
      await tx
        .insertInto('sync_clients')
        .values({ device_id: actor.deviceId, user_id: actor.userId, ...values })
        .execute();
    }
    return { results, lastMutationId: last, serverTime: now };
  });
  if (faultTraceEnabled)
    trace('commit', actor.deviceId, req.mutations[0]!.id, response.lastMutationId);
  return response;
}

/** Exposed for maintenance and tests: the current head of the global sequence. */
export async function currentSeq(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ seq: number }>`select seq from sync_counter where id = 1`.execute(
    db,
  );
  return Number(rows[0]?.seq ?? 0);
}

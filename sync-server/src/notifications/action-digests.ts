// "Areas of improvement are pursued with tenacity until they are resolved" and "the Quality
// Assurance Lead for each service will track the implementation of the improvement plans"
// (Southwark QAF): once a week, from Monday 08:00 UK time, each person with overdue improvement
// actions to chase is emailed how many, by team (schemas/rules/action-digest.ts decides who hears
// of which). The digest goes through the same outbox and worker as safety concern notifications,
// by email only. Each row keeps what its email says (counts, team names, dates: no case ID, no
// name, no action text), decided when the round is written. Each worker looks now and then; the
// unique index of migration 0027 keeps each round to one email per person however many processes
// write it at once, and a round already written is not worked out again.
import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { ActionStatus } from '../../../schemas/entities/improvement-action';
import { COUNTED_STATUSES } from '../../../schemas/reports/report-facts';
import { digestRound, overdueActionDigests } from '../../../schemas/rules/action-digest';
import type { ActionDigest, DigestAction } from '../../../schemas/rules/action-digest';
import { londonDateOf, londonHour } from '../../../schemas/calendar/london-time';
import type { Database } from '../storage/database';
import type { NotificationOutboxTable } from '../storage/report-tables';
import type { NotifyChannels } from './outbox';

type Db = Kysely<Database>;

/** What a digest row keeps: the round's Monday and the counts, never an id of a case or action. */
export type StoredDigest = Omit<ActionDigest, 'userId'> & { monday: string };

/**
 * How many days a digest is tried before it is stopped. A safety concern's notification is tried
 * until delivered; a digest is a week's news, said afresh by the next round, and one to an
 * address the mail server refuses for good would otherwise wait, and be kept, for ever.
 */
export const DIGEST_RETRY_DAYS = 7;

const DAY_MS = 86_400_000;

/** Why a digest is stopped rather than tried again: codes kept in its row and logged. */
export type DigestStop = 'DIGEST_SUPERSEDED' | 'DIGEST_EXPIRED';

/**
 * Whether a digest row is past sending: a newer round for the same address has been written, or
 * it was written `DIGEST_RETRY_DAYS` ago. Stopping it deletes nothing: its round stays written
 * until retention may take it (outbox-retention.ts), so it is never written again.
 */
export async function digestStop(
  db: Db,
  row: { recipient: string; round: number; created_at: string },
  now: Date,
): Promise<DigestStop | null> {
  const newer = await db
    .selectFrom('notification_outbox')
    .select('id')
    .where('kind', '=', 'actions-overdue')
    .where('recipient', '=', row.recipient)
    .where('round', '>', row.round)
    .limit(1)
    .executeTakeFirst();
  if (newer) return 'DIGEST_SUPERSEDED';
  if (now.getTime() - Date.parse(row.created_at) >= DIGEST_RETRY_DAYS * DAY_MS)
    return 'DIGEST_EXPIRED';
  return null;
}

/** The weekly round due at this moment, or null before Monday 08:00 UK time. */
export function actionDigestRoundAt(now: Date): { round: number; monday: string } | null {
  return digestRound(londonDateOf(now), londonHour(now));
}

/**
 * Writes this week's round of digests when it is due and not yet written; returns how many rows.
 * Actions are judged overdue on the round's Monday, so a process starting later in the week works
 * out the same round. Nothing is written without an email channel, or when nothing is overdue.
 */
export async function enqueueActionDigests(
  db: Db,
  channels: NotifyChannels,
  now: Date,
): Promise<number> {
  if (!channels.email) return 0;
  const due = actionDigestRoundAt(now);
  if (!due) return 0;
  const written = await db
    .selectFrom('notification_outbox')
    .select('id')
    .where('kind', '=', 'actions-overdue')
    .where('round', '=', due.round)
    .limit(1)
    .executeTakeFirst();
  if (written) return 0;

  const [records, scopes, users, memberships] = await Promise.all([
    // An observation deleted (a draft thrown away) keeps its actions' rows: they go with it.
    db
      .selectFrom('records as a')
      .innerJoin('records as root', 'root.id', 'a.root_id')
      .select(['a.id', 'a.scope_id', 'a.root_owner_id', 'a.fields', 'a.root_id'])
      .select('root.fields as root_fields')
      .where('a.type', '=', 'action')
      .where('a.deleted', '=', 0)
      .where('root.deleted', '=', 0)
      .execute(),
    db.selectFrom('scopes').select(['id', 'name', 'parent_id']).execute(),
    db.selectFrom('users').select(['id', 'email', 'role', 'status']).execute(),
    db.selectFrom('memberships').select(['user_id', 'scope_id']).execute(),
  ]);
  // A draft's actions are not agreed yet (nor seen by the QA lead, nor counted in the quarterly
  // report): chased once the observation is submitted, as the report counts them.
  const counted = new Map<string, boolean>();
  const isCounted = (rootId: string, fields: string) => {
    let yes = counted.get(rootId);
    if (yes === undefined) {
      const status = (JSON.parse(fields) as Record<string, unknown>)['status'];
      yes = (COUNTED_STATUSES as readonly unknown[]).includes(status);
      counted.set(rootId, yes);
    }
    return yes;
  };
  const actions: DigestAction[] = records.flatMap((r) => {
    if (!isCounted(r.root_id, r.root_fields)) return [];
    const f = JSON.parse(r.fields) as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const dueDate = text(f['dueDate']);
    const ownerUserId = text(f['ownerUserId']);
    return {
      id: r.id,
      scopeId: r.scope_id,
      // The observation's observer owns the family the action belongs to.
      observerId: r.root_owner_id,
      status: (text(f['status']) ?? 'open') as ActionStatus,
      ...(dueDate ? { dueDate } : {}),
      ...(ownerUserId ? { ownerUserId } : {}),
    };
  });
  const scopeIdsOf = new Map<string, string[]>();
  for (const m of memberships)
    scopeIdsOf.set(m.user_id, [...(scopeIdsOf.get(m.user_id) ?? []), m.scope_id]);
  const digests = overdueActionDigests({
    actions,
    scopes: scopes.map((s) => ({ id: s.id, name: s.name, parentId: s.parent_id })),
    people: users.map((u) => ({
      id: u.id,
      role: u.role,
      active: u.status === 'active',
      scopeIds: scopeIdsOf.get(u.id) ?? [],
    })),
    today: due.monday,
  });
  if (digests.length === 0) return 0;

  const byId = new Map(users.map((u) => [u.id, u]));
  const at = now.toISOString();
  const rows: Array<Insertable<NotificationOutboxTable>> = [];
  for (const { userId, ...counts } of digests) {
    const user = byId.get(userId);
    if (!user) continue;
    const digest: StoredDigest = { monday: due.monday, ...counts };
    rows.push({
      id: randomUUID(),
      concern_id: null,
      scope_id: null,
      channel: 'email',
      recipient: user.email.toLowerCase(),
      // The role decides where the email's link goes (a practitioner has no Actions page).
      reason: user.role,
      kind: 'actions-overdue',
      round: due.round,
      digest: JSON.stringify(digest),
      status: 'pending',
      attempts: 0,
      created_at: at,
      next_attempt_at: at,
      claimed_until: null,
      claim_token: null,
      last_attempt_at: null,
      delivered_at: null,
      last_error: null,
    });
  }
  // One transaction: a round is either wholly written or not at all, so finding any row of it
  // above means it is done.
  return db.transaction().execute(async (tx) => {
    let n = 0;
    for (let i = 0; i < rows.length; i += 200) {
      const result = await tx
        .insertInto('notification_outbox')
        .values(rows.slice(i, i + 200))
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      n += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    return n;
  });
}

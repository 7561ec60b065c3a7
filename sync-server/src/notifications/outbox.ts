// The notification outbox: a safety concern's notifications are written in the concern's own
// transaction (so a concern that is stored is always followed by its notifications, and one that
// is not never is) and delivered later by the worker. Rows are claimed with a lease by a
// conditional update, so several server processes on one PostgreSQL database never deliver the
// same row at the same time; a process that dies mid-delivery leaves the row to be taken over
// when its lease runs out.
import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { NotificationReason } from '../../../schemas/reports/concern-log';
import type { DirectorNotice, NoticeDelivery } from '../../../schemas/sync/concerns';
import { readLocalSettingsWith } from '../settings/local-settings';
import type { Database } from '../storage/database';
import type { NotificationOutboxTable } from '../storage/report-tables';

type Db = Kysely<Database>;
export type OutboxRow = Selectable<NotificationOutboxTable>;

export type NotifyChannels = { email: boolean; webhook: boolean };

type Person = { id: string; email: string; role: string };

/** Active users of these roles who are members of the scope or of its service. */
async function peopleCovering(
  db: Db,
  scopeId: string,
  roles: readonly string[],
): Promise<Person[]> {
  const scope = await db
    .selectFrom('scopes')
    .select(['id', 'parent_id'])
    .where('id', '=', scopeId)
    .executeTakeFirst();
  const covering = scope?.parent_id ? [scopeId, scope.parent_id] : [scopeId];
  return db
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .select(['users.id', 'users.email', 'users.role'])
    .where('memberships.scope_id', 'in', covering)
    .where('users.role', 'in', [...roles])
    .where('users.status', '=', 'active')
    .execute();
}

/**
 * "This will always include the Director of Children's Social Care": a team with no director
 * among its members (or its service's) still reaches one, every active director being told. They
 * are the directors returned here; the concern is granted to them so they can open and acknowledge
 * it (and only it) although they oversee no team of it. Empty when a director covers the team.
 */
export async function uncoveredDirectors(db: Db, scopeId: string): Promise<Person[]> {
  if ((await peopleCovering(db, scopeId, ['director'])).length > 0) return [];
  return activeDirectors(db);
}

function activeDirectors(db: Db): Promise<Person[]> {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'role'])
    .where('role', '=', 'director')
    .where('status', '=', 'active')
    .execute();
}

/**
 * How the Director is being told of this concern, from its first notifications as they stand:
 * the emails that went to directors, the webhook, and whether any director has an account to see
 * it in the app. What the observer's tablet says rests on this, so it is read, never assumed from
 * the configuration: a concern raised before email was set up says it was not emailed.
 */
export async function directorNotice(db: Db, concernId: string): Promise<DirectorNotice> {
  const [rows, director] = await Promise.all([
    db
      .selectFrom('notification_outbox')
      .select(['channel', 'reason', 'status', 'attempts', 'delivered_at'])
      .where('concern_id', '=', concernId)
      .where('kind', '=', 'raised')
      .where('reason', 'in', ['director', 'webhook'])
      .execute(),
    db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'director')
      .where('status', '=', 'active')
      .limit(1)
      .executeTakeFirst(),
  ]);
  const of = (channel: 'email' | 'webhook') =>
    deliveryOf(rows.filter((r) => r.channel === channel));
  return { email: of('email'), webhook: of('webhook'), inApp: director !== undefined };
}

function deliveryOf(
  rows: ReadonlyArray<Pick<OutboxRow, 'status' | 'attempts' | 'delivered_at'>>,
): NoticeDelivery | null {
  if (rows.length === 0) return null;
  if (rows.every((r) => r.status === 'delivered')) {
    const sentAt =
      rows
        .map((r) => r.delivered_at ?? '')
        .sort()
        .at(-1) || null;
    return { state: 'sent', sentAt };
  }
  if (rows.some((r) => r.status === 'cancelled')) return { state: 'stopped', sentAt: null };
  const tried = rows.some((r) => r.status === 'pending' && Number(r.attempts) > 0);
  return { state: tried ? 'retrying' : 'queued', sentAt: null };
}

/**
 * Whom to tell of a concern in this scope: directors and QA leads whose scopes cover it (every
 * director when none does), then the authority's extra addresses. A reminder (`escalate`) tells
 * the heads of service too. `raisedBy`, when a director, is left out: the Director who raised a
 * concern has heard of it (for a concern raised since, that is its acknowledgement, and it is not
 * reminded about at all; this keeps one raised before from reminding them of their own).
 */
export async function concernRecipients(
  db: Db,
  scopeId: string,
  opts: { escalate?: boolean; raisedBy?: string } = {},
): Promise<Array<{ email: string; reason: NotificationReason }>> {
  const roles = opts.escalate
    ? (['director', 'qa-lead', 'head-of-service'] as const)
    : (['director', 'qa-lead'] as const);
  const people = await peopleCovering(db, scopeId, roles);
  // No director covers the team: every active director is told (uncoveredDirectors).
  if (!people.some((p) => p.role === 'director')) people.push(...(await activeDirectors(db)));
  const raiser = people.find((p) => p.id === opts.raisedBy && p.role === 'director');
  const { concernNotifyEmails } = await readLocalSettingsWith(db);
  const out = new Map<string, NotificationReason>();
  if (raiser) out.set(raiser.email.toLowerCase(), 'director');
  // A director first, then QA leads (then heads of service), then the extra addresses: each
  // address is told once.
  for (const role of roles) {
    for (const p of people.filter((x) => x.role === role)) {
      const email = p.email.toLowerCase();
      if (!out.has(email)) out.set(email, role);
    }
  }
  for (const extra of concernNotifyEmails) {
    const email = extra.toLowerCase();
    if (!out.has(email)) out.set(email, 'local-setting');
  }
  if (raiser) out.delete(raiser.email.toLowerCase());
  return [...out]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([email, reason]) => ({ email, reason }));
}

/**
 * Writes a concern's notifications of one kind: every recipient by email, and the webhook, where
 * those channels are set up. For `raised`, call it in the concern's transaction. A round of
 * reminders that another process has already written is left as it is (the unique index of
 * migration 0025: concern, channel, recipient and round).
 */
export async function enqueueConcernNotifications(
  tx: Db,
  concern: { id: string; scopeId: string; raisedBy?: string },
  channels: NotifyChannels,
  now: string,
  what: { kind: 'raised' } | { kind: 'overdue'; round: number } = { kind: 'raised' },
): Promise<number> {
  const rows: Array<Insertable<NotificationOutboxTable>> = [];
  const round = what.kind === 'overdue' ? what.round : 1;
  const row = (channel: 'email' | 'webhook', recipient: string, reason: NotificationReason) => ({
    id: randomUUID(),
    concern_id: concern.id,
    scope_id: concern.scopeId,
    channel,
    recipient,
    reason,
    kind: what.kind,
    round,
    status: 'pending' as const,
    attempts: 0,
    created_at: now,
    next_attempt_at: now,
    claimed_until: null,
    claim_token: null,
    last_attempt_at: null,
    delivered_at: null,
    last_error: null,
  });
  if (channels.email) {
    const reminder = what.kind === 'overdue';
    const recipients = await concernRecipients(tx, concern.scopeId, {
      escalate: reminder,
      ...(reminder && concern.raisedBy ? { raisedBy: concern.raisedBy } : {}),
    });
    for (const r of recipients) rows.push(row('email', r.email, r.reason));
  }
  if (channels.webhook) rows.push(row('webhook', 'webhook', 'webhook'));
  if (rows.length === 0) return 0;
  const insert = tx.insertInto('notification_outbox').values(rows);
  const written = await (
    what.kind === 'overdue' ? insert.onConflict((oc) => oc.doNothing()) : insert
  ).executeTakeFirst();
  return Number(written.numInsertedOrUpdatedRows ?? rows.length);
}

/**
 * Takes up to `limit` due rows for this worker until `leaseMs` from now. Each row is taken by a
 * conditional update that only one writer can win, on either engine.
 */
export async function claimDue(
  db: Db,
  token: string,
  now: Date,
  leaseMs: number,
  limit = 10,
): Promise<OutboxRow[]> {
  const at = now.toISOString();
  const candidates = await db
    .selectFrom('notification_outbox')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', at)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', at)]))
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  const claimed: OutboxRow[] = [];
  const until = new Date(now.getTime() + leaseMs).toISOString();
  for (const { id } of candidates) {
    const won = await db
      .updateTable('notification_outbox')
      .set({ claimed_until: until, claim_token: token })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', at)]))
      .returningAll()
      .executeTakeFirst();
    if (won) claimed.push(won);
  }
  return claimed;
}

/**
 * Renews this worker's claim on a row for a full lease from now, just before it is sent. A batch
 * is claimed under one lease and sent one row after another, so with a slow mail server the later
 * rows' leases can run out before their turn and another worker take them over: this is false
 * when the row is no longer this worker's (taken over, or delivered), and it must then not be
 * sent. Like the claim, a conditional update that only one writer wins.
 */
export async function renewClaim(
  db: Db,
  row: OutboxRow,
  token: string,
  now: Date,
  leaseMs: number,
): Promise<boolean> {
  const renewed = await db
    .updateTable('notification_outbox')
    .set({ claimed_until: new Date(now.getTime() + leaseMs).toISOString() })
    .where('id', '=', row.id)
    .where('status', '=', 'pending')
    .where('claim_token', '=', token)
    .executeTakeFirst();
  return Number(renewed.numUpdatedRows) === 1;
}

export async function markDelivered(
  db: Db,
  row: OutboxRow,
  token: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('notification_outbox')
    .set({
      status: 'delivered',
      attempts: row.attempts + 1,
      last_attempt_at: now.toISOString(),
      delivered_at: now.toISOString(),
      last_error: null,
      claimed_until: null,
      claim_token: null,
    })
    .where('id', '=', row.id)
    .where('claim_token', '=', token)
    .execute();
}

/**
 * A reminder not sent because its concern was acknowledged before it went out (or any
 * notification of a concern since deleted under retention), or a digest past sending
 * (`digestStop`, its code in `reason`): kept, so the concern log shows it was due, but never sent
 * or retried. Only while this worker holds it.
 */
export async function markCancelled(
  db: Db,
  row: OutboxRow,
  token: string,
  reason?: string,
): Promise<void> {
  await db
    .updateTable('notification_outbox')
    .set({
      status: 'cancelled',
      claimed_until: null,
      claim_token: null,
      ...(reason ? { last_error: reason } : {}),
    })
    .where('id', '=', row.id)
    .where('status', '=', 'pending')
    .where('claim_token', '=', token)
    .execute();
}

export async function markFailed(
  db: Db,
  row: OutboxRow,
  token: string,
  now: Date,
  error: string,
  retryInMs: number,
): Promise<void> {
  await db
    .updateTable('notification_outbox')
    .set({
      attempts: row.attempts + 1,
      last_attempt_at: now.toISOString(),
      next_attempt_at: new Date(now.getTime() + retryInMs).toISOString(),
      last_error: error,
      claimed_until: null,
      claim_token: null,
    })
    .where('id', '=', row.id)
    .where('claim_token', '=', token)
    .execute();
}

// The safety concern log for the director and QA leads: every concern in the teams they oversee,
// with its acknowledgement deadline and the delivery state of each notification about it.
import type { Kysely } from 'kysely';
import { addDays } from '../../../schemas/calendar/dates';
import {
  concernAcknowledgeBy,
  isConcernOverdue,
  wasAcknowledgedLate,
} from '../../../schemas/reports/concern-log';
import type {
  ConcernLog,
  ConcernLogEntry,
  ConcernLogQuery,
  NotificationStatus,
} from '../../../schemas/reports/concern-log';
import { selectReportScopes } from '../../../schemas/reports/quarterly-report';
import type { ScopeRef } from '../../../schemas/reports/quarterly-report';
import { listScopes } from '../accounts/accounts-repository';
import { AppError, ErrorCode } from '../errors';
import type { OutboxRow } from '../notifications/outbox';
import { readLocalSettingsWith } from '../settings/local-settings';
import type { Database } from '../storage/database';
import type { Actor } from '../sync/actor';
import { fullReadScopes } from '../sync/access';
import { concernFromRow, grantedConcernIds } from '../sync/concerns';
import { scopeNotOverseen } from './quarterly';
import { auditReads } from '../audit/reads';

type Db = Kysely<Database>;

// Heads of service too: an overdue concern's reminder escalates to them (notifications/reminders.ts).
const LOG_ROLES = new Set(['director', 'head-of-service', 'qa-lead']);

/**
 * The scopes a concern log or concern export covers (`selected`: the director's, heads of
 * service's and QA leads' own), and every scope (`all`), for the names of granted concerns' teams,
 * which the viewer does not oversee.
 */
export async function concernScopes(
  db: Db,
  actor: Actor,
  requested: string | null,
): Promise<{ selected: ScopeRef[]; all: ScopeRef[] }> {
  if (!LOG_ROLES.has(actor.role)) {
    throw new AppError(
      403,
      ErrorCode.FORBIDDEN,
      'Only directors, heads of service and QA leads can see the safety concern log.',
      { reason: 'role-not-allowed' },
    );
  }
  const [all, viewer] = await Promise.all([listScopes(db), fullReadScopes(db, actor)]);
  const selected = selectReportScopes(all, viewer, requested);
  if (selected === null) throw scopeNotOverseen();
  return { selected, all };
}

export function notificationStatus(row: OutboxRow): NotificationStatus {
  return {
    id: row.id,
    channel: row.channel as NotificationStatus['channel'],
    reason: row.reason as NotificationStatus['reason'],
    // Read by concern: never a digest of improvement actions, which names no concern.
    kind: row.kind as NotificationStatus['kind'],
    round: Number(row.round),
    createdAt: row.created_at,
    status: row.status,
    attempts: Number(row.attempts),
    lastAttemptAt: row.last_attempt_at,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    deliveredAt: row.delivered_at,
    lastError: row.last_error,
  };
}

/**
 * Concerns received in [from, to] (UTC days), in these scopes (and, with `grantedTo`, those
 * granted to that director because no director covers their team), newest first.
 */
export async function concernRows(
  db: Db,
  scopeIds: readonly string[],
  range: { from?: string; to?: string },
  grantedTo: Actor | null = null,
) {
  if (scopeIds.length === 0 && !grantedTo) return [];
  let q = db
    .selectFrom('records')
    .select(['id', 'fields', 'scope_id', 'created_at'])
    .where('type', '=', 'safety-concern')
    .where('deleted', '=', 0)
    .where((eb) =>
      eb.or([
        ...(scopeIds.length ? [eb('scope_id', 'in', [...scopeIds])] : []),
        ...(grantedTo ? [eb('id', 'in', grantedConcernIds(eb, grantedTo))] : []),
      ]),
    );
  // A concern's row is created when it reaches the server: created_at is its receivedAt.
  if (range.from) q = q.where('created_at', '>=', `${range.from}T00:00:00.000Z`);
  if (range.to) q = q.where('created_at', '<', `${addDays(range.to, 1)}T00:00:00.000Z`);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

export async function concernLog(
  db: Db,
  actor: Actor,
  query: ConcernLogQuery,
  now: Date = new Date(),
): Promise<ConcernLog> {
  const { selected: scopes, all } = await concernScopes(db, actor, query.scopeId ?? null);
  const { concernAcknowledgeHours: hours } = await readLocalSettingsWith(db);
  const byId = new Map(all.map((s) => [s.id, s]));
  const rows = await concernRows(
    db,
    scopes.map((s) => s.id),
    query,
    query.scopeId ? null : actor,
  );
  const entries: Omit<ConcernLogEntry, 'notifications'>[] = [];
  for (const row of rows) {
    const concern = concernFromRow(row);
    const overdue = isConcernOverdue(concern, hours, now);
    if (query.status === 'unacknowledged' && concern.acknowledgedAt !== undefined) continue;
    if (query.status === 'overdue' && !overdue) continue;
    const scope = byId.get(row.scope_id);
    entries.push({
      concern,
      scopeId: row.scope_id,
      serviceId: scope?.parentId ?? row.scope_id,
      scopeName: scope?.name ?? '',
      acknowledgeBy: concernAcknowledgeBy(concern, hours),
      overdue,
      acknowledgedLate: wasAcknowledgedLate(concern, hours),
    });
  }
  const listed = entries.slice(0, query.limit);
  await auditReads(
    db,
    actor,
    listed.map((e) => ({ id: e.concern.id, ownerId: e.concern.raisedBy })),
    'concern-log',
  );
  const outbox = new Map<string, NotificationStatus[]>();
  const ids = listed.map((e) => e.concern.id);
  for (let i = 0; i < ids.length; i += 500) {
    const found = await db
      .selectFrom('notification_outbox')
      .selectAll()
      .where('concern_id', 'in', ids.slice(i, i + 500))
      .orderBy('created_at')
      .orderBy('round')
      .orderBy('recipient')
      .execute();
    for (const r of found) {
      if (r.concern_id === null) continue;
      const list = outbox.get(r.concern_id) ?? [];
      list.push(notificationStatus(r));
      outbox.set(r.concern_id, list);
    }
  }
  const concerns = listed.map((e) => ({ ...e, notifications: outbox.get(e.concern.id) ?? [] }));
  return {
    generatedAt: now.toISOString(),
    acknowledgeHours: hours,
    summary: {
      total: concerns.length,
      unacknowledged: concerns.filter((c) => c.concern.acknowledgedAt === undefined).length,
      overdue: concerns.filter((c) => c.overdue).length,
      notificationsPending: concerns.reduce(
        (n, c) => n + c.notifications.filter((x) => x.status === 'pending').length,
        0,
      ),
    },
    concerns,
    truncated: entries.length > listed.length,
  };
}

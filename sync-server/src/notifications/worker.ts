// Delivers the notification outbox: a loop in each server process that claims due rows, sends
// each through its channel, and marks it delivered or schedules a retry with exponential backoff.
// It runs until every row is delivered, across restarts (the rows are in the database), but for a
// weekly digest past sending, which is stopped (action-digests.ts: DIGEST_RETRY_DAYS). Every
// attempt is logged with the notification's own id, channel, attempt number and a failure code:
// never an address, a case ID, the concern's text or anyone's name.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isConcernSettled } from '../../../schemas/rules/concern-acknowledgement';
import { teamName } from '../../../schemas/rules/team-name';
import type { Database } from '../storage/database';
import { concernFromRow } from '../sync/concerns';
import { DeliveryError, failureCode } from './channels';
import type { Channels, ConcernNotice, NotifierConfig } from './channels';
import { claimDue, markCancelled, markDelivered, markFailed, renewClaim } from './outbox';
import type { OutboxRow } from './outbox';
import { actionDigestRoundAt, digestStop, enqueueActionDigests } from './action-digests';
import type { StoredDigest } from './action-digests';
import { enqueueOverdueReminders } from './reminders';

type Db = Kysely<Database>;

export type WorkerLog = {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
};

/** Delay before attempt `attempt + 1`: base, 2 x base, 4 x base ... up to max, plus up to 20%. */
export function retryDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random) {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.min(maxMs, Math.round(exp * (1 + 0.2 * random())));
}

const BATCH = 10;
const REMINDER_CHECK_MS = 60_000;

export class NotificationWorker {
  /** This worker's claim token: rows it holds carry it. */
  readonly token = randomUUID();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private remindersCheckedAt = Number.NEGATIVE_INFINITY;
  /** The weekly round of overdue action digests this worker has written or found written. */
  private digestRoundChecked: number | null = null;

  constructor(
    private readonly db: Db,
    private readonly config: NotifierConfig,
    private readonly channels: Channels,
    private readonly log: WorkerLog,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Run now (a concern has just been stored), instead of at the next poll. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    this.channels.close();
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = this.runOnce().then(
      () => undefined,
      (err: unknown) => {
        // A database outage: try again at the next poll. The code only, never the error's text.
        this.log.error({ error: failureCode(err) }, 'notification worker could not run');
      },
    );
    await this.running;
    this.running = undefined;
    if (this.stopped) return;
    const soon = this.again;
    this.again = false;
    this.schedule(soon ? 0 : this.config.pollMs);
  }

  /**
   * Writes the round of reminders due now for concerns no director has acknowledged (at most
   * once a minute), then claims and delivers due notifications until none is due; returns how
   * many were attempted.
   */
  async runOnce(): Promise<number> {
    const now = Date.now();
    if (now - this.remindersCheckedAt >= (this.config.reminderCheckMs ?? REMINDER_CHECK_MS)) {
      this.remindersCheckedAt = now;
      const channels = { email: !!this.channels.email, webhook: !!this.channels.webhook };
      const written = await enqueueOverdueReminders(this.db, channels, new Date(now));
      if (written > 0) this.log.info({ reminders: written }, 'safety concern reminders queued');
      // Worked out once a week per process; the database keeps it to once across processes.
      const round = actionDigestRoundAt(new Date(now))?.round ?? null;
      if (round !== null && round !== this.digestRoundChecked) {
        const digests = await enqueueActionDigests(this.db, channels, new Date(now));
        this.digestRoundChecked = round;
        if (digests > 0)
          this.log.info({ digests, round }, 'overdue improvement action emails queued');
      }
    }
    let attempted = 0;
    for (;;) {
      if (this.stopped) return attempted;
      const rows = await claimDue(this.db, this.token, new Date(), this.config.leaseMs, BATCH);
      for (const row of rows) await this.deliver(row);
      attempted += rows.length;
      if (rows.length < BATCH) return attempted;
    }
  }

  private async deliver(row: OutboxRow): Promise<void> {
    if (row.kind === 'actions-overdue') return this.deliverDigest(row);
    const attempt = row.attempts + 1;
    const logged = { notificationId: row.id, channel: row.channel, attempt };
    try {
      const found = await this.notice(row);
      if (found === 'deleted') {
        // Deleted under the retention schedule: there is nothing left to tell anyone about.
        await markCancelled(this.db, row, this.token);
        this.log.info(logged, 'safety concern notification not needed: concern deleted');
        return;
      }
      const { notice, acknowledged } = found;
      if (row.kind === 'overdue' && acknowledged) {
        // The Director acknowledged the concern after the reminder was written: nobody needs it
        // now. A QA lead's or head of service's acknowledgement does not stop it.
        await markCancelled(this.db, row, this.token);
        this.log.info(logged, 'safety concern reminder not needed: acknowledged');
        return;
      }
      if (!(await renewClaim(this.db, row, this.token, new Date(), this.config.leaseMs))) {
        // Another worker took it over when its lease ran out behind the rows sent before it.
        this.log.info(logged, 'safety concern notification taken over by another worker');
        return;
      }
      if (row.channel === 'email') {
        if (!this.channels.email) throw new DeliveryError('CHANNEL_NOT_CONFIGURED');
        await this.channels.email(row.recipient, notice, row.id);
      } else if (row.channel === 'webhook') {
        if (!this.channels.webhook) throw new DeliveryError('CHANNEL_NOT_CONFIGURED');
        await this.channels.webhook(notice, row.id);
      } else {
        throw new DeliveryError('CHANNEL_UNKNOWN');
      }
    } catch (err) {
      const error = err instanceof DeliveryError ? err.code : failureCode(err);
      const retryInMs = retryDelay(attempt, this.config.retryBaseMs, this.config.retryMaxMs);
      await markFailed(this.db, row, this.token, new Date(), error, retryInMs);
      this.log.warn(
        { ...logged, error, retryInMs },
        'safety concern notification failed; will retry',
      );
      return;
    }
    await markDelivered(this.db, row, this.token, new Date());
    this.log.info(logged, 'safety concern notification delivered');
  }

  /** A weekly digest of overdue improvement actions: only what its row says, by email. */
  private async deliverDigest(row: OutboxRow): Promise<void> {
    const attempt = row.attempts + 1;
    const logged = { notificationId: row.id, channel: row.channel, attempt };
    try {
      const stop = await digestStop(this.db, row, new Date());
      if (stop) {
        await markCancelled(this.db, row, this.token, stop);
        this.log.info({ ...logged, reason: stop }, 'overdue actions email stopped; not retried');
        return;
      }
      if (!row.digest) throw new DeliveryError('DIGEST_MISSING');
      const digest = JSON.parse(row.digest) as StoredDigest;
      if (!(await renewClaim(this.db, row, this.token, new Date(), this.config.leaseMs))) {
        this.log.info(logged, 'overdue actions email taken over by another worker');
        return;
      }
      if (row.channel !== 'email') throw new DeliveryError('CHANNEL_UNKNOWN');
      if (!this.channels.actionDigest) throw new DeliveryError('CHANNEL_NOT_CONFIGURED');
      await this.channels.actionDigest(row.recipient, digest, row.reason, row.id);
    } catch (err) {
      const error = err instanceof DeliveryError ? err.code : failureCode(err);
      const retryInMs = retryDelay(attempt, this.config.retryBaseMs, this.config.retryMaxMs);
      await markFailed(this.db, row, this.token, new Date(), error, retryInMs);
      this.log.warn({ ...logged, error, retryInMs }, 'overdue actions email failed; will retry');
      return;
    }
    await markDelivered(this.db, row, this.token, new Date());
    this.log.info(logged, 'overdue actions email delivered');
  }

  /** What to send, read at send time, and whether the Director has acknowledged it since. */
  private async notice(
    row: OutboxRow,
  ): Promise<{ notice: ConcernNotice; acknowledged: boolean } | 'deleted'> {
    if (row.concern_id === null || row.kind === 'actions-overdue')
      throw new DeliveryError('CONCERN_NOT_FOUND');
    const concernId = row.concern_id;
    const kind = row.kind;
    const concern = await this.db
      .selectFrom('records')
      .select(['fields', 'scope_id', 'deleted'])
      .where('id', '=', concernId)
      .where('type', '=', 'safety-concern')
      .executeTakeFirst();
    if (!concern) throw new DeliveryError('CONCERN_NOT_FOUND');
    if (Number(concern.deleted) === 1) return 'deleted';
    const stored = concernFromRow({ id: concernId, fields: concern.fields });
    const scope = await this.db
      .selectFrom('scopes as s')
      .leftJoin('scopes as p', 'p.id', 's.parent_id')
      .select(['s.name as name', 'p.name as parentName'])
      .where('s.id', '=', concern.scope_id)
      .executeTakeFirst();
    return {
      notice: {
        kind,
        concernId,
        scopeId: concern.scope_id,
        raisedAt: stored.raisedAt,
        receivedAt: String(stored.receivedAt),
        teamName: teamName(scope),
        round: Number(row.round),
        sentAt: new Date().toISOString(),
      },
      acknowledged: isConcernSettled(stored),
    };
  }
}

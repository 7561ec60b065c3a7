// Delivery channels for safety concern notifications: email through the authority's SMTP server
// (nodemailer), and a signed JSON webhook. Neither carries anything that identifies a child: the
// email says only that a concern was raised, when, in which team, and to open the app; the
// webhook carries ids and times.
import { createHmac } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { calendarDateWords, londonTimeOnDayWordsOf } from '../../../schemas/calendar/london-time';
import { ESCALATE_AFTER_DAYS } from '../../../schemas/rules/action-digest';
import type { TeamCount } from '../../../schemas/rules/action-digest';
import type { StoredDigest } from './action-digests';
import type { NotificationKind } from '../../../schemas/reports/concern-log';
import { MAX_REMINDER_ROUNDS, reminderOrdinal } from '../../../schemas/rules/concern-reminders';

export type NotifierConfig = {
  smtpUrl?: string;
  from?: string;
  webhookUrl?: string;
  webhookSecret?: string;
  /** Where people open the app, linked from the email. */
  appUrl?: string;
  retryBaseMs: number;
  retryMaxMs: number;
  pollMs: number;
  /** How long a claimed row is held before another worker may take it over. */
  leaseMs: number;
  /** How often a worker looks for concerns past their acknowledgement deadline (default 60 s). */
  reminderCheckMs?: number;
};

/** What a notification says: no case ID, no concern text, no names. */
export type ConcernNotice = {
  /** The concern arriving, or nobody acknowledging it in time (a reminder). */
  kind: NotificationKind;
  concernId: string;
  scopeId: string;
  raisedAt: string;
  receivedAt: string;
  /** "Group A (Children and families)". */
  teamName: string;
  /** Which reminder this is (1 for the first); 1 for the notice of a concern arriving. */
  round: number;
  /** When it is being sent: how long the concern has waited is worked out from this. */
  sentAt: string;
};

/** How long since it reached the server, in whole hours, or days and hours past two days. */
export function waitedWords(ms: number): string {
  const hours = Math.max(0, Math.floor(ms / 3_600_000));
  const unit = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  if (hours < 48) return unit(hours, 'hour');
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return rest === 0 ? unit(days, 'day') : `${unit(days, 'day')} and ${unit(rest, 'hour')}`;
}

function waitedMs(notice: ConcernNotice): number {
  return Date.parse(notice.sentAt) - Date.parse(notice.receivedAt);
}

export const SIGNATURE_HEADER = 'x-signature-256';
export const NOTIFICATION_ID_HEADER = 'x-notification-id';

/**
 * When, the GOV.UK way on London clocks, and said to be UK time because the reader may be anywhere:
 * "2:05pm on Tuesday 5 May 2026 (UK time)".
 */
const ukTimeWords = (at: string) => `${londonTimeOnDayWordsOf(at)} (UK time)`;

export function concernEmail(notice: ConcernNotice, appUrl: string | undefined) {
  const raised = ukTimeWords(notice.raisedAt);
  const received = ukTimeWords(notice.receivedAt);
  const open = appUrl
    ? `Open the practice observations app to read it and acknowledge it: ${appUrl}`
    : 'Open the practice observations app to read it and acknowledge it.';
  if (notice.kind === 'overdue') {
    // The first keeps the subject it always had; a later one says which it is.
    const which = notice.round === 1 ? '' : ` (${reminderOrdinal(notice.round)} reminder)`;
    const last =
      notice.round >= MAX_REMINDER_ROUNDS
        ? [
            `This is the last reminder the server sends. The safety concern log keeps showing the concern as overdue until the Director acknowledges it: follow your local procedure for telling the Director.`,
          ]
        : [];
    return {
      subject: `Not yet acknowledged${which}: immediate safety concern in ${notice.teamName}`,
      text: [
        `This is the ${reminderOrdinal(notice.round)} reminder. An immediate safety concern was raised at ${raised} in ${notice.teamName}. It reached the server at ${received}, ${waitedWords(waitedMs(notice))} ago, and the Director has not acknowledged it yet.`,
        'This reminder goes to the director, the QA leads and the heads of service of the team. A QA lead or head of service acknowledging the concern does not stop it: only the Director’s acknowledgement does.',
        ...last,
        open,
        'For the child’s privacy this email says nothing about the concern or the child. Do not reply to it.',
      ].join('\n\n'),
    };
  }
  return {
    subject: `Immediate safety concern raised in ${notice.teamName}`,
    text: [
      `An immediate safety concern was raised at ${raised} in ${notice.teamName}.`,
      `It reached the server at ${received}.`,
      open,
      'For the child’s privacy this email says nothing about the concern or the child. Do not reply to it.',
    ].join('\n\n'),
  };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const teamLines = (teams: readonly TeamCount[], what: (t: TeamCount) => string) =>
  teams.map((t) => `- ${t.teamName}: ${what(t)}`);

/**
 * A person's weekly email of overdue improvement actions: counts, team names and dates only. The
 * details are read in the app after signing in. `role` decides the link: a practitioner has no
 * Actions page.
 */
export function actionDigestEmail(digest: StoredDigest, role: string, appUrl: string | undefined) {
  const parts: string[] = [];
  const total = (teams: readonly TeamCount[]) => teams.reduce((n, t) => n + t.count, 0);
  const oldest = (t: TeamCount) => `the oldest due on ${calendarDateWords(t.oldestDue)}`;
  if (digest.yours.length > 0) {
    const n = total(digest.yours);
    parts.push(
      [
        `${plural(n, 'of your improvement actions is', 'of your improvement actions are')} overdue (you own ${n === 1 ? 'it or wrote its observation' : 'them or wrote their observations'}):`,
        ...teamLines(digest.yours, (t) => `${t.count}, ${oldest(t)}`),
      ].join('\n'),
    );
  }
  for (const t of digest.overseen) {
    parts.push(
      `${plural(t.count, 'improvement action', 'improvement actions')} in ${t.teamName} ${t.count === 1 ? 'is' : 'are'} overdue, ${oldest(t)}.`,
    );
  }
  if (digest.escalated.length > 0) {
    parts.push(
      [
        `As head of service, you are told of actions more than ${ESCALATE_AFTER_DAYS} days overdue (the QAF's escalation runs to the Practice Group Lead and if necessary thereafter to the Head of Service and Director):`,
        ...teamLines(
          digest.escalated,
          (t) =>
            `${plural(t.count, 'action', 'actions')} more than ${ESCALATE_AFTER_DAYS} days overdue, ${oldest(t)}`,
        ),
      ].join('\n'),
    );
  }
  const page = role === 'practitioner' ? '' : 'actions';
  const link = appUrl
    ? `: ${new URL(page, appUrl.endsWith('/') ? appUrl : `${appUrl}/`).href}`
    : '.';
  return {
    subject: `Overdue improvement actions: week of ${calendarDateWords(digest.monday)}`,
    text: [
      `Improvement actions overdue on ${calendarDateWords(digest.monday)}:`,
      ...parts,
      `Open the practice observations app to read them and chase them${page ? ' on the Actions page' : ''}${link}`,
      'This email names no case, child, family or action. It goes every Monday while actions are overdue. Do not reply to it.',
    ].join('\n\n'),
  };
}

/** The webhook's body and its signature: HMAC-SHA256 of the exact body, hex, `sha256=` first. */
export function webhookPayload(notice: ConcernNotice, secret: string) {
  const common = {
    concernId: notice.concernId,
    scopeId: notice.scopeId,
    raisedAt: notice.raisedAt,
    receivedAt: notice.receivedAt,
  };
  // A reminder says which one it is and how long, in whole minutes, the concern has waited.
  const body = JSON.stringify(
    notice.kind === 'overdue'
      ? {
          event: 'concern-overdue',
          ...common,
          round: notice.round,
          waitedMinutes: Math.max(0, Math.floor(waitedMs(notice) / 60_000)),
        }
      : { event: 'concern-raised', ...common },
  );
  const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  return { body, signature };
}

/** A short, stable code for a failure: safe to log and to show, never the error's text. */
export function failureCode(err: unknown): string {
  const e = err as {
    responseCode?: unknown;
    code?: unknown;
    originalCode?: unknown;
    cause?: { code?: unknown };
  } | null;
  const candidates = [
    typeof e?.responseCode === 'number' ? `SMTP_${e.responseCode}` : undefined,
    e?.cause?.code,
    // nodemailer wraps a socket error (ESOCKET) and keeps the system's code here.
    e?.originalCode,
    e?.code,
    err instanceof Error && err.name === 'TimeoutError' ? 'TIMEOUT' : undefined,
  ];
  for (const c of candidates) {
    if (typeof c === 'string' && /^[A-Z0-9_]{1,40}$/.test(c)) return c;
  }
  return 'DELIVERY_FAILED';
}

export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(readonly code: string) {
    super(code);
  }
}

export type Channels = {
  email?: (to: string, notice: ConcernNotice, notificationId: string) => Promise<void>;
  webhook?: (notice: ConcernNotice, notificationId: string) => Promise<void>;
  /** A weekly digest of overdue improvement actions; by email, so set up with `email`. */
  actionDigest?: (
    to: string,
    digest: StoredDigest,
    role: string,
    notificationId: string,
  ) => Promise<void>;
  close(): void;
};

export function openChannels(config: NotifierConfig): Channels {
  let mailer: ReturnType<typeof createTransport> | undefined;
  const channels: Channels = {
    close: () => mailer?.close(),
  };
  if (config.smtpUrl && config.from) {
    const from = config.from;
    mailer = createTransport({
      url: config.smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    const m = mailer;
    channels.email = async (to, notice, notificationId) => {
      const { subject, text } = concernEmail(notice, config.appUrl);
      await m.sendMail({
        from,
        to,
        subject,
        text,
        headers: { 'X-Notification-Id': notificationId },
      });
    };
    channels.actionDigest = async (to, digest, role, notificationId) => {
      const { subject, text } = actionDigestEmail(digest, role, config.appUrl);
      await m.sendMail({
        from,
        to,
        subject,
        text,
        headers: { 'X-Notification-Id': notificationId },
      });
    };
  }
  if (config.webhookUrl && config.webhookSecret) {
    const url = config.webhookUrl;
    const secret = config.webhookSecret;
    channels.webhook = async (notice, notificationId) => {
      const { body, signature } = webhookPayload(notice, secret);
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signature,
          [NOTIFICATION_ID_HEADER]: notificationId,
        },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(10_000),
      });
      // The body is not read: a receiver's error page may echo what it was sent.
      await res.body?.cancel();
      if (!res.ok) throw new DeliveryError(`HTTP_${res.status}`);
    };
  }
  return channels;
}

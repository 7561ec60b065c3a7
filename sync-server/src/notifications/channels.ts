// Delivery channels for safety concern notifications: email through the authority's SMTP server
// (nodemailer), and a signed JSON webhook. Neither carries anything that identifies a child: the
// email says only that a concern was raised, when, in which team, and to open the app; the
// webhook carries ids and times.
import { createHmac } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { londonDateTimeWords } from '../reports/london-time';
import type { NotificationKind } from '../../../schemas/reports/concern-log';

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
};

export const SIGNATURE_HEADER = 'x-signature-256';
export const NOTIFICATION_ID_HEADER = 'x-notification-id';

export function concernEmail(notice: ConcernNotice, appUrl: string | undefined) {
  const raised = londonDateTimeWords(new Date(notice.raisedAt));
  const received = londonDateTimeWords(new Date(notice.receivedAt));
  const open = appUrl
    ? `Open the practice observations app to read it and acknowledge it: ${appUrl}`
    : 'Open the practice observations app to read it and acknowledge it.';
  if (notice.kind === 'overdue')
    return {
      subject: `Not yet acknowledged: immediate safety concern in ${notice.teamName}`,
      text: [
        `An immediate safety concern was raised at ${raised} in ${notice.teamName}. It reached the server at ${received}, and the Director has not acknowledged it yet.`,
        'This reminder goes to the director, the QA leads and the heads of service of the team. A QA lead or head of service acknowledging the concern does not stop it: only the Director’s acknowledgement does.',
        open,
        'For the child’s privacy this email says nothing about the concern or the child. Do not reply to it.',
      ].join('\n\n'),
    };
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

/** The webhook's body and its signature: HMAC-SHA256 of the exact body, hex, `sha256=` first. */
export function webhookPayload(notice: ConcernNotice, secret: string) {
  const body = JSON.stringify({
    event: notice.kind === 'overdue' ? 'concern-overdue' : 'concern-raised',
    concernId: notice.concernId,
    scopeId: notice.scopeId,
    raisedAt: notice.raisedAt,
    receivedAt: notice.receivedAt,
  });
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

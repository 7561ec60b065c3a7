// What the person who raised a safety concern is told about how the Director hears of it, in plain
// words, from what the server said (schemas/sync/concerns.ts `directorNotice`): by email, by the
// authority's alerting system, or only in the app, and whether each has gone yet. Nothing here
// claims more than the server knows: with no email or alert set up the Director sees the concern
// only when they next open the app, and the person is told to phone.
import type { DirectorNotice, NoticeDelivery } from '../../schemas/sync/concerns';
import { londonTimeWords } from '../../schemas/calendar/london-time';

export type DirectorNoticeWords = {
  /** One sentence per way the Director is (or is not) being told. */
  lines: string[];
  /** Something is on its way and the server is waiting for it to go: worth asking again soon. */
  pending: boolean;
  /**
   * Nothing has reached the Director or the alerting system, and nothing is on its way: the
   * person must phone, following their local procedure.
   */
  phone: boolean;
};

const DIRECTOR = 'the Director of Children’s Social Care';

function at(d: NoticeDelivery): string {
  return d.sentAt ? ` at ${londonTimeWords(new Date(d.sentAt))}` : '';
}

// For one concern (its raiser's page) or several (a recovery file's import, where the server
// answers with how the last one raised is told: they all go out on the same channels, but only
// what it says of that one is claimed).
function emailLine(d: NoticeDelivery, many: boolean): string {
  switch (d.state) {
    case 'sent':
      return many
        ? `The email about the last of them went to ${DIRECTOR}${at(d)}.`
        : `An email went to ${DIRECTOR}${at(d)}.`;
    case 'queued':
      return many
        ? `Emails about them to ${DIRECTOR} are being sent now.`
        : `An email to ${DIRECTOR} is being sent now.`;
    case 'retrying':
      return many
        ? `The emails to ${DIRECTOR} have not gone yet: the mail server could not be reached or did not accept them. The server keeps trying.`
        : `The email to ${DIRECTOR} has not gone yet: the mail server could not be reached or did not accept it. The server keeps trying.`;
    case 'stopped':
      return many
        ? `The emails to ${DIRECTOR} were not sent: the concerns have since been deleted.`
        : `The email to ${DIRECTOR} was not sent: the concern has since been deleted.`;
  }
}

function webhookLine(d: NoticeDelivery, many: boolean): string {
  switch (d.state) {
    case 'sent':
      return many
        ? `The authority’s alerting system was told of the last of them${at(d)}.`
        : `The authority’s alerting system was told${at(d)}.`;
    case 'queued':
      return many
        ? 'The authority’s alerting system is being told of them now.'
        : 'The authority’s alerting system is being told now.';
    case 'retrying':
      return many
        ? 'The authority’s alerting system has not taken the alerts yet. The server keeps trying.'
        : 'The authority’s alerting system has not taken the alert yet. The server keeps trying.';
    case 'stopped':
      return many
        ? 'The alerts were not sent: the concerns have since been deleted.'
        : 'The alert was not sent: the concern has since been deleted.';
  }
}

/** The words for `concerns` concerns (1 by default) told as `notice` says. */
export function describeDirectorNotice(notice: DirectorNotice, concerns = 1): DirectorNoticeWords {
  const many = concerns > 1;
  const { email, webhook, inApp } = notice;
  const lines: string[] = [];
  if (email) lines.push(emailLine(email, many));
  if (webhook) lines.push(webhookLine(webhook, many));
  if (!email && webhook && inApp)
    lines.push(`The server does not send email, so ${DIRECTOR} is not emailed.`);
  if (!inApp) lines.push(`No director has an account in this app, so the app cannot tell them.`);
  else if (email || webhook)
    lines.push(
      `The Director will also see ${many ? 'them' : 'it'} in the app, in the safety concern log, the next time they open it.`,
    );
  else
    lines.push(
      `This server is not set up to send email or alerts, so ${DIRECTOR} is not sent anything: they will see ${many ? 'these concerns' : 'this concern'} only when they next open the app.`,
    );
  const deliveries = [email, webhook].filter((d): d is NoticeDelivery => d !== null);
  const reached = deliveries.some((d) => d.state === 'sent');
  const pending = deliveries.some((d) => d.state === 'queued' || d.state === 'retrying');
  const onItsWay = deliveries.some((d) => d.state === 'queued');
  return { lines, pending, phone: !reached && !onItsWay };
}

// Where syncing stands, in words a person can act on: how many changes are waiting, when they were
// last sent, and, when something is wrong, what happened and what to do. Pure, so the words are
// tested once and every screen says the same thing. Nothing technical reaches the screen: no
// codes, no status numbers, no "sync".
import {
  londonDateOf,
  londonDayMonthWordsOf,
  londonTimeWords,
} from '../../schemas/calendar/london-time';
import type { SyncEngineState } from './engine';

export type SyncStatusInput = {
  state: SyncEngineState;
  /** From src/db's unsentSummary(). */
  unsent: { count: number };
  /** Changes the server refused for good (src/db's listRejections().length). */
  rejected?: number;
  /** For "today" in "Last sent at ...". */
  now?: Date;
};

export type SyncStatusText = {
  /** "3 changes waiting to send", "Sending 3 changes" or "All changes sent". */
  waiting: string;
  /** "Last sent at 10:42" (Europe/London, 24-hour), or null before anything was sent. */
  lastSent: string | null;
  /** What went wrong and what to do, or null when nothing did. */
  message: string | null;
  /** The one thing the person can do about it, for a button beside the message. */
  action: 'sign-in' | 'reload' | null;
  /** How loudly to show it: all well, in hand, or the person is needed. */
  tone: 'ok' | 'waiting' | 'attention';
};

const changes = (n: number) => (n === 1 ? '1 change' : `${n} changes`);

/**
 * "at 10:42am" today in London, "on 3 May at 10:42am" on another day: the status line under the
 * header has room for no more, and the year goes without saying.
 */
export function whenSent(at: Date, now: Date): string {
  const time = londonTimeWords(at);
  if (londonDateOf(at) === londonDateOf(now)) return `at ${time}`;
  return `on ${londonDayMonthWordsOf(at)} at ${time}`;
}

const KEPT = 'Your changes are saved on this tablet';

function problem(
  state: SyncEngineState,
  waiting: number,
): Pick<SyncStatusText, 'message' | 'action'> {
  const none = { message: null, action: null };
  switch (state.phase) {
    case 'needs-sign-in':
      if (state.failure === 'account-disabled') {
        return {
          message: `Your account has been disabled. ${KEPT}. Ask your administrator if you need access again.`,
          action: null,
        };
      }
      return {
        message:
          waiting > 0
            ? 'Sign in again to send your changes. They are saved on this tablet.'
            : 'Sign in again to see the latest changes from others.',
        action: 'sign-in',
      };
    case 'needs-update':
      return {
        message: `This app needs updating. ${KEPT}. Close the app and open it again to update it.`,
        action: 'reload',
      };
    case 'device-removed':
      return {
        message:
          'An administrator has removed this tablet. What it held is being erased from it. Sign in again to use it.',
        action: 'sign-in',
      };
    case 'problem':
      return {
        message: `Some changes could not be sent. ${KEPT}. Try again later; if this keeps happening, contact your IT service desk.`,
        action: null,
      };
    case 'waiting':
    case 'syncing':
    case 'idle':
    case 'stopped':
      switch (state.failure) {
        case 'offline':
          return {
            message:
              waiting > 0
                ? `Not sent: no signal. ${KEPT} and will be sent when you are back online.`
                : 'No signal. Changes made by others will appear when you are back online.',
            action: null,
          };
        case 'server-unavailable':
          return {
            message:
              waiting > 0
                ? `Not sent yet: the service is not responding. ${KEPT} and will be sent automatically.`
                : 'The service is not responding. Changes made by others will appear when it is back.',
            action: null,
          };
        case 'storage':
          return {
            message:
              'This tablet could not read or save its copy of your work. Close the app and open it again; if this keeps happening, contact your IT service desk.',
            action: 'reload',
          };
        default:
          return none;
      }
  }
}

export function describeSyncStatus(input: SyncStatusInput): SyncStatusText {
  const { state } = input;
  const count = Math.max(0, input.unsent.count);
  const now = input.now ?? new Date();
  const waiting =
    count === 0
      ? 'All changes sent'
      : state.phase === 'syncing'
        ? `Sending ${changes(count)}`
        : `${changes(count)} waiting to send`;
  const lastSent = state.lastSentAt
    ? `Last sent ${whenSent(new Date(state.lastSentAt), now)}`
    : null;
  const described = problem(state, count);
  const { action } = described;
  let { message } = described;
  const rejected = input.rejected ?? 0;
  if (rejected > 0) {
    const refused =
      rejected === 1
        ? '1 change was not accepted: see what was not saved and why.'
        : `${rejected} changes were not accepted: see what was not saved and why.`;
    message = message ? `${message} ${refused}` : refused;
  }
  const tone: SyncStatusText['tone'] =
    action !== null || state.phase === 'problem' || rejected > 0
      ? 'attention'
      : count > 0 || message !== null
        ? 'waiting'
        : 'ok';
  return { waiting, lastSent, message, action, tone };
}

import { cleanup, render, screen } from '@testing-library/preact';
import { describe, expect, test } from 'vitest';
import type { ConcernLogEntry } from '../../../schemas/reports/concern-log';
import { ConcernCard } from './concern-log-page';

const entry = (over: Partial<ConcernLogEntry> & { acknowledged?: boolean }): ConcernLogEntry => ({
  concern: {
    id: 'concern-0001',
    caseId: 'SC-7001',
    what: 'Bruising seen.',
    raisedAt: '2026-11-30T09:00:00.000Z',
    raisedBy: 'user-observer',
    receivedAt: '2026-11-30T10:00:00.000Z',
    whoWasTold: [{ name: 'Pat Duty', role: 'Duty manager', at: '2026-11-30T09:05:00.000Z' }],
    ...(over.acknowledged
      ? { acknowledgedBy: 'user-director', acknowledgedAt: '2026-11-30T16:00:00.000Z' }
      : {}),
  },
  scopeId: 'scope-0001',
  serviceId: 'scope-0001',
  scopeName: 'CIN team 2',
  acknowledgeBy: '2026-11-30T14:00:00.000Z',
  overdue: false,
  acknowledgedLate: false,
  notifications: [],
  ...over,
});

const names = (id: string | undefined) => (id === 'user-director' ? 'Dee Director' : '');

describe('a concern in the log', () => {
  test('overdue and unacknowledged: marked overdue, with the deadline and an Acknowledge button', () => {
    render(
      <ConcernCard
        entry={entry({ overdue: true })}
        nameOf={names}
        busy={false}
        canAcknowledge
        onAcknowledge={() => undefined}
      />,
    );
    expect(screen.getByText('Overdue')).toBeTruthy();
    expect(screen.getByText(/Not yet: due by 30 November 2026 at 2pm/)).toBeTruthy();
    expect(
      screen.getByRole('button', { name: 'Acknowledge the concern for case SC-7001' }),
    ).toBeTruthy();
    expect(screen.getByText('Pat Duty (Duty manager) on 30 November 2026 at 9:05am')).toBeTruthy();
    expect(screen.getByText('30 November 2026 at 10am')).toBeTruthy();
  });

  test('acknowledged late: who and when, marked late, no button; offline: no button either', () => {
    render(
      <ConcernCard
        entry={entry({ acknowledged: true, acknowledgedLate: true } as Partial<ConcernLogEntry>)}
        nameOf={names}
        busy={false}
        canAcknowledge
        onAcknowledge={() => undefined}
      />,
    );
    expect(screen.getByText('By Dee Director on 30 November 2026 at 4pm (late)')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });

  test('unacknowledged while offline: no button', () => {
    render(
      <ConcernCard
        entry={entry({})}
        nameOf={names}
        busy={false}
        canAcknowledge={false}
        onAcknowledge={() => undefined}
      />,
    );
    expect(screen.getByText('Not acknowledged by the Director')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });

  test('acknowledged by a QA lead only: still not acknowledged by the Director, the QA lead recorded with role and time', () => {
    render(
      <ConcernCard
        entry={entry({
          concern: {
            ...entry({}).concern,
            alsoAcknowledged: [
              { by: 'user-qa', role: 'qa-lead', at: '2026-11-30T11:00:00.000Z' },
              { by: 'user-head', role: 'head-of-service', at: '2026-11-30T11:30:00.000Z' },
            ],
          },
        })}
        nameOf={(id) => ({ 'user-qa': 'Quinn Adams', 'user-head': 'Hana Head' })[id ?? ''] ?? ''}
        busy={false}
        canAcknowledge
        onAcknowledge={() => undefined}
      />,
    );
    expect(screen.getByText('Not acknowledged by the Director')).toBeTruthy();
    expect(screen.getByText(/Not yet: due by 30 November 2026 at 2pm/)).toBeTruthy();
    expect(screen.getByText('Also acknowledged by')).toBeTruthy();
    expect(
      screen.getByText('Quinn Adams (Quality assurance lead) on 30 November 2026 at 11am'),
    ).toBeTruthy();
    expect(
      screen.getByText('Hana Head (Head of service) on 30 November 2026 at 11:30am'),
    ).toBeTruthy();
    // The Director, looking at it, may still acknowledge it; the reminder has not stopped.
    expect(
      screen.getByRole('button', { name: 'Acknowledge the concern for case SC-7001' }),
    ).toBeTruthy();
  });

  // Reminders go only on email or an alerting system (README): the hint promises one only when
  // the server says it sends them, and claims nothing when that is not known.
  test.each([
    [
      true,
      'Only the Director’s acknowledgement settles it: until then the Director is still reminded.',
    ],
    [
      false,
      'Only the Director’s acknowledgement settles it. No reminder is sent: the server has no email or alerting system set up.',
    ],
    [undefined, 'Only the Director’s acknowledgement settles it.'],
  ])(
    'for a QA lead (reminders sent: %s), the button says that only the Director’s acknowledgement settles it',
    (reminders, words) => {
      render(
        <ConcernCard
          entry={entry({})}
          nameOf={names}
          busy={false}
          canAcknowledge
          settles={false}
          reminders={reminders}
          onAcknowledge={() => undefined}
        />,
      );
      const button = screen.getByRole('button', {
        name: 'Acknowledge the concern for case SC-7001',
      });
      const hint = document.getElementById(button.getAttribute('aria-describedby')!);
      expect(hint?.textContent).toBe(`Acknowledging records that you have seen it. ${words}`);
      cleanup();
    },
  );

  const n = (
    i: number,
    kind: 'raised' | 'overdue',
    status: 'pending' | 'delivered' | 'cancelled',
    round?: number,
    createdAt?: string,
  ): ConcernLogEntry['notifications'][number] => ({
    id: `n-${i}`,
    channel: 'email',
    reason: 'director',
    kind,
    ...(round === undefined ? {} : { round }),
    ...(createdAt === undefined ? {} : { createdAt }),
    status,
    attempts: status === 'delivered' ? 1 : 0,
    lastAttemptAt: null,
    nextAttemptAt: null,
    deliveredAt: null,
    lastError: null,
  });
  const card = (notifications: ConcernLogEntry['notifications'], acknowledged = true) =>
    render(
      <ConcernCard
        entry={entry({ acknowledged, notifications } as Partial<ConcernLogEntry>)}
        nameOf={names}
        busy={false}
        canAcknowledge={false}
        onAcknowledge={() => undefined}
      />,
    );
  const notificationsRow = () =>
    screen.getByText('Notifications').parentElement!.querySelector('.govuk-summary-list__value')!;

  test('notifications: how many were delivered, the reminder sent, and those an acknowledgement made unnecessary', () => {
    // A copy kept on the tablet from before rounds were numbered: every reminder is the first.
    card([
      n(1, 'raised', 'delivered'),
      n(2, 'raised', 'delivered'),
      n(3, 'raised', 'pending'),
      n(4, 'overdue', 'delivered'),
      n(5, 'overdue', 'cancelled'),
      n(6, 'overdue', 'cancelled'),
    ]);
    const items = [...notificationsRow().querySelectorAll('li')].map((li) => li.textContent);
    expect(items).toEqual([
      'When it was raised: 2 of 3 delivered',
      'Reminded once that the Director had not acknowledged it: 1 of 1 delivered',
      'A reminder to 2 recipients was not sent, as the Director acknowledged the concern first',
    ]);
    cleanup();
    card([n(7, 'overdue', 'cancelled')]);
    expect(notificationsRow().textContent).toBe(
      'The first reminder was not sent, as the Director acknowledged the concern first',
    );
    cleanup();
    card([]);
    expect(notificationsRow().textContent).toBe('None recorded');
  });

  test('reminders repeated in rounds: how many times and when the last went, not a row for each; a round the Director’s acknowledgement stopped named', () => {
    const round = (r: number, first: number, at: string, status: 'delivered' | 'pending') =>
      [0, 1, 2, 3, 4].map((k) => n(first + k, 'overdue', k === 4 ? status : 'delivered', r, at));
    card(
      [
        n(1, 'raised', 'delivered'),
        n(2, 'raised', 'delivered'),
        ...round(1, 10, '2026-11-30T14:00:30.000Z', 'delivered'),
        ...round(2, 20, '2026-11-30T18:00:30.000Z', 'delivered'),
        ...round(3, 30, '2026-11-30T22:01:00.000Z', 'pending'),
      ],
      false,
    );
    const row = notificationsRow();
    expect([...row.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'When it was raised: 2 of 2 delivered',
      'Reminded 3 times that the Director had not acknowledged it, the last on 30 November 2026 at 10:01pm: 14 of 15 delivered',
    ]);
    // A list a screen reader announces as two items, not seventeen.
    expect(row.querySelector('ul')?.children).toHaveLength(2);
    cleanup();

    card([
      ...round(1, 10, '2026-11-30T14:00:30.000Z', 'delivered'),
      ...[0, 1, 2, 3, 4].map((k) =>
        n(40 + k, 'overdue', 'cancelled', 2, '2026-11-30T18:00:30.000Z'),
      ),
    ]);
    expect([...notificationsRow().querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'Reminded once that the Director had not acknowledged it, on 30 November 2026 at 2pm: 5 of 5 delivered',
      'The second reminder was not sent, as the Director acknowledged the concern first',
    ]);
  });

  test('a concern the Director raised: acknowledged by them on raising it', () => {
    render(
      <ConcernCard
        entry={entry({
          concern: {
            ...entry({}).concern,
            raisedBy: 'user-director',
            acknowledgedBy: 'user-director',
            acknowledgedAt: '2026-11-30T10:00:00.000Z',
          },
        })}
        nameOf={names}
        busy={false}
        canAcknowledge
        onAcknowledge={() => undefined}
      />,
    );
    expect(screen.getByText('Acknowledged by the Director', { selector: 'strong' })).toBeTruthy();
    expect(
      screen.getByText('By Dee Director, who raised it, on 30 November 2026 at 10am'),
    ).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });
});

test('the viewer is "you" mid-sentence and "You" at the start of a list item', () => {
  const concern = entry({}).concern;
  render(
    <ConcernCard
      entry={entry({
        concern: {
          ...concern,
          acknowledgedBy: 'user-director',
          acknowledgedAt: '2026-11-30T12:00:00.000Z',
          alsoAcknowledged: [{ by: 'user-qa', role: 'qa-lead', at: '2026-11-30T11:00:00.000Z' }],
        },
      })}
      nameOf={(id) => (id === 'user-director' ? 'you' : 'Quinn Adams')}
      busy={false}
      canAcknowledge={false}
      onAcknowledge={() => undefined}
    />,
  );
  expect(screen.getByText('By you on 30 November 2026 at midday')).toBeTruthy();
  cleanup();
  render(
    <ConcernCard
      entry={entry({
        concern: {
          ...concern,
          alsoAcknowledged: [{ by: 'user-qa', role: 'qa-lead', at: '2026-11-30T11:00:00.000Z' }],
        },
      })}
      nameOf={(id) => (id === 'user-qa' ? 'you' : '')}
      busy={false}
      canAcknowledge={false}
      onAcknowledge={() => undefined}
    />,
  );
  expect(screen.getByText('You (Quality assurance lead) on 30 November 2026 at 11am')).toBeTruthy();
});

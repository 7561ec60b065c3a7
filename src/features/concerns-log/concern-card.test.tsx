import { render, screen } from '@testing-library/preact';
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
    expect(screen.getByText(/Not yet: due by 30 November 2026, 14:00/)).toBeTruthy();
    expect(
      screen.getByRole('button', { name: 'Acknowledge the concern for case SC-7001' }),
    ).toBeTruthy();
    expect(screen.getByText('Pat Duty (Duty manager) at 30 November 2026, 09:05')).toBeTruthy();
    expect(screen.getByText('30 November 2026, 10:00')).toBeTruthy();
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
    expect(screen.getByText('By Dee Director at 30 November 2026, 16:00 (late)')).toBeTruthy();
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
    expect(screen.getByText(/Not yet: due by 30 November 2026, 14:00/)).toBeTruthy();
    expect(screen.getByText('Also acknowledged by')).toBeTruthy();
    expect(
      screen.getByText('Quinn Adams (Quality assurance lead) at 30 November 2026, 11:00'),
    ).toBeTruthy();
    expect(screen.getByText('Hana Head (Head of service) at 30 November 2026, 11:30')).toBeTruthy();
    // The Director, looking at it, may still acknowledge it; the reminder has not stopped.
    expect(
      screen.getByRole('button', { name: 'Acknowledge the concern for case SC-7001' }),
    ).toBeTruthy();
  });

  test('for a QA lead, the button says that only the Director’s acknowledgement settles it', () => {
    render(
      <ConcernCard
        entry={entry({})}
        nameOf={names}
        busy={false}
        canAcknowledge
        settles={false}
        onAcknowledge={() => undefined}
      />,
    );
    const button = screen.getByRole('button', {
      name: 'Acknowledge the concern for case SC-7001',
    });
    const hint = document.getElementById(button.getAttribute('aria-describedby')!);
    expect(hint?.textContent).toBe(
      'Acknowledging records that you have seen it. Only the Director’s acknowledgement settles it: until then the Director is still reminded.',
    );
  });

  test('notifications: how many were delivered, the reminders sent, and those an acknowledgement made unnecessary', () => {
    const n = (
      i: number,
      kind: 'raised' | 'overdue',
      status: 'pending' | 'delivered' | 'cancelled',
    ): ConcernLogEntry['notifications'][number] => ({
      id: `n-${i}`,
      channel: 'email',
      reason: 'director',
      kind,
      status,
      attempts: status === 'delivered' ? 1 : 0,
      lastAttemptAt: null,
      nextAttemptAt: null,
      deliveredAt: null,
      lastError: null,
    });
    const card = (notifications: ConcernLogEntry['notifications']) =>
      render(
        <ConcernCard
          entry={entry({ acknowledged: true, notifications } as Partial<ConcernLogEntry>)}
          nameOf={names}
          busy={false}
          canAcknowledge={false}
          onAcknowledge={() => undefined}
        />,
      );
    card([
      n(1, 'raised', 'delivered'),
      n(2, 'raised', 'delivered'),
      n(3, 'raised', 'pending'),
      n(4, 'overdue', 'delivered'),
      n(5, 'overdue', 'cancelled'),
      n(6, 'overdue', 'cancelled'),
    ]);
    expect(
      screen.getByText(
        '3 of 4 delivered, including a reminder to 1 recipient that the Director had not acknowledged it in time; a reminder to 2 recipients was not sent, as the Director acknowledged the concern first',
      ),
    ).toBeTruthy();
    card([n(7, 'overdue', 'cancelled')]);
    expect(
      screen.getByText(
        'A reminder to 1 recipient was not sent, as the Director acknowledged the concern first',
      ),
    ).toBeTruthy();
  });
});

import { describe, expect, test } from 'vitest';
import type { SyncEngineState } from './engine';
import { describeSyncStatus } from './status';

const base: SyncEngineState = {
  phase: 'idle',
  failure: null,
  attempt: 0,
  nextRetryAt: null,
  lastSentAt: null,
  lastReceivedAt: null,
  following: false,
};
const at = (patch: Partial<SyncEngineState>): SyncEngineState => ({ ...base, ...patch });
// 10:42 in London in summer time is 09:42 UTC.
const summer = '2026-05-01T09:42:10.000Z';
const now = new Date('2026-05-01T15:00:00.000Z');

describe('sync status in plain words', () => {
  test('counts what is waiting, in words', () => {
    expect(describeSyncStatus({ state: base, unsent: { count: 3 }, now }).waiting).toBe(
      '3 changes waiting to send',
    );
    expect(describeSyncStatus({ state: base, unsent: { count: 1 }, now }).waiting).toBe(
      '1 change waiting to send',
    );
    const clear = describeSyncStatus({ state: base, unsent: { count: 0 }, now });
    expect(clear).toMatchObject({ waiting: 'All changes sent', message: null, tone: 'ok' });
    expect(
      describeSyncStatus({ state: at({ phase: 'syncing' }), unsent: { count: 2 }, now }).waiting,
    ).toBe('Sending 2 changes');
  });

  test('says when changes were last sent, in London time, in GOV.UK style', () => {
    const s = describeSyncStatus({ state: at({ lastSentAt: summer }), unsent: { count: 0 }, now });
    expect(s.lastSent).toBe('Last sent at 10:42am');
    // In winter London is on GMT: 14:05 UTC is 2:05pm.
    const winter = describeSyncStatus({
      state: at({ lastSentAt: '2026-01-12T14:05:00.000Z' }),
      unsent: { count: 0 },
      now: new Date('2026-01-12T18:00:00.000Z'),
    });
    expect(winter.lastSent).toBe('Last sent at 2:05pm');
    const yesterday = describeSyncStatus({
      state: at({ lastSentAt: '2026-04-30T21:30:00.000Z' }),
      unsent: { count: 0 },
      now,
    });
    expect(yesterday.lastSent).toBe('Last sent on 30 April at 10:30pm');
    // Just after midnight in London is still "today" there though it is yesterday in UTC.
    const midnight = describeSyncStatus({
      state: at({ lastSentAt: '2026-04-30T23:10:00.000Z' }),
      unsent: { count: 0 },
      now,
    });
    expect(midnight.lastSent).toBe('Last sent at 12:10am');
    expect(describeSyncStatus({ state: base, unsent: { count: 0 }, now }).lastSent).toBeNull();
  });

  test('no signal: says the work is safe and will go when back online', () => {
    const s = describeSyncStatus({
      state: at({ phase: 'waiting', failure: 'offline' }),
      unsent: { count: 3 },
      now,
    });
    expect(s.message).toBe(
      'Not sent: no signal. Your changes are saved on this tablet and will be sent when you are back online.',
    );
    expect(s).toMatchObject({ tone: 'waiting', action: null });
  });

  test('an expired session asks the person to sign in, and says nothing is lost', () => {
    const s = describeSyncStatus({
      state: at({ phase: 'needs-sign-in', failure: 'session-expired' }),
      unsent: { count: 4 },
      now,
    });
    expect(s.message).toBe('Sign in again to send your changes. They are saved on this tablet.');
    expect(s).toMatchObject({ action: 'sign-in', tone: 'attention' });
  });

  test('an app too old for the server asks for an update, and says nothing is lost', () => {
    const s = describeSyncStatus({
      state: at({ phase: 'needs-update', failure: 'too-old' }),
      unsent: { count: 1 },
      now,
    });
    expect(s.message).toMatch(/^This app needs updating\. Your changes are saved on this tablet\./);
    expect(s.action).toBe('reload');
  });

  test('refused changes are pointed out', () => {
    const s = describeSyncStatus({ state: base, unsent: { count: 0 }, rejected: 2, now });
    expect(s.message).toBe('2 changes were not accepted: see what was not saved and why.');
    expect(s.tone).toBe('attention');
  });

  test('nothing technical ever reaches the screen', () => {
    const phases: SyncEngineState['phase'][] = [
      'idle',
      'syncing',
      'waiting',
      'needs-sign-in',
      'needs-update',
      'device-removed',
      'problem',
      'stopped',
    ];
    const failures: SyncEngineState['failure'][] = [
      null,
      'offline',
      'server-unavailable',
      'session-expired',
      'signed-out',
      'account-disabled',
      'too-old',
      'device-revoked',
      'rejected-request',
      'gap',
      'storage',
    ];
    for (const phase of phases)
      for (const failure of failures)
        for (const count of [0, 1, 5]) {
          const s = describeSyncStatus({
            state: at({ phase, failure, lastSentAt: summer }),
            unsent: { count },
            rejected: count,
            now,
          });
          const words = [s.waiting, s.lastSent, s.message].join(' ');
          expect(words).not.toMatch(
            /\b(HTTP|4\d\d|5\d\d|sync|mutation|error|code|token|server|MUTATION_GAP|[A-Z]{2,}_[A-Z_]+)\b/i,
          );
        }
  });
});

// The real server process deletes notifications settled past NOTIFY_RETENTION_DAYS when it starts
// (and daily), with no channel configured, logging how many and never to whom.
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { openStorage } from '../../sync-server/src/storage/storage';
import { startServer } from '../helpers/server-process';
import type { RunningServer } from '../helpers/server-process';
import { newId } from '../helpers/sync-fixtures';

const running: RunningServer[] = [];
afterAll(async () => {
  for (const s of running) await s.stop('SIGKILL');
});

test('old sent notifications are deleted at start, waiting ones kept, and the log names no one', async () => {
  const first = await startServer({ LOG_LEVEL: 'info' });
  running.push(first);
  expect(await first.stop('SIGTERM')).toBe(0);

  // Two digests of a round long past, as if sent when email was set up: one delivered, one not.
  const storage = openStorage({
    engine: 'sqlite',
    file: path.join(first.dataDir, 'observations.sqlite'),
  });
  const sent = { id: newId(), recipient: 'sam.sent@example.org', status: 'delivered' as const };
  const waiting = { id: newId(), recipient: 'wes.waiting@example.org', status: 'pending' as const };
  try {
    for (const r of [sent, waiting])
      await storage.db
        .insertInto('notification_outbox')
        .values({
          ...r,
          concern_id: null,
          scope_id: null,
          channel: 'email',
          reason: 'qa-lead',
          kind: 'actions-overdue',
          round: 20200106,
          digest: '{"monday":"2020-01-06","yours":[],"overseen":[],"escalated":[]}',
          attempts: 1,
          created_at: '2020-01-06T08:00:00.000Z',
          next_attempt_at: '2020-01-06T08:00:00.000Z',
          claimed_until: null,
          claim_token: null,
          last_attempt_at: '2020-01-06T08:00:01.000Z',
          delivered_at: r.status === 'delivered' ? '2020-01-06T08:00:01.000Z' : null,
          last_error: null,
        })
        .execute();
  } finally {
    await storage.close();
  }

  const second = await startServer({
    LOG_LEVEL: 'info',
    DATA_DIR: first.dataDir,
    NOTIFY_RETENTION_DAYS: '30',
  });
  running.push(second);
  expect(await second.stop('SIGTERM')).toBe(0);
  const logged = second
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(logged.find((l) => l['msg'] === 'deleted notifications past retention')).toMatchObject({
    notifications: 1,
  });
  expect(second.output()).not.toContain(sent.recipient);

  const after = openStorage({
    engine: 'sqlite',
    file: path.join(first.dataDir, 'observations.sqlite'),
  });
  try {
    const left = await after.db.selectFrom('notification_outbox').select('id').execute();
    expect(left.map((r) => r.id)).toEqual([waiting.id]);
  } finally {
    await after.close();
  }
});

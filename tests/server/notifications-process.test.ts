// The notification outbox in the real server process, as an operator runs it: configured by
// environment, its attempts logged while the mail server is down (with no personal data in any
// line), kept across a stop and start, and delivered once the mail server is back.
import { afterAll, expect, test } from 'vitest';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../schemas/sync/protocol-version';
import { api, signInHttp } from '../helpers/http-client';
import { freePort, startServer } from '../helpers/server-process';
import type { RunningServer } from '../helpers/server-process';
import { startSmtpSink, waitFor } from '../helpers/sinks';
import type { SmtpSink } from '../helpers/sinks';

const running: RunningServer[] = [];
let sink: SmtpSink | undefined;
afterAll(async () => {
  for (const s of running) await s.stop('SIGKILL');
  await sink?.close();
});

const lines = (out: string) =>
  out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

test('a concern raised while the mail server is down is emailed after a restart; no log line names anyone', async () => {
  const smtpPort = await freePort();
  const admin = { email: 'admin.person@example.org', password: 'admin password for notify' };
  const env = {
    LOG_LEVEL: 'info',
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    NOTIFY_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    NOTIFY_FROM: 'observations@council.example.org',
    NOTIFY_RETRY_BASE_MS: '150',
    NOTIFY_RETRY_MAX_MS: '400',
    NOTIFY_POLL_MS: '100',
  };
  const first = await startServer(env);
  running.push(first);
  const session = await signInHttp(first.url, admin.email, admin.password, 'Laptop');
  const service = await api<{ scope: { id: string } }>(
    first.url,
    '/api/admin/scopes',
    { name: 'Children and families', kind: 'service' },
    session.token,
  );
  const group = await api<{ scope: { id: string } }>(
    first.url,
    '/api/admin/scopes',
    { name: 'Group A', kind: 'practice-group', parentId: service.json.scope.id },
    session.token,
  );
  const people = {
    director: { email: 'dana.director@example.org', displayName: 'Dana Director' },
    observer: { email: 'jane.observer@example.org', displayName: 'Jane Observer' },
  };
  for (const [role, p] of Object.entries(people)) {
    const res = await api(
      first.url,
      '/api/admin/users',
      {
        ...p,
        role,
        password: 'a long enough password',
        scopeIds: [role === 'director' ? service.json.scope.id : group.json.scope.id],
      },
      session.token,
    );
    expect(res.status).toBe(201);
  }
  const observer = await signInHttp(
    first.url,
    people.observer.email,
    'a long enough password',
    'Tablet',
  );
  const concern = {
    id: 'concern-notify-0001',
    caseId: 'QX-90210',
    what: 'The child said she is afraid to go home tonight.',
    raisedAt: new Date().toISOString(),
    whoWasTold: [{ name: 'Sam Duty', role: 'Duty manager', at: new Date().toISOString() }],
  };
  const raised = await api(
    first.url,
    '/api/concerns',
    {
      protocolVersion: PROTOCOL_VERSION,
      schemaVersion: SCHEMA_VERSION,
      deviceId: observer.deviceId,
      scopeId: group.json.scope.id,
      concern,
    },
    observer.token,
  );
  expect(raised.status).toBe(201);

  const failures = () =>
    lines(first.output()).filter(
      (l) => l['msg'] === 'safety concern notification failed; will retry',
    );
  await waitFor('two failed attempts in the log', () => failures().length >= 2);
  expect(await first.stop('SIGTERM')).toBe(0);
  expect(failures()[0]).toMatchObject({
    level: 40,
    channel: 'email',
    attempt: 1,
    error: 'ECONNREFUSED',
    notificationId: expect.any(String),
    retryInMs: expect.any(Number),
  });
  expect(failures()[1]).toMatchObject({ attempt: 2 });

  sink = await startSmtpSink(smtpPort);
  const second = await startServer({ ...env, DATA_DIR: first.dataDir });
  running.push(second);
  const mail = await waitFor('the email', () => sink!.messages[0]);
  expect(mail.to).toEqual([people.director.email]);
  expect(mail.text).toContain('An immediate safety concern was raised at');
  expect(mail.text).toContain('in Group A (Children and families).');
  const delivered = await waitFor('the delivery in the log', () =>
    lines(second.output()).find((l) => l['msg'] === 'safety concern notification delivered'),
  );
  expect(delivered).toMatchObject({ channel: 'email', attempt: expect.any(Number) });
  expect(Number(delivered['attempt'])).toBeGreaterThanOrEqual(3);

  const everything = first.output() + second.output();
  for (const personal of [
    people.director.email,
    people.observer.email,
    admin.email,
    people.director.displayName,
    people.observer.displayName,
    concern.id,
    concern.caseId,
    concern.what,
    'afraid',
    'Sam Duty',
  ]) {
    expect(everything).not.toContain(personal);
  }
  for (const personal of [concern.caseId, concern.what, 'Sam Duty', concern.id])
    expect(mail.raw).not.toContain(personal);
});

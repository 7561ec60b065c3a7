// The server's logs, as an operator would ship them: JSON lines with request ids, and no personal
// data — no emails, passwords, tokens, names or case IDs — even when requests carry them or fail.
import Fastify from 'fastify';
import { afterAll, expect, test } from 'vitest';
import { AppError, ErrorCode } from '../../sync-server/src/errors';
import { loggerOptions } from '../../sync-server/src/logger';
import { api, signInHttp } from '../helpers/http-client';
import { startServer } from '../helpers/server-process';
import type { RunningServer } from '../helpers/server-process';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../schemas/sync/protocol-version';

let server: RunningServer;
afterAll(async () => server?.stop('SIGKILL'));

test('logs carry request ids and none of the personal data the requests carried', async () => {
  const admin = { email: 'admin.person@example.org', password: 'admin password for logs' };
  server = await startServer({
    LOG_LEVEL: 'info',
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
  });
  const session = await signInHttp(server.url, admin.email, admin.password, 'Laptop');
  const service = await api<{ scope: { id: string } }>(
    server.url,
    '/api/admin/scopes',
    { name: 'Service', kind: 'service' },
    session.token,
  );
  const group = await api<{ scope: { id: string } }>(
    server.url,
    '/api/admin/scopes',
    { name: 'Group', kind: 'practice-group', parentId: service.json.scope.id },
    session.token,
  );
  const observerEmail = 'jane.observer@example.org';
  await api(
    server.url,
    '/api/admin/users',
    {
      email: observerEmail,
      displayName: 'Jane Observer',
      role: 'observer',
      password: 'observer password x',
      scopeIds: [group.json.scope.id],
    },
    session.token,
  );
  const observer = await signInHttp(server.url, observerEmail, 'observer password x', 'Tablet');
  const caseId = 'ZQ-777123';
  const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION };
  const push = await api(
    server.url,
    '/api/sync/push',
    {
      ...versions,
      deviceId: observer.deviceId,
      sentAt: new Date().toISOString(),
      mutations: [
        {
          id: 1,
          recordId: 'rec-log-0001',
          type: 'observation',
          op: 'put',
          scopeId: group.json.scope.id,
          baseVersion: 0,
          at: new Date().toISOString(),
          set: {
            kind: 'frontline-practice',
            templateId: 'frontline-practice',
            templateVersion: 1,
            'context.caseId': caseId,
            'context.observedName': 'Sam Practitioner',
          },
        },
      ],
    },
    observer.token,
  );
  expect(push.status).toBe(200);
  // Failures too: a wrong password, and a malformed case ID in a concern.
  await api(server.url, '/api/auth/sign-in', {
    email: observerEmail,
    password: 'wrong password here',
  });
  await api(
    server.url,
    '/api/concerns',
    {
      ...versions,
      deviceId: observer.deviceId,
      scopeId: group.json.scope.id,
      concern: {
        id: 'concern-log-1',
        caseId: 'Jane Smith',
        what: 'x',
        raisedAt: new Date().toISOString(),
        whoWasTold: [],
      },
    },
    observer.token,
  );
  await api(server.url, '/api/sync/pull?caseId=' + caseId, {}, observer.token);

  await server.stop('SIGTERM');
  const lines = server
    .output()
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'));
  expect(lines.length).toBeGreaterThan(10);
  const entries = lines.map((l) => JSON.parse(l) as { reqId?: string; msg: string });
  expect(
    entries.filter((e) => e.msg === 'request completed').every((e) => typeof e.reqId === 'string'),
  ).toBe(true);
  const all = server.output();
  for (const secret of [
    admin.email,
    admin.password,
    observerEmail,
    'observer password x',
    'wrong password here',
    session.token,
    observer.token,
    caseId,
    'Jane Smith',
    'Sam Practitioner',
    'Jane Observer',
  ]) {
    expect(all).not.toContain(secret);
  }
});

test('an unexpected error is logged by kind, code and place, never by what its message or detail quote', async () => {
  const lines: string[] = [];
  const app = Fastify({
    logger: {
      ...(loggerOptions('info') as object),
      stream: { write: (line: string) => void lines.push(line) },
    },
  });
  // As PostgreSQL's driver raises them: the message and the detail quote the values sent.
  const dbError = Object.assign(new Error('invalid input syntax for type integer: "ZQ-777123"'), {
    code: '22P02',
    detail: 'Key (case_id)=(ZQ-777123) already exists.',
    table: 'records',
    constraint: 'records_pkey',
  });
  app.get('/boom', async () => {
    throw new Error('wrapped', { cause: dbError });
  });
  app.get('/ours', async () => {
    throw new AppError(500, ErrorCode.INTERNAL, 'The database is not answering.');
  });
  try {
    await app.inject({ method: 'GET', url: '/boom?caseId=ZQ-777123' });
    await app.inject({ method: 'GET', url: '/ours' });
  } finally {
    await app.close();
  }
  const logged = lines.join('');
  expect(logged).not.toContain('ZQ-777123');
  const errors = lines
    .map((l) => JSON.parse(l) as { err?: Record<string, unknown> })
    .flatMap((l) => (l.err ? [l.err] : []));
  expect(errors).toHaveLength(2);
  expect(errors[0]).toMatchObject({
    type: 'Error',
    cause: { type: 'Error', code: '22P02', table: 'records', constraint: 'records_pkey' },
  });
  expect(String(errors[0]!.stack)).toMatch(/^ {4}at /);
  expect(errors[1]).toMatchObject({
    type: 'AppError',
    code: ErrorCode.INTERNAL,
    message: 'The database is not answering.',
  });
});

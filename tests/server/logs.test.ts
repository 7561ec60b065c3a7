// The server's logs, as an operator would ship them: JSON lines with request ids, and no personal
// data — no emails, passwords, tokens, names or case IDs — even when requests carry them or fail.
import { afterAll, expect, test } from 'vitest';
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

// Who may do what, as one table: every role against every route the app serves, each with a target
// in the caller's own scope and one outside it, on every engine. Every forbidden case must be
// refused with the code written here and every allowed one must succeed; a route without an entry
// fails the first test. Then pull and the concern list are held to an oracle written from the
// rules: nobody is given a record outside their scopes or grants (also on generated worlds).
import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../schemas/sync/protocol-version';
import { frontlinePracticeV1 } from '../../schemas/templates/frontline-practice';
import { timescalesStamp } from '../../schemas/timescales';
import type { MutationResult } from '../../schemas/sync/push';
import type { SyncRecord } from '../../schemas/sync/records';
import { createScope } from '../../sync-server/src/accounts/accounts-repository';
import { ROLES } from '../../sync-server/src/accounts/permissions';
import type { Role } from '../../sync-server/src/accounts/permissions';
import type { Storage } from '../../sync-server/src/storage/storage';
import { OVERSIGHT_ROLES } from '../../sync-server/src/sync/actor';
import { pull } from '../../sync-server/src/sync/pull';
import { TEST_CONFIG, buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import {
  PASSWORD,
  bearer,
  createAccount,
  signIn,
  useQuickPasswordHashing,
} from '../helpers/accounts';
import { ENGINES } from '../helpers/engines';
import { ssoHandover, ssoToCallback, startProvider } from '../helpers/oidc-provider';
import type { TestProvider } from '../helpers/oidc-provider';
import { APP_FILE_ROUTES, appFileUrls, listRoutes } from '../helpers/route-list';
import { recoveryKeySchema } from '../../schemas/sync/recovery-file';
import { sealRecoveryFile } from '../../src/sync/recovery-file';
import { addMembership, addScope, addUser, newId, pullReq } from '../helpers/sync-fixtures';
import { SUBMITTABLE, submittableFields } from '../helpers/submittable';
import { findTemplate } from '../../schemas/templates/catalogue';
import { londonDateOf } from '../../schemas/calendar/london-time';

useQuickPasswordHashing();

/**
 * 'allow'; or a refused mutation's code inside a 200 push ('FORBIDDEN_SCOPE'); or an HTTP refusal
 * ('403 FORBIDDEN'); or 'n/a' where the target cannot exist for that role (said why beside it).
 */
type Expect = 'allow' | 'n/a' | (string & {});
type Target = 'own' | 'other';
type PerRole = Record<Role, Expect>;
type Action = {
  route: string;
  name: string;
  /** What "own" and "other" mean for this action. */
  targets: Partial<Record<Target, string>>;
  expect: Partial<Record<Target, PerRole>>;
  run(c: Caller, target: Target): Promise<Observed>;
};
type Observed = { status: number; code?: string; result?: MutationResult; body?: unknown };

const all = (e: Expect): PerRole => Object.fromEntries(ROLES.map((r) => [r, e])) as PerRole;
/** The same expectation for every role, with exceptions. */
const roles = (rest: Expect, except: Partial<PerRole>): PerRole => ({ ...all(rest), ...except });
const oversight = (e: Expect): Partial<PerRole> => ({
  'qa-lead': e,
  'head-of-service': e,
  director: e,
});
const observing = (e: Expect): Partial<PerRole> => ({ observer: e, ...oversight(e) });

const FRONTLINE = {
  kind: 'frontline-practice',
  templateId: 'frontline-practice',
  templateVersion: 1,
};
const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION };
const now = () => new Date().toISOString();

type Caller = {
  role: Role;
  id: string;
  email: string;
  token: string;
  deviceId: string;
};

/** The world the table runs in: two services, each with a practice group and an author. */
type World = {
  app: FastifyInstance;
  storage: Storage;
  own: { service: string; group: string; author: Caller };
  other: { service: string; group: string; author: Caller };
  admin: Caller;
  /** The QA lead of the own group, who moderates and closes what the table's callers submit. */
  qaLead: Caller;
  nextMutation: Map<string, number>;
  provider: TestProvider;
};

let w: World;

async function signedIn(role: Role, scopeIds: string[]): Promise<Caller> {
  const a = await createAccount(w.storage, { role, scopeIds });
  const s = await signIn(w.app, { email: a.email, password: PASSWORD });
  return { role, id: a.id, email: a.email, token: s.token, deviceId: s.deviceId };
}

async function call(
  who: Caller | null,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
): Promise<Observed> {
  const res = await w.app.inject({
    method,
    url,
    headers: who ? bearer(who.token) : {},
    ...(payload ? { payload } : {}),
  });
  const body = res.headers['content-type']?.toString().startsWith('application/json')
    ? (res.json() as { error?: { code?: string } })
    : undefined;
  return { status: res.statusCode, code: body?.error?.code, body };
}

type MutationInput = {
  recordId: string;
  type: string;
  op: 'put' | 'delete' | 'restore';
  scopeId?: string;
  parentId?: string;
  set?: Record<string, string | number | boolean | null>;
  amendmentId?: string;
};

async function pushOne(who: Caller, m: MutationInput, deviceId = who.deviceId): Promise<Observed> {
  const id = (w.nextMutation.get(who.deviceId) ?? 0) + 1;
  const version = await w.storage.db
    .selectFrom('records')
    .select('seq')
    .where('id', '=', m.recordId)
    .executeTakeFirst();
  const res = await call(who, 'POST', '/api/sync/push', {
    ...versions,
    deviceId,
    sentAt: now(),
    mutations: [{ id, baseVersion: Number(version?.seq ?? 0), set: {}, at: now(), ...m }],
  });
  if (res.status !== 200) return res;
  w.nextMutation.set(who.deviceId, id);
  const result = (res.body as { results: MutationResult[] }).results[0]!;
  return { ...res, result, code: result.code };
}

async function expectApplied(o: Observed) {
  expect(o.result?.status, JSON.stringify(o)).toBe('applied');
}

const scopeOf = (t: Target) => (t === 'own' ? w.own : w.other);

/** A fresh observation by the author of the target's scope, optionally submitted or shared. */
async function authored(t: Target, opts: { submit?: boolean; shareWith?: string } = {}) {
  const { author, group } = scopeOf(t);
  const recordId = newId();
  const set: Record<string, string | number | boolean> = {
    ...FRONTLINE,
    ...SUBMITTABLE,
    status: 'draft',
    'summary.strengths': 'The author’s words.',
  };
  if (opts.shareWith) set['context.observedUserId'] = opts.shareWith;
  await expectApplied(
    await pushOne(author, { recordId, type: 'observation', op: 'put', scopeId: group, set }),
  );
  if (opts.submit) {
    await expectApplied(
      await pushOne(author, {
        recordId,
        type: 'observation',
        op: 'put',
        set: { status: 'submitted' },
      }),
    );
  }
  if (opts.shareWith) {
    await expectApplied(
      await pushOne(author, {
        recordId,
        type: 'observation',
        op: 'put',
        set: { sharedWithPractitioner: true },
      }),
    );
  }
  return recordId;
}

/** A single case audit by the author of the target's group, submitted. */
async function submittedAudit(t: Target): Promise<string> {
  const { author, group } = scopeOf(t);
  const recordId = newId();
  const sca = findTemplate('single-case-audit', 1)!;
  const set = submittableFields(sca, {
    kind: sca.kind,
    templateId: sca.id,
    templateVersion: sca.version,
    status: 'draft',
    'summary.overallGrade': 'good',
  });
  await expectApplied(
    await pushOne(author, { recordId, type: 'observation', op: 'put', scopeId: group, set }),
  );
  await expectApplied(
    await pushOne(author, {
      recordId,
      type: 'observation',
      op: 'put',
      set: { status: 'submitted' },
    }),
  );
  return recordId;
}

/** The caller's own observation, submitted, then (by the QA lead of its group) moderated and closed. */
async function ownSubmitted(c: Caller, opts: { close?: boolean } = {}): Promise<string> {
  const recordId = newId();
  await expectApplied(
    await pushOne(c, {
      recordId,
      type: 'observation',
      op: 'put',
      scopeId: w.own.group,
      set: { ...FRONTLINE, ...SUBMITTABLE, status: 'draft', 'summary.strengths': 'As submitted.' },
    }),
  );
  await expectApplied(
    await pushOne(c, { recordId, type: 'observation', op: 'put', set: { status: 'submitted' } }),
  );
  if (opts.close) {
    for (const status of ['moderated', 'closed']) {
      await expectApplied(
        await pushOne(w.qaLead, { recordId, type: 'observation', op: 'put', set: { status } }),
      );
    }
  }
  return recordId;
}

async function concernBy(t: Target): Promise<string> {
  const { author, group } = scopeOf(t);
  const id = newId();
  const res = await call(author, 'POST', '/api/concerns', {
    ...versions,
    deviceId: author.deviceId,
    scopeId: group,
    concern: { id, caseId: 'AB-1234', what: 'Bruising seen.', raisedAt: now(), whoWasTold: [] },
  });
  expect(res.status).toBe(201);
  return id;
}

/** The caller's subject at the single sign-on provider, which knows them by their email. */
function subjectOf(c: Caller): string {
  const subject = `sub-${c.id}`;
  w.provider.accounts.set(subject, { email: c.email });
  return subject;
}

/** A fresh observation in the target's scope, its last activity years past its period. */
async function overdue(t: Target): Promise<string> {
  const recordId = await authored(t);
  const periods = await call(w.admin, 'PUT', '/api/admin/retention/policy', {
    periods: { 'frontline-practice': 365 },
  });
  expect(periods.status).toBe(200);
  await w.storage.db
    .updateTable('records')
    .set({ updated_at: '2019-04-01T09:00:00.000Z' })
    .where('root_id', '=', recordId)
    .execute();
  return recordId;
}

/** Someone in the target's scope for the admin routes to act on. */
async function personIn(t: Target): Promise<Caller> {
  return signedIn('observer', [scopeOf(t).group]);
}

/** A QA lead of the target's practice group, who plans its programme. */
const planners = new Map<Target, Caller>();
async function plannerOf(t: Target): Promise<Caller> {
  if (!planners.has(t)) planners.set(t, await signedIn('qa-lead', [scopeOf(t).group]));
  return planners.get(t)!;
}

const plannedFor = (t: Target, observerUserId: string) => ({
  scopeId: scopeOf(t).group,
  kind: 'frontline-practice',
  observerUserId,
  observedName: 'A social worker',
  dueDate: '2027-03-31',
});

/** An assignment in the target's group, planned by its QA lead and given to this observer. */
async function assignmentFor(t: Target, observerUserId: string): Promise<string> {
  const res = await call(await plannerOf(t), 'POST', '/api/programme/assignments', {
    assignments: [plannedFor(t, observerUserId)],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return (res.body as { assignments: { id: string }[] }).assignments[0]!.id;
}

const ADMIN_ONLY = roles('403 FORBIDDEN', { admin: 'allow' });
const SSO_REDIRECT = 'http://observations.test/api/auth/oidc/callback';
const METRICS_TOKEN = 'a-metrics-token-for-the-matrix-only';

/** Every route of the app and what each role may do there. */
const ACTIONS: Action[] = [
  // --- accounts ----------------------------------------------------------------------------------
  {
    route: 'POST /api/auth/sign-in',
    name: 'sign in',
    targets: { own: 'your own account', other: 'a colleague’s account, without their password' },
    expect: { own: all('allow'), other: all('401 SIGN_IN_FAILED') },
    async run(c, t) {
      if (t === 'own')
        return call(null, 'POST', '/api/auth/sign-in', { email: c.email, password: PASSWORD });
      const colleague = await personIn('own');
      return call(null, 'POST', '/api/auth/sign-in', {
        email: colleague.email,
        password: `${PASSWORD}, surely`,
      });
    },
  },
  {
    route: 'POST /api/auth/sign-out',
    name: 'sign out',
    // There is no way to name another person's session: the route ends the caller's own.
    targets: { own: 'your own session' },
    expect: { own: all('allow') },
    async run(c) {
      const s = await signIn(w.app, { email: c.email, password: PASSWORD });
      return call({ ...c, token: s.token }, 'POST', '/api/auth/sign-out');
    },
  },
  {
    route: 'GET /api/auth/me',
    name: 'who am I',
    targets: { own: 'yourself' },
    expect: { own: all('allow') },
    async run(c) {
      const res = await call(c, 'GET', '/api/auth/me');
      expect((res.body as { user: { id: string } }).user.id).toBe(c.id);
      return res;
    },
  },
  {
    route: 'GET /api/setup',
    name: 'is setup open',
    targets: { own: 'this server' },
    expect: { own: all('allow') },
    run: (c) => call(c, 'GET', '/api/setup'),
  },
  {
    route: 'POST /api/setup',
    name: 'create the first admin',
    // Closed for everyone once an admin exists, whoever asks.
    targets: { own: 'this server' },
    expect: { own: all('409 SETUP_NOT_AVAILABLE') },
    run: (c) =>
      call(c, 'POST', '/api/setup', {
        code: 'AAAA-BBBB-CCCC-DDDD',
        email: `${randomUUID()}@example.org`,
        displayName: 'Sneaky',
        password: PASSWORD,
      }),
  },
  // --- administration ------------------------------------------------------------------------------
  {
    route: 'GET /api/admin/scopes',
    name: 'list scopes',
    targets: { own: 'every scope' },
    expect: { own: ADMIN_ONLY },
    run: (c) => call(c, 'GET', '/api/admin/scopes'),
  },
  {
    route: 'POST /api/admin/scopes',
    name: 'add a practice group',
    targets: { own: 'under your service', other: 'under another service' },
    expect: { own: ADMIN_ONLY, other: ADMIN_ONLY },
    run: (c, t) =>
      call(c, 'POST', '/api/admin/scopes', {
        name: `Group ${randomUUID()}`,
        kind: 'practice-group',
        parentId: scopeOf(t).service,
      }),
  },
  {
    route: 'GET /api/admin/users',
    name: 'list people',
    targets: { own: 'everyone' },
    expect: { own: ADMIN_ONLY },
    run: (c) => call(c, 'GET', '/api/admin/users'),
  },
  {
    route: 'POST /api/admin/users',
    name: 'add a person',
    targets: { own: 'to your practice group', other: 'to another service’s group' },
    expect: { own: ADMIN_ONLY, other: ADMIN_ONLY },
    run: (c, t) =>
      call(c, 'POST', '/api/admin/users', {
        email: `${randomUUID()}@example.org`,
        role: 'director',
        password: PASSWORD,
        scopeIds: [scopeOf(t).group],
      }),
  },
  {
    route: 'POST /api/admin/users/:userId/memberships',
    name: 'add a membership',
    targets: { own: 'a colleague, to your service', other: 'someone elsewhere, to their service' },
    expect: { own: ADMIN_ONLY, other: ADMIN_ONLY },
    async run(c, t) {
      const p = await personIn(t);
      return call(c, 'POST', `/api/admin/users/${p.id}/memberships`, {
        scopeId: scopeOf(t).service,
      });
    },
  },
  {
    route: 'POST /api/admin/users/:userId/password',
    name: 'reset a password',
    targets: { own: 'a colleague', other: 'someone in another service' },
    expect: { own: ADMIN_ONLY, other: ADMIN_ONLY },
    async run(c, t) {
      const p = await personIn(t);
      return call(c, 'POST', `/api/admin/users/${p.id}/password`, { password: `${PASSWORD}!` });
    },
  },
  {
    route: 'PATCH /api/admin/users/:userId',
    name: 'change a role, or disable an account',
    targets: { own: 'a colleague', other: 'someone in another service' },
    expect: { own: ADMIN_ONLY, other: ADMIN_ONLY },
    async run(c, t) {
      const p = await personIn(t);
      return call(c, 'PATCH', `/api/admin/users/${p.id}`, { role: 'practitioner' });
    },
  },
  {
    route: 'DELETE /api/admin/users/:userId/memberships/:scopeId',
    name: 'take someone out of a team',
    targets: { own: 'a colleague', other: 'someone in another service' },
    expect: { own: ADMIN_ONLY, other: ADMIN_ONLY },
    async run(c, t) {
      const p = await personIn(t);
      const res = await call(
        c,
        'DELETE',
        `/api/admin/users/${p.id}/memberships/${scopeOf(t).group}`,
      );
      if (res.status === 200) expect(res.body).toMatchObject({ removed: true });
      return res;
    },
  },
  {
    route: 'GET /api/admin/devices',
    name: 'list devices',
    targets: { own: 'a colleague’s', other: 'someone elsewhere’s' },
    expect: { own: ADMIN_ONLY, other: ADMIN_ONLY },
    async run(c, t) {
      const p = await personIn(t);
      return call(c, 'GET', `/api/admin/devices?userId=${p.id}`);
    },
  },
  {
    route: 'POST /api/admin/devices/:deviceId/revoke',
    name: 'revoke a device',
    targets: { own: 'a colleague’s tablet', other: 'a tablet elsewhere' },
    expect: { own: ADMIN_ONLY, other: ADMIN_ONLY },
    async run(c, t) {
      const p = await personIn(t);
      return call(c, 'POST', `/api/admin/devices/${p.deviceId}/revoke`);
    },
  },
  // --- records -------------------------------------------------------------------------------------
  {
    route: 'POST /api/sync/push',
    name: 'start an observation',
    targets: { own: 'in your practice group', other: 'in another service’s group' },
    expect: {
      own: roles('FORBIDDEN_ROLE', observing('allow')),
      other: roles('FORBIDDEN_ROLE', observing('FORBIDDEN_SCOPE')),
    },
    run: (c, t) =>
      pushOne(c, {
        recordId: newId(),
        type: 'observation',
        op: 'put',
        scopeId: scopeOf(t).group,
        set: { ...FRONTLINE, status: 'draft' },
      }),
  },
  {
    route: 'POST /api/sync/push',
    name: 'edit your own observation',
    // Only the roles that record observations can own one.
    targets: { own: 'one you started' },
    expect: {
      own: { ...observing('allow'), practitioner: 'n/a', guest: 'n/a', admin: 'n/a' } as PerRole,
    },
    async run(c) {
      const recordId = newId();
      await expectApplied(
        await pushOne(c, {
          recordId,
          type: 'observation',
          op: 'put',
          scopeId: w.own.group,
          set: { ...FRONTLINE, status: 'draft' },
        }),
      );
      return pushOne(c, {
        recordId,
        type: 'observation',
        op: 'put',
        set: { 'summary.strengths': 'My own words.' },
      });
    },
  },
  {
    route: 'POST /api/sync/push',
    name: 'change your own submitted observation without amending it',
    targets: { own: 'one you submitted' },
    expect: {
      own: {
        ...observing('AMENDMENT_REQUIRED'),
        practitioner: 'n/a',
        guest: 'n/a',
        admin: 'n/a',
      } as PerRole,
    },
    async run(c) {
      return pushOne(c, {
        recordId: await ownSubmitted(c),
        type: 'observation',
        op: 'put',
        set: { 'summary.strengths': 'Changed with no reason given.' },
      });
    },
  },
  {
    route: 'POST /api/sync/push',
    name: 'amend your own submitted observation',
    targets: { own: 'one you submitted' },
    expect: {
      own: { ...observing('allow'), practitioner: 'n/a', guest: 'n/a', admin: 'n/a' } as PerRole,
    },
    async run(c) {
      return pushOne(c, {
        recordId: await ownSubmitted(c),
        type: 'observation',
        op: 'put',
        set: { 'summary.strengths': 'Amended, with a reason.' },
        amendmentId: newId(),
      });
    },
  },
  {
    route: 'POST /api/sync/push',
    name: 'set the timescales your own submitted observation is judged by',
    // The server stamps them at the first submission; not even its observer amending it may.
    targets: { own: 'one you submitted, while amending it' },
    expect: {
      own: {
        ...observing('SERVER_OWNED_FIELD'),
        practitioner: 'n/a',
        guest: 'n/a',
        admin: 'n/a',
      } as PerRole,
    },
    async run(c) {
      return pushOne(c, {
        recordId: await ownSubmitted(c),
        type: 'observation',
        op: 'put',
        set: { submittedTimescales: timescalesStamp({}) },
        amendmentId: newId(),
      });
    },
  },
  {
    route: 'POST /api/sync/push',
    name: 'amend your own closed observation',
    targets: { own: 'one you submitted, since moderated and closed' },
    expect: {
      own: {
        ...observing('OBSERVATION_CLOSED'),
        practitioner: 'n/a',
        guest: 'n/a',
        admin: 'n/a',
      } as PerRole,
    },
    async run(c) {
      return pushOne(c, {
        recordId: await ownSubmitted(c, { close: true }),
        type: 'observation',
        op: 'put',
        set: { 'summary.strengths': 'Amended after it was closed.' },
        amendmentId: newId(),
      });
    },
  },
  {
    route: 'POST /api/sync/push',
    name: 'submit your own observation with answers missing',
    targets: { own: 'one you started, with no case ID' },
    expect: {
      own: {
        ...observing('INCOMPLETE'),
        practitioner: 'n/a',
        guest: 'n/a',
        admin: 'n/a',
      } as PerRole,
    },
    async run(c) {
      const recordId = newId();
      const { 'context.caseId': _, ...noCaseId } = SUBMITTABLE;
      await expectApplied(
        await pushOne(c, {
          recordId,
          type: 'observation',
          op: 'put',
          scopeId: w.own.group,
          set: { ...FRONTLINE, ...noCaseId, status: 'draft' },
        }),
      );
      return pushOne(c, { recordId, type: 'observation', op: 'put', set: { status: 'submitted' } });
    },
  },
  {
    route: 'POST /api/sync/push',
    name: 'finish an amendment that leaves your own submitted observation incomplete',
    targets: { own: 'one you submitted; the amendment cleared its case ID' },
    expect: {
      own: {
        ...observing('INCOMPLETE'),
        practitioner: 'n/a',
        guest: 'n/a',
        admin: 'n/a',
      } as PerRole,
    },
    async run(c) {
      const parentId = await ownSubmitted(c);
      const amendmentId = newId();
      await expectApplied(
        await pushOne(c, {
          recordId: parentId,
          type: 'observation',
          op: 'put',
          set: { 'context.caseId': null },
          amendmentId,
        }),
      );
      return pushOne(c, {
        recordId: amendmentId,
        type: 'amendment',
        op: 'put',
        parentId,
        set: {
          observationId: parentId,
          at: now(),
          by: c.id,
          reason: 'The case ID was wrong.',
          'changes.0.path': 'context.caseId',
          'changes.0.before': SUBMITTABLE['context.caseId'],
          'changes.0.after': null,
        },
      });
    },
  },
  {
    route: 'POST /api/sync/push',
    name: 'add an amendment row to your own draft',
    targets: { own: 'one you started, never submitted' },
    expect: {
      own: {
        ...observing('NOT_AMENDABLE'),
        practitioner: 'n/a',
        guest: 'n/a',
        admin: 'n/a',
      } as PerRole,
    },
    async run(c) {
      const parentId = newId();
      await expectApplied(
        await pushOne(c, {
          recordId: parentId,
          type: 'observation',
          op: 'put',
          scopeId: w.own.group,
          set: { ...FRONTLINE, status: 'draft' },
        }),
      );
      return pushOne(c, {
        recordId: newId(),
        type: 'amendment',
        op: 'put',
        parentId,
        set: {
          observationId: parentId,
          at: now(),
          by: c.id,
          reason: 'Nothing to amend yet.',
          'changes.0.path': 'summary.strengths',
          'changes.0.before': null,
          'changes.0.after': 'Words.',
        },
      });
    },
  },
  {
    route: 'POST /api/sync/push',
    name: 'amend your own submitted observation naming another observation’s amendment',
    targets: { own: 'one you submitted; the amendment is of another you submitted' },
    expect: {
      own: {
        ...observing('AMENDMENT_MISMATCH'),
        practitioner: 'n/a',
        guest: 'n/a',
        admin: 'n/a',
      } as PerRole,
    },
    async run(c) {
      const other = await ownSubmitted(c);
      const amendmentId = newId();
      await expectApplied(
        await pushOne(c, {
          recordId: amendmentId,
          type: 'amendment',
          op: 'put',
          parentId: other,
          set: {
            observationId: other,
            at: now(),
            by: c.id,
            reason: 'A real amendment of the other one.',
            'changes.0.path': 'summary.strengths',
            'changes.0.before': 'As submitted.',
            'changes.0.after': 'As submitted.',
          },
        }),
      );
      return pushOne(c, {
        recordId: await ownSubmitted(c),
        type: 'observation',
        op: 'put',
        set: { 'summary.strengths': 'Slipped in under the other’s reason.' },
        amendmentId,
      });
    },
  },
  {
    route: 'POST /api/sync/push',
    name: 'add a call attempt to your own submitted call without amending it',
    targets: { own: 'a family feedback call you submitted' },
    expect: {
      own: {
        ...observing('AMENDMENT_REQUIRED'),
        practitioner: 'n/a',
        guest: 'n/a',
        admin: 'n/a',
      } as PerRole,
    },
    async run(c) {
      const parentId = newId();
      const attempt = (outcome: string) => ({
        recordId: newId(),
        type: 'call-attempt',
        op: 'put' as const,
        parentId,
        set: { at: '2026-05-11T10:00:00.000Z', outcome },
      });
      await expectApplied(
        await pushOne(c, {
          recordId: parentId,
          type: 'observation',
          op: 'put',
          scopeId: w.own.group,
          set: {
            kind: 'family-feedback-call',
            templateId: 'family-feedback-call',
            templateVersion: 1,
            ...SUBMITTABLE,
            'context.consent.given': 'not-reached',
            status: 'draft',
          },
        }),
      );
      await expectApplied(await pushOne(c, attempt('no-answer')));
      await expectApplied(
        await pushOne(c, {
          recordId: parentId,
          type: 'observation',
          op: 'put',
          set: { status: 'submitted' },
        }),
      );
      return pushOne(c, attempt('completed'));
    },
  },
  {
    route: 'POST /api/sync/push',
    name: 'update the tracking of an improvement action of a closed observation',
    targets: {
      own: 'an action of an observation in your scope, since closed',
      other: 'one in another service',
    },
    expect: {
      own: roles('FORBIDDEN_OWNER', oversight('allow')),
      other: all('FORBIDDEN_OWNER'),
    },
    async run(c, t) {
      const { author, group } = scopeOf(t);
      const parentId = newId();
      const actionId = newId();
      await expectApplied(
        await pushOne(author, {
          recordId: parentId,
          type: 'observation',
          op: 'put',
          scopeId: group,
          set: { ...FRONTLINE, ...SUBMITTABLE, status: 'draft' },
        }),
      );
      await expectApplied(
        await pushOne(author, {
          recordId: actionId,
          type: 'action',
          op: 'put',
          parentId,
          set: { what: 'Book the review', ownerName: 'Team manager', dueDate: '2026-07-01' },
        }),
      );
      await expectApplied(
        await pushOne(author, {
          recordId: parentId,
          type: 'observation',
          op: 'put',
          set: { status: 'submitted' },
        }),
      );
      // Closed by a QA lead of its own group.
      const lead = t === 'own' ? w.qaLead : await plannerOf('other');
      for (const status of ['moderated', 'closed'])
        await expectApplied(
          await pushOne(lead, {
            recordId: parentId,
            type: 'observation',
            op: 'put',
            set: { status },
          }),
        );
      return pushOne(c, {
        recordId: actionId,
        type: 'action',
        op: 'put',
        set: { status: 'in-progress', dueDate: '2026-09-01' },
      });
    },
  },
  {
    route: 'POST /api/sync/push',
    name: 'rewrite someone else’s words',
    targets: { own: 'an observation in your scope', other: 'one in another service' },
    expect: {
      own: roles('FORBIDDEN_OWNER', oversight('FORBIDDEN_FIELD')),
      other: all('FORBIDDEN_OWNER'),
    },
    async run(c, t) {
      const recordId = await authored(t);
      return pushOne(c, {
        recordId,
        type: 'observation',
        op: 'put',
        set: { 'summary.strengths': 'Not what the author wrote.' },
      });
    },
  },
  {
    route: 'POST /api/sync/push',
    name: 'set the timescales someone else’s submitted observation is judged by',
    targets: { own: 'an observation in your scope', other: 'one in another service' },
    expect: {
      own: roles('FORBIDDEN_OWNER', oversight('FORBIDDEN_FIELD')),
      other: all('FORBIDDEN_OWNER'),
    },
    async run(c, t) {
      const recordId = await authored(t, { submit: true });
      return pushOne(c, {
        recordId,
        type: 'observation',
        op: 'put',
        set: { submittedTimescales: timescalesStamp({}) },
      });
    },
  },
  {
    route: 'POST /api/sync/push',
    name: 'delete someone else’s draft',
    targets: { own: 'in your scope', other: 'in another service' },
    expect: { own: all('FORBIDDEN_OWNER'), other: all('FORBIDDEN_OWNER') },
    async run(c, t) {
      return pushOne(c, { recordId: await authored(t), type: 'observation', op: 'delete' });
    },
  },
  {
    route: 'POST /api/sync/push',
    name: 'return a submitted observation for more evidence',
    targets: { own: 'in your scope', other: 'in another service' },
    expect: {
      own: roles('STATUS_CHANGE_FORBIDDEN', oversight('allow')),
      other: all('STATUS_CHANGE_FORBIDDEN'),
    },
    async run(c, t) {
      const recordId = await authored(t, { submit: true });
      return pushOne(c, { recordId, type: 'observation', op: 'put', set: { status: 'returned' } });
    },
  },
  {
    route: 'POST /api/sync/push',
    name: 'add a moderation comment',
    targets: { own: 'to an observation in your scope', other: 'to one in another service' },
    expect: {
      own: roles('FORBIDDEN_ROLE', oversight('allow')),
      other: all('FORBIDDEN_ROLE'),
    },
    async run(c, t) {
      const parentId = await authored(t, { submit: true });
      return pushOne(c, {
        recordId: newId(),
        type: 'review-comment',
        op: 'put',
        parentId,
        set: { agrees: true, reason: 'Well evidenced.' },
      });
    },
  },
  {
    route: 'POST /api/sync/push',
    name: 'add an improvement action',
    targets: { own: 'to someone else’s observation in your scope', other: 'in another service' },
    expect: {
      own: roles('FORBIDDEN_OWNER', oversight('allow')),
      other: all('FORBIDDEN_OWNER'),
    },
    async run(c, t) {
      const parentId = await authored(t);
      return pushOne(c, {
        recordId: newId(),
        type: 'action',
        op: 'put',
        parentId,
        set: { what: 'Share the plan with the family' },
      });
    },
  },
  {
    route: 'POST /api/sync/push',
    name: 'add your response',
    targets: { own: 'to an observation shared with you', other: 'to one not shared with you' },
    expect: {
      // Only the person observed, a practitioner or observer of the team, can be shared with
      // (share.ts); the others are tried on an observation of their team not shared with them.
      own: roles('FORBIDDEN_OWNER', {
        practitioner: 'allow',
        observer: 'allow',
        ...oversight('FORBIDDEN_FIELD'),
      }),
      other: all('FORBIDDEN_OWNER'),
    },
    async run(c, t) {
      const shareable = c.role === 'practitioner' || c.role === 'observer';
      const recordId = await authored(t, t === 'own' && shareable ? { shareWith: c.id } : {});
      return pushOne(c, {
        recordId,
        type: 'observation',
        op: 'put',
        set: { practitionerResponse: 'I would do the same again.' },
      });
    },
  },
  {
    route: 'POST /api/sync/push',
    name: 'record a head of service’s discussion of an audit',
    targets: { own: 'of a submitted audit in your scope', other: 'of one in another service' },
    expect: {
      own: roles('FORBIDDEN_OWNER', {
        'head-of-service': 'allow',
        'qa-lead': 'FORBIDDEN_FIELD',
        director: 'FORBIDDEN_FIELD',
      }),
      other: all('FORBIDDEN_OWNER'),
    },
    async run(c, t) {
      const recordId = await submittedAudit(t);
      return pushOne(c, {
        recordId,
        type: 'observation',
        op: 'put',
        set: { 'sampleDiscussion.heldOn': londonDateOf(now()) },
      });
    },
  },
  {
    route: 'POST /api/sync/push',
    name: 'acknowledge good practice on an observation',
    targets: { own: 'a submitted one in your scope', other: 'one in another service' },
    expect: {
      own: roles('FORBIDDEN_OWNER', {
        'qa-lead': 'allow',
        'head-of-service': 'allow',
        director: 'FORBIDDEN_FIELD',
      }),
      other: all('FORBIDDEN_OWNER'),
    },
    async run(c, t) {
      const recordId = await authored(t, { submit: true });
      return pushOne(c, {
        recordId,
        type: 'observation',
        op: 'put',
        set: {
          'goodPractice.what': 'practice',
          'goodPractice.note': 'The plan was explained to the family in plain words.',
          'goodPractice.by': c.id,
          'goodPractice.byName': c.email,
          'goodPractice.on': londonDateOf(now()),
        },
      });
    },
  },
  {
    route: 'POST /api/sync/push',
    name: 'withdraw good practice acknowledged on an observation',
    targets: { own: 'a submitted one in your scope', other: 'one in another service' },
    expect: {
      own: roles('FORBIDDEN_OWNER', {
        'qa-lead': 'allow',
        'head-of-service': 'allow',
        director: 'FORBIDDEN_FIELD',
      }),
      other: all('FORBIDDEN_OWNER'),
    },
    async run(c, t) {
      const recordId = await authored(t, { submit: true });
      return pushOne(c, {
        recordId,
        type: 'observation',
        op: 'put',
        set: {
          'goodPractice.what': null,
          'goodPractice.note': null,
          'goodPractice.by': null,
          'goodPractice.byName': null,
          'goodPractice.on': null,
        },
      });
    },
  },
  {
    route: 'POST /api/sync/push',
    name: 'push under a device registration',
    targets: { own: 'your own', other: 'someone else’s' },
    expect: { own: all('allow'), other: all('403 DEVICE_MISMATCH') },
    async run(c, t) {
      const deviceId = t === 'own' ? c.deviceId : w.own.author.deviceId;
      // Whether the push is taken at all. Its one change (restoring a record that does not exist)
      // is refused on its merits for every role, which is not what this row is about.
      const res = await pushOne(
        c,
        { recordId: newId(), type: 'observation', op: 'restore' },
        deviceId,
      );
      return { status: res.status, code: res.status === 200 ? undefined : res.code };
    },
  },
  {
    route: 'POST /api/sync/pull',
    name: 'pull',
    targets: { own: 'with your own device registration', other: 'with someone else’s' },
    expect: { own: all('allow'), other: all('403 DEVICE_MISMATCH') },
    run: (c, t) =>
      call(c, 'POST', '/api/sync/pull', {
        ...versions,
        deviceId: t === 'own' ? c.deviceId : w.own.author.deviceId,
        cursor: null,
      }),
  },
  // --- safety concerns -------------------------------------------------------------------------
  {
    route: 'POST /api/concerns',
    name: 'raise a safety concern',
    targets: { own: 'in your practice group', other: 'in another service’s group' },
    expect: {
      own: roles('allow', { admin: '403 FORBIDDEN' }),
      other: roles('403 FORBIDDEN_SCOPE', { admin: '403 FORBIDDEN' }),
    },
    run: (c, t) =>
      call(c, 'POST', '/api/concerns', {
        ...versions,
        deviceId: c.deviceId,
        scopeId: scopeOf(t).group,
        concern: { id: newId(), caseId: 'AB-1234', what: 'Seen.', raisedAt: now(), whoWasTold: [] },
      }),
  },
  {
    route: 'GET /api/concerns',
    name: 'list safety concerns',
    targets: { own: 'yours and your teams’' },
    expect: { own: all('allow') },
    run: (c) => call(c, 'GET', '/api/concerns'),
  },
  {
    route: 'POST /api/concerns/:concernId/acknowledge',
    name: 'acknowledge a safety concern',
    targets: { own: 'raised in your scope', other: 'raised in another service' },
    expect: {
      own: roles('404 CONCERN_NOT_FOUND', oversight('allow')),
      other: all('404 CONCERN_NOT_FOUND'),
    },
    async run(c, t) {
      return call(c, 'POST', `/api/concerns/${await concernBy(t)}/acknowledge`);
    },
  },
  {
    route: 'GET /api/concerns/:concernId',
    name: 'read one safety concern, with how the director is told',
    targets: { own: 'raised in your scope by someone else', other: 'raised in another service' },
    expect: {
      own: roles('404 CONCERN_NOT_FOUND', oversight('allow')),
      other: all('404 CONCERN_NOT_FOUND'),
    },
    async run(c, t) {
      return call(c, 'GET', `/api/concerns/${await concernBy(t)}`);
    },
  },
  // --- quality assurance: reports, the concern log, exports -------------------------------------
  {
    route: 'GET /api/reports/quarterly',
    name: 'the quarterly report',
    targets: { own: 'for your practice group', other: 'for another service' },
    expect: {
      own: roles('403 FORBIDDEN', oversight('allow')),
      other: roles('403 FORBIDDEN', oversight('404 SCOPE_NOT_FOUND')),
    },
    run: (c, t) =>
      call(
        c,
        'GET',
        `/api/reports/quarterly?from=2026-27-Q1&to=2026-27-Q4&scopeId=${scopeOf(t).group}`,
      ),
  },
  {
    route: 'GET /api/reports/concerns',
    name: 'the safety concern log',
    targets: { own: 'for your practice group', other: 'for another service' },
    expect: {
      own: roles('403 FORBIDDEN', oversight('allow')),
      other: roles('403 FORBIDDEN', oversight('404 SCOPE_NOT_FOUND')),
    },
    async run(c, t) {
      const concern = await concernBy(t);
      const res = await call(c, 'GET', `/api/reports/concerns?scopeId=${scopeOf(t).group}`);
      if (res.status === 200) {
        const ids = (res.body as { concerns: Array<{ concern: { id: string } }> }).concerns.map(
          (e) => e.concern.id,
        );
        expect(ids).toContain(concern);
      }
      return res;
    },
  },
  {
    route: 'GET /api/actions/:actionId/history',
    name: 'read the history of an improvement action',
    targets: {
      own: 'on an observation by someone else in your scope',
      other: 'in another service',
    },
    expect: {
      // Whoever may not read the action is told it is not found, so its existence is not given away.
      own: roles('404 NOT_FOUND', oversight('allow')),
      other: all('404 NOT_FOUND'),
    },
    async run(c, t) {
      const parentId = await authored(t);
      const actionId = newId();
      await expectApplied(
        await pushOne(scopeOf(t).author, {
          recordId: actionId,
          type: 'action',
          op: 'put',
          parentId,
          set: { what: 'Share the plan with the family', status: 'open' },
        }),
      );
      const res = await call(c, 'GET', `/api/actions/${actionId}/history`);
      if (res.status === 200) {
        const history = (res.body as { history: Array<{ kind: string; byId: string }> }).history;
        expect(history.map((h) => [h.kind, h.byId])).toEqual([['created', scopeOf(t).author.id]]);
      }
      return res;
    },
  },
  ...(['observations', 'actions', 'quarterly-report'] as const).map((type): Action => ({
    route: 'GET /api/exports/:type',
    name: `export ${type} as CSV`,
    targets: { own: 'of your practice group', other: 'of another service' },
    expect: {
      own: roles('403 FORBIDDEN', oversight('allow')),
      other: roles('403 FORBIDDEN', oversight('404 SCOPE_NOT_FOUND')),
    },
    run: (c, t) =>
      call(
        c,
        'GET',
        `/api/exports/${type}?scopeId=${scopeOf(t).group}&from=2026-27-Q1&to=2026-27-Q4`,
      ),
  })),
  {
    route: 'GET /api/exports/:type',
    name: 'export safety concerns as CSV',
    targets: { own: 'of your practice group', other: 'of another service' },
    expect: {
      own: roles('403 FORBIDDEN', oversight('allow')),
      other: roles('403 FORBIDDEN', oversight('404 SCOPE_NOT_FOUND')),
    },
    run: (c, t) => call(c, 'GET', `/api/exports/concerns?scopeId=${scopeOf(t).group}`),
  },
  // --- single sign-on (public: the provider says who you are) ---------------------------------
  {
    route: 'GET /api/auth/oidc',
    name: 'is single sign-on offered',
    targets: { own: 'this server' },
    expect: { own: all('allow') },
    async run(c) {
      const res = await call(c, 'GET', '/api/auth/oidc');
      expect(res.body).toEqual({ enabled: true });
      return res;
    },
  },
  {
    route: 'GET /api/auth/oidc/start',
    name: 'start single sign-on',
    targets: { own: 'from this tablet' },
    expect: { own: all('allow') },
    async run() {
      const res = await w.app.inject({
        method: 'GET',
        url: `/api/auth/oidc/start?codeChallenge=${'A'.repeat(43)}`,
      });
      // A redirect to the provider is the route doing its job.
      const toProvider =
        res.statusCode === 302 && String(res.headers.location).startsWith(`${w.provider.issuer}/`);
      return { status: toProvider ? 200 : res.statusCode };
    },
  },
  {
    route: 'GET /api/auth/oidc/callback',
    name: 'come back from the provider',
    targets: {
      own: 'signed in at the provider as yourself',
      other: 'with a state this server never issued',
    },
    expect: { own: all('allow'), other: all('SSO_STATE_INVALID') },
    async run(c, t) {
      if (t === 'other') {
        const res = await w.app.inject({
          method: 'GET',
          url: `/api/auth/oidc/callback?state=${'x'.repeat(43)}&code=forged`,
        });
        // Refused as a redirect into the app's failure page, as the browser is mid-navigation.
        return {
          status: res.statusCode,
          code: /reason=([A-Z_]+)/.exec(String(res.headers.location))?.[1],
        };
      }
      const { callback } = await ssoToCallback(w.app, SSO_REDIRECT, subjectOf(c));
      const res = await w.app.inject({
        method: 'GET',
        url: `${callback.pathname}${callback.search}`,
      });
      const location = String(res.headers.location);
      if (res.statusCode === 302 && location.startsWith('/#/signed-in?code='))
        return { status: 200 };
      return { status: res.statusCode, code: /reason=([A-Z_]+)/.exec(location)?.[1] };
    },
  },
  {
    route: 'POST /api/auth/oidc/exchange',
    name: 'exchange the hand-over code for a session',
    targets: {
      own: 'your own code with your verifier',
      other: 'a colleague’s code, without its verifier',
    },
    expect: { own: all('allow'), other: all('400 SSO_CODE_INVALID') },
    async run(c, t) {
      const who = t === 'own' ? c : await personIn('own');
      const { code, verifier } = await ssoHandover(w.app, SSO_REDIRECT, subjectOf(who));
      const codeVerifier = t === 'own' ? verifier : randomBytes(32).toString('base64url');
      const res = await call(null, 'POST', '/api/auth/oidc/exchange', { code, codeVerifier });
      if (res.status === 200) expect((res.body as { user: { id: string } }).user.id).toBe(c.id);
      return res;
    },
  },
  // --- the observation and audit programme -----------------------------------------------------
  {
    route: 'POST /api/programme/assignments',
    name: 'plan an assignment',
    targets: { own: 'in your practice group', other: 'in another service’s group' },
    expect: {
      own: roles('403 FORBIDDEN_ROLE', { 'qa-lead': 'allow' }),
      other: roles('403 FORBIDDEN_ROLE', { 'qa-lead': '403 FORBIDDEN_SCOPE' }),
    },
    run: (c, t) =>
      call(c, 'POST', '/api/programme/assignments', {
        assignments: [plannedFor(t, scopeOf(t).author.id)],
      }),
  },
  {
    route: 'POST /api/programme/expectations',
    name: 'plan a recurring expectation for a year',
    targets: { own: 'in your practice group', other: 'in another service’s group' },
    expect: {
      own: roles('403 FORBIDDEN_ROLE', { 'qa-lead': 'allow' }),
      other: roles('403 FORBIDDEN_ROLE', { 'qa-lead': '403 FORBIDDEN_SCOPE' }),
    },
    run: (c, t) =>
      call(c, 'POST', '/api/programme/expectations', {
        expectation: { kind: 'frontline-practice', count: 1, per: 'quarter' },
        financialYear: 2026,
        people: [{ scopeId: scopeOf(t).group, observerUserId: scopeOf(t).author.id }],
      }),
  },
  {
    route: 'POST /api/programme/audits/import',
    name: 'import the monthly audit selection',
    targets: { own: 'for your practice group', other: 'for another service’s group' },
    expect: {
      own: roles('403 FORBIDDEN_ROLE', { 'qa-lead': 'allow' }),
      // Another service's group is not among the teams the QA lead oversees: not found, by row.
      other: roles('403 FORBIDDEN_ROLE', { 'qa-lead': '400 IMPORT_REJECTED' }),
    },
    run: (c, t) =>
      call(c, 'POST', '/api/programme/audits/import', {
        csv: `month,practice_group,case_id,auditor_email\n2027-01,${t === 'own' ? 'Own' : 'Other'} group,AB-1234,${scopeOf(t).author.email}\n`,
      }),
  },
  {
    route: 'POST /api/programme/assignments/:assignmentId/exempt',
    name: 'exempt an assignment for leave or sickness',
    targets: { own: 'in your service', other: 'in another service' },
    expect: {
      own: roles('403 FORBIDDEN_ROLE', { 'head-of-service': 'allow' }),
      other: roles('403 FORBIDDEN_ROLE', { 'head-of-service': '404 ASSIGNMENT_NOT_FOUND' }),
    },
    async run(c, t) {
      const id = await assignmentFor(t, scopeOf(t).author.id);
      return call(c, 'POST', `/api/programme/assignments/${id}/exempt`, { reason: 'leave' });
    },
  },
  {
    route: 'POST /api/programme/assignments/:assignmentId/change',
    name: 'give an assignment another due date',
    targets: { own: 'in your practice group', other: 'in another service’s group' },
    expect: {
      own: roles('403 FORBIDDEN_ROLE', { 'qa-lead': 'allow' }),
      other: roles('403 FORBIDDEN_ROLE', { 'qa-lead': '404 ASSIGNMENT_NOT_FOUND' }),
    },
    async run(c, t) {
      const id = await assignmentFor(t, scopeOf(t).author.id);
      return call(c, 'POST', `/api/programme/assignments/${id}/change`, { dueDate: '2027-02-27' });
    },
  },
  {
    route: 'POST /api/programme/assignments/:assignmentId/withdraw',
    name: 'withdraw an assignment planned in error',
    targets: { own: 'in your practice group', other: 'in another service’s group' },
    expect: {
      own: roles('403 FORBIDDEN_ROLE', { 'qa-lead': 'allow' }),
      other: roles('403 FORBIDDEN_ROLE', { 'qa-lead': '404 ASSIGNMENT_NOT_FOUND' }),
    },
    async run(c, t) {
      const id = await assignmentFor(t, scopeOf(t).author.id);
      return call(c, 'POST', `/api/programme/assignments/${id}/withdraw`, {
        reason: 'Planned in error',
      });
    },
  },
  {
    route: 'GET /api/programme/assignments',
    name: 'list assignments with their reminders',
    targets: { own: 'those you may see', other: 'one in another service never appears' },
    expect: {
      own: roles('allow', { admin: '403 FORBIDDEN_ROLE' }),
      other: roles('allow', { admin: '403 FORBIDDEN_ROLE' }),
    },
    async run(c, t) {
      const hidden = t === 'other' ? await assignmentFor('other', w.other.author.id) : null;
      const res = await call(c, 'GET', '/api/programme/assignments');
      if (res.status !== 200) return res;
      const f = await factsOf(w.storage, c.id, c.role);
      for (const a of (res.body as { assignments: { id: string; scopeId: string }[] })
        .assignments) {
        const row = await w.storage.db
          .selectFrom('records')
          .select(['root_owner_id', 'root_id', 'scope_id'])
          .where('id', '=', a.id)
          .executeTakeFirstOrThrow();
        expect(mayRead(f, row), `${c.role} was shown assignment ${a.id}`).toBe(true);
        expect(a.id).not.toBe(hidden);
      }
      return res;
    },
  },
  {
    route: 'GET /api/programme/coverage',
    name: 'the programme’s coverage',
    targets: { own: 'of the teams you oversee' },
    expect: { own: roles('403 FORBIDDEN_ROLE', oversight('allow')) },
    run: (c) => call(c, 'GET', '/api/programme/coverage?from=2026-04-01&to=2027-03-31'),
  },
  {
    route: 'POST /api/sync/push',
    name: 'report progress on an assignment',
    targets: { own: 'given to you', other: 'given to someone in another service' },
    expect: {
      // Only those who observe (guests included) can be given an assignment.
      own: { ...observing('allow'), guest: 'allow', practitioner: 'n/a', admin: 'n/a' } as PerRole,
      other: all('FORBIDDEN_OWNER'),
    },
    async run(c, t) {
      const recordId = await assignmentFor(t, t === 'own' ? c.id : w.other.author.id);
      return pushOne(c, {
        recordId,
        type: 'assignment',
        op: 'put',
        set: { observationId: newId() },
      });
    },
  },
  {
    route: 'POST /api/sync/push',
    name: 'start an observation from an assignment',
    targets: { own: 'given to you', other: 'given to someone in another service' },
    expect: {
      own: { ...observing('allow'), guest: 'allow', practitioner: 'n/a', admin: 'n/a' } as PerRole,
      other: roles('FORBIDDEN_ROLE', observing('FORBIDDEN_SCOPE')),
    },
    async run(c, t) {
      const assignmentId = await assignmentFor(t, t === 'own' ? c.id : w.other.author.id);
      return pushOne(c, {
        recordId: newId(),
        type: 'observation',
        op: 'put',
        scopeId: scopeOf(t).group,
        set: { ...FRONTLINE, status: 'draft', 'context.assignmentId': assignmentId },
      });
    },
  },
  {
    route: 'POST /api/sync/push',
    name: 'make an assignment on a tablet',
    targets: { own: 'in your practice group' },
    expect: { own: all('USE_PROGRAMME_ROUTE') },
    run: (c) =>
      pushOne(c, {
        recordId: newId(),
        type: 'assignment',
        op: 'put',
        scopeId: w.own.group,
        set: { kind: 'frontline-practice', observerUserId: c.id, dueDate: '2027-03-31' },
      }),
  },
  {
    route: 'POST /api/sync/push',
    name: 'change the plan of an assignment',
    targets: { own: 'given to a colleague in your scope', other: 'in another service' },
    expect: {
      own: roles('FORBIDDEN_OWNER', oversight('FORBIDDEN_FIELD')),
      other: all('FORBIDDEN_OWNER'),
    },
    async run(c, t) {
      const recordId = await assignmentFor(t, scopeOf(t).author.id);
      return pushOne(c, {
        recordId,
        type: 'assignment',
        op: 'put',
        set: { dueDate: '2099-01-31' },
      });
    },
  },
  // --- the people directory --------------------------------------------------------------------
  {
    route: 'GET /api/directory',
    name: 'list the people who share a team',
    targets: {
      own: 'your team’s author appears',
      other: 'another service’s author never appears',
    },
    expect: {
      // A guest and an administrator belong to no team of this authority's: an empty list.
      own: roles('allow', { guest: 'allow', admin: 'allow' }),
      other: all('allow'),
    },
    async run(c, t) {
      const res = await call(c, 'GET', '/api/directory');
      const ids = ((res.body as { people?: { id: string }[] }).people ?? []).map((p) => p.id);
      if (t === 'other') expect(ids).not.toContain(w.other.author.id);
      else if (c.role === 'guest' || c.role === 'admin') expect(ids).toEqual([]);
      else expect(ids).toContain(w.own.author.id);
      return res;
    },
  },
  // --- recovery files ----------------------------------------------------------------------------
  {
    route: 'GET /api/recovery/key',
    name: 'fetch the public key recovery files are sealed to',
    targets: { own: 'this server’s' },
    expect: { own: all('allow') },
    run: (c) => call(c, 'GET', '/api/recovery/key'),
  },
  {
    route: 'POST /api/admin/recovery-imports',
    name: 'import a tablet’s recovery file',
    targets: { own: 'a file from a tablet of your team' },
    expect: { own: ADMIN_ONLY },
    async run(c) {
      // A registration of its own, so the import does not move the authors' mutation ids.
      const tablet = await signedIn('observer', [w.own.group]);
      const key = recoveryKeySchema.parse((await call(tablet, 'GET', '/api/recovery/key')).body);
      const file = await sealRecoveryFile(
        {
          ...versions,
          userId: tablet.id,
          deviceId: tablet.deviceId,
          mutations: [
            {
              id: 1,
              recordId: newId(),
              type: 'observation',
              op: 'put',
              scopeId: w.own.group,
              baseVersion: 0,
              set: { ...FRONTLINE },
              at: now(),
            },
          ],
        },
        key,
      );
      const res = await call(c, 'POST', '/api/admin/recovery-imports', file);
      if (res.status === 200) expect(res.body).toMatchObject({ applied: 1, rejected: [] });
      return res;
    },
  },
  // --- local settings and checklists ------------------------------------------------------------
  {
    route: 'GET /api/settings',
    name: 'read the local settings',
    targets: { own: 'your authority’s' },
    expect: { own: all('allow') },
    run: (c) => call(c, 'GET', '/api/settings'),
  },
  {
    route: 'GET /api/legal',
    name: 'read the accessibility statement and privacy notice, signed in or not',
    targets: { own: 'your authority’s' },
    expect: { own: all('allow') },
    async run(c) {
      // Public: the same answer without a token, and nothing of the settings but these texts.
      const anonymous = await w.app.inject({ method: 'GET', url: '/api/legal' });
      expect(anonymous.statusCode).toBe(200);
      expect(Object.keys(anonymous.json()).sort()).toEqual([
        'accessibilityStatement',
        'authorityName',
        'privacyNotice',
      ]);
      return call(c, 'GET', '/api/legal');
    },
  },
  {
    route: 'PUT /api/admin/settings',
    name: 'change the local settings',
    targets: { own: 'your authority’s' },
    expect: { own: ADMIN_ONLY },
    run: (c) => call(c, 'PUT', '/api/admin/settings', { authorityName: `Borough ${randomUUID()}` }),
  },
  {
    route: 'GET /api/templates',
    name: 'fetch the published checklists',
    targets: { own: 'your authority’s' },
    expect: { own: all('allow') },
    run: (c) => call(c, 'GET', '/api/templates'),
  },
  {
    route: 'GET /api/admin/templates',
    name: 'list the published checklists with who published them',
    targets: { own: 'your authority’s' },
    expect: { own: ADMIN_ONLY },
    run: (c) => call(c, 'GET', '/api/admin/templates'),
  },
  {
    route: 'POST /api/admin/templates',
    name: 'publish a local checklist',
    targets: { own: 'an adapted copy of a built-in one' },
    expect: { own: ADMIN_ONLY },
    run: (c) =>
      call(c, 'POST', '/api/admin/templates', {
        template: { ...frontlinePracticeV1, id: 'frontline-practice-matrix' },
        basedOn: { id: 'frontline-practice', version: 1 },
      }),
  },
  // --- records for administrators: retention, subject access, audit, leavers ------------------
  {
    route: 'GET /api/admin/retention/policy',
    name: 'read the retention periods',
    targets: { own: 'every kind of record' },
    expect: { own: ADMIN_ONLY },
    run: (c) => call(c, 'GET', '/api/admin/retention/policy'),
  },
  {
    route: 'PUT /api/admin/retention/policy',
    name: 'set a retention period',
    targets: { own: 'single case audits' },
    expect: { own: ADMIN_ONLY },
    run: (c) =>
      call(c, 'PUT', '/api/admin/retention/policy', { periods: { 'single-case-audit': 2555 } }),
  },
  {
    route: 'GET /api/admin/retention/due',
    name: 'list the records past their period',
    targets: { own: 'everywhere' },
    expect: { own: ADMIN_ONLY },
    run: (c) => call(c, 'GET', '/api/admin/retention/due'),
  },
  {
    route: 'GET /api/admin/retention/export',
    name: 'export a record before deciding on deletion',
    targets: { own: 'an observation in your scope', other: 'one in another service' },
    expect: { own: ADMIN_ONLY, other: ADMIN_ONLY },
    async run(c, t) {
      return call(c, 'GET', `/api/admin/retention/export?recordId=${await authored(t)}`);
    },
  },
  {
    route: 'POST /api/admin/retention/delete',
    name: 'delete a record past its period',
    targets: { own: 'an observation in your scope', other: 'one in another service' },
    expect: { own: ADMIN_ONLY, other: ADMIN_ONLY },
    async run(c, t) {
      const recordId = await overdue(t);
      const res = await call(c, 'POST', '/api/admin/retention/delete', {
        recordIds: [recordId],
        confirm: true,
      });
      const row = await w.storage.db
        .selectFrom('records')
        .select(['deleted', 'fields'])
        .where('id', '=', recordId)
        .executeTakeFirstOrThrow();
      // Deleted exactly when allowed.
      expect(row.deleted === 1, `${c.role}: record deleted`).toBe(res.status === 200);
      return res;
    },
  },
  {
    route: 'GET /api/admin/subject-access',
    name: 'everything held about a person',
    targets: { own: 'a colleague', other: 'someone in another service' },
    expect: { own: ADMIN_ONLY, other: ADMIN_ONLY },
    async run(c, t) {
      const p = await personIn(t);
      return call(c, 'GET', `/api/admin/subject-access?userId=${p.id}`);
    },
  },
  {
    route: 'POST /api/admin/subject-access',
    name: 'everything held about a case, asked in the body',
    targets: { own: 'a case in your scope', other: 'a case elsewhere' },
    expect: { own: ADMIN_ONLY, other: ADMIN_ONLY },
    run: (c, t) =>
      call(c, 'POST', '/api/admin/subject-access', { caseId: t === 'own' ? 'AB-1234' : 'CD-5678' }),
  },
  {
    route: 'GET /api/admin/audit',
    name: 'browse a record’s audit trail',
    targets: { own: 'an observation in your scope', other: 'one in another service' },
    expect: { own: ADMIN_ONLY, other: ADMIN_ONLY },
    async run(c, t) {
      return call(c, 'GET', `/api/admin/audit?recordId=${await authored(t)}`);
    },
  },
  {
    route: 'POST /api/admin/users/:userId/reassign',
    name: 'hand a leaver’s drafts to a colleague',
    targets: { own: 'a leaver in your group', other: 'a leaver in another service' },
    expect: { own: ADMIN_ONLY, other: ADMIN_ONLY },
    async run(c, t) {
      const leaver = await personIn(t);
      const colleague = await personIn(t);
      const draft = newId();
      await expectApplied(
        await pushOne(leaver, {
          recordId: draft,
          type: 'observation',
          op: 'put',
          scopeId: scopeOf(t).group,
          set: { ...FRONTLINE, status: 'draft' },
        }),
      );
      const res = await call(c, 'POST', `/api/admin/users/${leaver.id}/reassign`, {
        toUserId: colleague.id,
      });
      if (res.status === 200) expect((res.body as { drafts: string[] }).drafts).toEqual([draft]);
      return res;
    },
  },
  // --- operators -------------------------------------------------------------------------------
  {
    route: 'GET /metrics',
    name: 'scrape the metrics',
    // No one's session opens the metrics, not even an administrator's: only METRICS_TOKEN does.
    targets: { own: 'with your session token', other: 'with the metrics token' },
    expect: { own: all('401 AUTH_REQUIRED'), other: all('allow') },
    async run(c, t) {
      const res = await w.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: bearer(t === 'own' ? c.token : METRICS_TOKEN),
      });
      const code =
        res.statusCode >= 400 ? res.json<{ error: { code: string } }>().error.code : undefined;
      return { status: res.statusCode, code };
    },
  },
  // --- public ----------------------------------------------------------------------------------
  ...['GET /healthz', 'GET /readyz', 'GET /docs/json'].map((route): Action => ({
    route,
    name: 'public',
    targets: { own: 'the server' },
    expect: { own: all('allow') },
    run: (c) => call(c, 'GET', route.split(' ')[1]!),
  })),
];

/** The app's files (and any page path) are public: the app itself holds no data. */
const APP_FILES: Action = {
  route: 'GET /',
  name: 'the app',
  targets: { own: 'every file of the built app' },
  expect: { own: all('allow') },
  async run(c) {
    for (const url of appFileUrls(TEST_CONFIG.appDir)) {
      const res = await w.app.inject({
        method: 'GET',
        url,
        headers: bearer(c.token),
      });
      if (res.statusCode !== 200) return { status: res.statusCode };
    }
    return { status: 200 };
  },
};

function verdict(o: Observed): Expect {
  if (o.result) return o.result.status === 'applied' ? 'allow' : (o.result.code ?? 'rejected');
  if (o.status >= 200 && o.status < 300) return 'allow';
  // A redirect carrying a refusal (single sign-on's callback): the reason is the verdict.
  if (o.status === 302 && o.code) return o.code;
  return `${o.status} ${o.code ?? ''}`;
}

// --- the oracle ------------------------------------------------------------------------------

type Facts = {
  role: Role;
  userId: string;
  /** Memberships with services expanded to their groups. */
  scopes: Set<string>;
  grants: Set<string>;
};

/** What the rules say a person may read, written out apart from the server's query. */
function mayRead(f: Facts, r: { root_owner_id: string; root_id: string; scope_id: string }) {
  if (f.role === 'admin') return false;
  if (r.root_owner_id === f.userId) return true;
  if (f.grants.has(r.root_id)) return true;
  return OVERSIGHT_ROLES.has(f.role) && f.scopes.has(r.scope_id);
}

async function factsOf(storage: Storage, userId: string, role: Role): Promise<Facts> {
  const direct = await storage.db
    .selectFrom('memberships')
    .select('scope_id')
    .where('user_id', '=', userId)
    .execute();
  const scopes = new Set(direct.map((m) => m.scope_id));
  if (scopes.size) {
    const children = await storage.db
      .selectFrom('scopes')
      .select('id')
      .where('parent_id', 'in', [...scopes])
      .execute();
    children.forEach((s) => scopes.add(s.id));
  }
  const grants = await storage.db
    .selectFrom('record_grants')
    .select('root_id')
    .where('user_id', '=', userId)
    .execute();
  return { role, userId, scopes, grants: new Set(grants.map((g) => g.root_id)) };
}

async function pullEverything(
  storage: Storage,
  actor: { userId: string; role: Role; deviceId: string },
  limit: number,
) {
  const seen: SyncRecord[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 10_000; page++) {
    const res = await pull(storage.db, actor, pullReq(actor, cursor, limit));
    seen.push(...res.records);
    cursor = res.cursor;
    if (!res.hasMore) return seen;
  }
  throw new Error('pull did not finish');
}

async function readableRecords(storage: Storage, f: Facts) {
  const rows = await storage.db
    .selectFrom('records')
    .select(['id', 'root_owner_id', 'root_id', 'scope_id'])
    .execute();
  // Deletions included: a tombstone names a record, so it is held to the same rule.
  return rows
    .filter((r) => mayRead(f, r))
    .map((r) => r.id)
    .sort();
}

for (const engine of ENGINES) {
  // Every optional part on, so each of its routes is judged doing its real work.
  const provider = await startProvider(SSO_REDIRECT);
  const t = await buildTestApp(engine, {
    METRICS_TOKEN,
    oidc: {
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      redirectUri: SSO_REDIRECT,
      revalidateMinutes: 15,
      unreachableGraceHours: 24,
    },
  });
  describe.skipIf(t === null)(`authorization on ${engine.name}`, () => {
    const callers = new Map<Role, Caller>();

    beforeAll(async () => {
      const app = (t as TestApp).app;
      const storage = (t as TestApp).storage;
      w = { app, storage, provider, nextMutation: new Map() } as unknown as World;
      planners.clear();
      const place = async (name: string) => {
        const service = await createScope(storage.db, { name: `${name} service`, kind: 'service' });
        const group = await createScope(storage.db, {
          name: `${name} group`,
          kind: 'practice-group',
          parentId: service.id,
        });
        return { service: service.id, group: group.id };
      };
      const own = await place('Own');
      const other = await place('Other');
      w.own = { ...own, author: await signedIn('observer', [own.group]) };
      w.other = { ...other, author: await signedIn('observer', [other.group]) };
      w.admin = await signedIn('admin', []);
      w.qaLead = await signedIn('qa-lead', [own.group]);
      // Each role's caller: a service member for those who oversee a service, a group member
      // otherwise, and the admin with no scope at all.
      for (const role of ROLES) {
        const scope =
          role === 'admin'
            ? []
            : ['director', 'head-of-service'].includes(role)
              ? [own.service]
              : [own.group];
        callers.set(role, role === 'admin' ? w.admin : await signedIn(role, scope));
      }
    });
    afterAll(async () => {
      await t?.close();
      await provider.close();
    });

    test('the table has an entry for every route the app serves, and every role for each', () => {
      const served = listRoutes((t as TestApp).app);
      const files = new Set(APP_FILE_ROUTES);
      const table = new Set([...ACTIONS, APP_FILES].map((a) => a.route));
      expect(served.filter((r) => !files.has(r) && !table.has(r))).toEqual([]);
      expect([...table].filter((r) => !served.includes(r) && r !== 'GET /')).toEqual([]);
      for (const a of [...ACTIONS, APP_FILES]) {
        for (const target of Object.keys(a.targets) as Target[]) {
          expect(Object.keys(a.expect[target] ?? {}).sort(), `${a.route} ${a.name}`).toEqual(
            [...ROLES].sort(),
          );
        }
      }
    });

    test('every role against every route, in its own scope and another: exactly what the table says', async () => {
      const seen: string[] = [];
      const wrong: string[] = [];
      for (const action of [...ACTIONS, APP_FILES]) {
        for (const target of Object.keys(action.targets) as Target[]) {
          for (const role of ROLES) {
            const want = action.expect[target]![role];
            if (want === 'n/a') continue;
            const got = verdict(await action.run(callers.get(role)!, target));
            seen.push(`${action.route} ${target} ${role}`);
            if (got !== want) {
              wrong.push(
                `${action.route} "${action.name}" (${target}) as ${role}: ${got}, expected ${want}`,
              );
            }
          }
        }
      }
      expect(wrong).toEqual([]);
      const denied = [...ACTIONS, APP_FILES].flatMap((a) =>
        (Object.keys(a.targets) as Target[]).flatMap((tg) =>
          ROLES.filter((r) => !['allow', 'n/a'].includes(a.expect[tg]![r])),
        ),
      );
      console.log(
        `${engine.name}: ${seen.length} role-route-target cases, ${denied.length} of them refused`,
      );
    });

    test('pull and the concern list give each role nothing outside its scopes and grants', async () => {
      const storage = (t as TestApp).storage;
      for (const role of ROLES) {
        const c = callers.get(role)!;
        const f = await factsOf(storage, c.id, role);
        const got = await pullEverything(storage, { userId: c.id, role, deviceId: c.deviceId }, 7);
        const ids = got.map((r) => r.id).sort();
        expect(ids, role).toEqual(await readableRecords(storage, f));
        if (role === 'admin') expect(ids).toEqual([]);
        const listed = await call(c, 'GET', '/api/concerns');
        const concerns = (
          listed.body as {
            concerns: Array<{ concern: { id: string; raisedBy: string }; scopeId: string }>;
          }
        ).concerns;
        for (const item of concerns) {
          const ok =
            item.concern.raisedBy === c.id ||
            (OVERSIGHT_ROLES.has(role) && f.scopes.has(item.scopeId));
          expect(ok, `${role} was shown concern ${item.concern.id}`).toBe(true);
        }
      }
      // The table's world is not trivial: every role sees some of it and misses some of it.
      const counts = await Promise.all(
        [...callers.values()].map(
          async (c) =>
            (
              await pullEverything(
                storage,
                { userId: c.id, role: c.role, deviceId: c.deviceId },
                500,
              )
            ).length,
        ),
      );
      expect(Math.max(...counts)).toBeGreaterThan(10);
    });

    test('a cursor written by hand, naming other teams to catch up, widens nobody’s pull', async () => {
      const storage = (t as TestApp).storage;
      // What a device could send: the server's own cursor format, asking for the older records of
      // every team there is, up to any sequence number.
      const everyScope = (await storage.db.selectFrom('scopes').select('id').execute()).map(
        (s) => s.id,
      );
      expect(everyScope).toContain(w.other.group);
      const forged = (scopes: string[]) =>
        Buffer.from(
          JSON.stringify({
            v: 1,
            seq: 0,
            id: '',
            scopes,
            catchUp: { scopes: everyScope, bound: 1_000_000_000, seq: 0, id: '' },
          }),
        ).toString('base64url');
      for (const role of ROLES) {
        const c = callers.get(role)!;
        const f = await factsOf(storage, c.id, role);
        const actor = { userId: c.id, role, deviceId: c.deviceId };
        const allowed = new Set(await readableRecords(storage, f));
        // As if every scope had been granted already, and as if none had.
        for (const held of [everyScope, []]) {
          const seen: SyncRecord[] = [];
          let cursor: string | null = forged(held);
          for (let page = 0; page < 1000 && cursor !== null; page++) {
            const res = await pull(storage.db, actor, pullReq(actor, cursor, 50));
            seen.push(...res.records);
            cursor = res.hasMore ? res.cursor : null;
          }
          const outside = seen.filter((r) => !allowed.has(r.id)).map((r) => r.id);
          expect(outside, `${role} with a forged cursor`).toEqual([]);
        }
      }
    });

    test('on generated worlds of scopes, memberships, owners and grants, pull returns exactly what the rules allow', async () => {
      const db = (t as TestApp).storage.db;
      const world = fc.record({
        memberships: fc.array(fc.tuple(fc.nat(6), fc.nat(5)), { maxLength: 12 }),
        records: fc.array(
          fc.record({
            owner: fc.nat(6),
            scope: fc.nat(5),
            children: fc.nat(2),
            deleted: fc.boolean(),
          }),
          { minLength: 1, maxLength: 25 },
        ),
        grants: fc.array(fc.tuple(fc.nat(6), fc.nat(24)), { maxLength: 8 }),
        limit: fc.integer({ min: 1, max: 9 }),
      });
      await fc.assert(
        fc.asyncProperty(world, async (spec) => {
          // Two services, each with two practice groups: scope indexes 0-5.
          const s1 = await addScope(db, `S ${newId()}`, 'service');
          const s2 = await addScope(db, `S ${newId()}`, 'service');
          const scopes = [
            s1,
            s2,
            await addScope(db, `G ${newId()}`, 'practice-group', s1),
            await addScope(db, `G ${newId()}`, 'practice-group', s1),
            await addScope(db, `G ${newId()}`, 'practice-group', s2),
            await addScope(db, `G ${newId()}`, 'practice-group', s2),
          ];
          const people = await Promise.all(ROLES.map((role) => addUser(db, role)));
          for (const [p, s] of spec.memberships) {
            await addMembership(db, people[p]!.userId, scopes[s]!).catch(() => undefined);
          }
          const roots: string[] = [];
          let seq = (await sql<{ seq: number }>`select seq from sync_counter`.execute(db)).rows[0]!
            .seq;
          const insert = async (
            id: string,
            root: string,
            owner: string,
            scope: string,
            parent: string | null,
            deleted: boolean,
          ) => {
            seq = Number(seq) + 1;
            await db
              .insertInto('records')
              .values({
                id,
                type: parent ? 'action' : 'observation',
                scope_id: scope,
                parent_id: parent,
                root_id: root,
                owner_id: owner,
                root_owner_id: owner,
                seq,
                deleted: deleted ? 1 : 0,
                fields: '{}',
                field_meta: '{}',
                created_at: now(),
                updated_at: now(),
              })
              .execute();
          };
          for (const r of spec.records) {
            const root = newId();
            roots.push(root);
            const owner = people[r.owner]!.userId;
            await insert(root, root, owner, scopes[r.scope]!, null, r.deleted);
            for (let i = 0; i < r.children; i++) {
              await insert(newId(), root, owner, scopes[r.scope]!, root, false);
            }
          }
          await sql`update sync_counter set seq = ${seq} where id = 1`.execute(db);
          for (const [p, r] of spec.grants) {
            const root = roots[r % roots.length]!;
            await db
              .insertInto('record_grants')
              .values({
                root_id: root,
                user_id: people[p]!.userId,
                reason: 'assigned',
                created_at: now(),
              })
              .onConflict((oc) => oc.doNothing())
              .execute();
          }
          for (const person of people) {
            const f = await factsOf((t as TestApp).storage, person.userId, person.role);
            const got = await pullEverything((t as TestApp).storage, person, spec.limit);
            const ids = got.map((r) => r.id).sort();
            expect(ids, person.role).toEqual(await readableRecords((t as TestApp).storage, f));
          }
        }),
        { seed: 20_260_502, numRuns: 12 },
      );
    });
  });
}

// Bad input on every route, on every engine: generated malformed, oversized, wrongly typed and
// hostile requests, most of them signed in and one field away from a request the server accepts,
// each get a 4xx with a stable code and a message (never a 5xx), and the whole database is exactly
// what it was before. Afterwards every unbroken request is sent once and accepted, which shows that
// each refusal came from the one thing broken in it.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, test } from 'vitest';
import { RETENTION_KINDS } from '../../schemas/admin/retention';
import { OBSERVATION_KINDS } from '../../schemas/entities/observation-kind';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../schemas/sync/protocol-version';
import { frontlinePracticeV1 } from '../../schemas/templates/frontline-practice';
import { MAX_PENDING, MAX_PUSH_BYTES } from '../../schemas/sync/push';
import { RECORD_TYPES } from '../../schemas/sync/records';
import { createScope } from '../../sync-server/src/accounts/accounts-repository';
import { ROLES } from '../../sync-server/src/accounts/permissions';
import { issueSetupCode } from '../../sync-server/src/accounts/setup-codes';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { dumpDatabase, dumpDifferences } from '../helpers/db-dump';
import { ENGINES } from '../helpers/engines';
import { ssoHandover, ssoToCallback, startProvider } from '../helpers/oidc-provider';
import {
  PASSWORD,
  bearer,
  createAccount,
  signIn,
  useQuickPasswordHashing,
} from '../helpers/accounts';
import {
  BAD_EMAILS,
  BAD_IDS,
  Draft,
  authBreakages,
  bodyBreakages,
  fieldBreakages,
  methodBreakages,
  paramBreakages,
  queryBreakages,
} from '../helpers/hostile';
import type { Breakage, FieldKind, Json, PathKey } from '../helpers/hostile';
import { APP_FILE_ROUTES, listRoutes } from '../helpers/route-list';
import { MAX_RECOVERY_FILE_BYTES, recoveryKeySchema } from '../../schemas/sync/recovery-file';
import { sealRecoveryFile } from '../../src/sync/recovery-file';

useQuickPasswordHashing();

const SEED = 20_260_501;
/** Random cases on top of one of every kind of breakage for every field of every route. */
const RANDOM_CASES = 900;
const DEFAULT_BODY_LIMIT = 1_048_576;
// A signed-in request writes its session's last use at most once a minute (plugins/app/auth.ts);
// the barrage must finish inside that minute for "nothing changed" to be a fair comparison.
const TOUCH_INTERVAL_MS = 60_000;

/** Codes that say "this request is malformed" (or, for credentials, "sign in"). */
const REFUSALS = new Set([
  'VALIDATION_FAILED',
  'BAD_REQUEST',
  'BAD_URL',
  'INVALID_TEXT',
  'NESTING_TOO_DEEP',
  'BODY_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'NOT_FOUND',
  'AUTH_REQUIRED',
  'CURSOR_INVALID',
  'CLIENT_TOO_NEW',
  'CLIENT_TOO_OLD',
  'MUTATION_IDS_NOT_CONSECUTIVE',
  // The performance team's file, malformed: named by row and column, and nothing imported.
  'IMPORT_REJECTED',
  // A recovery file whose sealed part was changed, or that names another server's key.
  'RECOVERY_FILE_UNREADABLE',
  'RECOVERY_KEY_UNKNOWN',
]);

type Ctx = {
  tokens: Record<string, string>;
  ids: Record<string, string>;
  emails: Record<string, string>;
  setupCode?: string;
  /** A finished single sign-on (its hand-over code) and one waiting at the callback. */
  sso?: { code: string; verifier: string; callback: Record<string, string> };
  /** A recovery file sealed by a tablet of the observer's team, ready to import. */
  recoveryFile?: Json;
};

type Target =
  | { in: 'body'; at: PathKey[]; kind: FieldKind }
  | { in: 'param'; name: string; bad?: string[] }
  | { in: 'query'; name: string; bad?: string[]; free?: boolean; max?: number };

type RouteEntry = {
  route: string;
  /** Which database state it is tried in: first-run setup only works before any admin exists. */
  phase: 'first-run' | 'in-use';
  /** The session it is sent with (a key of ctx.tokens), or none for a public route. */
  as?: string;
  /** A request the server accepts, one breakage away from each hostile one. */
  base?(ctx: Ctx): {
    params?: Record<string, string>;
    query?: Record<string, string>;
    body?: Json;
  };
  targets?: Target[];
  bodyLimit?: number;
  /** What the unbroken request gets when it is not a 2xx (single sign-on redirects). */
  accepted?: { status: number; location: RegExp };
};

const id = (): FieldKind => ({ t: 'string', bad: BAD_IDS });
const versions: Target[] = [
  { in: 'body', at: ['protocolVersion'], kind: { t: 'int', min: 1, max: PROTOCOL_VERSION } },
  { in: 'body', at: ['schemaVersion'], kind: { t: 'int', min: 1, max: SCHEMA_VERSION } },
];
const now = () => new Date().toISOString();
const json = (v: Json): Json => v;
const FRONTLINE = {
  kind: 'frontline-practice',
  templateId: 'frontline-practice',
  templateVersion: 1,
};
const email = (max = 254): FieldKind => ({ t: 'string', max, min: 1, bad: BAD_EMAILS });
const BAD_QUARTERS = ['2026-Q1', '2026-28-Q1', '2026-27-Q5', '2026-27-q1', 'last quarter'];
const BAD_DATES = ['2026-02-30', '30/06/2026', '2026-6-30', 'today'];
const SSO_REDIRECT = 'http://observations.test/api/auth/oidc/callback';
const METRICS_TOKEN = 'a-metrics-token-for-the-barrage-only';

/** Every route of the app. A route missing from here fails the first test. */
const ROUTES: RouteEntry[] = [
  {
    route: 'POST /api/setup',
    phase: 'first-run',
    base: (c) => ({
      body: {
        code: c.setupCode!,
        email: 'first-admin@example.org',
        displayName: 'First Admin',
        password: PASSWORD,
      },
    }),
    targets: [
      {
        in: 'body',
        at: [],
        kind: { t: 'object', keys: ['code', 'email', 'displayName', 'password'] },
      },
      { in: 'body', at: ['code'], kind: { t: 'string', max: 40, min: 1 } },
      { in: 'body', at: ['email'], kind: email() },
      { in: 'body', at: ['displayName'], kind: { t: 'string', max: 200, min: 1 } },
      { in: 'body', at: ['password'], kind: { t: 'string', max: 1000, bad: ['too short'] } },
    ],
  },
  { route: 'GET /api/setup', phase: 'first-run' },
  {
    route: 'POST /api/auth/sign-in',
    phase: 'in-use',
    base: (c) => ({
      body: {
        email: c.emails.practitioner!,
        password: PASSWORD,
        deviceId: c.ids.practitionerDevice!,
        deviceName: 'Team tablet',
      },
    }),
    targets: [
      {
        in: 'body',
        at: [],
        kind: { t: 'object', keys: ['email', 'password', 'deviceId', 'deviceName'] },
      },
      { in: 'body', at: ['email'], kind: email() },
      { in: 'body', at: ['password'], kind: { t: 'string', max: 1000, min: 1 } },
      { in: 'body', at: ['deviceId'], kind: id() },
      { in: 'body', at: ['deviceName'], kind: { t: 'string', max: 100 } },
    ],
  },
  { route: 'POST /api/auth/sign-out', phase: 'in-use', as: 'leaving', base: () => ({}) },
  { route: 'GET /api/auth/me', phase: 'in-use', as: 'observer', base: () => ({}) },
  { route: 'GET /api/admin/scopes', phase: 'in-use', as: 'admin', base: () => ({}) },
  {
    route: 'POST /api/admin/scopes',
    phase: 'in-use',
    as: 'admin',
    base: (c) => ({
      body: { name: 'New practice group', kind: 'practice-group', parentId: c.ids.service! },
    }),
    targets: [
      { in: 'body', at: [], kind: { t: 'object', keys: ['name', 'kind', 'parentId'] } },
      { in: 'body', at: ['name'], kind: { t: 'string', max: 120, min: 1 } },
      { in: 'body', at: ['kind'], kind: { t: 'enum', values: ['service', 'practice-group'] } },
      { in: 'body', at: ['parentId'], kind: { t: 'string', nullable: true, bad: BAD_IDS } },
    ],
  },
  { route: 'GET /api/admin/users', phase: 'in-use', as: 'admin', base: () => ({}) },
  {
    route: 'POST /api/admin/users',
    phase: 'in-use',
    as: 'admin',
    base: (c) => ({
      body: {
        email: 'new-person@example.org',
        displayName: 'New Person',
        role: 'observer',
        password: PASSWORD,
        scopeIds: [c.ids.groupA!],
      },
    }),
    targets: [
      {
        in: 'body',
        at: [],
        kind: { t: 'object', keys: ['email', 'displayName', 'role', 'password', 'scopeIds'] },
      },
      { in: 'body', at: ['email'], kind: email() },
      { in: 'body', at: ['displayName'], kind: { t: 'string', max: 200, min: 1 } },
      { in: 'body', at: ['role'], kind: { t: 'enum', values: ROLES } },
      { in: 'body', at: ['password'], kind: { t: 'string', max: 1000, bad: ['too short'] } },
      { in: 'body', at: ['scopeIds'], kind: { t: 'array', max: 200 } },
      { in: 'body', at: ['scopeIds', 0], kind: id() },
    ],
  },
  {
    route: 'POST /api/admin/users/:userId/memberships',
    phase: 'in-use',
    as: 'admin',
    base: (c) => ({ params: { userId: c.ids.practitioner! }, body: { scopeId: c.ids.groupB! } }),
    targets: [
      { in: 'param', name: 'userId' },
      { in: 'body', at: [], kind: { t: 'object', keys: ['scopeId'] } },
      { in: 'body', at: ['scopeId'], kind: id() },
    ],
  },
  {
    route: 'POST /api/admin/users/:userId/password',
    phase: 'in-use',
    as: 'admin',
    base: (c) => ({
      params: { userId: c.ids.resetting! },
      body: { password: 'a brand new password' },
    }),
    targets: [
      { in: 'param', name: 'userId' },
      { in: 'body', at: [], kind: { t: 'object', keys: ['password'] } },
      { in: 'body', at: ['password'], kind: { t: 'string', max: 1000, bad: ['too short'] } },
    ],
  },
  {
    route: 'PATCH /api/admin/users/:userId',
    phase: 'in-use',
    as: 'admin',
    base: (c) => ({ params: { userId: c.ids.changing! }, body: { role: 'practitioner' } }),
    targets: [
      { in: 'param', name: 'userId' },
      { in: 'body', at: [], kind: { t: 'object', keys: ['role', 'status'] } },
      { in: 'body', at: ['role'], kind: { t: 'enum', values: ROLES } },
    ],
  },
  {
    route: 'DELETE /api/admin/users/:userId/memberships/:scopeId',
    phase: 'in-use',
    as: 'admin',
    base: (c) => ({ params: { userId: c.ids.moving!, scopeId: c.ids.groupA! } }),
    targets: [
      { in: 'param', name: 'userId' },
      { in: 'param', name: 'scopeId' },
    ],
  },
  {
    route: 'GET /api/admin/devices',
    phase: 'in-use',
    as: 'admin',
    base: (c) => ({ query: { userId: c.ids.practitioner! } }),
    targets: [{ in: 'query', name: 'userId' }],
  },
  {
    route: 'POST /api/admin/devices/:deviceId/revoke',
    phase: 'in-use',
    as: 'admin',
    base: (c) => ({ params: { deviceId: c.ids.lostDevice! } }),
    targets: [{ in: 'param', name: 'deviceId' }],
  },
  {
    route: 'POST /api/sync/push',
    phase: 'in-use',
    as: 'observer',
    bodyLimit: MAX_PUSH_BYTES,
    base: (c) => ({
      body: {
        protocolVersion: PROTOCOL_VERSION,
        schemaVersion: SCHEMA_VERSION,
        deviceId: c.ids.observerDevice!,
        sentAt: now(),
        pending: 2,
        mutations: [
          json({
            id: 2,
            recordId: c.ids.newRecord!,
            type: 'observation',
            op: 'put',
            scopeId: c.ids.groupA!,
            baseVersion: 0,
            set: { ...FRONTLINE, status: 'draft', 'summary.strengths': 'Warm and clear.' },
            base: { 'summary.strengths': '' },
            resolves: [randomUUID()],
            amendmentId: randomUUID(),
            at: now(),
          }),
          json({
            id: 3,
            recordId: c.ids.newAction!,
            type: 'action',
            op: 'put',
            parentId: c.ids.observation!,
            baseVersion: 0,
            set: { what: 'Share the plan with the family' },
            at: now(),
          }),
        ],
      },
    }),
    targets: [
      {
        in: 'body',
        at: [],
        kind: {
          t: 'object',
          keys: ['protocolVersion', 'schemaVersion', 'deviceId', 'sentAt', 'pending', 'mutations'],
        },
      },
      ...versions,
      { in: 'body', at: ['deviceId'], kind: id() },
      { in: 'body', at: ['sentAt'], kind: { t: 'time' } },
      { in: 'body', at: ['pending'], kind: { t: 'int', min: 0, max: MAX_PENDING } },
      { in: 'body', at: ['mutations'], kind: { t: 'array', max: 100, min: 1 } },
      {
        in: 'body',
        at: ['mutations', 0],
        kind: {
          t: 'object',
          keys: [
            'id',
            'recordId',
            'type',
            'op',
            'scopeId',
            'parentId',
            'baseVersion',
            'set',
            'base',
            'resolves',
            'amendmentId',
            'at',
          ],
        },
      },
      {
        in: 'body',
        at: ['mutations', 0, 'id'],
        kind: { t: 'int', min: 1, max: Number.MAX_SAFE_INTEGER },
      },
      { in: 'body', at: ['mutations', 0, 'recordId'], kind: id() },
      { in: 'body', at: ['mutations', 0, 'type'], kind: { t: 'enum', values: RECORD_TYPES } },
      {
        in: 'body',
        at: ['mutations', 0, 'op'],
        kind: { t: 'enum', values: ['put', 'delete', 'restore'] },
      },
      { in: 'body', at: ['mutations', 0, 'scopeId'], kind: id() },
      {
        in: 'body',
        at: ['mutations', 0, 'baseVersion'],
        kind: { t: 'int', min: 0, max: Number.MAX_SAFE_INTEGER },
      },
      { in: 'body', at: ['mutations', 0, 'set'], kind: { t: 'map' } },
      {
        in: 'body',
        at: ['mutations', 0, 'set', 'summary.strengths'],
        kind: { t: 'string', max: 10_000, anyScalar: true },
      },
      { in: 'body', at: ['mutations', 0, 'base'], kind: { t: 'map' } },
      { in: 'body', at: ['mutations', 0, 'resolves'], kind: { t: 'array', max: 100 } },
      { in: 'body', at: ['mutations', 0, 'resolves', 0], kind: id() },
      { in: 'body', at: ['mutations', 0, 'amendmentId'], kind: id() },
      { in: 'body', at: ['mutations', 0, 'at'], kind: { t: 'time' } },
      { in: 'body', at: ['mutations', 1, 'parentId'], kind: id() },
      {
        in: 'body',
        at: ['mutations', 1, 'id'],
        kind: { t: 'int', min: 1, max: Number.MAX_SAFE_INTEGER },
      },
    ],
  },
  {
    route: 'POST /api/sync/pull',
    phase: 'in-use',
    as: 'observer',
    base: (c) => ({
      body: {
        protocolVersion: PROTOCOL_VERSION,
        schemaVersion: SCHEMA_VERSION,
        deviceId: c.ids.observerDevice!,
        cursor: c.ids.cursor!,
        limit: 100,
      },
    }),
    targets: [
      {
        in: 'body',
        at: [],
        kind: {
          t: 'object',
          keys: ['protocolVersion', 'schemaVersion', 'deviceId', 'cursor', 'limit'],
        },
      },
      ...versions,
      { in: 'body', at: ['deviceId'], kind: id() },
      {
        in: 'body',
        at: ['cursor'],
        kind: {
          t: 'string',
          max: 4096,
          nullable: true,
          bad: [
            'not a cursor',
            Buffer.from('{"v":2,"seq":0,"id":"","scopes":[]}').toString('base64url'),
            Buffer.from('{"v":1,"seq":-1,"id":"","scopes":[]}').toString('base64url'),
            Buffer.from('{"v":1,"seq":0,"id":"","scopes":["\\u0000abcdefgh"]}').toString(
              'base64url',
            ),
            Buffer.from('{"v":1,"seq":0,"id":"","scopes":[],"admin":true}').toString('base64url'),
            Buffer.from('[]').toString('base64url'),
          ],
        },
      },
      { in: 'body', at: ['limit'], kind: { t: 'int', min: 1, max: 500 } },
    ],
  },
  {
    route: 'POST /api/concerns',
    phase: 'in-use',
    as: 'observer',
    base: (c) => ({
      body: {
        protocolVersion: PROTOCOL_VERSION,
        schemaVersion: SCHEMA_VERSION,
        deviceId: c.ids.observerDevice!,
        scopeId: c.ids.groupA!,
        concern: {
          id: c.ids.newConcern!,
          observationId: c.ids.observation!,
          caseId: 'AB-1234',
          what: 'The child said they are afraid to go home.',
          raisedAt: now(),
          whoWasTold: [{ name: 'Duty manager', role: 'Team manager', at: now() }],
        },
      },
    }),
    targets: [
      {
        in: 'body',
        at: [],
        kind: {
          t: 'object',
          keys: ['protocolVersion', 'schemaVersion', 'deviceId', 'scopeId', 'concern'],
        },
      },
      ...versions,
      { in: 'body', at: ['deviceId'], kind: id() },
      { in: 'body', at: ['scopeId'], kind: id() },
      {
        in: 'body',
        at: ['concern'],
        kind: {
          t: 'object',
          keys: ['id', 'observationId', 'caseId', 'what', 'raisedAt', 'whoWasTold'],
        },
      },
      { in: 'body', at: ['concern', 'id'], kind: id() },
      { in: 'body', at: ['concern', 'observationId'], kind: id() },
      {
        in: 'body',
        at: ['concern', 'caseId'],
        kind: { t: 'string', max: 64, bad: ['Jane Smith', 'JaneSmith', 'AB', ''] },
      },
      { in: 'body', at: ['concern', 'what'], kind: { t: 'string', max: 10_000 } },
      { in: 'body', at: ['concern', 'raisedAt'], kind: { t: 'time' } },
      { in: 'body', at: ['concern', 'whoWasTold'], kind: { t: 'array', max: 20 } },
      {
        in: 'body',
        at: ['concern', 'whoWasTold', 0],
        kind: { t: 'object', keys: ['name', 'role', 'at'] },
      },
      {
        in: 'body',
        at: ['concern', 'whoWasTold', 0, 'name'],
        kind: { t: 'string', max: 200, min: 1 },
      },
      { in: 'body', at: ['concern', 'whoWasTold', 0, 'role'], kind: { t: 'string', max: 200 } },
      { in: 'body', at: ['concern', 'whoWasTold', 0, 'at'], kind: { t: 'time' } },
    ],
  },
  { route: 'GET /api/concerns', phase: 'in-use', as: 'director', base: () => ({}) },
  {
    route: 'POST /api/concerns/:concernId/acknowledge',
    phase: 'in-use',
    as: 'director',
    base: (c) => ({ params: { concernId: c.ids.concern! } }),
    targets: [{ in: 'param', name: 'concernId' }],
  },
  {
    route: 'GET /api/concerns/:concernId',
    phase: 'in-use',
    as: 'director',
    base: (c) => ({ params: { concernId: c.ids.concern! } }),
    targets: [{ in: 'param', name: 'concernId' }],
  },
  {
    route: 'GET /api/actions/:actionId/history',
    phase: 'in-use',
    as: 'director',
    base: (c) => ({ params: { actionId: c.ids.action! } }),
    targets: [{ in: 'param', name: 'actionId' }],
  },
  // --- quality assurance ---------------------------------------------------------------------------
  {
    route: 'GET /api/reports/quarterly',
    phase: 'in-use',
    as: 'director',
    base: (c) => ({
      query: {
        from: '2026-27-Q1',
        to: '2026-27-Q4',
        scopeId: c.ids.service!,
        kind: 'frontline-practice',
        asOf: '2026-06-30',
      },
    }),
    targets: [
      { in: 'query', name: 'from', bad: BAD_QUARTERS },
      { in: 'query', name: 'to', bad: [...BAD_QUARTERS, '2029-30-Q4'] },
      { in: 'query', name: 'scopeId' },
      { in: 'query', name: 'kind', bad: ['superuser', 'FRONTLINE-PRACTICE', 'frontline practice'] },
      { in: 'query', name: 'asOf', bad: BAD_DATES },
    ],
  },
  {
    route: 'GET /api/reports/concerns',
    phase: 'in-use',
    as: 'director',
    base: (c) => ({
      query: {
        scopeId: c.ids.groupA!,
        from: '2026-04-01',
        to: '2026-06-30',
        status: 'unacknowledged',
        limit: '50',
      },
    }),
    targets: [
      { in: 'query', name: 'scopeId' },
      { in: 'query', name: 'from', bad: BAD_DATES },
      { in: 'query', name: 'to', bad: BAD_DATES },
      { in: 'query', name: 'status', bad: ['open', 'ALL', 'overdue '] },
      { in: 'query', name: 'limit', bad: ['0', '1001', '-5', '2.5', 'all'] },
    ],
  },
  {
    route: 'GET /api/exports/:type',
    phase: 'in-use',
    as: 'director',
    base: (c) => ({
      params: { type: 'observations' },
      query: {
        from: '2026-27-Q1',
        to: '2026-27-Q4',
        scopeId: c.ids.service!,
        kind: 'frontline-practice',
      },
    }),
    targets: [
      { in: 'param', name: 'type', bad: ['everything', 'Observations', 'users', 'audit-log'] },
      { in: 'query', name: 'from', bad: BAD_QUARTERS },
      { in: 'query', name: 'to', bad: BAD_QUARTERS },
      { in: 'query', name: 'scopeId' },
      { in: 'query', name: 'kind', bad: ['superuser', 'FRONTLINE-PRACTICE'] },
    ],
  },
  // --- single sign-on ---------------------------------------------------------------------------
  // --- the observation and audit programme ----------------------------------------------------
  {
    route: 'POST /api/programme/assignments',
    phase: 'in-use',
    as: 'qa',
    base: (c) => ({
      body: {
        assignments: [
          {
            scopeId: c.ids.groupA!,
            kind: 'single-case-audit',
            observerUserId: c.ids.observer!,
            caseId: 'AB-1234',
            dueDate: '2099-01-31',
            month: '2099-01',
          },
        ],
      },
    }),
    targets: [
      { in: 'body', at: ['assignments'], kind: { t: 'array', max: 500, min: 1 } },
      { in: 'body', at: ['assignments', 0, 'scopeId'], kind: id() },
      { in: 'body', at: ['assignments', 0, 'observerUserId'], kind: id() },
      {
        in: 'body',
        at: ['assignments', 0, 'kind'],
        kind: { t: 'enum', values: ['single-case-audit', 'frontline-practice'] },
      },
      { in: 'body', at: ['assignments', 0, 'dueDate'], kind: { t: 'string', bad: BAD_DATES } },
      {
        in: 'body',
        at: ['assignments', 0, 'month'],
        kind: { t: 'string', bad: ['2027-13', '2027-1', 'January'] },
      },
      {
        in: 'body',
        at: ['assignments', 0, 'caseId'],
        kind: { t: 'string', max: 64, bad: ['no', 'Jane Smith'] },
      },
    ],
  },
  {
    route: 'POST /api/programme/expectations',
    phase: 'in-use',
    as: 'qa',
    base: (c) => ({
      body: {
        expectation: { kind: 'cp-conference-chairing', count: 2, per: 'year' },
        financialYear: 2026,
        people: [
          { scopeId: c.ids.groupA!, observerUserId: c.ids.observer!, observedName: 'A chair' },
        ],
      },
    }),
    targets: [
      {
        in: 'body',
        at: ['expectation', 'kind'],
        kind: { t: 'enum', values: ['cp-conference-chairing', 'single-case-audit'] },
      },
      { in: 'body', at: ['expectation', 'count'], kind: { t: 'int', min: 1, max: 12 } },
      {
        in: 'body',
        at: ['expectation', 'per'],
        kind: { t: 'enum', values: ['month', 'quarter', 'year'] },
      },
      { in: 'body', at: ['financialYear'], kind: { t: 'int', min: 2015, max: 2099 } },
      { in: 'body', at: ['people'], kind: { t: 'array', max: 200, min: 1 } },
      { in: 'body', at: ['people', 0, 'observerUserId'], kind: id() },
      { in: 'body', at: ['people', 0, 'observedName'], kind: { t: 'string', max: 200 } },
    ],
  },
  {
    route: 'POST /api/programme/audits/import',
    phase: 'in-use',
    as: 'qa',
    base: (c) => ({
      body: {
        csv: `month,practice_group,case_id,auditor_email\n2027-02,Group A,AB-1234,${c.emails.observer!}\n`,
      },
    }),
    targets: [{ in: 'body', at: ['csv'], kind: { t: 'string', min: 1, max: 512 * 1024 } }],
  },
  {
    route: 'POST /api/programme/assignments/:assignmentId/exempt',
    phase: 'in-use',
    as: 'hos',
    base: (c) => ({
      params: { assignmentId: c.ids.assignment! },
      body: { reason: 'leave', note: 'Annual leave for the whole month' },
    }),
    targets: [
      { in: 'param', name: 'assignmentId' },
      { in: 'body', at: ['reason'], kind: { t: 'enum', values: ['leave', 'sickness'] } },
      { in: 'body', at: ['note'], kind: { t: 'string', max: 1000 } },
    ],
  },
  {
    route: 'POST /api/programme/assignments/:assignmentId/change',
    phase: 'in-use',
    as: 'qa',
    base: (c) => ({
      params: { assignmentId: c.ids.openAssignment! },
      body: { observerUserId: c.ids.observer!, dueDate: '2099-02-28' },
    }),
    targets: [
      { in: 'param', name: 'assignmentId' },
      { in: 'body', at: ['observerUserId'], kind: id() },
      { in: 'body', at: ['dueDate'], kind: { t: 'string', bad: BAD_DATES } },
    ],
  },
  {
    route: 'POST /api/programme/assignments/:assignmentId/withdraw',
    phase: 'in-use',
    as: 'qa',
    base: (c) => ({
      params: { assignmentId: c.ids.openAssignment! },
      body: { reason: 'Planned twice for this case' },
    }),
    targets: [
      { in: 'param', name: 'assignmentId' },
      { in: 'body', at: ['reason'], kind: { t: 'string', min: 1, max: 1000 } },
    ],
  },
  { route: 'GET /api/programme/assignments', phase: 'in-use', as: 'observer', base: () => ({}) },
  {
    route: 'GET /api/programme/coverage',
    phase: 'in-use',
    as: 'qa',
    base: () => ({ query: { from: '2026-04-01', to: '2027-03-31', by: 'observer' } }),
    targets: [
      { in: 'query', name: 'from', bad: BAD_DATES },
      { in: 'query', name: 'to', bad: BAD_DATES },
      { in: 'query', name: 'by', bad: ['everyone', 'Observer', 'practice group'] },
    ],
  },
  { route: 'GET /api/auth/oidc', phase: 'in-use', base: () => ({}) },
  {
    route: 'GET /api/auth/oidc/start',
    phase: 'in-use',
    accepted: { status: 302, location: /^http:\/\/127\.0\.0\.1:\d+\// },
    base: (c) => ({
      query: {
        codeChallenge: 'A'.repeat(43),
        deviceId: c.ids.observerDevice!,
        deviceName: 'Team tablet',
      },
    }),
    targets: [
      { in: 'query', name: 'codeChallenge' },
      { in: 'query', name: 'deviceId' },
    ],
  },
  {
    route: 'GET /api/auth/oidc/callback',
    phase: 'in-use',
    accepted: { status: 302, location: /^\/#\/signed-in\?code=/ },
    base: (c) => ({ query: c.sso!.callback }),
    targets: [
      { in: 'query', name: 'state', free: true, max: 4096 },
      { in: 'query', name: 'code', free: true, max: 4096 },
    ],
  },
  {
    route: 'POST /api/auth/oidc/exchange',
    phase: 'in-use',
    base: (c) => ({ body: { code: c.sso!.code, codeVerifier: c.sso!.verifier } }),
    targets: [
      { in: 'body', at: [], kind: { t: 'object', keys: ['code', 'codeVerifier'] } },
      {
        in: 'body',
        at: ['code'],
        kind: { t: 'string', max: 200, min: 1, bad: ['not a code', 'a/b+c='] },
      },
      {
        in: 'body',
        at: ['codeVerifier'],
        kind: {
          t: 'string',
          max: 128,
          min: 1,
          bad: ['short', 'x'.repeat(42), `${'x'.repeat(42)}!`],
        },
      },
    ],
  },
  // --- recovery files ----------------------------------------------------------------------------
  { route: 'GET /api/recovery/key', phase: 'in-use', as: 'observer', base: () => ({}) },
  {
    route: 'POST /api/admin/recovery-imports',
    phase: 'in-use',
    as: 'admin',
    bodyLimit: MAX_RECOVERY_FILE_BYTES + 4096,
    base: (c) => ({ body: c.recoveryFile! }),
    targets: [
      {
        in: 'body',
        at: [],
        kind: {
          t: 'object',
          keys: ['format', 'version', 'keyId', 'createdAt', 'wrappedKey', 'iv', 'ciphertext'],
        },
      },
      {
        in: 'body',
        at: ['format'],
        kind: { t: 'enum', values: ['practice-observations-recovery'] },
      },
      { in: 'body', at: ['version'], kind: { t: 'int', min: 1, max: 1 } },
      { in: 'body', at: ['keyId'], kind: id() },
      { in: 'body', at: ['createdAt'], kind: { t: 'time' } },
      {
        in: 'body',
        at: ['wrappedKey'],
        kind: { t: 'string', min: 1, max: 2048, bad: ['not base64!'] },
      },
      { in: 'body', at: ['iv'], kind: { t: 'string', min: 1, max: 16, bad: ['AAAA', '+/+/'] } },
      { in: 'body', at: ['ciphertext'], kind: { t: 'string', min: 1, bad: ['AAAA', 'a b'] } },
    ],
  },
  // --- local settings and checklists ------------------------------------------------------------
  { route: 'GET /api/settings', phase: 'in-use', as: 'observer', base: () => ({}) },
  { route: 'GET /api/legal', phase: 'in-use', base: () => ({}) },
  { route: 'GET /api/directory', phase: 'in-use', as: 'observer', base: () => ({}) },
  {
    route: 'PUT /api/admin/settings',
    phase: 'in-use',
    as: 'admin',
    base: () => ({
      body: {
        authorityName: 'Borough of Testing',
        dutyPhone: '020 7946 0000',
        idleLockMinutes: 10,
        concernNotifyEmails: ['duty@example.org'],
      },
    }),
    targets: [
      {
        in: 'body',
        at: [],
        kind: {
          t: 'object',
          keys: ['authorityName', 'dutyPhone', 'idleLockMinutes', 'concernNotifyEmails'],
        },
      },
      { in: 'body', at: ['authorityName'], kind: { t: 'string', max: 120, min: 1 } },
      {
        in: 'body',
        at: ['dutyPhone'],
        kind: { t: 'string', max: 24, min: 1, nullable: true, bad: ['call the duty desk', '12'] },
      },
      { in: 'body', at: ['idleLockMinutes'], kind: { t: 'int', min: 1, max: 60 } },
      { in: 'body', at: ['concernNotifyEmails'], kind: { t: 'array', max: 20 } },
      { in: 'body', at: ['concernNotifyEmails', 0], kind: email() },
    ],
  },
  { route: 'GET /api/templates', phase: 'in-use', as: 'observer', base: () => ({}) },
  { route: 'GET /api/admin/templates', phase: 'in-use', as: 'admin', base: () => ({}) },
  {
    route: 'POST /api/admin/templates',
    phase: 'in-use',
    as: 'admin',
    base: () => ({
      body: json({
        template: { ...frontlinePracticeV1, id: 'frontline-practice-hostile' } as Json,
        basedOn: { id: 'frontline-practice', version: 1 },
      }),
    }),
    targets: [
      { in: 'body', at: [], kind: { t: 'object', keys: ['template', 'basedOn'] } },
      {
        in: 'body',
        at: ['template'],
        kind: { t: 'object', keys: Object.keys(frontlinePracticeV1) },
      },
      {
        in: 'body',
        at: ['template', 'id'],
        kind: { t: 'string', max: 64, min: 1, bad: ['Not Kebab', 'has.dot', '-lead'] },
      },
      { in: 'body', at: ['template', 'title'], kind: { t: 'string', max: 200, min: 1 } },
      { in: 'body', at: ['template', 'kind'], kind: { t: 'enum', values: OBSERVATION_KINDS } },
      { in: 'body', at: ['template', 'consentRequired'], kind: { t: 'bool' } },
      { in: 'body', at: ['basedOn'], kind: { t: 'object', keys: ['id', 'version'] } },
      {
        in: 'body',
        at: ['basedOn', 'version'],
        kind: { t: 'int', min: 1, max: Number.MAX_SAFE_INTEGER },
      },
    ],
  },
  // --- records for administrators -----------------------------------------------------------------
  { route: 'GET /api/admin/retention/policy', phase: 'in-use', as: 'admin', base: () => ({}) },
  {
    route: 'PUT /api/admin/retention/policy',
    phase: 'in-use',
    as: 'admin',
    base: () => ({ body: { periods: { 'single-case-audit': 2555, 'lac-review-chairing': null } } }),
    targets: [
      { in: 'body', at: [], kind: { t: 'object', keys: ['periods'] } },
      { in: 'body', at: ['periods'], kind: { t: 'object', keys: RETENTION_KINDS } },
      {
        in: 'body',
        at: ['periods', 'single-case-audit'],
        kind: { t: 'int', min: 1, max: 54_750, nullable: true },
      },
    ],
  },
  { route: 'GET /api/admin/retention/due', phase: 'in-use', as: 'admin', base: () => ({}) },
  {
    route: 'GET /api/admin/retention/export',
    phase: 'in-use',
    as: 'admin',
    base: (c) => ({ query: { recordId: c.ids.observation! } }),
    targets: [{ in: 'query', name: 'recordId' }],
  },
  {
    route: 'POST /api/admin/retention/delete',
    phase: 'in-use',
    as: 'admin',
    base: (c) => ({ body: { recordIds: [c.ids.overdue!], confirm: true } }),
    targets: [
      { in: 'body', at: [], kind: { t: 'object', keys: ['recordIds', 'confirm'] } },
      { in: 'body', at: ['recordIds'], kind: { t: 'array', max: 500, min: 1 } },
      { in: 'body', at: ['recordIds', 0], kind: id() },
      { in: 'body', at: ['confirm'], kind: { t: 'bool' } },
    ],
  },
  {
    route: 'GET /api/admin/subject-access',
    phase: 'in-use',
    as: 'admin',
    base: (c) => ({ query: { userId: c.ids.practitioner! } }),
    targets: [{ in: 'query', name: 'userId' }],
  },
  {
    route: 'POST /api/admin/subject-access',
    phase: 'in-use',
    as: 'admin',
    base: () => ({ body: { caseId: 'CD-5678' } }),
    targets: [
      { in: 'body', at: [], kind: { t: 'object', keys: ['userId', 'caseId'] } },
      {
        in: 'body',
        at: ['caseId'],
        kind: { t: 'string', max: 64, min: 1, bad: ['Jane Smith', 'JaneSmith', 'AB'] },
      },
    ],
  },
  {
    route: 'GET /api/admin/audit',
    phase: 'in-use',
    as: 'admin',
    base: (c) => ({ query: { recordId: c.ids.observation!, after: '0', limit: '50' } }),
    targets: [
      { in: 'query', name: 'recordId' },
      { in: 'query', name: 'after', bad: ['-1', '1.5', 'first', '1e400'] },
      { in: 'query', name: 'limit', bad: ['0', '1001', '-5', '2.5', 'all'] },
    ],
  },
  {
    route: 'POST /api/admin/users/:userId/reassign',
    phase: 'in-use',
    as: 'admin',
    base: (c) => ({ params: { userId: c.ids.leaver! }, body: { toUserId: c.ids.observer! } }),
    targets: [
      { in: 'param', name: 'userId' },
      { in: 'body', at: [], kind: { t: 'object', keys: ['toUserId'] } },
      { in: 'body', at: ['toUserId'], kind: id() },
    ],
  },
  // --- operators -------------------------------------------------------------------------------
  { route: 'GET /metrics', phase: 'in-use', as: 'metrics', base: () => ({}) },
  { route: 'GET /healthz', phase: 'in-use' },
  { route: 'GET /readyz', phase: 'in-use' },
  { route: 'GET /docs/json', phase: 'in-use' },
];

type Case = { route: string; kind: string; breakage: Breakage };

/** Every kind of breakage that applies to a route, one arbitrary each. */
function casesFor(entry: RouteEntry, ctx: Ctx, allMethods: Map<string, string[]>) {
  const [method, path] = entry.route.split(' ') as [string, string];
  const out: Array<{ kind: string; arb: fc.Arbitrary<Breakage> }> = [];
  const add = (label: string, arbs: fc.Arbitrary<Breakage>[]) =>
    arbs.forEach((arb) => out.push({ kind: label, arb }));
  for (const t of entry.targets ?? []) {
    if (t.in === 'body') add(t.at.join('.') || 'body', fieldBreakages(t.at, t.kind));
    else if (t.in === 'param') add(`:${t.name}`, paramBreakages(t.name, t.bad));
    else {
      const known = Object.keys(entry.base?.(ctx).query ?? {});
      add(`?${t.name}`, queryBreakages(t.name, t.bad, { free: t.free, max: t.max, known }));
    }
  }
  if ((method === 'POST' || method === 'PUT') && entry.base) {
    add('body', bodyBreakages(entry.bodyLimit ?? DEFAULT_BODY_LIMIT, !!entry.base(ctx).body));
  }
  if (entry.as) add('credentials', authBreakages(ctx.tokens[entry.as]!));
  add('method', methodBreakages(allMethods.get(path) ?? [method], path.startsWith('/api/')));
  return out;
}

function draftFor(entry: RouteEntry, ctx: Ctx): Draft {
  const [method, path] = entry.route.split(' ') as [string, string];
  const base = entry.base?.(ctx) ?? {};
  return new Draft(path, {
    method,
    params: base.params,
    query: base.query,
    body: base.body,
    headers: entry.as ? bearer(ctx.tokens[entry.as]!) : {},
  });
}

async function send(app: FastifyInstance, d: Draft) {
  const payload = d.payload();
  const headers = { ...d.headers };
  if (payload !== undefined && !headers['content-type'])
    headers['content-type'] = 'application/json';
  return app.inject({
    method: d.method as 'POST',
    url: d.url(),
    headers,
    ...(payload !== undefined ? { payload } : {}),
  });
}

type Outcome = { route: string; kind: string; status: number; code?: string; problem?: string };

async function barrage(app: FastifyInstance, ctx: Ctx, entries: RouteEntry[], seed: number) {
  const allMethods = new Map<string, string[]>();
  for (const r of listRoutes(app)) {
    const [m, p] = r.split(' ') as [string, string];
    allMethods.set(p, [...(allMethods.get(p) ?? []), m]);
  }
  const perKind: Array<fc.Arbitrary<Case>> = [];
  for (const entry of entries) {
    for (const { kind, arb } of casesFor(entry, ctx, allMethods)) {
      perKind.push(
        arb.map((breakage) => ({
          route: entry.route,
          kind: `${kind}: ${breakage.kind}`,
          breakage,
        })),
      );
    }
  }
  // One of every kind first, so none is left to chance; then random ones on top.
  const cases: Case[] = [
    ...perKind.map((arb, i) => fc.sample(arb, { seed: seed + i, numRuns: 1 })[0]!),
    ...fc.sample(fc.oneof(...perKind), { seed, numRuns: RANDOM_CASES }),
  ];
  const outcomes: Outcome[] = [];
  for (const c of cases) {
    const entry = entries.find((e) => e.route === c.route)!;
    const d = draftFor(entry, ctx);
    c.breakage.apply(d);
    const res = await send(app, d);
    const outcome: Outcome = { route: c.route, kind: c.kind, status: res.statusCode };
    let body: { error?: { code?: unknown; message?: unknown } } = {};
    try {
      body = res.json();
    } catch {
      outcome.problem = `not JSON: ${res.body.slice(0, 80)}`;
    }
    const code = body.error?.code;
    if (typeof code === 'string') outcome.code = code;
    if (res.statusCode < 400 || res.statusCode >= 500) outcome.problem = `status ${res.statusCode}`;
    else if (typeof code !== 'string' || !REFUSALS.has(code))
      outcome.problem = `code ${String(code)}`;
    else if (typeof body.error?.message !== 'string' || body.error.message.length < 10) {
      outcome.problem = 'no message';
    } else if (!String(res.headers['content-type']).startsWith('application/json')) {
      outcome.problem = `content type ${String(res.headers['content-type'])}`;
    }
    // Where it went, so a failure can be sent again by hand.
    if (outcome.problem) outcome.problem += ` (${d.method} ${d.url().slice(0, 160)})`;
    outcomes.push(outcome);
  }
  return outcomes;
}

const report = (outcomes: Outcome[]) =>
  outcomes
    .filter((o) => o.problem)
    .map((o) => `${o.route} [${o.kind}] -> ${o.status} ${o.code ?? ''}: ${o.problem}`);

for (const engine of ENGINES) {
  // Every optional part on (single sign-on against a real provider, metrics), so every route the
  // server can serve is in the barrage doing its real work.
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
  describe.skipIf(t === null)(`hostile input on ${engine.name}`, () => {
    const ctx: Ctx = { tokens: { metrics: METRICS_TOKEN }, ids: {}, emails: {} };
    const app = () => (t as TestApp).app;
    afterAll(async () => {
      await t?.close();
      await provider.close();
    });

    test('the table has an entry for every route the app serves', () => {
      const served = listRoutes(app());
      const files = new Set(APP_FILE_ROUTES);
      const table = ROUTES.map((r) => r.route);
      expect(served.filter((r) => !files.has(r) && !table.includes(r))).toEqual([]);
      expect(table.filter((r) => !served.includes(r))).toEqual([]);
    });

    test('first-run setup: every hostile request is refused with a 4xx and a code, changing nothing', async () => {
      ctx.setupCode = await issueSetupCode(t!.storage.db);
      const entries = ROUTES.filter((r) => r.phase === 'first-run');
      const before = await dumpDatabase(t!.storage);
      const outcomes = await barrage(app(), ctx, entries, SEED);
      expect(report(outcomes)).toEqual([]);
      expect(dumpDifferences(before, await dumpDatabase(t!.storage))).toEqual([]);
      expect(outcomes.length).toBeGreaterThan(150);
      // The request every hostile one was broken from is accepted.
      const setup = entries.find((e) => e.route === 'POST /api/setup')!;
      expect((await send(app(), draftFor(setup, ctx))).statusCode).toBe(201);
    });

    test('every route in use: over a thousand hostile requests, each refused with a 4xx and a code, changing nothing', async () => {
      const db = t!.storage.db;
      const service = await createScope(db, { name: 'Children and families', kind: 'service' });
      const groupA = await createScope(db, {
        name: 'Group A',
        kind: 'practice-group',
        parentId: service.id,
      });
      const groupB = await createScope(db, {
        name: 'Group B',
        kind: 'practice-group',
        parentId: service.id,
      });
      const person = async (key: string, role: (typeof ROLES)[number], scopeIds: string[]) => {
        const a = await createAccount(t!.storage, { role, scopeIds });
        const s = await signIn(app(), { email: a.email, password: PASSWORD });
        ctx.tokens[key] = s.token;
        ctx.ids[key] = a.id;
        ctx.ids[`${key}Device`] = s.deviceId;
        ctx.emails[key] = a.email;
        return s;
      };
      const admin = await createAccount(t!.storage, { role: 'admin' });
      ctx.tokens.admin = (await signIn(app(), { email: admin.email, password: PASSWORD })).token;
      await person('observer', 'observer', [groupA.id]);
      await person('director', 'director', [service.id]);
      await person('practitioner', 'practitioner', [groupA.id]);
      await person('resetting', 'observer', [groupA.id]);
      await person('leaver', 'observer', [groupA.id]);
      await person('author', 'observer', [groupA.id]);
      await person('qa', 'qa-lead', [service.id]);
      await person('hos', 'head-of-service', [service.id]);
      await person('changing', 'observer', [groupA.id]);
      await person('moving', 'observer', [groupA.id]);
      ctx.ids.lostDevice = (await person('lost', 'observer', [groupA.id])).deviceId;
      const leaving = await signIn(app(), { email: ctx.emails.observer!, password: PASSWORD });
      ctx.tokens.leaving = leaving.token;
      Object.assign(ctx.ids, {
        service: service.id,
        groupA: groupA.id,
        groupB: groupB.id,
        observation: randomUUID(),
        concern: randomUUID(),
        newRecord: randomUUID(),
        newAction: randomUUID(),
        newConcern: randomUUID(),
      });
      // An observation the observer has pushed (mutation 1), a concern on it, and a cursor.
      const versionsNow = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION };
      const pushed = await app().inject({
        method: 'POST',
        url: '/api/sync/push',
        headers: bearer(ctx.tokens.observer!),
        payload: {
          ...versionsNow,
          deviceId: ctx.ids.observerDevice,
          sentAt: now(),
          mutations: [
            {
              id: 1,
              recordId: ctx.ids.observation,
              type: 'observation',
              op: 'put',
              scopeId: groupA.id,
              baseVersion: 0,
              set: { ...FRONTLINE, status: 'draft' },
              at: now(),
            },
          ],
        },
      });
      expect(pushed.json().results[0].status).toBe('applied');
      const raised = await app().inject({
        method: 'POST',
        url: '/api/concerns',
        headers: bearer(ctx.tokens.observer!),
        payload: {
          ...versionsNow,
          deviceId: ctx.ids.observerDevice,
          scopeId: groupA.id,
          concern: {
            id: ctx.ids.concern,
            caseId: 'CD-5678',
            what: 'Bruising seen.',
            raisedAt: now(),
            whoWasTold: [],
          },
        },
      });
      expect(raised.statusCode).toBe(201);
      // An improvement action, with a history, pushed from a device of its own.
      const actionAuthor = await person('actionAuthor', 'observer', [groupA.id]);
      ctx.ids.action = randomUUID();
      const actionObservation = randomUUID();
      const withAction = await app().inject({
        method: 'POST',
        url: '/api/sync/push',
        headers: bearer(actionAuthor.token),
        payload: {
          ...versionsNow,
          deviceId: actionAuthor.deviceId,
          sentAt: now(),
          mutations: [
            {
              id: 1,
              recordId: actionObservation,
              type: 'observation',
              op: 'put',
              scopeId: groupA.id,
              baseVersion: 0,
              set: { ...FRONTLINE, status: 'draft' },
              at: now(),
            },
            {
              id: 2,
              recordId: ctx.ids.action,
              type: 'action',
              op: 'put',
              parentId: actionObservation,
              baseVersion: 0,
              set: { what: 'Share the plan with the family', status: 'open' },
              at: now(),
            },
          ],
        },
      });
      expect(withAction.json().results.map((r: { status: string }) => r.status)).toEqual([
        'applied',
        'applied',
      ]);
      const pulled = await app().inject({
        method: 'POST',
        url: '/api/sync/pull',
        headers: bearer(ctx.tokens.observer!),
        payload: { ...versionsNow, deviceId: ctx.ids.observerDevice, cursor: null },
      });
      ctx.ids.cursor = pulled.json().cursor;

      // An assignment for a head of service to exempt, and one for the QA lead to change and then
      // withdraw (the accepted requests are sent in the table's order once the barrage is over).
      const planned = await app().inject({
        method: 'POST',
        url: '/api/programme/assignments',
        headers: bearer(ctx.tokens.qa!),
        payload: {
          assignments: [1, 2].map(() => ({
            scopeId: groupA.id,
            kind: 'single-case-audit',
            observerUserId: ctx.ids.observer,
            dueDate: '2099-01-31',
          })),
        },
      });
      expect(planned.statusCode).toBe(201);
      ctx.ids.assignment = planned.json().assignments[0].id;
      ctx.ids.openAssignment = planned.json().assignments[1].id;

      // A tablet that could not sync sealed its one change into a recovery file. Fetching the key
      // here also makes the server's key pair before the database is compared.
      const recovering = await person('recovering', 'observer', [groupA.id]);
      const key = await app().inject({
        method: 'GET',
        url: '/api/recovery/key',
        headers: bearer(recovering.token),
      });
      ctx.recoveryFile = json(
        await sealRecoveryFile(
          {
            ...versionsNow,
            userId: ctx.ids.recovering!,
            deviceId: recovering.deviceId,
            mutations: [
              {
                id: 1,
                recordId: randomUUID(),
                type: 'observation',
                op: 'put',
                scopeId: groupA.id,
                baseVersion: 0,
                set: { ...FRONTLINE, status: 'draft' },
                at: now(),
              },
            ],
          },
          recoveryKeySchema.parse(key.json()),
        ),
      );

      // A record past its retention period, for the deletion an administrator confirms.
      ctx.ids.overdue = randomUUID();
      const overdue = await app().inject({
        method: 'POST',
        url: '/api/sync/push',
        headers: bearer(ctx.tokens.author!),
        payload: {
          ...versionsNow,
          deviceId: ctx.ids.authorDevice,
          sentAt: now(),
          mutations: [
            {
              id: 1,
              recordId: ctx.ids.overdue,
              type: 'observation',
              op: 'put',
              scopeId: groupA.id,
              baseVersion: 0,
              set: { ...FRONTLINE, status: 'draft' },
              at: now(),
            },
          ],
        },
      });
      expect(overdue.json().results[0].status).toBe('applied');
      await db
        .updateTable('records')
        .set({ updated_at: '2019-04-01T09:00:00.000Z' })
        .where('id', '=', ctx.ids.overdue)
        .execute();
      const policy = await app().inject({
        method: 'PUT',
        url: '/api/admin/retention/policy',
        headers: bearer(ctx.tokens.admin),
        payload: { periods: { 'frontline-practice': 365 } },
      });
      expect(policy.statusCode).toBe(200);

      // Single sign-on as the practitioner: one hand-over code waiting to be exchanged, and one
      // sign-in waiting at the callback.
      provider.accounts.set('practitioner-subject', { email: ctx.emails.practitioner! });
      const handover = await ssoHandover(app(), SSO_REDIRECT, 'practitioner-subject');
      const waiting = await ssoToCallback(app(), SSO_REDIRECT, 'practitioner-subject');
      ctx.sso = {
        ...handover,
        callback: Object.fromEntries(waiting.callback.searchParams),
      };

      const entries = ROUTES.filter((r) => r.phase === 'in-use');
      const before = await dumpDatabase(t!.storage);
      const started = Date.now();
      const outcomes = await barrage(app(), ctx, entries, SEED + 1);
      const took = Date.now() - started;
      expect(report(outcomes)).toEqual([]);
      expect(took, 'the barrage outlasted the session-touch interval').toBeLessThan(
        TOUCH_INTERVAL_MS,
      );
      expect(dumpDifferences(before, await dumpDatabase(t!.storage))).toEqual([]);
      expect(outcomes.length).toBeGreaterThanOrEqual(1000);
      const signedIn = outcomes.filter((o) => ROUTES.find((r) => r.route === o.route)?.as);
      expect(signedIn.length / outcomes.length).toBeGreaterThan(0.5);
      for (const entry of entries) {
        expect(
          outcomes.some((o) => o.route === entry.route),
          entry.route,
        ).toBe(true);
      }
      const byStatus = new Map<number, number>();
      outcomes.forEach((o) => byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1));
      console.log(
        `${engine.name}: ${outcomes.length} hostile requests in ${took} ms on ${entries.length} routes;`,
        Object.fromEntries([...byStatus].sort()),
      );

      // Every request the hostile ones were broken from is accepted as it is.
      for (const entry of entries.filter((e) => e.base)) {
        const res = await send(app(), draftFor(entry, ctx));
        if (entry.accepted) {
          expect(res.statusCode, `${entry.route}: ${res.body.slice(0, 200)}`).toBe(
            entry.accepted.status,
          );
          expect(String(res.headers.location), entry.route).toMatch(entry.accepted.location);
        } else {
          expect(res.statusCode, `${entry.route}: ${res.body.slice(0, 200)}`).toBeLessThan(300);
        }
      }
    });
  });
}

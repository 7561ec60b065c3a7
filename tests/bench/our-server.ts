// Our sync server for the benchmarks: the built server as a real child process (the way an operator
// runs it), durable on either engine (SQLite synchronous=FULL; PostgreSQL with fsync on), and a
// small HTTP client for its API.
import fs from 'node:fs';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../schemas/sync/protocol-version';
import { createTestDatabase } from '../helpers/postgres';
import { startServer, tempDir } from '../helpers/server-process';
import type { RunningServer } from '../helpers/server-process';

export type Engine = 'sqlite' | 'postgres';
export const VERSIONS = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION };
export const ADMIN = { email: 'bench-admin@example.org', password: 'bench admin password' };

export type Target = { engine: Engine; env: Record<string, string>; dispose(): Promise<void> };

/** A fresh, empty database of the engine, and the environment that points a server at it. */
export async function freshTarget(engine: Engine): Promise<Target> {
  if (engine === 'sqlite') {
    const dir = tempDir('obs-bench-');
    return {
      engine,
      env: { DATA_DIR: dir },
      dispose: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const db = await createTestDatabase('obs_bench');
  return { engine, env: { DATABASE_URL: db.url }, dispose: () => db.drop() };
}

export async function startOurServer(target: Target): Promise<RunningServer> {
  // Other people's servers come and go on this machine: a port found free can be taken before our
  // server binds it, and /readyz would then be answered by theirs. Signing in as the admin this
  // server was started with proves the answer is ours; otherwise try another port.
  for (let attempt = 1; ; attempt++) {
    const server = await startServer(
      {
        ...target.env,
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_MINUTE: '100000000',
        SIGN_IN_RATE_LIMIT_PER_MINUTE: '100000000',
      },
      {
        // To profile the server under the benchmark: BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=D'.
        nodeArgs: process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean),
      },
    );
    const ours = await new Api(server.url).signIn(ADMIN.email, ADMIN.password).then(
      () => server.proc.exitCode === null,
      () => false,
    );
    if (ours) return server;
    await server.stop();
    if (attempt === 3) throw new Error(`the server did not start: ${server.output()}`);
  }
}

/** Resident memory of a process, in MB, from /proc. */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

export class Api {
  constructor(readonly url: string) {}

  async call<T>(method: 'GET' | 'POST', path: string, token: string | null, body?: unknown) {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json()) as T;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  signIn(email: string, password: string) {
    return this.call<{ token: string; deviceId: string }>('POST', '/api/auth/sign-in', null, {
      email,
      password,
    });
  }
}

export type Team = {
  api: Api;
  groupId: string;
  observer: { email: string; password: string };
  lead: { email: string; password: string };
};

/** A service with one practice group, an observer and a QA lead, set up through the admin API. */
export async function setUpTeam(server: RunningServer): Promise<Team> {
  const api = new Api(server.url);
  const admin = await api.signIn(ADMIN.email, ADMIN.password);
  const post = <T>(path: string, body: unknown) => api.call<T>('POST', path, admin.token, body);
  const service = await post<{ scope: { id: string } }>('/api/admin/scopes', {
    name: 'Children and families',
    kind: 'service',
  });
  const group = await post<{ scope: { id: string } }>('/api/admin/scopes', {
    name: 'Practice group 1',
    kind: 'practice-group',
    parentId: service.scope.id,
  });
  const person = async (email: string, role: string) => {
    const password = 'bench person password';
    await post('/api/admin/users', { email, role, password, scopeIds: [group.scope.id] });
    return { email, password };
  };
  return {
    api,
    groupId: group.scope.id,
    observer: await person('observer@example.org', 'observer'),
    lead: await person('lead@example.org', 'qa-lead'),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

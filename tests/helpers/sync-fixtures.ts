// People, teams and devices for sync tests, written straight into a migrated database, and small
// builders for push and pull requests.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../schemas/sync/protocol-version';
import type { Mutation, PushRequest } from '../../schemas/sync/push';
import type { PullRequest } from '../../schemas/sync/pull';
import type { Database } from '../../sync-server/src/storage/database';
import type { Actor, Role } from '../../sync-server/src/sync/actor';

export const newId = () => randomUUID();

/** How many records of this type the database holds (deleted ones included). */
export async function countRecords(db: Kysely<Database>, type: string): Promise<number> {
  const row = await db
    .selectFrom('records')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('type', '=', type)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function addScope(
  db: Kysely<Database>,
  name: string,
  kind: 'service' | 'practice-group',
  parentId: string | null = null,
): Promise<string> {
  const id = newId();
  await sql`insert into scopes (id, name, kind, parent_id, created_at)
    values (${id}, ${name}, ${kind}, ${parentId}, ${new Date().toISOString()})`.execute(db);
  return id;
}

export async function addUser(
  db: Kysely<Database>,
  role: Role,
  scopeIds: string[] = [],
): Promise<Actor> {
  const id = newId();
  const now = new Date().toISOString();
  await sql`insert into users (id, email, display_name, role, password_hash, status, failed_sign_ins, locked_until, created_at, updated_at)
    values (${id}, ${`${id}@example.org`}, ${'Test user'}, ${role}, ${null}, ${'active'}, ${0}, ${null}, ${now}, ${now})`.execute(
    db,
  );
  for (const s of scopeIds) await addMembership(db, id, s);
  return { userId: id, role, deviceId: newId() };
}

export async function addMembership(
  db: Kysely<Database>,
  userId: string,
  scopeId: string,
): Promise<void> {
  await sql`insert into memberships (user_id, scope_id, created_at)
    values (${userId}, ${scopeId}, ${new Date().toISOString()})`.execute(db);
}

export async function removeMembership(
  db: Kysely<Database>,
  userId: string,
  scopeId: string,
): Promise<void> {
  await sql`delete from memberships where user_id = ${userId} and scope_id = ${scopeId}`.execute(
    db,
  );
}

/** A second device of the same user (a second tablet, or a fresh install). */
export const otherDevice = (a: Actor): Actor => ({ ...a, deviceId: newId() });

export function pushReq(actor: Actor, mutations: Mutation[], sentAt = new Date()): PushRequest {
  return {
    protocolVersion: PROTOCOL_VERSION,
    schemaVersion: SCHEMA_VERSION,
    deviceId: actor.deviceId,
    sentAt: sentAt.toISOString(),
    mutations,
  };
}

export function pullReq(actor: Actor, cursor: string | null, limit?: number): PullRequest {
  const req: PullRequest = {
    protocolVersion: PROTOCOL_VERSION,
    schemaVersion: SCHEMA_VERSION,
    deviceId: actor.deviceId,
    cursor,
  };
  if (limit !== undefined) req.limit = limit;
  return req;
}

/** Builds mutations with consecutive ids per device. */
export class MutationIds {
  private next = new Map<string, number>();
  take(
    actor: Actor,
    m: Omit<Mutation, 'id' | 'at' | 'set'> & Partial<Pick<Mutation, 'at' | 'set'>>,
  ): Mutation {
    const id = (this.next.get(actor.deviceId) ?? 0) + 1;
    this.next.set(actor.deviceId, id);
    return { at: new Date().toISOString(), set: {}, ...m, id };
  }
}

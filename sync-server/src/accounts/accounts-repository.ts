// Scopes, users, memberships, devices and sessions: the one implementation of each rule, used by
// the admin API, the sign-in routes, the auth plugin and the admin command alike. Every function
// takes a Kysely executor: the storage's `db`, or a transaction the caller already holds.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { AppError, ErrorCode } from '../errors';
import type {
  DevicesTable,
  ScopeKind,
  ScopesTable,
  UserStatus,
  UsersTable,
} from '../storage/accounts-tables';
import type { Database } from '../storage/database';
import { locksRows } from '../storage/locks';
import { defaultDisplayName } from './account-fields';
import { hashPassword } from './passwords';
import { ADMIN_ROLE, isRole } from './permissions';
import type { Role } from './permissions';
import { hashToken, newToken } from './tokens';

export type Db = Kysely<Database>;
export type UserRow = Selectable<UsersTable>;
export type DeviceRow = Selectable<DevicesTable>;

export type ScopeSummary = { id: string; name: string; kind: ScopeKind; parentId: string | null };

export type UserSummary = {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  status: UserStatus;
  /** Set while sign-in is locked after repeated failures. */
  lockedUntil: string | null;
  createdAt: string;
  /** The scopes the user is a member of (a service membership also covers its practice groups). */
  scopes: ScopeSummary[];
};

export type DeviceSummary = {
  id: string;
  userId: string;
  userEmail: string;
  userDisplayName: string;
  name: string;
  createdAt: string;
  /** The last time the device was heard from (sign-in or any signed-in request). */
  lastSeenAt: string;
  /** Changes the device said it still held unsent at its last sync: what revoking gives up. */
  unsentReported: number;
  revokedAt: string | null;
  revokedBy: string | null;
};

/** Runs fn in the caller's transaction, or in a new one when given the plain database. */
export async function inTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(fn);
}

/** Another writer got there first (two servers, or the admin command beside a server). */
function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

const nowIso = (now: Date = new Date()) => now.toISOString();
const normalizeEmail = (email: string) => email.trim().toLowerCase();

// --- errors shared by the API and the admin command ---------------------------------------------

export const scopeNotFound = (what: string) =>
  new AppError(
    404,
    ErrorCode.SCOPE_NOT_FOUND,
    `There is no service or practice group ${what}. List them with GET /api/admin/scopes or \`npm run admin -- list-scopes\`.`,
  );

export const userNotFound = (what: string) =>
  new AppError(404, ErrorCode.USER_NOT_FOUND, `There is no account ${what}.`);

export const deviceNotFound = (id: string) =>
  new AppError(
    404,
    ErrorCode.DEVICE_NOT_FOUND,
    `There is no device registration with the id ${JSON.stringify(id)}. List devices to find its id.`,
  );

export const emailTaken = () =>
  new AppError(
    409,
    ErrorCode.EMAIL_TAKEN,
    'There is already an account with this email address. Add a membership or reset its password instead.',
  );

const scopeNameTaken = (name: string) =>
  new AppError(
    409,
    ErrorCode.SCOPE_NAME_TAKEN,
    `There is already a service or practice group called ${JSON.stringify(name)}. Choose another name.`,
  );

// --- scopes --------------------------------------------------------------------------------------

const toScope = (r: Selectable<ScopesTable>): ScopeSummary => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  parentId: r.parent_id,
});

const byName = (a: ScopeSummary, b: ScopeSummary) =>
  a.name.localeCompare(b.name, 'en-GB', { sensitivity: 'base' }) || a.id.localeCompare(b.id);

/**
 * Each service followed by its practice groups, by name, the same on both engines (their
 * collations differ, so the order is not left to the database).
 */
export function inScopeOrder(scopes: readonly ScopeSummary[]): ScopeSummary[] {
  const services = scopes.filter((s) => s.kind === 'service').sort(byName);
  const placed = new Set<string>();
  const ordered: ScopeSummary[] = [];
  for (const service of services) {
    ordered.push(service);
    placed.add(service.id);
    for (const group of scopes.filter((s) => s.parentId === service.id).sort(byName)) {
      ordered.push(group);
      placed.add(group.id);
    }
  }
  // Practice groups whose service is not in the list (a membership of the group alone).
  return ordered.concat(scopes.filter((s) => !placed.has(s.id)).sort(byName));
}

export async function findScopeById(db: Db, id: string): Promise<ScopeSummary | undefined> {
  const row = await db.selectFrom('scopes').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toScope(row);
}

/**
 * Names are unique regardless of letter case: "Fostering" and "fostering" are one team. This finds
 * the one there is; the unique index on lower(name) (migration 0017) holds the rule when two are
 * created at once.
 */
export async function findScopeByName(db: Db, name: string): Promise<ScopeSummary | undefined> {
  const row = await db
    .selectFrom('scopes')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.trim().toLowerCase()))
    .executeTakeFirst();
  return row && toScope(row);
}

/** Each scope with its service's name (`parentName`), for the groups listed without it. */
const withParentNames = (
  rows: readonly (Selectable<ScopesTable> & { parent_name: string | null })[],
): ScopeSummary[] => rows.map((r) => ({ ...toScope(r), parentName: r.parent_name }));

const scopesWithParent = (db: Db) =>
  db
    .selectFrom('scopes')
    .leftJoin('scopes as parent', 'parent.id', 'scopes.parent_id')
    .selectAll('scopes')
    .select('parent.name as parent_name');

export async function listScopes(db: Db): Promise<ScopeSummary[]> {
  const rows = await scopesWithParent(db).execute();
  return inScopeOrder(withParentNames(rows));
}

export type CreateScopeInput = { name: string; kind: ScopeKind; parentId?: string | null };

/** A service stands alone; a practice group belongs to exactly one service. */
export async function createScope(db: Db, input: CreateScopeInput): Promise<ScopeSummary> {
  const name = input.name.trim();
  const parentId = input.parentId ?? null;
  return inTransaction(db, async (tx) => {
    if (input.kind === 'service' && parentId !== null) {
      throw new AppError(
        400,
        ErrorCode.SCOPE_PARENT_INVALID,
        'A service does not belong to another scope: leave out the parent.',
      );
    }
    if (input.kind === 'practice-group') {
      if (parentId === null) {
        throw new AppError(
          400,
          ErrorCode.SCOPE_PARENT_INVALID,
          'A practice group belongs to a service: give the service as its parent.',
        );
      }
      const parent = await findScopeById(tx, parentId);
      if (!parent) throw scopeNotFound(`with the id ${JSON.stringify(parentId)}`);
      if (parent.kind !== 'service') {
        throw new AppError(
          400,
          ErrorCode.SCOPE_PARENT_INVALID,
          `${JSON.stringify(parent.name)} is a practice group; a practice group's parent must be a service.`,
        );
      }
    }
    if (await findScopeByName(tx, name)) throw scopeNameTaken(name);
    const row = {
      id: randomUUID(),
      name,
      kind: input.kind,
      parent_id: parentId,
      created_at: nowIso(),
    };
    try {
      await tx.insertInto('scopes').values(row).execute();
    } catch (err) {
      // Another request created the name (in any letter case) since the check above.
      if (isUniqueViolation(err)) throw scopeNameTaken(name);
      throw err;
    }
    return toScope(row);
  });
}

/**
 * The scopes a user belongs to: each membership, and under a service membership every practice
 * group of that service. (What a role may read inside them is the sync layer's rule.)
 */
export async function userScopes(db: Db, userId: string): Promise<ScopeSummary[]> {
  const direct = db.selectFrom('memberships').select('scope_id').where('user_id', '=', userId);
  const rows = await scopesWithParent(db)
    .where((eb) => eb.or([eb('scopes.id', 'in', direct), eb('scopes.parent_id', 'in', direct)]))
    .execute();
  return inScopeOrder(withParentNames(rows));
}

// --- users ---------------------------------------------------------------------------------------

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', normalizeEmail(email))
    .executeTakeFirst();
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

async function directMemberships(
  db: Db,
  userIds: readonly string[],
): Promise<Map<string, ScopeSummary[]>> {
  const byUser = new Map<string, ScopeSummary[]>();
  if (userIds.length === 0) return byUser;
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('scopes', 'scopes.id', 'memberships.scope_id')
    .select(['memberships.user_id', 'scopes.id', 'scopes.name', 'scopes.kind', 'scopes.parent_id'])
    .where('memberships.user_id', 'in', [...userIds])
    .execute();
  for (const r of rows) {
    const list = byUser.get(r.user_id) ?? [];
    list.push({ id: r.id, name: r.name, kind: r.kind, parentId: r.parent_id });
    byUser.set(r.user_id, list);
  }
  for (const [userId, list] of byUser) byUser.set(userId, inScopeOrder(list));
  return byUser;
}

function toUser(row: UserRow, scopes: ScopeSummary[]): UserSummary {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    // Roles are written only through roleSchema; a value from a newer version reads as a guest,
    // the least privileged role, rather than failing the whole list.
    role: isRole(row.role) ? row.role : 'guest',
    status: row.status,
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
    scopes,
  };
}

export async function userSummary(db: Db, userId: string): Promise<UserSummary> {
  const row = await findUserById(db, userId);
  if (!row) throw userNotFound(`with the id ${JSON.stringify(userId)}`);
  const scopes = await directMemberships(db, [row.id]);
  return toUser(row, scopes.get(row.id) ?? []);
}

export async function listUsers(db: Db): Promise<UserSummary[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('email').execute();
  const scopes = await directMemberships(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toUser(r, scopes.get(r.id) ?? []));
}

export type CreateUserInput = {
  email: string;
  role: Role;
  displayName?: string | undefined;
  /** Already checked against the password rules (passwordSchema); null leaves it unset. */
  password?: string | null | undefined;
  scopeIds?: readonly string[] | undefined;
};

export async function createUser(db: Db, input: CreateUserInput): Promise<UserSummary> {
  const email = normalizeEmail(input.email);
  // Hashing takes a tenth of a second: done before the transaction so it holds no lock meanwhile.
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return inTransaction(db, async (tx) => {
    if (await findUserByEmail(tx, email)) throw emailTaken();
    const scopeIds = [...new Set(input.scopeIds ?? [])];
    for (const id of scopeIds) {
      if (!(await findScopeById(tx, id))) throw scopeNotFound(`with the id ${JSON.stringify(id)}`);
    }
    const now = nowIso();
    const id = randomUUID();
    try {
      await tx
        .insertInto('users')
        .values({
          id,
          email,
          display_name: input.displayName?.trim() || defaultDisplayName(email),
          role: input.role,
          password_hash: passwordHash,
          status: 'active',
          failed_sign_ins: 0,
          locked_until: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw emailTaken();
      throw err;
    }
    if (scopeIds.length > 0) {
      await tx
        .insertInto('memberships')
        .values(scopeIds.map((scope_id) => ({ user_id: id, scope_id, created_at: now })))
        .execute();
    }
    return userSummary(tx, id);
  });
}

/** Adds the user to a scope; adding a membership the user already has changes nothing. */
export async function addMembership(
  db: Db,
  userId: string,
  scopeId: string,
): Promise<{ added: boolean; user: UserSummary }> {
  return inTransaction(db, async (tx) => {
    if (!(await findUserById(tx, userId))) {
      throw userNotFound(`with the id ${JSON.stringify(userId)}`);
    }
    if (!(await findScopeById(tx, scopeId))) {
      throw scopeNotFound(`with the id ${JSON.stringify(scopeId)}`);
    }
    // One statement, so two requests at once (a double click) add it once and both succeed.
    const inserted = await tx
      .insertInto('memberships')
      .values({ user_id: userId, scope_id: scopeId, created_at: nowIso() })
      .onConflict((oc) => oc.columns(['user_id', 'scope_id']).doNothing())
      .executeTakeFirst();
    const added = Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
    return { added, user: await userSummary(tx, userId) };
  });
}

/**
 * Takes an account out of a service or practice group. Pull compares each device's scopes with
 * the memberships at every request, so the person's tablets drop that team's records at their next
 * sync (unsent changes to them come back refused, shown against the record).
 */
export async function removeMembership(
  db: Db,
  userId: string,
  scopeId: string,
): Promise<{ removed: boolean; user: UserSummary }> {
  return inTransaction(db, async (tx) => {
    if (!(await findUserById(tx, userId))) {
      throw userNotFound(`with the id ${JSON.stringify(userId)}`);
    }
    const res = await tx
      .deleteFrom('memberships')
      .where('user_id', '=', userId)
      .where('scope_id', '=', scopeId)
      .executeTakeFirst();
    return { removed: Number(res.numDeletedRows) > 0, user: await userSummary(tx, userId) };
  });
}

export type AccountChange = { role?: Role | undefined; status?: 'active' | 'disabled' | undefined };

/**
 * Changes an account's role or disables it (a leaver) or enables it again. Every request resolves
 * the role and status afresh, so a change holds from the next request; disabling also ends every
 * session, and the devices keep their unsent work for a recovery file or a later enable. The last
 * active administrator can be neither demoted nor disabled: no one could then administer.
 */
export async function changeAccount(
  db: Db,
  userId: string,
  change: AccountChange,
): Promise<{ user: UserSummary; sessionsRevoked: number }> {
  return inTransaction(db, async (tx) => {
    // The active administrators are locked before anything is read: two administrators demoted
    // at once (by two server processes) would otherwise each see the other still there, and
    // both changes would go through. The second waits here and then counts one.
    const admins = await lockActiveAdmins(tx);
    const user = await findUserById(tx, userId);
    if (!user) throw userNotFound(`with the id ${JSON.stringify(userId)}`);
    const wasAdmin = admins.includes(userId);
    const staysAdmin =
      (change.role ?? user.role) === ADMIN_ROLE && (change.status ?? user.status) === 'active';
    if (wasAdmin && !staysAdmin && admins.length <= 1) {
      throw new AppError(
        409,
        'LAST_ADMIN',
        'This is the only active administrator. Make someone else an administrator first.',
      );
    }
    const now = nowIso();
    await tx
      .updateTable('users')
      .set({
        ...(change.role ? { role: change.role } : {}),
        ...(change.status ? { status: change.status } : {}),
        updated_at: now,
      })
      .where('id', '=', userId)
      .execute();
    let sessionsRevoked = 0;
    if (change.status === 'disabled' && user.status !== 'disabled') {
      const res = await tx
        .updateTable('sessions')
        .set({ revoked_at: now })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      sessionsRevoked = Number(res.numUpdatedRows);
    }
    return { user: await userSummary(tx, userId), sessionsRevoked };
  });
}

/**
 * Sets a new password, clears any sign-in lock, and signs the user out everywhere (their devices
 * stay registered: unsent work on them is kept and goes up after the next sign-in).
 */
export async function setPassword(
  db: Db,
  userId: string,
  password: string,
): Promise<{ sessionsRevoked: number }> {
  const passwordHash = await hashPassword(password);
  return inTransaction(db, async (tx) => {
    if (!(await findUserById(tx, userId))) {
      throw userNotFound(`with the id ${JSON.stringify(userId)}`);
    }
    const now = nowIso();
    await tx
      .updateTable('users')
      .set({ password_hash: passwordHash, failed_sign_ins: 0, locked_until: null, updated_at: now })
      .where('id', '=', userId)
      .execute();
    const res = await tx
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return { sessionsRevoked: Number(res.numUpdatedRows) };
  });
}

/**
 * The ids of the active administrators, their rows locked until the transaction ends (on
 * PostgreSQL; see storage/locks.ts), in id order so two callers never lock them crosswise.
 */
async function lockActiveAdmins(tx: Db): Promise<string[]> {
  const rows = await tx
    .selectFrom('users')
    .select('id')
    .where('role', '=', ADMIN_ROLE)
    .where('status', '=', 'active')
    .orderBy('id')
    .$if(locksRows(tx), (qb) => qb.forUpdate())
    .execute();
  return rows.map((r) => r.id);
}

/** Active administrators: while there are none, first-run setup is open. */
export async function countAdmins(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// --- devices -------------------------------------------------------------------------------------

export type RegisterDeviceInput = {
  userId: string;
  name?: string | undefined;
  /** The registration this tablet had for this user; reused when it is theirs and not revoked. */
  reuseId?: string | undefined;
  now?: Date;
};

/**
 * One registration per user per tablet: a shared tablet carries one for each person who signs in
 * on it, so each has their own mutation sequence, sessions and revocation.
 */
export async function registerDevice(
  db: Db,
  input: RegisterDeviceInput,
): Promise<{ device: DeviceRow; reused: boolean; recoveryKey: string }> {
  const now = nowIso(input.now);
  if (input.reuseId) {
    const existing = await db
      .selectFrom('devices')
      .selectAll()
      .where('id', '=', input.reuseId)
      .where('user_id', '=', input.userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (existing) {
      const name = input.name?.trim() || existing.name;
      await db
        .updateTable('devices')
        .set({ last_seen_at: now, name })
        .where('id', '=', existing.id)
        .execute();
      return {
        device: { ...existing, last_seen_at: now, name },
        reused: true,
        recoveryKey: await deviceRecoveryKey(db, existing.id, now),
      };
    }
  }
  const device: DeviceRow = {
    id: randomUUID(),
    user_id: input.userId,
    name: input.name?.trim() || 'Unnamed device',
    created_at: now,
    last_seen_at: now,
    unsent_reported: 0,
    revoked_at: null,
    revoked_by: null,
  };
  await db.insertInto('devices').values(device).execute();
  return { device, reused: false, recoveryKey: await deviceRecoveryKey(db, device.id, now) };
}

/**
 * The server's half of a registration's key recovery (32 random bytes, base64url), made at its
 * first sign-in. Only a full online sign-in on that registration returns it, so a copied tablet
 * alone cannot unwrap its data key, and a revoked registration never gets it again.
 */
async function deviceRecoveryKey(db: Db, deviceId: string, now: string): Promise<string> {
  await db
    .insertInto('device_recovery_keys')
    .values({ device_id: deviceId, key: randomBytes(32).toString('base64url'), created_at: now })
    .onConflict((oc) => oc.column('device_id').doNothing())
    .execute();
  const row = await db
    .selectFrom('device_recovery_keys')
    .select('key')
    .where('device_id', '=', deviceId)
    .executeTakeFirstOrThrow();
  return row.key;
}

function deviceQuery(db: Db) {
  return db
    .selectFrom('devices')
    .innerJoin('users', 'users.id', 'devices.user_id')
    .selectAll('devices')
    .select(['users.email as user_email', 'users.display_name as user_display_name']);
}

type DeviceJoinRow = DeviceRow & { user_email: string; user_display_name: string };

const toDevice = (r: DeviceJoinRow): DeviceSummary => ({
  id: r.id,
  userId: r.user_id,
  userEmail: r.user_email,
  userDisplayName: r.user_display_name,
  name: r.name,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
  unsentReported: Number(r.unsent_reported),
  revokedAt: r.revoked_at,
  revokedBy: r.revoked_by,
});

export async function findDevice(db: Db, id: string): Promise<DeviceSummary | undefined> {
  const row = await deviceQuery(db).where('devices.id', '=', id).executeTakeFirst();
  return row && toDevice(row);
}

/** Every registration, most recently heard from first. */
export async function listDevices(
  db: Db,
  filter: { userId?: string } = {},
): Promise<DeviceSummary[]> {
  let q = deviceQuery(db);
  if (filter.userId) q = q.where('devices.user_id', '=', filter.userId);
  const rows = await q.orderBy('devices.last_seen_at', 'desc').orderBy('devices.id').execute();
  return rows.map(toDevice);
}

/**
 * The device was heard from. A sync push or pull calls this with the count of changes the device
 * still holds unsent once that contact is answered, which is what an admin sees before revoking it.
 */
export async function recordDeviceContact(
  db: Db,
  deviceId: string,
  contact: { unsent?: number; now?: Date } = {},
): Promise<void> {
  await db
    .updateTable('devices')
    .set(
      contact.unsent === undefined
        ? { last_seen_at: nowIso(contact.now) }
        : { last_seen_at: nowIso(contact.now), unsent_reported: contact.unsent },
    )
    .where('id', '=', deviceId)
    .execute();
}

export type RevokeDeviceResult = {
  device: DeviceSummary;
  /** Sessions ended now (0 when the device was already revoked). */
  sessionsRevoked: number;
  alreadyRevoked: boolean;
};

/**
 * Revokes a lost or stolen device: its sessions end at once, its next request is told
 * DEVICE_REVOKED (and the app erases what it holds), and whatever it had not sent is given up.
 * Revoking again changes nothing.
 *
 * @param revokedBy the admin's user id, or `admin-command` for the command line
 */
export async function revokeDevice(
  db: Db,
  deviceId: string,
  revokedBy: string,
  now: Date = new Date(),
): Promise<RevokeDeviceResult> {
  return inTransaction(db, async (tx) => {
    const before = await findDevice(tx, deviceId);
    if (!before) throw deviceNotFound(deviceId);
    if (before.revokedAt !== null) {
      return { device: before, sessionsRevoked: 0, alreadyRevoked: true };
    }
    const at = nowIso(now);
    await tx
      .updateTable('devices')
      .set({ revoked_at: at, revoked_by: revokedBy })
      .where('id', '=', deviceId)
      .execute();
    const res = await tx
      .updateTable('sessions')
      .set({ revoked_at: at })
      .where('device_id', '=', deviceId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    // The server's half of the tablet's key recovery is never given out again, so it goes: kept,
    // it would let whoever holds a copy of the database or a backup, and the lost tablet, unwrap
    // its data key without the unlock secret.
    await tx.deleteFrom('device_recovery_keys').where('device_id', '=', deviceId).execute();
    return {
      device: { ...before, revokedAt: at, revokedBy },
      sessionsRevoked: Number(res.numUpdatedRows),
      alreadyRevoked: false,
    };
  });
}

// --- sessions ------------------------------------------------------------------------------------

export type NewSession = { sessionId: string; token: string; expiresAt: string };

export async function createSession(
  db: Db,
  input: { userId: string; deviceId: string; ttlHours: number; now?: Date },
): Promise<NewSession> {
  const now = input.now ?? new Date();
  const token = newToken();
  const session = {
    id: randomUUID(),
    token_hash: hashToken(token),
    user_id: input.userId,
    device_id: input.deviceId,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + input.ttlHours * 3_600_000).toISOString(),
    revoked_at: null,
    last_used_at: now.toISOString(),
  };
  await db.insertInto('sessions').values(session).execute();
  return { sessionId: session.id, token, expiresAt: session.expires_at };
}

export type SessionAuth = {
  sessionId: string;
  userId: string;
  role: Role;
  /** The device registration of this session; its mutation sequence belongs to it. */
  deviceId: string;
  expiresAt: string;
  lastUsedAt: string;
  user: { id: string; email: string; displayName: string; role: Role };
  scopes: ScopeSummary[];
};

export type SessionFailure =
  'unknown' | 'expired' | 'revoked-session' | 'device-revoked' | 'user-disabled';

export type ResolvedSession =
  { ok: true; auth: SessionAuth } | { ok: false; reason: SessionFailure };

/** Who holds this bearer token, or why it no longer signs anyone in. */
export async function resolveSession(
  db: Db,
  token: string,
  now: Date = new Date(),
): Promise<ResolvedSession> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('devices', 'devices.id', 'sessions.device_id')
    .select([
      'sessions.id as session_id',
      'sessions.expires_at',
      'sessions.revoked_at as session_revoked_at',
      'sessions.last_used_at',
      'users.id as user_id',
      'users.email',
      'users.display_name',
      'users.role',
      'users.status',
      'devices.id as device_id',
      'devices.revoked_at as device_revoked_at',
    ])
    .where('sessions.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) return { ok: false, reason: 'unknown' };
  // A revoked device outranks everything else: it is the one answer that makes the app erase
  // what it holds, so it must not be masked by the session's own revocation or expiry.
  if (row.device_revoked_at !== null) return { ok: false, reason: 'device-revoked' };
  if (row.status !== 'active') return { ok: false, reason: 'user-disabled' };
  if (row.session_revoked_at !== null) return { ok: false, reason: 'revoked-session' };
  if (Date.parse(row.expires_at) <= now.getTime()) return { ok: false, reason: 'expired' };
  if (!isRole(row.role)) return { ok: false, reason: 'user-disabled' };
  const role = row.role;
  return {
    ok: true,
    auth: {
      sessionId: row.session_id,
      userId: row.user_id,
      role,
      deviceId: row.device_id,
      expiresAt: row.expires_at,
      lastUsedAt: row.last_used_at,
      user: { id: row.user_id, email: row.email, displayName: row.display_name, role },
      scopes: await userScopes(db, row.user_id),
    },
  };
}

/** Notes that a session (and so its device) was used; callers throttle how often. */
export async function touchSession(db: Db, auth: SessionAuth, now: Date = new Date()) {
  const at = nowIso(now);
  await db
    .updateTable('sessions')
    .set({ last_used_at: at })
    .where('id', '=', auth.sessionId)
    .execute();
  await recordDeviceContact(db, auth.deviceId, { now });
}

export async function revokeSession(db: Db, sessionId: string, now: Date = new Date()) {
  await db
    .updateTable('sessions')
    .set({ revoked_at: nowIso(now) })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
}

// Two PostgreSQL roles instead of one: the owner of the tables (DATABASE_MIGRATION_URL) runs the
// migrations, and the role the server queries with (DATABASE_URL) holds only the privileges listed
// here, so a compromised or mistaken server process cannot drop or truncate a table, nor delete or
// rewrite an entry of the audit trail.
//
// Why the server grants them itself, after migrating, rather than the operator by hand: a
// migration cannot name the runtime role (it differs per installation), and grants typed once by
// an operator go stale: a later migration adds a table, a restore (pg_restore --no-privileges)
// brings the tables back with none, and `ALTER DEFAULT PRIVILEGES` could only give every future
// table the same broad set, audit tables included. Granting from this one list at every start,
// as the owner, with every earlier privilege of the runtime role revoked first, keeps them exact
// whatever happened since. The operator only creates the two roles (README, "PostgreSQL roles").
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './database';
import { holdLock } from './locks';
import { StorageError, openStorage } from './storage';
import type { Storage } from './storage';
import type { StorageTarget } from './engines';

export type Privilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | `UPDATE (${string})`;

/**
 * Exactly what the running server does to each table (its statements outside migrations). SELECT
 * everywhere, since an UPDATE or DELETE with a WHERE reads the rows too. Typed over every table,
 * so a table added to `Database` without an entry here does not compile.
 */
export const RUNTIME_PRIVILEGES: { readonly [T in keyof Database]: readonly Privilege[] } = {
  // The audit trail is appended to, never changed: no UPDATE or DELETE on its entries.
  audit_log: ['SELECT', 'INSERT'],
  // Retention erases an entry's content (body set to null, naming in erased_for the entry it
  // erases it for), so only those columns may change, and migration 0023's trigger lets a body only
  // be erased, for an entry about a record in retention_erasures; verify-audit checks any other
  // body against its hash, and an erased one against the deletion recorded after its entry. No
  // DELETE.
  audit_content: ['SELECT', 'INSERT', 'UPDATE (body, erased_for)'],
  // Its one row, the last entry's number and hash, moves forward with every append.
  audit_head: ['SELECT', 'UPDATE'],
  // The records an entry's content names, appended with the entry and never changed.
  audit_records: ['SELECT', 'INSERT'],
  // What migration 0021 erased, recorded by 0023 for verify-audit: read, never written.
  audit_migration_erasures: ['SELECT'],
  access_revocations: ['SELECT', 'INSERT'],
  device_recovery_keys: ['SELECT', 'INSERT', 'DELETE'],
  devices: ['SELECT', 'INSERT', 'UPDATE'],
  local_templates: ['SELECT', 'INSERT'],
  memberships: ['SELECT', 'INSERT', 'DELETE'],
  mutation_results: ['SELECT', 'INSERT'],
  // Rows settled for longer than NOTIFY_RETENTION_DAYS are deleted (notifications/outbox-retention.ts).
  notification_outbox: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  oidc_logins: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  programme_plans: ['SELECT', 'INSERT'],
  record_conflicts: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  record_grants: ['SELECT', 'INSERT', 'DELETE'],
  // Purged tombstones are deleted (sync/tombstones.ts).
  records: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  recovery_imports: ['SELECT', 'INSERT'],
  report_actions: ['SELECT', 'INSERT', 'DELETE'],
  report_answer_counts: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  report_grade_counts: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  // Rewritten as a whole (delete, insert) when their observation changes; never updated in place.
  report_observations: ['SELECT', 'INSERT', 'DELETE'],
  retention_erasures: ['SELECT', 'INSERT'],
  scopes: ['SELECT', 'INSERT'],
  server_keys: ['SELECT', 'INSERT'],
  sessions: ['SELECT', 'INSERT', 'UPDATE'],
  settings: ['SELECT', 'INSERT', 'UPDATE'],
  setup_codes: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  sso_sessions: ['SELECT', 'INSERT', 'UPDATE'],
  superseded_values: ['SELECT', 'INSERT', 'DELETE'],
  sync_clients: ['SELECT', 'INSERT', 'UPDATE'],
  sync_counter: ['SELECT', 'UPDATE'],
  user_identities: ['SELECT', 'INSERT', 'UPDATE'],
  users: ['SELECT', 'INSERT', 'UPDATE'],
};

/** The migrator's own tables: the owner's alone (a backup is taken as the owner too). */
const OWNER_ONLY_TABLES = ['kysely_migration', 'kysely_migration_lock'] as const;

async function currentRole(db: Kysely<Database>): Promise<string> {
  const r = await sql<{ role: string }>`select current_user as role`.execute(db);
  return r.rows[0]!.role;
}

/**
 * Makes `role`'s privileges on the tables exactly RUNTIME_PRIVILEGES, as the owner connected to
 * `owner`. One transaction under an advisory lock: several processes starting together take turns
 * (concurrent GRANTs on one table can fail), and none ever sees the privileges half revoked.
 */
export async function grantRuntimePrivileges(owner: Kysely<Database>, role: string): Promise<void> {
  await owner.transaction().execute(async (tx) => {
    await holdLock(tx, 'runtime-grants');
    for (const table of OWNER_ONLY_TABLES) {
      await sql`revoke all on table ${sql.id(table)} from ${sql.id(role)}`.execute(tx);
    }
    for (const [table, privileges] of Object.entries(RUNTIME_PRIVILEGES)) {
      // Revoking the table's privileges revokes its column privileges too.
      await sql`revoke all on table ${sql.id(table)} from ${sql.id(role)}`.execute(tx);
      await sql`grant ${sql.raw(privileges.join(', '))} on table ${sql.id(table)} to ${sql.id(role)}`.execute(
        tx,
      );
    }
  });
}

/**
 * Opens the storage the server queries with, migrated. With `migrations` (DATABASE_MIGRATION_URL)
 * the migrations run there, as the owner, and the runtime role (whoever DATABASE_URL signs in as)
 * is then granted exactly what it needs; without it, one role does both, as before.
 */
export async function openMigratedStorage(
  target: StorageTarget,
  migrations: StorageTarget | null,
): Promise<Storage> {
  const storage = openStorage(target);
  try {
    if (!migrations) {
      await storage.migrate();
      return storage;
    }
    const owner = openStorage(migrations);
    try {
      await owner.migrate();
      const role = await currentRole(storage.db);
      // The same role in both URLs: revoking would take the owner's own privileges away.
      if (role !== (await currentRole(owner.db))) {
        await grantRuntimePrivileges(owner.db, role).catch((err: unknown) => {
          throw new StorageError(
            'GRANTS_FAILED',
            `Granting the role in DATABASE_URL its privileges failed (DATABASE_MIGRATION_URL must sign in as the owner of the tables): ${err instanceof Error ? err.message : String(err)}`,
            { cause: err },
          );
        });
      }
    } finally {
      await owner.close();
    }
    return storage;
  } catch (err) {
    await storage.close();
    throw err;
  }
}

import type { Kysely } from 'kysely';

// Key recovery and recovery files (device protection).
export async function up(db: Kysely<unknown>): Promise<void> {
  // The server's half of each device registration's key recovery: after a lock-out, a full online
  // sign-in returns it and the tablet unwraps its data key with it. Kept apart from `devices` so
  // no listing or export of devices can carry it.
  await db.schema
    .createTable('device_recovery_keys')
    .addColumn('device_id', 'text', (c) => c.primaryKey().references('devices.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // The key pair tablets seal recovery files to. One row per purpose; the first process to start
  // creates it and every other process reads the same one.
  await db.schema
    .createTable('server_keys')
    .addColumn('purpose', 'text', (c) => c.primaryKey())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('private_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // Every import of a recovery file, for the admin's record and the audit trail.
  await db.schema
    .createTable('recovery_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('file_created_at', 'text', (c) => c.notNull())
    .addColumn('applied', 'integer', (c) => c.notNull())
    .addColumn('already_applied', 'integer', (c) => c.notNull())
    .addColumn('rejected', 'integer', (c) => c.notNull())
    .execute();
}

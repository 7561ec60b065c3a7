import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Revoking a device now deletes the server's half of its key recovery (never given out again);
// registrations revoked before that still hold theirs, which would let a copy of the database and
// the lost tablet together unwrap its data key without the unlock secret.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`delete from device_recovery_keys
    where device_id in (select id from devices where revoked_at is not null)`.execute(db);
}

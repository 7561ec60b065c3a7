// The real server's SQLite database, changed behind its back where a test needs time to have
// passed (an expired session) without waiting for it.
import path from 'node:path';
import Database from 'better-sqlite3';
import type { World } from './app-world';

/** Ends, as if they had run out, the live sessions of the devices signed in as "Tablet". */
export function expireTabletSessions(world: World): void {
  const db = new Database(path.join(world.server.dataDir, 'observations.sqlite'));
  db.prepare(
    "update sessions set expires_at = '2020-01-01T00:00:00.000Z' where revoked_at is null and device_id in (select id from devices where name = 'Tablet')",
  ).run();
  db.close();
}

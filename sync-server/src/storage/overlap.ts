// A push on PostgreSQL alternates between the database's work (reads, large inserts) and its own
// (validating observations, hashing the audit trail). The pg client sends a connection's next
// queued query only when the event loop reads the answer to the one before, so CPU work done in
// one long stretch leaves the database idle. Done in slices with a turn of the event loop between
// them, the queued statements run while this process computes. SQLite's statements run
// synchronously in this process, so there is nothing to overlap and no turn is taken (each one
// cost more than it could save).
import { PostgresAdapter } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './database';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const noTurn = (): Promise<void> => Promise.resolve();

/** Between slices on this database: one turn of the event loop where that lets queries run. */
export function yieldsFor(db: Kysely<Database>): () => Promise<void> {
  return db.getExecutor().adapter instanceof PostgresAdapter ? turn : noTurn;
}

/** How many items of CPU work between turns (about a quarter of a millisecond of it). */
export const SLICE = 8;

/**
 * Awaits a promise started earlier, whose failure must not count as unhandled while other work
 * runs: the failure is held and thrown here instead.
 */
export function started<T>(promise: Promise<T>): () => Promise<T> {
  const held = promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  return async () => {
    const r = await held;
    if (!r.ok) throw r.error;
    return r.value;
  };
}

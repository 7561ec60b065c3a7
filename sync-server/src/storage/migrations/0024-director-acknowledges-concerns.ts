import { PostgresAdapter } from 'kysely';
import type { Kysely } from 'kysely';
import type { FieldValue } from '../../../../schemas/entities/field-value';
import { acknowledgementSettles } from '../../../../schemas/rules/concern-acknowledgement';
import type { RoleKey } from '../../../../schemas/api/account';
import { appendAudit } from '../../audit/append';
import { nextSequence } from '../../sync/sequence';
import type { Database } from '../database';

// Only a director's acknowledgement settles a safety concern now (schemas/rules/
// concern-acknowledgement.ts). Before, anyone overseeing the team could acknowledge one, and a QA
// lead's or head of service's acknowledgement stopped the Director's reminder. A concern whose
// acknowledgement was not a director's is unsettled again: the acknowledgement is kept in
// `alsoAcknowledged` (with the person's role now, the only one known), so the concern log shows
// it, and the Director is reminded if the concern is still within the reminder window. Each
// concern moved takes a new sequence number, so every tablet pulls the change, and is an audit
// entry of its own. One transaction: all of them or none (on PostgreSQL the migrator's own; SQLite
// migrations run outside one, so this opens it, as 0017 does).
export const MIGRATION_USER = 'migration:0024';

export async function up(db: Kysely<unknown>): Promise<void> {
  const kdb = db as unknown as Kysely<Database>;
  if (kdb.getExecutor().adapter instanceof PostgresAdapter) await move(kdb);
  else await kdb.transaction().execute(move);
}

async function move(tx: Kysely<Database>): Promise<void> {
  const rows = await tx
    .selectFrom('records')
    .select(['id', 'fields'])
    .where('type', '=', 'safety-concern')
    .where('deleted', '=', 0)
    .orderBy('id')
    .execute();
  const acknowledged = rows
    .map((r) => ({ ...r, f: JSON.parse(r.fields) as Record<string, FieldValue> }))
    .filter((r) => typeof r.f['acknowledgedBy'] === 'string');
  if (acknowledged.length === 0) return;
  const people = await tx
    .selectFrom('users')
    .select(['id', 'role'])
    .where('id', 'in', [...new Set(acknowledged.map((r) => String(r.f['acknowledgedBy'])))])
    .execute();
  const roleOf = new Map(people.map((p) => [p.id, p.role as RoleKey]));
  for (const r of acknowledged) {
    const by = String(r.f['acknowledgedBy']);
    const at = String(r.f['acknowledgedAt']);
    // Accounts are disabled, never deleted: every acknowledger has a role.
    const role = roleOf.get(by);
    if (role === undefined || acknowledgementSettles(role)) continue;
    const fields = { ...r.f };
    delete fields['acknowledgedBy'];
    delete fields['acknowledgedAt'];
    // Nobody could be recorded here before this migration: the acknowledgement is the first.
    Object.assign(fields, {
      'alsoAcknowledged.0.by': by,
      'alsoAcknowledged.0.role': role,
      'alsoAcknowledged.0.at': at,
    });
    const seq = await nextSequence(tx);
    const now = new Date().toISOString();
    await tx
      .updateTable('records')
      .set({ fields: JSON.stringify(fields), seq, updated_at: now })
      .where('id', '=', r.id)
      .execute();
    await appendAudit(tx, [
      {
        userId: MIGRATION_USER,
        action: 'concern-acknowledgement-not-director',
        recordId: r.id,
        content: { acknowledgedBy: by, role, acknowledgedAt: at, settles: false },
      },
    ]);
  }
}

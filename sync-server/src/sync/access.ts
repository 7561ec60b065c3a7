// What a user may see. Oversight roles read every record in their scopes (a service includes its
// practice groups); everyone reads what they own; practitioners and guests read only what has
// been shared with or assigned to them. Admins manage people and devices, not records.
import { sql } from 'kysely';
import { userScopes } from '../accounts/accounts-repository';
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../storage/database';
import type { Actor } from './actor';
import { OVERSIGHT_ROLES } from './actor';

type Db = Kysely<Database>;

/** The user's memberships, with each service expanded to its practice groups. */
export async function memberScopes(db: Db, userId: string): Promise<string[]> {
  return (await userScopes(db, userId)).map((s) => s.id);
}

/** Scopes whose every record this actor reads. */
export async function fullReadScopes(db: Db, actor: Actor): Promise<string[]> {
  if (!OVERSIGHT_ROLES.has(actor.role)) return [];
  return memberScopes(db, actor.userId);
}

/** A where-clause for the records table: rows this actor may read. */
export function readableBy(actor: Actor, scopes: readonly string[]) {
  return (eb: ExpressionBuilder<Database, 'records'>) => {
    if (actor.role === 'admin') return sql<boolean>`1 = 0`;
    const own = eb('records.root_owner_id', '=', actor.userId);
    const granted = eb(
      'records.root_id',
      'in',
      eb
        .selectFrom('record_grants')
        .select('record_grants.root_id')
        .where('record_grants.user_id', '=', actor.userId),
    );
    const parts = [own, granted];
    if (scopes.length > 0) parts.push(eb('records.scope_id', 'in', [...scopes]));
    return eb.or(parts);
  };
}

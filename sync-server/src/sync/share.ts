// Sharing an observation with the person observed (`sharedWithPractitioner` and
// `context.observedUserId`): it reaches only someone of the observation's team, never whoever an
// id names, and the grant follows the observation's fields whether set at creation or later.
import type { Kysely } from 'kysely';
import type { FieldValue } from '../../../schemas/sync/records';
import type { Database } from '../storage/database';
import type { ApplyContext } from './apply-mutation';
import type { Decision } from './authorize';

/** Roles a person observed has: frontline staff, and chairs and reviewing officers observed. */
export const SHAREABLE_ROLES = ['practitioner', 'observer'] as const;

const SHARE_PATHS = ['sharedWithPractitioner', 'context.observedUserId'];

/** Whom these fields share the observation with, or null. */
export function shareTarget(fields: Record<string, FieldValue>): string | null {
  const observed = fields['context.observedUserId'];
  return fields['sharedWithPractitioner'] === true && typeof observed === 'string'
    ? observed
    : null;
}

/**
 * The memberships of those of `userIds` an observation can be shared with: active, in a role a
 * person observed has. Shared with planning, which names the person observed ahead of the share.
 */
export async function shareableMemberships(
  tx: Kysely<Database>,
  userIds: readonly string[],
): Promise<{ userId: string; scopeId: string }[]> {
  if (userIds.length === 0) return [];
  return tx
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .select(['users.id as userId', 'memberships.scope_id as scopeId'])
    .where('users.id', 'in', [...userIds])
    .where('users.status', '=', 'active')
    .where('users.role', 'in', [...SHAREABLE_ROLES])
    .execute();
}

/**
 * A change that shares the observation (or moves the share to another person) is allowed only
 * towards an active practitioner or observer who is a member of the observation's practice group
 * or of its service.
 */
export async function checkShare(
  ctx: ApplyContext,
  scopeId: string,
  set: Record<string, FieldValue>,
  after: Record<string, FieldValue>,
): Promise<Decision> {
  if (!SHARE_PATHS.some((p) => Object.hasOwn(set, p))) return { ok: true };
  const target = shareTarget(after);
  if (target === null) return { ok: true };
  const scope = await ctx.tx
    .selectFrom('scopes')
    .select(['id', 'parent_id'])
    .where('id', '=', scopeId)
    .executeTakeFirst();
  const teams = scope ? [scope.id, ...(scope.parent_id ? [scope.parent_id] : [])] : [scopeId];
  const member = (await shareableMemberships(ctx.tx, [target])).some((m) =>
    teams.includes(m.scopeId),
  );
  return member
    ? { ok: true }
    : {
        ok: false,
        code: 'SHARE_NOT_ALLOWED',
        message:
          'An observation can be shared only with the person observed: an active practitioner or observer of this team. Check who was observed.',
      };
}

/**
 * Sharing grants the person observed that observation and its child rows; unsharing (or sharing
 * with someone else) takes the grant away and tells their devices to remove it. Child rows are
 * re-stamped with this push's sequence so a newly granted person's next pull delivers them,
 * however old they are.
 */
export async function syncShareGrant(
  ctx: ApplyContext,
  rootId: string,
  fields: Record<string, FieldValue>,
): Promise<void> {
  const { tx, seq, now } = ctx;
  const want = shareTarget(fields);
  const existing = await tx
    .selectFrom('record_grants')
    .select('user_id')
    .where('root_id', '=', rootId)
    .where('reason', '=', 'shared')
    .execute();
  for (const g of existing) {
    if (g.user_id === want) continue;
    await tx
      .deleteFrom('record_grants')
      .where('root_id', '=', rootId)
      .where('user_id', '=', g.user_id)
      .execute();
    await tx
      .insertInto('access_revocations')
      .values({ seq, user_id: g.user_id, kind: 'record', target_id: rootId })
      .execute();
  }
  if (want && !existing.some((g) => g.user_id === want)) {
    await tx
      .insertInto('record_grants')
      .values({ root_id: rootId, user_id: want, reason: 'shared', created_at: now })
      .execute();
    await ctx.records.restampRoot(rootId, seq);
  }
}

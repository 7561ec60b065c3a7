import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { directoryResponseSchema } from '../../../schemas/api/directory';
import { isRole } from '../accounts/permissions';
import { authOf } from '../plugins/app/auth';
import { memberScopes } from '../sync/access';
import { errorSchema } from './account-schemas';

/**
 * GET /api/directory: the active people who share a team with the caller (a service membership
 * covers its practice groups). A guest observer from another authority sees nobody; an
 * administrator, who belongs to no team, sees nobody here either (the admin API lists accounts).
 * A QA lead, who assigns observations, also sees the active guest observers, who are in no team:
 * their name and role only (no teams), so one can be chosen to observe.
 */
export const directoryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/directory',
    {
      onRequest: app.requireAuth,
      schema: {
        tags: ['directory'],
        security: [{ bearer: [] }],
        summary:
          'People who share a team with you, and for a QA lead guest observers (names and roles)',
        response: { 200: directoryResponseSchema, 401: errorSchema },
      },
    },
    async (request) => {
      const auth = authOf(request);
      if (auth.user.role === 'guest') return { people: [] };
      const db = app.storage.db;
      const guests =
        auth.user.role === 'qa-lead'
          ? (
              await db
                .selectFrom('users')
                .select(['id', 'display_name'])
                .where('role', '=', 'guest')
                .where('status', '=', 'active')
                .execute()
            ).map((g) => ({
              id: g.id,
              displayName: g.display_name,
              role: 'guest' as const,
              scopeIds: [] as string[],
            }))
          : [];
      const mine = await memberScopes(db, auth.userId);
      if (mine.length === 0)
        return { people: guests.sort((a, b) => a.displayName.localeCompare(b.displayName)) };
      // Memberships in one of my scopes, directly or through the service above it.
      const rows = await db
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .innerJoin('scopes', 'scopes.id', 'memberships.scope_id')
        .select([
          'users.id',
          'users.display_name',
          'users.role',
          'scopes.id as scope_id',
          'scopes.kind',
        ])
        .where('users.status', '=', 'active')
        .where((eb) => eb.or([eb('scopes.id', 'in', mine), eb('scopes.parent_id', 'in', mine)]))
        .execute();
      const groupsOf = new Map<string, string[]>();
      for (const s of await db.selectFrom('scopes').select(['id', 'parent_id']).execute()) {
        if (s.parent_id) groupsOf.set(s.parent_id, [...(groupsOf.get(s.parent_id) ?? []), s.id]);
      }
      const mineSet = new Set(mine);
      const people = new Map<
        string,
        { id: string; displayName: string; role: string; scopeIds: Set<string> }
      >();
      for (const r of rows) {
        if (!isRole(r.role) || r.role === 'admin' || r.role === 'guest') continue;
        const entry = people.get(r.id) ?? {
          id: r.id,
          displayName: r.display_name,
          role: r.role,
          scopeIds: new Set<string>(),
        };
        for (const s of [
          r.scope_id,
          ...(r.kind === 'service' ? (groupsOf.get(r.scope_id) ?? []) : []),
        ]) {
          if (mineSet.has(s)) entry.scopeIds.add(s);
        }
        people.set(r.id, entry);
      }
      return {
        people: [
          ...[...people.values()]
            .filter((p) => p.scopeIds.size > 0)
            .map((p) => ({ ...p, role: p.role as never, scopeIds: [...p.scopeIds].sort() })),
          ...guests,
        ].sort((a, b) => a.displayName.localeCompare(b.displayName)),
      };
    },
  );
};

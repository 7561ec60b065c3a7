import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actionHistorySchema } from '../../../schemas/api/action-history';
import type { ActionHistoryEntry } from '../../../schemas/api/action-history';
import { idSchema } from '../../../schemas/entities/common';
import type { FieldValue } from '../../../schemas/entities/field-value';
import { auditReads } from '../audit/reads';
import { AppError, ErrorCode } from '../errors';
import type { Actor } from '../sync/actor';
import { fullReadScopes, readableBy } from '../sync/access';
import { errors } from './reports';

export type ActionHistoryRoutesOptions = { actorOf: (request: FastifyRequest) => Actor };

const KINDS: Record<string, ActionHistoryEntry['kind']> = {
  create: 'created',
  update: 'changed',
  delete: 'deleted',
  restore: 'restored',
};

type Fields = Record<string, FieldValue>;

/**
 * GET /api/actions/:actionId/history: every applied change to an improvement action, read from
 * the audit trail, for whoever may read the action (its observer, oversight of its team). An
 * action the caller may not read is "not found", so its existence is not given away. Reading
 * someone else's action history is itself an audit entry, as reading their records is.
 */
export const actionHistoryRoutes: FastifyPluginAsyncZod<ActionHistoryRoutesOptions> = async (
  app,
  opts,
) => {
  app.get(
    '/api/actions/:actionId/history',
    {
      onRequest: app.requireAuth,
      schema: {
        tags: ['records'],
        summary: 'The history of an improvement action (who changed what, and when)',
        security: [{ bearer: [] }],
        params: z.strictObject({ actionId: idSchema }),
        response: { 200: actionHistorySchema, ...errors },
      },
    },
    async (request) => {
      const actor = opts.actorOf(request);
      const db = app.storage.db;
      const scopes = await fullReadScopes(db, actor);
      const row = await db
        .selectFrom('records')
        .select(['id', 'root_owner_id'])
        .where('id', '=', request.params.actionId)
        .where('type', '=', 'action')
        .where(readableBy(actor, scopes))
        .executeTakeFirst();
      if (!row)
        throw new AppError(
          404,
          ErrorCode.NOT_FOUND,
          'There is no improvement action with that id you can read.',
        );
      const entries = await db
        .selectFrom('audit_log')
        .leftJoin('audit_content', 'audit_content.hash', 'audit_log.content_hash')
        .leftJoin('users', 'users.id', 'audit_log.user_id')
        .select([
          'audit_log.seq',
          'audit_log.at',
          'audit_log.action',
          'audit_log.user_id',
          'users.display_name',
          'audit_content.body',
        ])
        .where('audit_log.record_id', '=', row.id)
        .where('audit_log.action', 'in', Object.keys(KINDS))
        .orderBy('audit_log.seq')
        .execute();
      const history: ActionHistoryEntry[] = entries.map((e) => {
        // Content erased under retention leaves the entry without its fields.
        const content = e.body ? (JSON.parse(e.body) as { before?: Fields; after?: Fields }) : {};
        const before = content.before ?? {};
        const after = content.after ?? {};
        const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
        return {
          at: new Date(e.at).toISOString(),
          by: e.display_name ?? 'Someone no longer here',
          byId: e.user_id,
          kind: KINDS[e.action] ?? 'changed',
          changes: fields
            .map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }))
            .filter((c) => c.before !== c.after),
        };
      });
      await auditReads(db, actor, [{ id: row.id, ownerId: row.root_owner_id }], 'action-history');
      return { history };
    },
  );
};

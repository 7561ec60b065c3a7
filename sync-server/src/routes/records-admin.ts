import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  auditQuerySchema,
  auditResponseSchema,
  subjectAccessQuerySchema,
  subjectAccessResponseSchema,
} from '../../../schemas/admin/audit';
import {
  retentionDeleteRequestSchema,
  retentionDeleteResponseSchema,
  retentionDueResponseSchema,
  retentionExportResponseSchema,
  retentionPolicyResponseSchema,
  retentionPolicyUpdateSchema,
} from '../../../schemas/admin/retention';
import { dueRecordSchema } from '../../../schemas/admin/retention';
import { idSchema } from '../../../schemas/entities/common';
import { audited } from '../accounts/audited';
import { ADMIN_ROLE } from '../accounts/permissions';
import { appendAudit } from '../audit/append';
import { auditCaseKey } from '../audit/case-key';
import { AppError } from '../errors';
import { authOf } from '../plugins/app/auth';
import { auditEntries, exportRecords, familyIds } from '../records/export';
import { subjectAccess } from '../records/subject-access';
import { checkDue, deleteDue, listDue, readPeriods, updatePeriods } from '../retention/retention';
import { errorSchema } from './account-schemas';

const errors = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
};
const security = [{ bearer: [] }];
const tags = ['admin', 'records'];

const who = (request: FastifyRequest) => {
  const a = authOf(request);
  return { userId: a.userId, deviceId: a.deviceId };
};

const recordNotFound = (id: string) =>
  new AppError(404, 'RECORD_NOT_FOUND', `There is no record with the id ${JSON.stringify(id)}.`);

/**
 * Administrators' access to records themselves: the retention schedule and its deletions, exports,
 * subject access and the audit browser. An administrator sees no records through sync; every call
 * here that shows content is itself written to the audit trail before the answer leaves.
 */
export const recordsAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireRole(ADMIN_ROLE));
  const db = () => app.storage.db;

  app.get(
    '/api/admin/retention/policy',
    {
      schema: {
        tags,
        security,
        summary: 'The retention period of each kind of record, in days (null: kept)',
        response: { 200: retentionPolicyResponseSchema, ...errors },
      },
    },
    async () => ({ periods: await readPeriods(db()) }),
  );

  app.put(
    '/api/admin/retention/policy',
    {
      schema: {
        tags,
        security,
        summary: 'Set the retention period of some kinds of record',
        body: retentionPolicyUpdateSchema,
        response: { 200: retentionPolicyResponseSchema, ...errors },
      },
    },
    async (request) => {
      const r = await audited(
        db(),
        who(request),
        (tx) => updatePeriods(tx, request.body.periods),
        (res) =>
          Object.keys(res.after).length === 0
            ? null
            : {
                action: 'admin:update-retention',
                recordId: 'retention-policy',
                content: { before: res.before, after: res.after },
              },
      );
      return { periods: r.periods };
    },
  );

  app.get(
    '/api/admin/retention/due',
    {
      schema: {
        tags,
        security,
        summary: 'Records past their retention period, for review (nothing is deleted here)',
        response: { 200: retentionDueResponseSchema, ...errors },
      },
    },
    async () => ({ records: await listDue(db()), periods: await readPeriods(db()) }),
  );

  app.get(
    '/api/admin/retention/export',
    {
      schema: {
        tags,
        security,
        summary: 'A record with its child rows, as JSON, before deciding on deletion (audited)',
        querystring: z.strictObject({ recordId: idSchema }),
        response: { 200: retentionExportResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { recordId } = request.query;
      const [exported] = await exportRecords(db(), [recordId]);
      if (!exported || exported.record.rootId !== recordId) throw recordNotFound(recordId);
      await db()
        .transaction()
        .execute((tx) =>
          appendAudit(tx, [
            {
              ...who(request),
              action: 'admin:retention-export',
              recordId,
              content: { rows: 1 + exported.children.length },
            },
          ]),
        );
      reply.header('content-disposition', `attachment; filename="record-${recordId}.json"`);
      return { ...exported, exportedAt: new Date().toISOString() };
    },
  );

  app.post(
    '/api/admin/retention/delete',
    {
      schema: {
        tags,
        security,
        summary: 'Delete records past their retention period, named one by one, with confirm: true',
        description:
          'Without confirm: true nothing is deleted and the answer (409 CONFIRMATION_REQUIRED) lists what would be. A record not past its period refuses the whole call (409 RETENTION_NOT_DUE).',
        body: retentionDeleteRequestSchema,
        response: { 200: retentionDeleteResponseSchema, ...errors },
      },
    },
    async (request) => {
      const { recordIds, confirm } = request.body;
      if (confirm !== true) {
        const due = await checkDue(db(), recordIds);
        throw new AppError(
          409,
          'CONFIRMATION_REQUIRED',
          `This would delete ${due.length === 1 ? 'one record' : `${due.length} records`} and their child rows for good. Send the same ids with confirm: true to go ahead.`,
          { wouldDelete: z.array(dueRecordSchema).parse(due) },
        );
      }
      return deleteDue(db(), recordIds, who(request));
    },
  );

  app.get(
    '/api/admin/subject-access',
    {
      schema: {
        tags,
        security,
        summary: 'Everything held about a person (userId) or a case (caseId), as JSON (audited)',
        description:
          'Query strings may be logged by a reverse proxy: the same request is accepted as POST with a JSON body.',
        querystring: subjectAccessQuerySchema,
        response: { 200: subjectAccessResponseSchema, ...errors },
      },
    },
    async (request) => sar(request, request.query),
  );
  app.post(
    '/api/admin/subject-access',
    {
      schema: {
        tags,
        security,
        summary: 'The same as GET /api/admin/subject-access, with the subject in the body',
        body: subjectAccessQuerySchema,
        response: { 200: subjectAccessResponseSchema, ...errors },
      },
    },
    async (request) => sar(request, request.body),
  );

  async function sar(request: FastifyRequest, q: z.infer<typeof subjectAccessQuerySchema>) {
    const result = await subjectAccess(db(), q);
    const records = result.records.map((r) => r.record.id);
    // A case ID is recorded only as a keyed hash; the records found are linked to the entry, so
    // deleting any of them under retention erases this content with theirs.
    const subject = q.userId
      ? { userId: q.userId }
      : { caseKey: await auditCaseKey(db(), q.caseId!) };
    // Audited after the search and before the answer: a failed write sends nothing.
    await db()
      .transaction()
      .execute((tx) =>
        appendAudit(tx, [
          {
            ...who(request),
            action: 'admin:subject-access',
            recordId: q.userId ?? null,
            about: records,
            content: {
              subject,
              records,
              auditEntries: result.audit.length,
              thirdParty: result.thirdParty.mode,
              withheld: result.thirdParty.withheld.length,
            },
          },
        ]),
      );
    return result;
  }

  app.get(
    '/api/admin/audit',
    {
      schema: {
        tags,
        security,
        summary: 'The audit trail of a record and its child rows: who changed or read what, when',
        querystring: auditQuerySchema,
        response: { 200: auditResponseSchema, ...errors },
      },
    },
    async (request) => {
      const { recordId, after, limit = 200 } = request.query;
      const ids = await familyIds(db(), [recordId]);
      const entries = await auditEntries(db(), {
        recordIds: ids.length ? ids : [recordId],
        after: after ?? 0,
        limit: limit + 1,
      });
      const page = entries.slice(0, limit);
      await db()
        .transaction()
        .execute((tx) =>
          appendAudit(tx, [
            {
              ...who(request),
              action: 'admin:audit-read',
              recordId,
              content: { entries: page.length },
            },
          ]),
        );
      return { entries: page, next: entries.length > limit ? page[page.length - 1]!.seq : null };
    },
  );
};

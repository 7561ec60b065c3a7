import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  assignmentViewSchema,
  assignmentsResponseSchema,
  changeAssignmentRequestSchema,
  coverageQuerySchema,
  coverageResponseSchema,
  exemptRequestSchema,
  importAuditsRequestSchema,
  planAssignmentsRequestSchema,
  planExpectationRequestSchema,
  withdrawAssignmentRequestSchema,
  withdrawnAssignmentSchema,
} from '../../../schemas/api/programme';
import { syncIdSchema } from '../../../schemas/sync/records';
import {
  changeAssignment,
  exemptAssignment,
  listAssignments,
  programmeCoverage,
  withdrawAssignment,
} from '../programme/assignments';
import { importAudits } from '../programme/audit-import';
import { planAssignments, planExpectation } from '../programme/plans';
import type { Actor } from '../sync/actor';
import { errorSchema } from './reports';

const errors = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
};

const PLAN_ONCE =
  'A request naming a planId already made by the same person for the same request is answered with that plan’s assignments (as they are now), and nothing new is made; the same planId with a different request is 409 PLAN_ID_REUSED.';

export type ProgrammeRoutesOptions = { actorOf: (request: FastifyRequest) => Actor };

/** The observation and audit programme: plans, the monthly audit selection, exemptions, coverage. */
export const programmeRoutes: FastifyPluginAsyncZod<ProgrammeRoutesOptions> = async (app, opts) => {
  app.addHook('onRequest', app.requireAuth);
  app.post(
    '/api/programme/assignments',
    {
      schema: {
        tags: ['programme'],
        summary: 'Plan assignments (a QA lead, for the teams they oversee): all are made or none',
        description: PLAN_ONCE,
        security: [{ bearer: [] }],
        body: planAssignmentsRequestSchema,
        response: { 201: assignmentsResponseSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send({
        assignments: await planAssignments(
          app.storage.db,
          opts.actorOf(request),
          request.body.assignments,
          request.body.planId,
        ),
      }),
  );
  app.post(
    '/api/programme/expectations',
    {
      schema: {
        tags: ['programme'],
        summary:
          'Plan a recurring expectation for a financial year: an assignment per person at each due date',
        description: `Due dates are spread evenly through each period, at month ends, the last on the period’s final day (schemas/rules/expectations.ts). ${PLAN_ONCE}`,
        security: [{ bearer: [] }],
        body: planExpectationRequestSchema,
        response: { 201: assignmentsResponseSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send({
        assignments: await planExpectation(app.storage.db, opts.actorOf(request), request.body),
      }),
  );
  app.post(
    '/api/programme/audits/import',
    {
      schema: {
        tags: ['programme'],
        summary:
          'Import the monthly audit selection (CSV: month,practice_group,case_id,auditor_email)',
        description: `A file with any problem imports nothing; the answer names the row and column of each problem. A case already selected for its group and month is such a problem, so a file imported twice imports nothing the second time. ${PLAN_ONCE}`,
        security: [{ bearer: [] }],
        body: importAuditsRequestSchema,
        response: { 201: assignmentsResponseSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send({
        assignments: await importAudits(
          app.storage.db,
          opts.actorOf(request),
          request.body.csv,
          request.body.planId,
        ),
      }),
  );
  app.post(
    '/api/programme/assignments/:assignmentId/exempt',
    {
      schema: {
        tags: ['programme'],
        summary: 'Exempt an assignment for leave or sickness (a head of service of its team)',
        security: [{ bearer: [] }],
        params: z.strictObject({ assignmentId: syncIdSchema }),
        body: exemptRequestSchema,
        response: { 200: assignmentViewSchema, ...errors },
      },
    },
    async (request) =>
      exemptAssignment(
        app.storage.db,
        opts.actorOf(request),
        request.params.assignmentId,
        request.body,
      ),
  );
  app.post(
    '/api/programme/assignments/:assignmentId/change',
    {
      schema: {
        tags: ['programme'],
        summary:
          'Give an open assignment another observer or due date (a QA lead of its team); it moves to the new observer’s tablet',
        security: [{ bearer: [] }],
        params: z.strictObject({ assignmentId: syncIdSchema }),
        body: changeAssignmentRequestSchema,
        response: { 200: assignmentViewSchema, ...errors },
      },
    },
    async (request) =>
      changeAssignment(
        app.storage.db,
        opts.actorOf(request),
        request.params.assignmentId,
        request.body,
      ),
  );
  app.post(
    '/api/programme/assignments/:assignmentId/withdraw',
    {
      schema: {
        tags: ['programme'],
        summary:
          'Withdraw an open assignment planned in error, with the reason (a QA lead of its team)',
        security: [{ bearer: [] }],
        params: z.strictObject({ assignmentId: syncIdSchema }),
        body: withdrawAssignmentRequestSchema,
        response: { 200: withdrawnAssignmentSchema, ...errors },
      },
    },
    async (request) =>
      withdrawAssignment(
        app.storage.db,
        opts.actorOf(request),
        request.params.assignmentId,
        request.body,
      ),
  );
  app.get(
    '/api/programme/assignments',
    {
      schema: {
        tags: ['programme'],
        summary:
          'Assignments you planned, were given or oversee, most urgent first, with reminders',
        security: [{ bearer: [] }],
        response: { 200: assignmentsResponseSchema, ...errors },
      },
    },
    async (request) => ({
      assignments: await listAssignments(app.storage.db, opts.actorOf(request)),
    }),
  );
  app.get(
    '/api/programme/coverage',
    {
      schema: {
        tags: ['programme'],
        summary: 'The programme against what happened, for the teams you oversee',
        security: [{ bearer: [] }],
        querystring: coverageQuerySchema,
        response: { 200: coverageResponseSchema, ...errors },
      },
    },
    async (request) => programmeCoverage(app.storage.db, opts.actorOf(request), request.query),
  );
};

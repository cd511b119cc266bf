import { problemSchema } from '@dsr/shared/errors';
import {
  dashboardSchema,
  queueAnswerSchema,
  queueQuerySchema,
  staffReferenceParamsSchema,
  staffRequestDetailSchema,
} from '@dsr/shared/staff-requests';
import { staffActionSchema } from '@dsr/shared/statuses';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireRole } from '../staff-auth/staff-auth.plugin.ts';
import { getDashboard } from './dashboard.ts';
import { getRequestDetail } from './get-request-detail.ts';
import { listQueue } from './list-queue.ts';
import { performStaffAction } from './perform-action.ts';
import { registerCsvStream } from './register-csv.ts';
import { staffRequestsContext } from './staff-requests.context.ts';

// The staff side of requests, behind the staff session (registered in staff.routes.ts). Every role
// reads; agents and admins act (auditors get 403). Routes parse, call one use case, answer.
export const staffRequestRoutes: FastifyPluginAsyncZod = async (app) => {
  const common = { tags: ['staff'], security: [{ staffSession: [] }] };
  const denied = { 401: problemSchema, 403: problemSchema };
  const reader = requireRole('admin', 'agent', 'auditor');
  const worker = requireRole('admin', 'agent');
  // Personal data: never cached by a browser or a proxy.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  app.get(
    '/staff/requests',
    {
      preHandler: reader,
      schema: {
        ...common,
        summary: 'The queue: verified requests, deadline in force first (keyset pages)',
        querystring: queueQuerySchema,
        response: { 200: queueAnswerSchema, 400: problemSchema, ...denied },
      },
    },
    async (request) => listQueue(staffRequestsContext(app), request.staff, request.query),
  );

  app.get(
    '/staff/requests/:reference',
    {
      preHandler: reader,
      schema: {
        ...common,
        summary: 'One request with its messages, notes and whole audit trail',
        params: staffReferenceParamsSchema,
        response: { 200: staffRequestDetailSchema, 404: problemSchema, ...denied },
      },
    },
    async (request) => {
      const ctx = staffRequestsContext(app);
      return getRequestDetail(ctx.prisma, request.staff, request.params.reference, {
        now: ctx.now,
        timeZone: ctx.controller.timeZone,
        sources: ctx.sources,
      });
    },
  );

  app.post(
    '/staff/requests/:reference/actions',
    {
      preHandler: worker,
      schema: {
        ...common,
        summary:
          'Act on a request (start, assign, request_info, resume, extend, complete, deny, note, message)',
        params: staffReferenceParamsSchema,
        body: staffActionSchema,
        response: {
          200: staffRequestDetailSchema,
          400: problemSchema,
          404: problemSchema,
          409: problemSchema,
          422: problemSchema,
          ...denied,
        },
      },
    },
    async (request) =>
      performStaffAction(staffRequestsContext(app), request.staff, request.params.reference, request.body),
  );

  app.get(
    '/staff/register.csv',
    {
      preHandler: reader,
      // A stream: no response schema (a 200 schema would type the body as JSON).
      schema: { ...common, summary: 'Register of requests (CSV, no personal data)' },
    },
    async (_request, reply) => {
      const day = app.deps.now().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="register-${day}.csv"`)
        .send(registerCsvStream(app.deps.prisma));
    },
  );

  app.get(
    '/staff/dashboard',
    {
      preHandler: reader,
      schema: {
        ...common,
        summary: 'Open work, overdue, time to close',
        response: { 200: dashboardSchema, ...denied },
      },
    },
    async () => {
      const ctx = staffRequestsContext(app);
      return getDashboard(ctx.prisma, { now: ctx.now, timeZone: ctx.controller.timeZone });
    },
  );
};

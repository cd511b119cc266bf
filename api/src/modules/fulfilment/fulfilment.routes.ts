import { problemSchema } from '@dsr/shared/errors';
import {
  addIdentifierBodySchema,
  erasurePlanSchema,
  packageExclusionBodySchema,
  packageRecordsPageSchema,
  packageRecordsQuerySchema,
  rectificationReviewSchema,
  sourceParamsSchema,
} from '@dsr/shared/fulfilment';
import { staffReferenceParamsSchema, staffRequestDetailSchema } from '@dsr/shared/staff-requests';
import { localeSchema } from '@dsr/shared/text';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../staff-auth/staff-auth.plugin.ts';
import { staffRequestsContext } from '../staff-requests/staff-requests.context.ts';
import { planErasure } from './erasure-plan.ts';
import { NO_SOURCES } from './fulfilment.context.ts';
import { rectificationReview } from './rectification.ts';
import {
  addIdentifier,
  excludeRecord,
  listRecords,
  openDraft,
  recountMatches,
  retrySource,
} from './staff-fulfilment.ts';

// Staff routes of fulfilment (behind the staff session and CSRF checks, registered in
// staff.routes.ts). Mutations answer the request's detail, as POST .../actions does.
export const fulfilmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const common = { tags: ['staff'], security: [{ staffSession: [] }] };
  const reader = requireRole('admin', 'agent', 'auditor');
  const worker = requireRole('admin', 'agent');
  const refusals = Object.fromEntries([400, 401, 403, 404, 409, 422].map((s) => [s, problemSchema]));
  const mutation = { 200: staffRequestDetailSchema, ...refusals };
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  app.post(
    '/staff/requests/:reference/fulfilment/match',
    {
      preHandler: worker,
      schema: {
        ...common,
        summary: "Count the subject's records in every source",
        params: staffReferenceParamsSchema,
        response: mutation,
      },
    },
    async (request) => recountMatches(staffRequestsContext(app), request.staff, request.params.reference),
  );

  app.get(
    '/staff/requests/:reference/fulfilment/erasure-plan',
    {
      preHandler: reader,
      schema: {
        ...common,
        summary: 'Dry run of an erasure: per source and table, rows that would be erased, anonymised, kept',
        params: staffReferenceParamsSchema,
        response: { 200: erasurePlanSchema, ...refusals },
      },
    },
    async (request) => planErasure(staffRequestsContext(app), request.params.reference),
  );

  app.post(
    '/staff/requests/:reference/identifiers',
    {
      preHandler: worker,
      schema: {
        ...common,
        summary: 'Link an identifier of the subject (customer number, phone, ...) and count again',
        params: staffReferenceParamsSchema,
        body: addIdentifierBodySchema,
        response: mutation,
      },
    },
    async (request) =>
      addIdentifier(staffRequestsContext(app), request.staff, request.params.reference, request.body),
  );

  app.post(
    '/staff/requests/:reference/fulfilment/sources/:source/retry',
    {
      preHandler: worker,
      schema: {
        ...common,
        summary: 'Run a failed source again',
        params: sourceParamsSchema,
        response: mutation,
      },
    },
    async (request) =>
      retrySource(staffRequestsContext(app), request.staff, request.params.reference, request.params.source),
  );

  app.get(
    '/staff/requests/:reference/package',
    {
      preHandler: reader,
      schema: {
        ...common,
        summary: 'The package ZIP (draft until completion), audited',
        params: staffReferenceParamsSchema,
        response: { 200: z.any().describe('application/zip'), ...refusals },
      },
    },
    async (request, reply) => {
      const file = await openDraft(staffRequestsContext(app), request.staff, request.params.reference);
      return reply
        .header('content-type', 'application/zip')
        .header('content-length', String(file.size))
        .header('content-disposition', `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"`)
        .send(file.stream);
    },
  );

  app.get(
    '/staff/requests/:reference/package/records',
    {
      preHandler: reader,
      schema: {
        ...common,
        summary: "The draft's rows of one table, a page at a time",
        params: staffReferenceParamsSchema,
        querystring: packageRecordsQuerySchema,
        response: { 200: packageRecordsPageSchema, ...refusals },
      },
    },
    async (request) => listRecords(staffRequestsContext(app), request.params.reference, request.query),
  );

  app.post(
    '/staff/requests/:reference/package/exclusions',
    {
      preHandler: worker,
      schema: {
        ...common,
        summary: 'Leave a row, or some of its fields, out of the package (Art. 15(4)); rebuilds it',
        params: staffReferenceParamsSchema,
        body: packageExclusionBodySchema,
        response: mutation,
      },
    },
    async (request) =>
      excludeRecord(staffRequestsContext(app), request.staff, request.params.reference, request.body),
  );

  app.get(
    '/staff/requests/:reference/rectification',
    {
      preHandler: reader,
      schema: {
        ...common,
        summary: 'Each correction of a rectification beside the current value read from every source',
        params: staffReferenceParamsSchema,
        querystring: z.strictObject({ locale: localeSchema.default('fr') }),
        response: { 200: rectificationReviewSchema, ...refusals },
      },
    },
    async (request) =>
      rectificationReview(
        {
          prisma: app.deps.prisma,
          sources: app.deps.sources ?? NO_SOURCES,
          dataMap: app.deps.dataMap,
          now: app.deps.now(),
        },
        request.params.reference,
        request.query.locale,
      ),
  );
};

import { problemSchema } from '@dsr/shared/errors';
import { accessLinkAnswerSchema, accessLinkBodySchema } from '@dsr/shared/subject-view';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../errors.ts';
import { normaliseMailbox } from '../../lib/mailbox.ts';
import { hashToken } from '../../lib/tokens.ts';
import { queueAccessLink } from './access-links.jobs.ts';

// POST /access-links: "I lost my link". Same 202 whatever exists (SUBJECT-JOURNEY "Anti-enumeration"):
// the route only queues the job, which looks the request up and sends the link.
// Limits: 10/min per IP (route config, before parsing) and 3/hour per mailbox + reference + IP (after
// validation, on the normalised mailbox, lib/mailbox.ts; the key is a digest so no address sits in memory).
export const accessLinkRoutes: FastifyPluginAsyncZod = async (app) => {
  const perAddress = app.createRateLimit({
    max: 3,
    timeWindow: 60 * 60_000,
    keyGenerator: (request) => {
      const body = request.body as { email: string; reference: string };
      // Per (address + reference, client): someone who knows both cannot use up the owner's budget.
      return hashToken(`access-link\n${normaliseMailbox(body.email)}\n${body.reference}\n${request.ip}`);
    },
  });

  app.post(
    '/access-links',
    {
      config: { rateLimit: { max: 10, timeWindow: 60_000, keyGenerator: (request) => request.ip } },
      schema: {
        tags: ['subject'],
        summary: 'E-mail a fresh status link (same answer whatever exists)',
        body: accessLinkBodySchema,
        response: { 202: accessLinkAnswerSchema, 400: problemSchema, 429: problemSchema },
      },
      preHandler: async (request) => {
        const limit = await perAddress(request);
        if (!limit.isAllowed && limit.isExceeded) {
          throw new AppError('rate_limited', 429, 'Too many requests; try again later.', {
            headers: { 'retry-after': String(limit.ttlInSeconds) },
          });
        }
      },
    },
    async (request, reply) => {
      await queueAccessLink(app.deps.prisma, { ...request.body, at: app.deps.now() });
      return reply.status(202).send({ status: 'sent' as const });
    },
  );
};

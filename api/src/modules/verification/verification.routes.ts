import { problemSchema } from '@dsr/shared/errors';
import { statusSchema } from '@dsr/shared/statuses';
import { localeSchema } from '@dsr/shared/text';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { verifyLinkToken } from './verification.service.ts';

const PER_IP = { max: 30, timeWindow: 60_000 };

// Any string up to a sane length is accepted here: a malformed token is a 404 token_unknown (like
// an unknown one), not a 400 that would tell a guesser about the format.
const bodySchema = z.strictObject({ token: z.string().max(512) });

export const verificationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma, controller, config } = app.deps;
  app.post(
    '/verifications',
    {
      config: { rateLimit: { ...PER_IP, keyGenerator: (request) => request.ip } },
      schema: {
        tags: ['public'],
        summary: 'Exchange an e-mailed link token for an access token (verifies a pending request)',
        body: bodySchema,
        response: {
          200: z.object({
            reference: z.string(),
            status: statusSchema,
            accessToken: z.string(),
            locale: localeSchema,
          }),
          400: problemSchema,
          404: problemSchema,
          410: problemSchema,
          429: problemSchema,
        },
      },
    },
    async (request) =>
      verifyLinkToken(
        { prisma, controller, publicUrl: config.publicUrl },
        request.body.token,
        app.deps.now(),
      ),
  );
};

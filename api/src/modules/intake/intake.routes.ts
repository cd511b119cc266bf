import { problemSchema } from '@dsr/shared/errors';
import { createRequestSchema } from '@dsr/shared/request-types';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sqlPool } from '../../db/client.ts';
import { hasGpcSignal } from '../gpc/gpc.ts';
import { AddressLimiter } from './address-limiter.ts';
import { submitRequest } from './intake.service.ts';

// SUBJECT-JOURNEY.md: 20/min per IP (before anything else), 5/hour per (mailbox, IP) (in the service,
// after the Idempotency-Key check, so replays of an accepted request are never refused).
const PER_IP = { max: 20, timeWindow: 60_000 };
const PER_ADDRESS = { max: 5, windowMs: 3_600_000 };

const headersSchema = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, 'Expected 1 to 255 visible ASCII characters')
    .optional(),
  'sec-gpc': z.string().optional(),
});

export const intakeRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma, controller, config } = app.deps;
  const pool = sqlPool(prisma);
  const addressLimiter = new AddressLimiter(pool, PER_ADDRESS.max, PER_ADDRESS.windowMs);

  app.post(
    '/requests',
    {
      config: { rateLimit: { ...PER_IP, keyGenerator: (request) => request.ip } },
      schema: {
        tags: ['public'],
        summary: 'File a rights request; a verification link is e-mailed',
        headers: headersSchema,
        body: createRequestSchema,
        response: {
          202: z.object({ reference: z.string(), status: z.literal('pending_verification') }),
          400: problemSchema,
          409: problemSchema,
          422: problemSchema,
          429: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const answer = await submitRequest(
        { pool, controller, publicUrl: config.publicUrl, addressLimiter },
        request.body,
        {
          gpc: hasGpcSignal(request.headers['sec-gpc']),
          ip: request.ip,
          idempotencyKey: request.headers['idempotency-key'],
          now: app.deps.now(),
        },
      );
      // Only 202 answers are stored for replay (failures release the key).
      return reply.status(answer.status as 202).send(answer.body);
    },
  );
};

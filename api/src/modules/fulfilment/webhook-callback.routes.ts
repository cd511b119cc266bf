import { problemSchema } from '@dsr/shared/errors';
import { webhookCallbackBodySchema } from '@dsr/shared/fulfilment';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import {
  acceptCallback,
  type CallbackContext,
  type VerifiedCallback,
  verifyCallback,
} from './webhook-callback.ts';

// The signed callback of a webhook source (public: the signature authenticates). The signature
// covers the exact bytes sent, so this context parses JSON itself and keeps the raw body; it is
// checked in preValidation, before the body schema, so an unsigned caller learns nothing more.

export const CALLBACK_BODY_LIMIT = 20 * 1024 * 1024;

const raws = new WeakMap<FastifyRequest, Buffer>();
const verified = new WeakMap<FastifyRequest, VerifiedCallback>();

export const webhookCallbackRoutes: FastifyPluginAsyncZod = async (app) => {
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    raws.set(request, body as Buffer);
    json(request, (body as Buffer).toString('utf8'), done);
  });
  const context = (): CallbackContext => ({
    prisma: app.deps.prisma,
    sources: app.deps.dataMap?.sources ?? [],
    now: app.deps.now(),
  });

  app.post(
    '/webhooks/callback/:id',
    {
      bodyLimit: CALLBACK_BODY_LIMIT,
      // Generous (a system answers many requests), but bounds guessing at signatures.
      config: { rateLimit: { max: 600, timeWindow: 60_000, keyGenerator: (request) => request.ip } },
      preValidation: async (request) => {
        const raw = raws.get(request);
        if (!raw) throw new AppError('signature_invalid', 401, 'A signed JSON body is required.');
        const { id } = request.params as { id: string };
        verified.set(request, await verifyCallback(context(), id, raw, request.headers));
      },
      schema: {
        tags: ['webhooks'],
        summary: 'Later answer of a webhook source that replied 202 (signed with X-DSR-Signature)',
        params: z.object({ id: z.uuid() }),
        body: webhookCallbackBodySchema,
        response: {
          200: z.object({ status: z.enum(['accepted', 'already_accepted']) }),
          400: problemSchema,
          401: problemSchema,
          404: problemSchema,
          409: problemSchema,
          413: problemSchema,
          429: problemSchema,
        },
      },
    },
    async (request) => acceptCallback(context(), verified.get(request)!, request.body),
  );
};

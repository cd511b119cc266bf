import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { GPC_LAST_UPDATE } from './gpc.ts';

/** Registered at the root (not under /api/v1): GET /.well-known/gpc.json. */
export const gpcRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/.well-known/gpc.json',
    {
      schema: {
        tags: ['public'],
        summary: 'Global Privacy Control support resource',
        response: { 200: z.object({ gpc: z.literal(true), lastUpdate: z.iso.date() }) },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=86400');
      return { gpc: true as const, lastUpdate: GPC_LAST_UPDATE };
    },
  );
};

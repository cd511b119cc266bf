import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendProblem } from '../../plugins/errors.ts';
import { checkDatabase } from './health.service.ts';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['operations'],
        summary: 'Liveness and database check',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async (_request, reply) => {
      if (await checkDatabase(app.deps.prisma)) return { status: 'ok' as const };
      return sendProblem(reply, 503, 'service_unavailable', 'The database does not answer.');
    },
  );
};

import { rectifyFieldsSchema } from '@dsr/shared/fulfilment';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { rectifyFields } from './rectification.ts';

/** GET /rectification/fields: what the public form offers to correct (from the data map). */
export const rectifyFieldsRoutes: FastifyPluginAsyncZod = async (app) => {
  const answer = { fields: rectifyFields(app.deps.dataMap.sources) };
  app.get(
    '/rectification/fields',
    {
      schema: {
        tags: ['public'],
        summary: 'The fields a rectification may correct, by their labels (the data map’s rectify columns)',
        response: { 200: rectifyFieldsSchema },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return answer;
    },
  );
};

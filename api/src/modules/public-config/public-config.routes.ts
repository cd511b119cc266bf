import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { buildPublicConfig, publicConfigSchema } from './public-config.service.ts';

export const configRoutes: FastifyPluginAsyncZod = async (app) => {
  const config = buildPublicConfig(app.deps.controller, app.initialConfig.bodyLimit ?? 1024 * 1024);
  app.get(
    '/config',
    {
      schema: {
        tags: ['public'],
        summary: 'Controller identity, request types with their details JSON Schema, locales and form limits',
        response: { 200: publicConfigSchema },
      },
    },
    async () => config,
  );
};

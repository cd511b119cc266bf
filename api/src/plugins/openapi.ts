import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

// OpenAPI 3.1 document generated from the zod route schemas, at /api/docs/openapi.json, browsable at /api/docs.
export const openapiPlugin = fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Data-subject-rights portal API',
          description: 'Errors are RFC 9457 application/problem+json bodies with a stable `code`.',
          version: '1',
        },
        components: {
          securitySchemes: {
            subjectToken: { type: 'http', scheme: 'bearer' },
            staffSession: { type: 'apiKey', in: 'cookie', name: '__Host-sid' },
          },
        },
      },
      transform: jsonSchemaTransform,
    });
    await app.register(swaggerUi, {
      routePrefix: '/api/docs',
      staticCSP: true,
      uiConfig: { docExpansion: 'list', deepLinking: false },
    });
    app.get('/api/docs/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'openapi' },
);

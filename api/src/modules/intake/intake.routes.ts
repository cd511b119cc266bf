import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

// Placeholder: filled by the subject-journey work (SPEC "HTTP API", public part).
export const intakeRoutes: FastifyPluginAsyncZod = async () => {};

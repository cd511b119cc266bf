import { appealAnswerSchema, appealBodySchema } from '@dsr/shared/appeals';
import { problemSchema } from '@dsr/shared/errors';
import { appealAccessAnswerSchema } from '@dsr/shared/subject-view';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { subjectContext } from '../subject/subject.context.ts';
import { fileAppeal } from './file-appeal.ts';
import { openAppeal } from './open-appeal.ts';

// Registered inside the subject routes plugin: its rate limit and bearer auth (subject-auth) apply,
// and the request appealed is the one the access token opens, never one named by the client.
export const appealRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/requests/me/appeal',
    {
      schema: {
        tags: ['subject'],
        security: [{ subjectToken: [] }],
        summary: 'Appeal a denial (within 60 days): opens a linked request decided by another admin',
        body: appealBodySchema,
        response: {
          201: appealAnswerSchema,
          400: problemSchema,
          401: problemSchema,
          422: problemSchema,
          429: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const answer = await fileAppeal(subjectContext(app), request.subjectRequestId, request.body);
      return reply.status(201).send(answer);
    },
  );

  app.post(
    '/requests/me/appeal/access',
    {
      schema: {
        tags: ['subject'],
        security: [{ subjectToken: [] }],
        summary: 'An access token for the appeal of this request (to follow it after a reload)',
        response: {
          200: appealAccessAnswerSchema,
          401: problemSchema,
          404: problemSchema,
          429: problemSchema,
        },
      },
    },
    async (request) => openAppeal(subjectContext(app), request.subjectRequestId),
  );
};

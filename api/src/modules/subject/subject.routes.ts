import { problemSchema } from '@dsr/shared/errors';
import {
  cancelRequestBodySchema,
  subjectMessageBodySchema,
  subjectViewSchema,
} from '@dsr/shared/subject-view';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { appealRoutes } from '../appeals/appeal.routes.ts';
import { downloadRoutes } from '../downloads/downloads.routes.ts';
import { cancelRequest } from './cancel-request.ts';
import { getSubjectView } from './get-subject-view.ts';
import { postSubjectMessage } from './post-subject-message.ts';
import { subjectContext } from './subject.context.ts';
import { subjectAuth } from './subject-auth.ts';

// The data subject's own request, opened by the access token from POST /verifications.
// Every route here is behind subject-auth; the request id comes from the token, never from the URL.
export const subjectRoutes: FastifyPluginAsyncZod = async (app) => {
  // Counted before authentication, so guessing tokens is limited too (120/min per IP, all routes).
  app.addHook('onRequest', app.rateLimit({ max: 120, timeWindow: 60_000, groupId: 'subject' }));
  await app.register(subjectAuth);
  await app.register(appealRoutes);
  await app.register(downloadRoutes);

  const common = { tags: ['subject'], security: [{ subjectToken: [] }] };
  const problems = { 401: problemSchema, 422: problemSchema, 429: problemSchema };

  app.get(
    '/requests/me',
    {
      schema: {
        ...common,
        summary: 'The request this access token opens',
        response: { 200: subjectViewSchema, 401: problemSchema, 429: problemSchema },
      },
    },
    async (request) => {
      const ctx = subjectContext(app);
      return getSubjectView(ctx.prisma, request.subjectRequestId, {
        now: ctx.now,
        timeZone: ctx.controller.timeZone,
      });
    },
  );

  app.post(
    '/requests/me/cancel',
    {
      schema: {
        ...common,
        summary: 'Withdraw the request (any open state)',
        // The reason is optional, and so is the body that would carry it (Fastify reads none as null).
        body: cancelRequestBodySchema.nullish(),
        response: { 200: subjectViewSchema, 400: problemSchema, ...problems },
      },
    },
    async (request) => cancelRequest(subjectContext(app), request.subjectRequestId, request.body ?? {}),
  );

  app.post(
    '/requests/me/messages',
    {
      schema: {
        ...common,
        summary: 'Write to the staff; resumes a request awaiting the subject',
        body: subjectMessageBodySchema,
        response: { 201: subjectViewSchema, 400: problemSchema, ...problems },
      },
    },
    async (request, reply) => {
      const view = await postSubjectMessage(subjectContext(app), request.subjectRequestId, request.body);
      return reply.status(201).send(view);
    },
  );
};

import { problemSchema } from '@dsr/shared/errors';
import { staffLoginBodySchema, staffSessionSchema } from '@dsr/shared/staff';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertSameOriginJson } from './csrf.ts';
import { login } from './login.ts';
import { LoginThrottle } from './login-throttle.ts';
import { logout } from './logout.ts';
import { getDummyHash } from './password.ts';
import { sessionCookieName, sessionCookieOptions } from './session-cookie.ts';
import { staffAuthContext } from './staff-auth.context.ts';
import { csrfTokenOf } from './staff-auth.plugin.ts';

const tags = ['staff'];
const security = [{ staffSession: [] }];

/** POST /staff/session: the one staff route without a session (registered outside staffAuthPlugin). */
export const loginRoutes: FastifyPluginAsyncZod = async (app) => {
  const { config } = app.deps;
  const publicOrigin = new URL(config.publicUrl).origin;
  const cookieName = sessionCookieName(config);
  const throttle = new LoginThrottle(app.deps.prisma);
  // Computed now, not on the first unknown e-mail, so that first answer is not slower (R3).
  await getDummyHash();

  app.post(
    '/staff/session',
    {
      // Per-IP budget, counted before anything else (see login-throttle.ts for the per-account layer).
      config: { rateLimit: { max: 20, timeWindow: 60_000, keyGenerator: (request) => request.ip } },
      // Before the body is parsed, so a form or text/plain post is a 403 like on every staff mutation.
      onRequest: async (request) => assertSameOriginJson(request, publicOrigin),
      schema: {
        tags,
        summary: 'Sign in: sets the session cookie and returns the CSRF token',
        body: staffLoginBodySchema,
        response: {
          200: staffSessionSchema,
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
          429: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const result = await login(staffAuthContext(app), request.body, {
        ip: request.ip,
        presentedSid: request.cookies[cookieName],
        throttle,
      });
      reply.setCookie(cookieName, result.sid, sessionCookieOptions(config));
      return { user: result.user, csrfToken: result.csrfToken };
    },
  );
};

/** DELETE /staff/session and GET /staff/me, behind staffAuthPlugin. */
export const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { config } = app.deps;
  const cookieName = sessionCookieName(config);

  app.delete(
    '/staff/session',
    {
      schema: {
        tags,
        security,
        summary: 'Sign out: revokes the session and clears the cookie',
        response: { 204: z.null(), 401: problemSchema, 403: problemSchema },
      },
    },
    async (request, reply) => {
      await logout(staffAuthContext(app), request.staff);
      reply.clearCookie(cookieName, sessionCookieOptions(config));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/staff/me',
    {
      schema: {
        tags,
        security,
        summary: 'The signed-in staff member and the CSRF token of the session',
        response: { 200: staffSessionSchema, 401: problemSchema },
      },
    },
    async (request) => {
      const { id, email, name, role, locale } = request.staff;
      return { user: { id, email, name, role, locale }, csrfToken: csrfTokenOf(request) };
    },
  );
};

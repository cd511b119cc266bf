import type { StaffRole } from '@dsr/shared/staff';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../errors.ts';
import { type Authenticated, authenticate, type StaffPrincipal } from './authenticate.ts';
import { assertCsrfToken, assertSameOriginJson, csrfTokenFor, MUTATING_METHODS } from './csrf.ts';
import { sessionCookieName, sessionCookieOptions } from './session-cookie.ts';
import { staffAuthContext } from './staff-auth.context.ts';

// The staff session check, registered inside the authenticated part of the staff routes
// (staff.routes.ts): every route in that context needs a live session, and every mutation there
// (POST, PUT, PATCH, DELETE) also passes the CSRF checks (STAFF.md). Needs @fastify/cookie registered
// by a parent. Order: origin + JSON checks (403, before any database work), session (401), CSRF token (403).

export type { StaffPrincipal } from './authenticate.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member; set on every route behind staffAuthPlugin. */
    staff: StaffPrincipal;
  }
  interface FastifyContextConfig {
    /** The route takes multipart/form-data (a file upload); the CSRF token is still required. */
    multipartUpload?: boolean;
  }
}

const sessions = new WeakMap<FastifyRequest, Authenticated>();

export function unauthorized(): AppError {
  return new AppError('unauthorized', 401, 'Sign in to continue.');
}

/** The CSRF token of the request's session (GET /staff/me returns it). */
export function csrfTokenOf(request: FastifyRequest): string {
  const auth = sessions.get(request);
  if (!auth) throw unauthorized();
  return csrfTokenFor(auth.csrfSecret);
}

export const staffAuthPlugin = fp(
  async (app) => {
    const { config } = app.deps;
    const publicOrigin = new URL(config.publicUrl).origin;
    const cookieName = sessionCookieName(config);

    app.decorateRequest('staff', null as unknown as StaffPrincipal);
    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const mutation = MUTATING_METHODS.has(request.method);
      if (mutation) {
        assertSameOriginJson(request, publicOrigin, request.routeOptions.config.multipartUpload === true);
      }
      const sid = request.cookies[cookieName];
      const auth = sid ? await authenticate(staffAuthContext(app), sid) : null;
      if (!auth) {
        if (sid !== undefined) reply.clearCookie(cookieName, sessionCookieOptions(config));
        throw unauthorized();
      }
      if (mutation) assertCsrfToken(request, auth.csrfSecret);
      request.staff = auth.principal;
      sessions.set(request, auth);
    });
  },
  { name: 'staff-auth', dependencies: ['errors', '@fastify/cookie'] },
);

/**
 * preHandler allowing only the given roles (403 `forbidden` otherwise):
 *   app.get('/staff/users', { preHandler: requireRole('admin') }, handler)
 */
export function requireRole(...roles: [StaffRole, ...StaffRole[]]) {
  return async (request: FastifyRequest): Promise<void> => {
    if (!request.staff) throw unauthorized();
    if (!roles.includes(request.staff.role)) {
      throw new AppError('forbidden', 403, 'Your role does not allow this.');
    }
  };
}

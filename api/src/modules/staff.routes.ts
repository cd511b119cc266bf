import fastifyCookie from '@fastify/cookie';
import type { FastifyPluginAsync } from 'fastify';
import { fulfilmentRoutes } from './fulfilment/fulfilment.routes.ts';
import { taskRoutes } from './fulfilment/tasks.routes.ts';
import { staffAuthPlugin } from './staff-auth/staff-auth.plugin.ts';
import { loginRoutes, sessionRoutes } from './staff-auth/staff-session.routes.ts';
import { staffRequestRoutes } from './staff-requests/staff-requests.routes.ts';
import { ownAccountRoutes, staffUserRoutes } from './staff-users/staff-users.routes.ts';

// The staff API, a sibling of the public routes (registered under /api/v1). Routes declare their full
// path including `/staff` (e.g. '/staff/requests'). Only login lives outside the authenticated context;
// everything registered inside it gets the session check (401) and, for mutations, the CSRF checks (403).
export const staffRoutes: FastifyPluginAsync = async (staff) => {
  // Cookies are parsed for staff routes only; the public API never reads them.
  await staff.register(fastifyCookie);
  // Every staff mutation carries a JSON content type (a CSRF check), including body-less ones like
  // DELETE /staff/session: an empty JSON body reads as null instead of failing with 400.
  const json = staff.getDefaultJsonParser('error', 'error');
  staff.removeContentTypeParser('application/json');
  staff.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    body === '' ? done(null, null) : json(request, String(body), done),
  );
  await staff.register(loginRoutes);
  await staff.register(async (authed) => {
    await authed.register(staffAuthPlugin);
    await authed.register(sessionRoutes);
    await authed.register(ownAccountRoutes);
    await authed.register(staffUserRoutes);
    // Other staff modules register here (behind the session and CSRF checks), one line each:
    await authed.register(staffRequestRoutes);
    await authed.register(taskRoutes);
    await authed.register(fulfilmentRoutes);
  });
};

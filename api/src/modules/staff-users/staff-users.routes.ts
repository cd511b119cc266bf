import { problemSchema } from '@dsr/shared/errors';
import {
  createStaffUserBodySchema,
  staffSessionSchema,
  staffUserAdminSchema,
  staffUserListSchema,
  updateOwnAccountBodySchema,
  updateStaffUserBodySchema,
} from '@dsr/shared/staff';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { csrfTokenOf, requireRole } from '../staff-auth/staff-auth.plugin.ts';
import { createStaffUser } from './create-staff-user.ts';
import { toStaffUserAdmin } from './staff-user.view.ts';
import { staffUsersContext } from './staff-users.context.ts';
import { listStaffUsers } from './staff-users.repository.ts';
import { updateStaffUser } from './update-staff-user.ts';

// User admin, admins only. Registered behind staffAuthPlugin (session + CSRF).
export const staffUserRoutes: FastifyPluginAsyncZod = async (app) => {
  const common = { tags: ['staff'], security: [{ staffSession: [] }] };
  const denied = { 401: problemSchema, 403: problemSchema };
  app.addHook('preHandler', requireRole('admin'));

  app.get(
    '/staff/users',
    { schema: { ...common, summary: 'Staff accounts', response: { 200: staffUserListSchema, ...denied } } },
    async () => ({ items: (await listStaffUsers(app.deps.prisma)).map(toStaffUserAdmin) }),
  );

  app.post(
    '/staff/users',
    {
      schema: {
        ...common,
        summary: 'Create a staff account',
        body: createStaffUserBodySchema,
        response: { 201: staffUserAdminSchema, 400: problemSchema, 409: problemSchema, ...denied },
      },
    },
    async (request, reply) => {
      const user = await createStaffUser(staffUsersContext(app, request.staff), request.body);
      return reply.status(201).send(user);
    },
  );

  app.patch(
    '/staff/users/:id',
    {
      schema: {
        ...common,
        summary: 'Change a staff account (name, role, disabled, password)',
        params: z.object({ id: z.uuid() }),
        body: updateStaffUserBodySchema,
        response: {
          200: staffUserAdminSchema,
          400: problemSchema,
          404: problemSchema,
          422: problemSchema,
          ...denied,
        },
      },
    },
    async (request) =>
      updateStaffUser(staffUsersContext(app, request.staff), request.params.id, request.body),
  );
};

/**
 * PATCH /staff/me: every staff member sets their own account's language (their mails, and the staff
 * pages after signing in). The same use case and audit event as an admin's change, the actor being
 * the account itself. Registered behind staffAuthPlugin, for every role.
 */
export const ownAccountRoutes: FastifyPluginAsyncZod = async (app) => {
  app.patch(
    '/staff/me',
    {
      schema: {
        tags: ['staff'],
        security: [{ staffSession: [] }],
        summary: 'Change my own account (its language)',
        body: updateOwnAccountBodySchema,
        response: { 200: staffSessionSchema, 400: problemSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request) => {
      const user = await updateStaffUser(staffUsersContext(app, request.staff), request.staff.id, {
        locale: request.body.locale,
      });
      const { id, email, name, role, locale } = user;
      return { user: { id, email, name, role, locale }, csrfToken: csrfTokenOf(request) };
    },
  );
};

import type { CreateStaffUserBody, StaffUserAdmin } from '@dsr/shared/staff';
import { assertOfferedLocale } from '../../controller.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { hashPassword } from '../staff-auth/password.ts';
import { toStaffUserAdmin } from './staff-user.view.ts';
import type { StaffUsersContext } from './staff-users.context.ts';
import { insertStaffUser } from './staff-users.repository.ts';

export const emailTaken = () =>
  new AppError('conflict', 409, 'A staff user with this e-mail address already exists.');

/** Creates a staff account (admin API and the staff:create CLI). The body went through the shared schema. */
export async function createStaffUser(
  ctx: StaffUsersContext,
  body: CreateStaffUserBody,
): Promise<StaffUserAdmin> {
  if (body.locale !== undefined) assertOfferedLocale(ctx, body.locale);
  const passwordHash = await hashPassword(body.password);
  try {
    return await ctx.prisma.$transaction(async (tx) => {
      const locale = body.locale ?? ctx.defaultLocale;
      const row = await insertStaffUser(tx, { ...body, locale, passwordHash, now: ctx.now });
      await appendAudit(tx, {
        requestId: null,
        actor: ctx.actor,
        type: 'staff.user_created',
        data: { userId: row.id, role: row.role },
      });
      return toStaffUserAdmin(row);
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'P2002') throw emailTaken();
    throw error;
  }
}

import type { StaffUserAdmin, UpdateStaffUserBody } from '@dsr/shared/staff';
import { assertOfferedLocale } from '../../controller.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { hashPassword } from '../staff-auth/password.ts';
import { revokeUserSessions } from '../staff-auth/sessions.repository.ts';
import { toStaffUserAdmin } from './staff-user.view.ts';
import type { StaffUsersContext } from './staff-users.context.ts';
import { findStaffUser, updateStaffUserRow } from './staff-users.repository.ts';

/**
 * Changes a staff account. An admin cannot disable or demote themself (422), so there is always an
 * admin left. Disabling revokes every session of the user at once; a new password revokes the user's
 * other sessions (all of them, unless the admin changes their own). Audited with the changed field
 * names and the new role/state, never the name or password.
 */
export async function updateStaffUser(
  ctx: StaffUsersContext,
  userId: string,
  body: UpdateStaffUserBody,
): Promise<StaffUserAdmin> {
  const self = ctx.actor.type === 'staff' && ctx.actor.id === userId;
  if (self && body.disabled === true) {
    throw new AppError('unprocessable', 422, 'You cannot disable your own account.');
  }
  if (self && body.role !== undefined && body.role !== 'admin') {
    throw new AppError('unprocessable', 422, 'You cannot remove your own admin role.');
  }
  if (body.locale !== undefined) assertOfferedLocale(ctx, body.locale);
  const passwordHash = body.password === undefined ? undefined : await hashPassword(body.password);

  return ctx.prisma.$transaction(async (tx) => {
    const current = await findStaffUser(tx, userId);
    if (!current) throw new AppError('not_found', 404, 'No such staff user.');
    const disabling = body.disabled === true && current.disabledAt === null;
    const row = await updateStaffUserRow(tx, userId, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.role !== undefined ? { role: body.role } : {}),
      ...(body.locale !== undefined ? { locale: body.locale } : {}),
      ...(body.disabled !== undefined
        ? { disabledAt: body.disabled ? (current.disabledAt ?? ctx.now) : null }
        : {}),
      ...(passwordHash !== undefined ? { passwordHash } : {}),
      now: ctx.now,
    });
    let sessionsRevoked = 0;
    if (disabling) sessionsRevoked = await revokeUserSessions(tx, userId, ctx.now);
    else if (passwordHash !== undefined) {
      sessionsRevoked = await revokeUserSessions(tx, userId, ctx.now, self ? ctx.actorSessionId : undefined);
    }
    const fields = Object.keys(body).filter((key) => body[key as keyof UpdateStaffUserBody] !== undefined);
    await appendAudit(tx, {
      requestId: null,
      actor: ctx.actor,
      type: 'staff.user_updated',
      data: {
        userId,
        fields,
        ...(body.role !== undefined ? { role: body.role } : {}),
        ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
        sessionsRevoked,
      },
    });
    return toStaffUserAdmin(row);
  });
}

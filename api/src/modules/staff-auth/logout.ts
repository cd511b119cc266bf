import { appendAudit } from '../audit/audit.repository.ts';
import type { StaffPrincipal } from './authenticate.ts';
import { revokeSession } from './sessions.repository.ts';
import type { StaffAuthContext } from './staff-auth.context.ts';

export async function logout(ctx: StaffAuthContext, staff: StaffPrincipal): Promise<void> {
  await ctx.prisma.$transaction(async (tx) => {
    await revokeSession(tx, staff.sessionId, ctx.now);
    await appendAudit(tx, {
      requestId: null,
      actor: { type: 'staff', id: staff.id },
      type: 'staff.logout',
      data: { sessionRef: staff.sessionId },
    });
  });
}

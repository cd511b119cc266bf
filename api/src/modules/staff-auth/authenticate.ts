import type { StaffRole } from '@dsr/shared/staff';
import { asLocale, type Locale } from '@dsr/shared/text';
import { hashToken, isWellFormedToken } from '../../lib/tokens.ts';
import { findSessionByHash, touchSession } from './sessions.repository.ts';
import { IDLE_TIMEOUT_MS, type StaffAuthContext, TOUCH_INTERVAL_MS } from './staff-auth.context.ts';

/** The signed-in staff member, as `request.staff`. `sessionId` is the session row's id, not the cookie. */
export interface StaffPrincipal {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  locale: Locale;
  sessionId: string;
}

export interface Authenticated {
  principal: StaffPrincipal;
  csrfSecret: string;
}

/**
 * The session the cookie names, if it is alive: not revoked, under its absolute expiry (12 h after
 * login), used within the idle timeout (30 min), and its user not disabled. Checked on every request.
 */
export async function authenticate(ctx: StaffAuthContext, sid: string): Promise<Authenticated | null> {
  // A malformed id cannot match a stored hash: skip the database.
  if (!isWellFormedToken(sid)) return null;
  const session = await findSessionByHash(ctx.prisma, hashToken(sid));
  if (!session || session.revokedAt || session.user.disabledAt) return null;
  const now = ctx.now.getTime();
  if (now >= session.expiresAt.getTime()) return null;
  const idle = now - session.lastSeenAt.getTime();
  if (idle >= IDLE_TIMEOUT_MS) return null;
  if (idle >= TOUCH_INTERVAL_MS) await touchSession(ctx.prisma, session.id, ctx.now);
  const { user } = session;
  return {
    principal: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      locale: asLocale(user.locale),
      sessionId: session.id,
    },
    csrfSecret: session.csrfSecret,
  };
}

import { randomBytes } from 'node:crypto';
import type { StaffLoginBody, StaffUser } from '@dsr/shared/staff';
import { asLocale } from '@dsr/shared/text';
import { AppError } from '../../errors.ts';
import { hashToken, newToken } from '../../lib/tokens.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { csrfTokenFor } from './csrf.ts';
import { LoginThrottle } from './login-throttle.ts';
import { getDummyHash, verifyPassword } from './password.ts';
import { insertSession, revokeSessionByHash } from './sessions.repository.ts';
import { ABSOLUTE_TIMEOUT_MS, type StaffAuthContext } from './staff-auth.context.ts';

export interface LoginMeta {
  ip: string;
  /** The session cookie sent with the login request, if any: never reused, revoked on success. */
  presentedSid: string | undefined;
  throttle: LoginThrottle;
}

export interface LoginResult {
  /** The new session id for the cookie; only its SHA-256 is stored. */
  sid: string;
  csrfToken: string;
  user: StaffUser;
}

/** One answer for an unknown e-mail, a wrong password and a disabled account (R3). */
const invalidCredentials = () => new AppError('invalid_credentials', 401, 'Wrong e-mail or password.');

export async function login(
  ctx: StaffAuthContext,
  body: StaffLoginBody,
  meta: LoginMeta,
): Promise<LoginResult> {
  const { prisma, now } = ctx;
  const key = LoginThrottle.key(body.email, meta.ip);
  const retryAfter = await meta.throttle.retryAfter(key, now);
  if (retryAfter > 0) {
    throw new AppError('rate_limited', 429, 'Too many failed attempts; try again later.', {
      headers: { 'retry-after': String(retryAfter) },
    });
  }

  const user = await prisma.staffUser.findUnique({
    where: { email: body.email },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      locale: true,
      passwordHash: true,
      disabledAt: true,
    },
  });
  // Always one argon2 verification, against a dummy hash for an unknown e-mail, so the time taken
  // does not say whether the account exists; the disabled check comes after it for the same reason.
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), body.password);
  if (!user || !passwordOk || user.disabledAt) {
    await meta.throttle.recordFailure(key, now);
    const reason = !user ? 'unknown_account' : !passwordOk ? 'wrong_password' : 'disabled';
    await appendAudit(prisma, {
      requestId: null,
      actor: { type: 'staff', id: user?.id ?? null },
      type: 'staff.login_failed',
      data: { reason },
    });
    throw invalidCredentials();
  }

  await meta.throttle.clear(key);
  const { token: sid, hash: idHash } = newToken();
  const csrfSecret = randomBytes(32).toString('base64url');
  await prisma.$transaction(async (tx) => {
    // Session fixation: a cookie the browser already had is never upgraded; it is revoked.
    if (meta.presentedSid) await revokeSessionByHash(tx, hashToken(meta.presentedSid), now);
    const session = await insertSession(tx, {
      idHash,
      userId: user.id,
      csrfSecret,
      now,
      expiresAt: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS),
    });
    await tx.staffUser.update({ where: { id: user.id }, data: { lastLoginAt: now }, select: { id: true } });
    await appendAudit(tx, {
      requestId: null,
      actor: { type: 'staff', id: user.id },
      type: 'staff.login',
      data: { sessionRef: session.id },
    });
  });
  return {
    sid,
    csrfToken: csrfTokenFor(csrfSecret),
    user: { id: user.id, email: user.email, name: user.name, role: user.role, locale: asLocale(user.locale) },
  };
}

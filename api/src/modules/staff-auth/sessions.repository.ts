import type { Db } from '../../db/types.ts';

// staff_sessions: the cookie's random id is never stored, only its SHA-256 (idHash).

export interface NewSession {
  idHash: string;
  userId: string;
  csrfSecret: string;
  now: Date;
  expiresAt: Date;
}

export async function insertSession(db: Db, session: NewSession): Promise<{ id: string }> {
  return db.staffSession.create({
    data: {
      idHash: session.idHash,
      userId: session.userId,
      csrfSecret: session.csrfSecret,
      createdAt: session.now,
      lastSeenAt: session.now,
      expiresAt: session.expiresAt,
    },
    select: { id: true },
  });
}

export async function findSessionByHash(db: Db, idHash: string) {
  return db.staffSession.findUnique({
    where: { idHash },
    select: {
      id: true,
      csrfSecret: true,
      lastSeenAt: true,
      expiresAt: true,
      revokedAt: true,
      user: { select: { id: true, email: true, name: true, role: true, locale: true, disabledAt: true } },
    },
  });
}

export async function touchSession(db: Db, id: string, now: Date): Promise<void> {
  await db.staffSession.updateMany({ where: { id, revokedAt: null }, data: { lastSeenAt: now } });
}

export async function revokeSession(db: Db, id: string, now: Date): Promise<void> {
  await db.staffSession.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
}

/** Revokes by hash (logout, or a cookie presented at login); a no-op for an unknown or revoked session. */
export async function revokeSessionByHash(db: Db, idHash: string, now: Date): Promise<number> {
  const { count } = await db.staffSession.updateMany({
    where: { idHash, revokedAt: null },
    data: { revokedAt: now },
  });
  return count;
}

/** Every live session of a user, optionally sparing one (the admin's own when changing their password). */
export async function revokeUserSessions(
  db: Db,
  userId: string,
  now: Date,
  exceptSessionId?: string,
): Promise<number> {
  const { count } = await db.staffSession.updateMany({
    where: { userId, revokedAt: null, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
    data: { revokedAt: now },
  });
  return count;
}

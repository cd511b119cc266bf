import { VERIFICATION_LINK_HOURS } from '@dsr/shared/deadline';
import type { Db, Tx } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import { hashToken, isWellFormedToken, newToken } from '../../lib/tokens.ts';
import { appendAudit } from '../audit/audit.repository.ts';

// Link tokens (purpose verify: e-mailed, single use, 24 h), mail links (purpose mail: the link
// each mail inviting the subject back carries, single use, valid as long as what the mail offers)
// and access tokens (purpose access: bearer for the status page, 30 days). Only their SHA-256 is
// stored; the token itself is returned once to the caller and never logged or audited.

const HOUR_MS = 3_600_000;
export const LINK_TOKEN_TTL_MS = VERIFICATION_LINK_HOURS * HOUR_MS;
export const ACCESS_TOKEN_TTL_MS = 30 * 24 * HOUR_MS;
/** A mail link is valid at least this long, and longer when its mail offers more (appeal, download). */
export const MAIL_LINK_MIN_TTL_MS = 30 * 24 * HOUR_MS;

/** The link e-mailed to the subject. The token sits in the fragment: never sent to a server, never in a Referer. */
export function linkUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/verify#token=${token}`;
}

/**
 * A fresh link token; older unused link tokens of the request are revoked (only the latest link
 * works). The verification mail's token, the request's first, is issued by a reaction after the
 * request was filed: it revokes nothing (`revokeOlder: false`), so it never voids a newer link.
 */
export async function issueLinkToken(
  tx: Tx,
  requestId: string,
  now: Date,
  options: { revokeOlder?: boolean } = {},
): Promise<string> {
  if (options.revokeOlder ?? true) {
    await tx.requestToken.updateMany({
      where: { requestId, purpose: 'verify', usedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
  }
  return issueToken(tx, requestId, 'verify', now, LINK_TOKEN_TTL_MS);
}

/**
 * The link of one mail that invites the subject back (receipt, message, extension, completion,
 * denial…): valid until `offerEnds` (the appeal window, the download's expiry, the deadline), and
 * at least MAIL_LINK_MIN_TTL_MS. It revokes nothing and nothing revokes it: a newer mail leaves an
 * older mail's link working until its own time. Returns the token and its expiry.
 */
export async function issueMailLinkToken(
  tx: Tx,
  requestId: string,
  now: Date,
  offerEnds: Date | null = null,
): Promise<{ token: string; expiresAt: Date }> {
  const min = now.getTime() + MAIL_LINK_MIN_TTL_MS;
  const expiresAt = new Date(Math.max(min, offerEnds?.getTime() ?? 0));
  const token = await issueToken(tx, requestId, 'mail', now, expiresAt.getTime() - now.getTime());
  return { token, expiresAt };
}

export async function issueAccessToken(tx: Tx, requestId: string, now: Date): Promise<string> {
  return issueToken(tx, requestId, 'access', now, ACCESS_TOKEN_TTL_MS);
}

async function issueToken(
  tx: Tx,
  requestId: string,
  purpose: 'verify' | 'access' | 'mail',
  now: Date,
  ttlMs: number,
): Promise<string> {
  const { token, hash } = newToken();
  await tx.requestToken.create({
    data: { tokenHash: hash, purpose, requestId, expiresAt: new Date(now.getTime() + ttlMs), createdAt: now },
    select: { id: true },
  });
  await appendAudit(tx, { requestId, actor: { type: 'system' }, type: 'token.issued', data: { purpose } });
  return token;
}

/** The request an access token opens, or null when it is unknown, malformed, expired or revoked. */
export async function findAccessToken(
  db: Db,
  token: string,
  now: Date,
): Promise<{ requestId: string } | null> {
  if (!isWellFormedToken(token)) return null;
  const row = await db.requestToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { requestId: true, purpose: true, expiresAt: true, revokedAt: true },
  });
  if (row?.purpose !== 'access' || row.revokedAt !== null) return null;
  if (row.expiresAt.getTime() <= now.getTime()) return null;
  return { requestId: row.requestId };
}

/**
 * Marks a link token used, once: the conditional update (`usedAt IS NULL`) lets exactly one of two
 * concurrent exchanges through; the other waits for the row lock, then matches nothing.
 * Throws token_unknown (404) or token_used / token_revoked / token_expired (410).
 */
export async function consumeLinkToken(tx: Tx, token: string, now: Date): Promise<{ requestId: string }> {
  if (!isWellFormedToken(token)) throw tokenError('token_unknown');
  const tokenHash = hashToken(token);
  const row = await tx.requestToken.findUnique({
    where: { tokenHash },
    select: { id: true, requestId: true, purpose: true, expiresAt: true, usedAt: true, revokedAt: true },
  });
  if (row?.purpose !== 'verify' && row?.purpose !== 'mail') throw tokenError('token_unknown');
  if (row.usedAt) throw tokenError('token_used');
  if (row.revokedAt) throw tokenError('token_revoked');
  if (row.expiresAt.getTime() <= now.getTime()) throw tokenError('token_expired');
  const updated = await tx.requestToken.updateMany({
    where: { id: row.id, usedAt: null, revokedAt: null },
    data: { usedAt: now },
  });
  if (updated.count !== 1) {
    const again = await tx.requestToken.findUnique({ where: { id: row.id }, select: { revokedAt: true } });
    throw tokenError(again?.revokedAt ? 'token_revoked' : 'token_used');
  }
  await appendAudit(tx, {
    requestId: row.requestId,
    actor: { type: 'subject' },
    type: 'token.used',
    data: { purpose: row.purpose },
  });
  return { requestId: row.requestId };
}

const TOKEN_MESSAGES = {
  token_unknown: 'This link is not valid.',
  token_used: 'This link has already been used.',
  token_revoked: 'A newer link was sent; use the latest one.',
  token_expired: 'This link has expired.',
} as const;

export function tokenError(code: keyof typeof TOKEN_MESSAGES): AppError {
  return new AppError(code, code === 'token_unknown' ? 404 : 410, TOKEN_MESSAGES[code]);
}

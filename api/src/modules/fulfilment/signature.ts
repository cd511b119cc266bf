import { createHmac, timingSafeEqual } from 'node:crypto';

// The signature of webhook deliveries and of the callbacks that answer them (docs/WEBHOOKS.md):
//   X-DSR-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
// Signing the timestamp with the body lets a receiver refuse replays of an old, valid message.

export const SIGNATURE_HEADER = 'x-dsr-signature';
/** A signature older than this is refused (replay). */
export const SIGNATURE_MAX_AGE_SECONDS = 5 * 60;
/** Clocks drift: a timestamp this far ahead is still accepted. */
export const SIGNATURE_MAX_SKEW_SECONDS = 60;

function hmacHex(secret: string, t: number, body: Buffer | string): string {
  return createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
}

/** The header value for `body` signed at `t` (unix seconds). */
export function signPayload(secret: string, body: Buffer | string, t: number): string {
  return `t=${t},v1=${hmacHex(secret, t, body)}`;
}

export type SignatureCheck =
  | { ok: true; t: number }
  | { ok: false; code: 'signature_missing' | 'signature_invalid' | 'signature_expired' };

/**
 * Checks a header against the raw body: well-formed, fresh (not older than 5 minutes, not more than
 * 1 minute ahead) and a `v1` equal to our HMAC (constant-time compare; several `v1` are allowed so a
 * sender can sign with an old and a new secret during a rotation).
 */
export function verifySignature(
  secret: string,
  body: Buffer | string,
  header: string | undefined,
  nowSeconds: number,
): SignatureCheck {
  if (!header) return { ok: false, code: 'signature_missing' };
  let t: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (key === 'v1' && value && /^[0-9a-f]{64}$/i.test(value)) candidates.push(value.toLowerCase());
  }
  if (t === undefined || candidates.length === 0) return { ok: false, code: 'signature_invalid' };
  const expected = Buffer.from(hmacHex(secret, t, body), 'hex');
  const matches = candidates.some((c) => timingSafeEqual(Buffer.from(c, 'hex'), expected));
  if (!matches) return { ok: false, code: 'signature_invalid' };
  // Freshness after the HMAC: only a genuine, old message is told it expired.
  if (t < nowSeconds - SIGNATURE_MAX_AGE_SECONDS || t > nowSeconds + SIGNATURE_MAX_SKEW_SECONDS) {
    return { ok: false, code: 'signature_expired' };
  }
  return { ok: true, t };
}

export const unixSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

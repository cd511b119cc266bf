import { createHmac } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { safeEqual } from '../../lib/tokens.ts';

// CSRF defence in depth (STAFF.md "CSRF", R7): the origin of the request, a JSON body (a cross-site
// form or no-cors fetch can only send text/plain, urlencoded or multipart), and a token bound to the
// session that a cross-site page cannot read. SameSite=Strict on the cookie is the fourth layer.

export const MUTATING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The token is derived from the session's secret, so it is never stored and is stable for the session. */
export function csrfTokenFor(csrfSecret: string): string {
  return createHmac('sha256', csrfSecret).update('dsr-staff-csrf-v1').digest('base64url');
}

export function csrfFailed(detail: string): AppError {
  return new AppError('csrf_failed', 403, detail);
}

/**
 * The request must come from our own pages: `Origin` equal to PUBLIC_URL's origin or, when a browser
 * omits it, `Sec-Fetch-Site: same-origin`. Any fetch metadata other than same-origin is refused even
 * with a matching Origin. A body, if any, must be JSON, or multipart on a route that takes a file
 * upload (`config.multipartUpload`): a cross-site form can send multipart, but not the X-CSRF-Token
 * header, which is still required there.
 */
export function assertSameOriginJson(
  request: FastifyRequest,
  publicOrigin: string,
  allowMultipart = false,
): void {
  const origin = request.headers.origin;
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') throw csrfFailed('Cross-site requests are refused.');
  if (origin !== undefined ? origin !== publicOrigin : site !== 'same-origin') {
    throw csrfFailed('The request does not come from this site.');
  }
  const type = request.headers['content-type'];
  const hasBody =
    request.headers['transfer-encoding'] !== undefined ||
    (request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0');
  const accepted = type !== undefined && (isJson(type) || (allowMultipart && isMultipart(type)));
  if (type !== undefined ? !accepted : hasBody) throw csrfFailed('The body must be JSON.');
}

export function assertCsrfToken(request: FastifyRequest, csrfSecret: string): void {
  const sent = request.headers['x-csrf-token'];
  if (typeof sent !== 'string' || !safeEqual(sent, csrfTokenFor(csrfSecret))) {
    throw csrfFailed('The X-CSRF-Token header is missing or wrong.');
  }
}

const isJson = (type: string) => /^application\/json\s*(;|$)/i.test(type);
const isMultipart = (type: string) => /^multipart\/form-data\s*;/i.test(type);

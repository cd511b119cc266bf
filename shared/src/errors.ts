import { z } from 'zod';

// Stable error codes: clients branch on `code`, never on `title` or `detail`.
// Titles are English defaults; the web translates by code.
export const ERROR_CODES = {
  // Malformed or invalid input
  validation_failed: { status: 400, title: 'The request contains invalid fields' },
  invalid_json: { status: 400, title: 'The body is not valid JSON' },
  invalid_body: { status: 400, title: 'The body could not be read' },
  bad_request: { status: 400, title: 'Bad request' },
  locale_not_offered: { status: 400, title: 'The controller does not offer this language' },
  bad_url: { status: 400, title: 'The URL is not validly encoded' },
  uri_too_long: { status: 414, title: 'The URL is too long' },
  headers_too_large: { status: 431, title: 'The request headers are too large' },
  payload_too_large: { status: 413, title: 'The body is too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  not_acceptable: { status: 406, title: 'Not acceptable' },
  request_timeout: { status: 408, title: 'Request timeout' },
  // Routing
  not_found: { status: 404, title: 'Not found' },
  route_not_found: { status: 404, title: 'No such route' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  gone: { status: 410, title: 'Gone' },
  // Access
  unauthorized: { status: 401, title: 'Authentication required' },
  invalid_credentials: { status: 401, title: 'Wrong e-mail or password' },
  forbidden: { status: 403, title: 'Not allowed for this account' },
  csrf_failed: { status: 403, title: 'Missing or invalid CSRF token' },
  rate_limited: { status: 429, title: 'Too many requests' },
  // Webhook callbacks (X-DSR-Signature)
  signature_missing: { status: 401, title: 'The X-DSR-Signature header is missing' },
  signature_invalid: { status: 401, title: 'The signature does not match the body' },
  signature_expired: { status: 401, title: 'The signature is too old or in the future' },
  callback_unknown: { status: 404, title: 'No webhook delivery has this id' },
  callback_not_waiting: { status: 409, title: 'This delivery is no longer waiting for an answer' },
  // Verification and status-page tokens
  token_unknown: { status: 404, title: 'This link is not valid' },
  token_used: { status: 410, title: 'This link has already been used' },
  token_expired: { status: 410, title: 'This link has expired' },
  token_revoked: { status: 410, title: 'This link has been revoked' },
  download_expired: { status: 410, title: 'This download has expired' },
  // Request lifecycle
  conflict: { status: 409, title: 'Conflict' },
  stale_version: { status: 409, title: 'The request was changed by someone else' },
  action_not_allowed: { status: 422, title: 'This action is not allowed in the current status' },
  extension_not_allowed: { status: 422, title: 'The deadline can no longer be extended' },
  tasks_open: { status: 422, title: 'Open tasks must be closed first' },
  task_closed: { status: 409, title: 'This task is already closed' },
  attachment_not_allowed: { status: 422, title: 'A file can be attached only to access requests' },
  request_closed: { status: 422, title: 'The request is closed' },
  appeal_window_closed: { status: 422, title: 'The appeal period has ended' },
  unprocessable: { status: 422, title: 'Unprocessable content' },
  // Idempotency-Key
  idempotency_in_flight: {
    status: 409,
    title: 'A request with this Idempotency-Key is still being processed',
  },
  idempotency_mismatch: { status: 422, title: 'This Idempotency-Key was used with a different body' },
  // Server
  service_unavailable: { status: 503, title: 'Service unavailable' },
  internal_error: { status: 500, title: 'Internal server error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERROR_CODES, code);

/** RFC 9457 `type` for a code (a URN: stable, needs no hosting). */
export const problemType = (code: string): string => `urn:problem:dsr:${code}`;

export const fieldErrorSchema = z.object({ path: z.string(), code: z.string(), message: z.string() });
export type FieldError = z.infer<typeof fieldErrorSchema>;

// Loose: problems may carry extension members (e.g. `current` on 409 stale_version), and `code`
// stays a plain string so an older web build still parses codes added later.
export const problemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.int().min(400).max(599),
  code: z.string(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(fieldErrorSchema).optional(),
});
export type Problem = z.infer<typeof problemSchema>;

/** Flattens zod issues into `{path: 'details.corrections.0.correctedValue', code, message}`; one entry per unknown key. */
export function zodIssuesToFieldErrors(issues: readonly z.core.$ZodIssue[], prefix = ''): FieldError[] {
  const join = (path: readonly PropertyKey[]) =>
    [prefix, ...path.map(String)].filter((segment) => segment !== '').join('.');
  return issues.flatMap((issue): FieldError[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: join([...issue.path, key]),
          code: issue.code,
          message: `Unknown field "${key}"`,
        }))
      : [{ path: join(issue.path), code: issue.code, message: issue.message }],
  );
}

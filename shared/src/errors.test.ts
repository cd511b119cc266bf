import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isErrorCode, problemSchema, problemType, zodIssuesToFieldErrors } from './errors.ts';
import { createRequestSchema } from './request-types.ts';

describe('ERROR_CODES', () => {
  it('maps the agreed codes to their HTTP status', () => {
    const expected: Record<string, number> = {
      validation_failed: 400,
      invalid_json: 400,
      payload_too_large: 413,
      unsupported_media_type: 415,
      not_found: 404,
      route_not_found: 404,
      method_not_allowed: 405,
      rate_limited: 429,
      unauthorized: 401,
      forbidden: 403,
      csrf_failed: 403,
      token_unknown: 404,
      token_used: 410,
      token_expired: 410,
      token_revoked: 410,
      stale_version: 409,
      action_not_allowed: 422,
      extension_not_allowed: 422,
      idempotency_in_flight: 409,
      idempotency_mismatch: 422,
      request_closed: 422,
      appeal_window_closed: 422,
      service_unavailable: 503,
      internal_error: 500,
    };
    for (const [code, status] of Object.entries(expected)) {
      expect(isErrorCode(code) && ERROR_CODES[code].status).toBe(status);
    }
  });

  it('uses snake_case codes, error statuses and non-empty titles', () => {
    for (const [code, { status, title }] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(title.length).toBeGreaterThan(0);
    }
    expect(isErrorCode('toString')).toBe(false);
  });
});

describe('problemSchema', () => {
  it('accepts a problem with field errors and extension members', () => {
    const body = {
      type: problemType('stale_version'),
      title: 'The request was changed by someone else',
      status: 409,
      code: 'stale_version',
      instance: '/api/v1/staff/requests/DSR-2026-000001/actions',
      current: { version: 4, status: 'in_progress' },
    };
    expect(problemSchema.parse(body)).toEqual(body);
    expect(problemType('not_found')).toBe('urn:problem:dsr:not_found');
  });

  it('rejects what is not a problem', () => {
    expect(problemSchema.safeParse({ status: 200, title: 'OK' }).success).toBe(false);
    expect(
      problemSchema.safeParse({ type: 'x', title: 'x', status: 400, code: 'x', errors: [{}] }).success,
    ).toBe(false);
  });
});

describe('zodIssuesToFieldErrors', () => {
  it('gives dotted paths, codes and one entry per unknown key', () => {
    const result = createRequestSchema.safeParse({
      type: 'rectification',
      email: 'nope',
      fullName: 'A',
      details: { corrections: [{ field: 'name', correctedValue: '' }] },
      extra: 1,
      other: 2,
    });
    const errors = zodIssuesToFieldErrors(result.error!.issues);
    expect(errors.map(({ path, code }) => ({ path, code }))).toEqual([
      { path: 'details.corrections.0.correctedValue', code: 'too_small' },
      { path: 'email', code: 'invalid_format' },
      { path: 'extra', code: 'unrecognized_keys' },
      { path: 'other', code: 'unrecognized_keys' },
    ]);
    expect(errors.every((e) => e.message.length > 0)).toBe(true);
  });

  it('prefixes paths when asked', () => {
    const result = createRequestSchema.safeParse({ type: 'access', email: 'a@b.fr' });
    expect(zodIssuesToFieldErrors(result.error!.issues, 'body')).toMatchObject([{ path: 'body.fullName' }]);
  });
});

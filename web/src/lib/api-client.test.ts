import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiRequest, toProblem } from './api-client.ts';

function jsonResponse(status: number, body: unknown, type = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
}

afterEach(() => vi.unstubAllGlobals());

describe('apiRequest', () => {
  it('sends JSON to /api/v1 with same-origin credentials and the CSRF header', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, { ok: true }));
    vi.stubGlobal('fetch', fetchMock);
    await expect(
      apiRequest('/staff/x', { method: 'POST', body: { a: 1 }, csrfToken: 'tok' }),
    ).resolves.toEqual({
      ok: true,
    });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/staff/x');
    expect(init.credentials).toBe('same-origin');
    expect(init.body).toBe('{"a":1}');
    expect((init.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });

  it('turns problem+json into an ApiError with code and field errors', async () => {
    const problem = {
      type: 'https://dsr.example/problems/validation',
      title: 'Invalid request',
      status: 400,
      code: 'validation_failed',
      errors: [{ path: 'email', code: 'invalid_string', message: 'Invalid e-mail' }],
    };
    vi.stubGlobal('fetch', async () => jsonResponse(400, problem, 'application/problem+json'));
    const error = await apiRequest('/requests', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'validation_failed', title: 'Invalid request' });
    expect((error as ApiError).fieldErrors().email?.message).toBe('Invalid e-mail');
  });

  it('maps non-problem errors and network failures to client codes', async () => {
    vi.stubGlobal('fetch', async () => new Response('<html>', { status: 502, statusText: 'Bad Gateway' }));
    await expect(apiRequest('/health')).rejects.toMatchObject({ status: 502, code: 'http_error' });
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(apiRequest('/health')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('validates the response with the given schema', async () => {
    vi.stubGlobal('fetch', async () => jsonResponse(200, { status: 'nope' }));
    const schema = {
      parse(data: unknown) {
        if ((data as { status?: unknown }).status !== 'ok') throw new Error('bad');
        return data as { status: 'ok' };
      },
    };
    await expect(apiRequest('/health', { schema })).rejects.toMatchObject({ code: 'invalid_response' });
  });
});

describe('toProblem', () => {
  it('keeps detail and ignores malformed errors', () => {
    expect(toProblem(410, 'Gone', { code: 'token_used', title: 'Used', status: 410, detail: 'd' })).toEqual({
      type: 'about:blank',
      title: 'Used',
      status: 410,
      code: 'token_used',
      detail: 'd',
    });
  });
});

import { API_BASE } from './paths.ts';

// One fetch wrapper for `/api/v1`: JSON in and out, RFC 9457 problem+json errors turned into a
// typed ApiError with the API's stable `code`. Callers may pass a schema (a zod schema from
// @dsr/shared fits) so responses are validated, not trusted.

export interface FieldError {
  path: string;
  code: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: FieldError[];
}

/** Codes the client makes up when the server did not answer with problem+json. */
export type ClientErrorCode = 'network_error' | 'aborted' | 'http_error' | 'invalid_response';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[];
  /** Seconds from a 429's or 503's Retry-After header, when it gave a number. */
  readonly retryAfter: number | undefined;

  constructor(problem: Problem, retryAfter?: number) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.retryAfter = retryAfter;
  }

  /** Field errors keyed by path (`details.corrections.0.field`), first message wins. */
  fieldErrors(): Record<string, FieldError> {
    const byPath: Record<string, FieldError> = {};
    for (const error of this.errors) byPath[error.path] ??= error;
    return byPath;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

interface Parser<T> {
  parse(data: unknown): T;
}

export interface ApiRequestOptions<T> {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  /** Staff mutations: the token from `POST /staff/session` or `GET /staff/me`. */
  csrfToken?: string;
  /** Subject endpoints (`/requests/me`): the access token from `POST /verifications`. */
  accessToken?: string;
  idempotencyKey?: string;
  signal?: AbortSignal;
  schema?: Parser<T>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toFieldErrors(value: unknown): FieldError[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isRecord).map((e) => ({
    path: String(e.path ?? ''),
    code: String(e.code ?? ''),
    message: String(e.message ?? ''),
  }));
}

/** Reads a problem+json body; anything else becomes a generic `http_error` problem. */
export function toProblem(status: number, statusText: string, body: unknown): Problem {
  if (isRecord(body) && typeof body.code === 'string') {
    const errors = toFieldErrors(body.errors);
    return {
      type: typeof body.type === 'string' ? body.type : 'about:blank',
      title: typeof body.title === 'string' ? body.title : statusText,
      status: typeof body.status === 'number' ? body.status : status,
      code: body.code,
      ...(typeof body.detail === 'string' ? { detail: body.detail } : {}),
      ...(errors ? { errors } : {}),
    };
  }
  return { type: 'about:blank', title: statusText || `HTTP ${status}`, status, code: 'http_error' };
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204 || response.status === 205) return undefined;
  const contentType = response.headers.get('content-type') ?? '';
  if (!/[/+]json\b/.test(contentType)) return undefined;
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

export async function apiRequest<T = unknown>(path: string, options: ApiRequestOptions<T> = {}): Promise<T> {
  const { method = 'GET', body, csrfToken, accessToken, idempotencyKey, signal, schema } = options;
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;

  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      credentials: 'same-origin',
      signal: signal ?? null,
    });
  } catch (error) {
    const aborted = error instanceof DOMException && error.name === 'AbortError';
    const code: ClientErrorCode = aborted ? 'aborted' : 'network_error';
    throw new ApiError({ type: 'about:blank', title: code, status: 0, code });
  }

  const data = await readBody(response);
  if (!response.ok) {
    const retryAfter = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
    throw new ApiError(
      toProblem(response.status, response.statusText, data),
      Number.isFinite(retryAfter) ? retryAfter : undefined,
    );
  }
  if (!schema) return data as T;
  try {
    return schema.parse(data);
  } catch {
    throw new ApiError({
      type: 'about:blank',
      title: 'Invalid response',
      status: response.status,
      code: 'invalid_response' satisfies ClientErrorCode,
    });
  }
}

export const api = {
  get: <T>(path: string, options?: Omit<ApiRequestOptions<T>, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'GET' }),
  post: <T>(path: string, body?: unknown, options?: Omit<ApiRequestOptions<T>, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'POST', body }),
  patch: <T>(path: string, body?: unknown, options?: Omit<ApiRequestOptions<T>, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'PATCH', body }),
  delete: <T>(path: string, options?: Omit<ApiRequestOptions<T>, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'DELETE' }),
};

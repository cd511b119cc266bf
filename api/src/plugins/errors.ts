import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { ERROR_CODES, isErrorCode, problemType } from '@dsr/shared/errors';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import { AppError, type FieldError } from '../errors.ts';

// One error shape for every failure: RFC 9457 problem+json with a stable `code`.
// Nothing a client sends may produce a 500; a 500 never carries a stack trace or message.

/** Fastify's own client-error codes mapped to ours. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_body',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_BAD_URL: 'bad_url',
  FST_ERR_MAX_PARAM_LENGTH: 'uri_too_long',
  // @fastify/multipart (task attachments)
  FST_REQ_FILE_TOO_LARGE: 'payload_too_large',
  FST_FILES_LIMIT: 'payload_too_large',
  FST_PARTS_LIMIT: 'payload_too_large',
  FST_FIELDS_LIMIT: 'payload_too_large',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'unsupported_media_type',
  FST_ERR_ASYNC_CONSTRAINT: 'route_not_found',
};

const GENERIC_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  409: 'conflict',
  410: 'gone',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
  503: 'service_unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [key: string]: unknown;
}

export function sendProblem(
  reply: FastifyReply,
  status: number,
  code: string,
  detail?: string,
  extra: Record<string, unknown> = {},
): FastifyReply {
  const body: Problem = {
    type: problemType(code),
    title: isErrorCode(code) ? ERROR_CODES[code].title : 'Error',
    status,
    code,
    ...(detail ? { detail } : {}),
    ...extra,
  };
  return reply.status(status).type('application/problem+json; charset=utf-8').send(body);
}

function fieldPath(context: string | undefined, instancePath: string): string {
  const path = instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
  const prefix = context && context !== 'body' ? (context === 'querystring' ? 'query' : context) : '';
  return [prefix, path].filter(Boolean).join('.');
}

function handleError(
  this: FastifyInstance,
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (error instanceof AppError) {
    const { errors, headers, ...rest } = error.extra;
    if (headers) reply.headers(headers);
    return sendProblem(
      reply,
      error.status,
      error.code,
      error.message === error.code ? undefined : error.message,
      {
        ...rest,
        ...(errors ? { errors } : {}),
      },
    );
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext;
    const errors: FieldError[] = error.validation.map((v) => ({
      path: fieldPath(context, v.instancePath),
      code: String(v.keyword),
      message: v.message ?? 'Invalid value',
    }));
    return sendProblem(reply, 400, 'validation_failed', 'The request has invalid fields.', { errors });
  }
  const database = classifyDatabaseError(error);
  if (database === 'unavailable') {
    reply.header('retry-after', '5');
    return sendProblem(reply, 503, 'service_unavailable', 'The database is unavailable; try again shortly.');
  }
  if (database === 'bad_value') {
    // A value the validation let through but PostgreSQL refuses: still the client's input, never a 500.
    return sendProblem(reply, 400, 'validation_failed', 'A value is not acceptable.');
  }
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status === 429) {
    return sendProblem(reply, 429, 'rate_limited', 'Too many requests; try again later.');
  }
  if (status >= 400 && status < 500) {
    const code = (error.code && FASTIFY_CODES[error.code]) ?? GENERIC_CODES[status] ?? 'bad_request';
    // Never Fastify's message: several quote the URL or a header back (reflected input). The code's
    // title says what went wrong.
    return sendProblem(reply, status, code);
  }
  if (status === 503)
    return sendProblem(reply, 503, 'service_unavailable', 'The service is temporarily unavailable.');
  request.log.error(
    { err: { type: error.name, code: error.code, message: error.message, stack: error.stack } },
    'unhandled error',
  );
  return sendProblem(reply, 500, 'internal_error', 'An unexpected error occurred. It has been logged.');
}

/**
 * Errors Fastify raises before routing (a malformed percent-encoding, a path parameter over
 * `maxParamLength`, an async constraint): no route hook has run, so the security headers are set
 * here, then the one handler answers. Pass as Fastify's `frameworkErrors` option.
 */
export function frameworkErrorHandler(headers: Readonly<Record<string, string>>) {
  return function onFrameworkError(
    this: FastifyInstance,
    error: FastifyError,
    request: FastifyRequest,
    reply: FastifyReply,
  ) {
    reply.headers({ ...headers, 'cache-control': 'no-store' });
    return handleError.call(this, error, request, reply);
  };
}

const CLIENT_ERRORS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'headers_too_large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request_timeout'],
};

/**
 * Requests Node's HTTP parser refuses (bad request line, header overflow, timeout) never reach
 * Fastify: the answer is written on the socket, as problem+json with the same headers, and the
 * connection closed. Pass as Fastify's `clientErrorHandler` option.
 */
export function clientErrorHandler(headers: Readonly<Record<string, string>>) {
  return function onClientError(error: Error & { code?: string }, socket: Duplex) {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, code] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'bad_request'];
    const body = JSON.stringify({
      type: problemType(code),
      title: isErrorCode(code) ? ERROR_CODES[code].title : 'Error',
      status,
      code,
    });
    const lines = [
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
      'connection: close',
      'content-type: application/problem+json; charset=utf-8',
      `content-length: ${Buffer.byteLength(body)}`,
      'cache-control: no-store',
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ];
    if (socket.writable) socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
    else socket.destroy();
  };
}

export const errorsPlugin = fp(
  async (app) => {
    app.setErrorHandler(handleError);
  },
  { name: 'errors' },
);

// Prisma client errors (plain pg ones: db/unavailable.ts): P1xxx are connection-level; P2024 is a pool timeout. The driver adapter's
// cause names unreachable or dropped servers; SQLSTATE class 22 is a data exception (bad value).
const UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const UNAVAILABLE_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'DatabaseDoesNotExist',
]);

function classifyDatabaseError(error: unknown): 'unavailable' | 'bad_value' | undefined {
  const e = error as {
    name?: string;
    code?: unknown;
    statusCode?: unknown;
    meta?: { driverAdapterError?: { cause?: unknown } };
  };
  if (typeof e?.name !== 'string' || !e.name.startsWith('PrismaClient')) {
    // Plain pg (intake's one statement, the pool under Prisma): a refused or dropped connection.
    const clientError = typeof e?.statusCode === 'number' && e.statusCode < 500;
    return !clientError && isDatabaseUnavailable(error) ? 'unavailable' : undefined;
  }
  const cause = (e.meta?.driverAdapterError?.cause ?? {}) as {
    kind?: string;
    code?: string;
    originalCode?: string;
  };
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return 'unavailable';
  if (cause.kind && UNAVAILABLE_KINDS.has(cause.kind)) return 'unavailable';
  const sqlState = cause.originalCode ?? cause.code ?? '';
  if (sqlState.startsWith('08') || sqlState.startsWith('57P')) return 'unavailable';
  if (sqlState.startsWith('22')) return 'bad_value';
  if (e.name === 'PrismaClientInitializationError') return 'unavailable';
  return undefined;
}

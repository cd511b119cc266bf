import type { IncomingMessage, ServerResponse } from 'node:http';
import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import helmetHeaders, { type HelmetOptions } from 'helmet';
import { sqlPool } from '../db/client.ts';
import { pgRateLimitStore } from '../modules/rate-limits/pg-store.ts';

// Security headers for every response (R9), no caching of API answers (they carry personal data),
// and the rate-limit machinery (off by default; routes opt in with `config.rateLimit`).

/**
 * The one set of security headers. HSTS is sent when PUBLIC_URL is https: the portal usually sits
 * behind a TLS proxy and listens on plain HTTP, and what the browser sees is PUBLIC_URL.
 * X-Frame-Options DENY says what `frame-ancestors 'none'` says, for browsers that only know the former.
 */
export function securityHeaderOptions(publicUrl: string): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Token pages must not leak their URL; the whole app can live without referrers.
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
    xFrameOptions: { action: 'deny' },
    strictTransportSecurity: publicUrl.startsWith('https:')
      ? { maxAge: 365 * 24 * 3600, includeSubDomains: true }
      : false,
  };
}

/**
 * The same headers as a plain map: for answers Fastify gives before routing (a malformed URL, a path
 * parameter over the length limit, a request the HTTP parser refuses), where no route hook runs.
 * They do not depend on the request (no nonces), so they are computed once.
 */
export function securityHeaders(publicUrl: string): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const collector = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmetHeaders(securityHeaderOptions(publicUrl))(
    {} as IncomingMessage,
    collector as unknown as ServerResponse,
    () => {},
  );
  return Object.freeze(headers);
}

export const securityPlugin = fp<{ headers: Readonly<Record<string, string>> }>(
  async (app, options) => {
    // Helmet's headers (securityHeaders, computed once by buildApp: they depend on no request) set
    // on every answer before routing, as @fastify/helmet would but without running helmet's
    // middleware per request (its header building was a visible share of intake's CPU under load).
    const headers = Object.entries(options.headers);
    app.addHook('onRequest', (_request, reply, done) => {
      for (const [name, value] of headers) reply.raw.setHeader(name, value);
      done();
    });
    await app.register(rateLimit, {
      global: false,
      // Counted in PostgreSQL: shared by every instance on the database, kept across restarts.
      store: pgRateLimitStore(sqlPool(app.deps.prisma)),
      errorResponseBuilder: (_request, context) => {
        const error = new Error('Too many requests') as Error & { statusCode: number; retryAfter: string };
        error.statusCode = context.statusCode;
        return error;
      },
    });
    app.addHook('onSend', async (request, reply, payload) => {
      if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) {
        reply.header('cache-control', 'no-store');
      }
      return payload;
    });
  },
  { name: 'security' },
);

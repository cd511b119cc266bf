import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { type CounterDb, counterKey, hitCounter, peekCounter } from './counters.repository.ts';

// @fastify/rate-limit's store in PostgreSQL: the per-IP limits of every route (route config
// `rateLimit`, `app.rateLimit()`, `app.createRateLimit()`) count into `rate_limit_counters`, shared by
// every instance on the database, with the same answers and Retry-After as its in-memory store.
// Counters are namespaced per route (method + URL), or by `groupId` for limiters made outside a
// route, so one IP's budget on one route does not spend another's. Wall clock, like the plugin's own.
// A database that does not answer fails the check, and the error handler answers 503.

interface RouteParams {
  routeInfo?: { method?: string | string[]; url?: string };
  groupId?: string;
  max?: unknown;
  timeWindow?: unknown;
}

export function pgRateLimitStore(db: CounterDb): FastifyRateLimitStoreCtor {
  class PgRateLimitStore {
    private readonly scope: string;

    constructor(params: RouteParams = {}) {
      const route = params.routeInfo;
      const method = Array.isArray(route?.method) ? route.method.join(',') : route?.method;
      this.scope = route?.url
        ? `${method ?? ''} ${route.url}`
        : (params.groupId ?? `${String(params.max)}/${String(params.timeWindow)}`);
    }

    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      const now = new Date();
      hitCounter(db, counterKey('http', this.scope, key), timeWindow, now).then(
        ({ hits, resetAt }) =>
          callback(null, { current: hits, ttl: Math.max(0, resetAt.getTime() - now.getTime()) }),
        (err: Error) => callback(err),
      );
    }

    read(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
    ): void {
      const now = new Date();
      peekCounter(db, counterKey('http', this.scope, key), now).then(
        (window) =>
          callback(null, {
            current: window?.hits ?? 0,
            ttl: window ? Math.max(0, window.resetAt.getTime() - now.getTime()) : 0,
          }),
        (err: Error) => callback(err),
      );
    }

    child(routeOptions: RouteParams): PgRateLimitStore {
      return new PgRateLimitStore(routeOptions);
    }
  }
  return PgRateLimitStore as unknown as FastifyRateLimitStoreCtor;
}

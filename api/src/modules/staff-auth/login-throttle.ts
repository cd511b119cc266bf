import type { Db } from '../../db/types.ts';
import {
  clearCounter,
  counterKey,
  hitCounter,
  peekCounter,
  secondsUntil,
} from '../rate-limits/counters.repository.ts';

// Login throttling (R5) has two layers, and neither lets an attacker lock the real user out:
//  1. per IP: 20 attempts a minute on POST /staff/session (@fastify/rate-limit, route config), whatever
//     the account — bounds what one address can try in total;
//  2. per (account, IP): 10 failed attempts in 15 minutes from one address for one e-mail → 429 for
//     that pair only (this class). The same account from any other address is untouched, so an attacker
//     hammering a colleague's e-mail from their own IP blocks only themself.
// A per-account limit across all IPs would stop a distributed guesser but hands every attacker a
// lockout of any victim; we rely on argon2's cost, the per-IP budget and 12-character passwords instead.
// Only failures count, and a success clears the pair. The counter uses the app's clock (tests move it);
// keys are digests, so no e-mail or address is stored. Kept in PostgreSQL (modules/rate-limits): every
// instance on the database sees the same failures, and a restart does not forget them.

export interface ThrottleOptions {
  maxFailures: number;
  windowMs: number;
}

export class LoginThrottle {
  constructor(
    private readonly db: Db,
    private readonly options: ThrottleOptions = { maxFailures: 10, windowMs: 15 * 60_000 },
  ) {}

  static key(email: string, ip: string): string {
    return counterKey('staff-login', email, ip);
  }

  /** Seconds until this pair may try again, or 0 when it may try now. */
  async retryAfter(key: string, now: Date): Promise<number> {
    const window = await peekCounter(this.db, key, now);
    if (!window || window.hits < this.options.maxFailures) return 0;
    return secondsUntil(window.resetAt, now);
  }

  async recordFailure(key: string, now: Date): Promise<void> {
    await hitCounter(this.db, key, this.options.windowMs, now);
  }

  async clear(key: string): Promise<void> {
    await clearCounter(this.db, key);
  }
}

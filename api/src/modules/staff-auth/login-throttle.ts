import { hashToken } from '../../lib/tokens.ts';

// Login throttling (R5) has two layers, and neither lets an attacker lock the real user out:
//  1. per IP: 20 attempts a minute on POST /staff/session (@fastify/rate-limit, route config), whatever
//     the account — bounds what one address can try in total;
//  2. per (account, IP): 10 failed attempts in 15 minutes from one address for one e-mail → 429 for
//     that pair only (this class). The same account from any other address is untouched, so an attacker
//     hammering a colleague's e-mail from their own IP blocks only themself.
// A per-account limit across all IPs would stop a distributed guesser but hands every attacker a
// lockout of any victim; we rely on argon2's cost, the per-IP budget and 12-character passwords instead.
// Only failures count, and a success clears the pair. The counter uses the app's clock (tests move it);
// keys are digests, so no e-mail or address sits in memory. In-process: one instance per app.

export interface ThrottleOptions {
  maxFailures: number;
  windowMs: number;
}

export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly options: ThrottleOptions = { maxFailures: 10, windowMs: 15 * 60_000 }) {}

  static key(email: string, ip: string): string {
    return hashToken(`staff-login\n${email}\n${ip}`);
  }

  /** Seconds until this pair may try again, or 0 when it may try now. */
  retryAfter(key: string, now: Date): number {
    const entry = this.failures.get(key);
    if (!entry || entry.resetAt <= now.getTime() || entry.count < this.options.maxFailures) return 0;
    return Math.max(1, Math.ceil((entry.resetAt - now.getTime()) / 1000));
  }

  recordFailure(key: string, now: Date): void {
    const at = now.getTime();
    const entry = this.failures.get(key);
    if (entry && entry.resetAt > at) entry.count += 1;
    else this.failures.set(key, { count: 1, resetAt: at + this.options.windowMs });
    if (this.failures.size > 10_000) this.sweep(at);
  }

  clear(key: string): void {
    this.failures.delete(key);
  }

  private sweep(at: number): void {
    for (const [key, entry] of this.failures) if (entry.resetAt <= at) this.failures.delete(key);
  }
}

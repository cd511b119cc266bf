import { normaliseMailbox } from '../../lib/mailbox.ts';
import { type CounterDb, counterKey, hitCounter, secondsUntil } from '../rate-limits/counters.repository.ts';

// Per-address limit on intake (5 per hour per (mailbox, client IP)). Counted for every new
// submission whether or not the address is known, so hitting it says nothing about existence.
// Keyed on the normalised mailbox (lib/mailbox.ts), so `+tag` variants share one budget. The
// counter is in PostgreSQL (modules/rate-limits): shared by every instance, kept across restarts.

export interface LimitResult {
  allowed: boolean;
  /** Seconds until the window resets (for Retry-After). */
  retryAfterSeconds: number;
}

export class AddressLimiter {
  constructor(
    private readonly db: CounterDb,
    readonly max: number,
    readonly windowMs: number,
  ) {}

  async hit(email: string, ip: string, now: Date): Promise<LimitResult> {
    const key = counterKey('intake/address', normaliseMailbox(email), ip);
    const { hits, resetAt } = await hitCounter(this.db, key, this.windowMs, now);
    return { allowed: hits <= this.max, retryAfterSeconds: secondsUntil(resetAt, now) };
  }
}

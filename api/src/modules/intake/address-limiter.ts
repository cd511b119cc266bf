import { createHash } from 'node:crypto';

// Per-address limit on intake (5 per hour per normalised e-mail). Counted for every new
// submission whether or not the address is known, so hitting it says nothing about existence.
// In memory, per process, like the per-IP limiter; keys are hashes, so no address is held.

export interface LimitResult {
  allowed: boolean;
  /** Seconds until the window resets (for Retry-After). */
  retryAfterSeconds: number;
}

export class AddressLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly maxEntries = 100_000,
  ) {}

  hit(address: string, now: Date): LimitResult {
    const key = createHash('sha256').update(address).digest('base64url');
    const t = now.getTime();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= t) {
      if (this.windows.size >= this.maxEntries) this.sweep(t);
      window = { count: 0, resetAt: t + this.windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return {
      allowed: window.count <= this.max,
      retryAfterSeconds: Math.max(1, Math.ceil((window.resetAt - t) / 1000)),
    };
  }

  private sweep(t: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= t) this.windows.delete(key);
    // Still full (a flood of distinct addresses): forget the oldest rather than grow without bound.
    for (const key of this.windows.keys()) {
      if (this.windows.size < this.maxEntries) break;
      this.windows.delete(key);
    }
  }
}

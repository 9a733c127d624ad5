// In-memory rate limits of the public subscription form: a fixed window per key, forgotten when
// it ends. Per process: with several web nodes behind a balancer each counts on its own, which
// still bounds what a form can be made to send (see docs/subscribe.md).

export interface Limit {
  /** Requests allowed per window. */
  max: number;
  windowMs: number;
}

/** Defaults: a person subscribes once or twice; an event's shared Wi-Fi may carry a few dozen. */
export const SUBSCRIBE_LIMITS = {
  perAddress: { max: 5, windowMs: 60 * 60_000 },
  perIp: { max: 30, windowMs: 60 * 60_000 },
} as const satisfies Record<string, Limit>;

/** Keys kept at most; past it, expired windows are dropped, then the oldest ones. */
const MAX_KEYS = 100_000;

export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly limit: Limit) {}

  /** Counts one request; the seconds to wait when it is over the limit, else 0. */
  hit(key: string, now: number): number {
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      this.windows.delete(key);
      if (this.windows.size >= MAX_KEYS) this.prune(now);
      w = { count: 0, resetAt: now + this.limit.windowMs };
      this.windows.set(key, w);
    }
    w.count++;
    return w.count > this.limit.max ? Math.max(1, Math.ceil((w.resetAt - now) / 1000)) : 0;
  }

  private prune(now: number): void {
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    // Maps iterate in insertion order: the first keys are the oldest windows.
    for (const k of this.windows.keys()) {
      if (this.windows.size < MAX_KEYS * 0.9) break;
      this.windows.delete(k);
    }
  }
}

// In-memory limits of the submission server (per node): a token bucket of recipients per
// credential, and a growing delay for AUTH from an IP address or user name that recently failed,
// so guessing passwords costs time without locking the rightful owner out for good.
import type { Clock } from '../lib/clock.ts';

interface Bucket {
  tokens: number;
  at: number;
}

export class RecipientRate {
  private readonly buckets = new Map<number, Bucket>();

  constructor(private readonly clock: Clock) {}

  /**
   * Takes one token from the credential's bucket (`perMinute` tokens, refilled continuously).
   * Returns 0 when taken, or the seconds to wait before one is available.
   */
  take(credentialId: number, perMinute: number): number {
    const now = this.clock.now();
    const b = this.buckets.get(credentialId) ?? { tokens: perMinute, at: now };
    b.tokens = Math.min(perMinute, b.tokens + ((now - b.at) / 60_000) * perMinute);
    b.at = now;
    this.buckets.set(credentialId, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil(((1 - b.tokens) * 60) / perMinute));
  }
}

interface Failures {
  count: number;
  last: number;
}

export interface AuthThrottleOptions {
  /** Delay after the first failure; doubles with each further one. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Failures older than this are forgotten. */
  forgetAfterMs?: number;
  /** Entries kept at most (the oldest go first), so a scan of many IPs cannot exhaust memory. */
  maxEntries?: number;
}

export class AuthThrottle {
  private readonly failures = new Map<string, Failures>();
  private readonly base: number;
  private readonly max: number;
  private readonly forget: number;
  private readonly maxEntries: number;

  constructor(private readonly clock: Clock, options: AuthThrottleOptions = {}) {
    this.base = options.baseDelayMs ?? 500;
    this.max = options.maxDelayMs ?? 20_000;
    this.forget = options.forgetAfterMs ?? 15 * 60_000;
    this.maxEntries = options.maxEntries ?? 50_000;
  }

  private keys(ip: string, username: string): string[] {
    return [`ip:${ip}`, `user:${username.toLowerCase()}`];
  }

  /** How long to wait before answering an AUTH attempt from this IP for this user name. */
  delayMs(ip: string, username: string): number {
    const now = this.clock.now();
    let worst = 0;
    for (const k of this.keys(ip, username)) {
      const f = this.failures.get(k);
      if (!f) continue;
      if (now - f.last > this.forget) {
        this.failures.delete(k);
        continue;
      }
      worst = Math.max(worst, f.count);
    }
    return worst === 0 ? 0 : Math.min(this.max, this.base * 2 ** (worst - 1));
  }

  failed(ip: string, username: string): void {
    const now = this.clock.now();
    for (const k of this.keys(ip, username)) {
      const f = this.failures.get(k);
      this.failures.delete(k); // re-insert: the Map's order is then oldest-failure first
      this.failures.set(k, { count: (f?.count ?? 0) + 1, last: now });
    }
    while (this.failures.size > this.maxEntries) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) break;
      this.failures.delete(oldest);
    }
  }

  /** A success clears the IP's and the user name's record. */
  succeeded(ip: string, username: string): void {
    for (const k of this.keys(ip, username)) this.failures.delete(k);
  }
}

// Security plumbing of the admin interface: random tokens and their hashes, cookies, constant-time
// comparison, and the in-memory sign-in throttle (per IP and per account, growing delay).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The session cookie (256 random bits; the database keeps their SHA-256). */
export const SESSION_COOKIE = 'facteur_session';
/** The pre-session cookie the sign-in form's CSRF token is bound to. */
export const PRE_COOKIE = 'facteur_pre';

/** 256 random bits, URL-safe: session tokens, CSRF tokens, pre-session cookies. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a session token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** HMAC-SHA256 of a value, base64url (binds the sign-in form's CSRF token to its cookie). */
export function mac(key: string | Buffer, value: string): string {
  return createHmac('sha256', key).update(value).digest('base64url');
}

/** Constant-time string equality (false when lengths differ). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Cookies of a request (RFC 6265 §5.4 Cookie header); the first value of a name wins. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.slice(0, 8192).split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (!out.has(name)) out.set(name, value);
  }
  return out;
}

export interface CookieOptions {
  secure: boolean;
  /** Seconds; 0 deletes the cookie. */
  maxAge: number;
}

/** A Set-Cookie value scoped to /admin, never readable by scripts, not sent on cross-site POSTs. */
export function adminCookie(name: string, value: string, o: CookieOptions): string {
  return `${name}=${value}; Path=/admin; Max-Age=${o.maxAge}; HttpOnly; SameSite=Lax${o.secure ? '; Secure' : ''}`;
}

interface Strike {
  failures: number;
  last: number;
}

export interface ThrottleOptions {
  /** Failures allowed before any delay. */
  free: number;
  /** First delay after the free failures, doubled by each further failure. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A key with no failure for this long is forgotten. */
  forgetAfterMs: number;
  /** Bound on remembered keys (oldest dropped first), so a flood cannot exhaust memory. */
  maxKeys: number;
}

/**
 * Failed sign-ins per key ("ip:…", "account:…"). After `free` failures each further attempt must
 * wait baseDelay·2^(extra failures), capped. In memory: one node's view, reset by a restart —
 * enough to make guessing slow; a shared store is for when several nodes serve /admin.
 */
export class LoginThrottle {
  private readonly strikes = new Map<string, Strike>();

  constructor(private readonly o: ThrottleOptions) {}

  /** Milliseconds the caller must still wait before trying any of these keys (0: go ahead). */
  waitMs(keys: { key: string; free?: number }[], now: number): number {
    let wait = 0;
    for (const { key, free } of keys) {
      const s = this.live(key, now);
      if (!s) continue;
      const extra = s.failures - (free ?? this.o.free);
      if (extra < 0) continue;
      const delay = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** Math.min(extra, 30));
      wait = Math.max(wait, s.last + delay - now);
    }
    return Math.max(0, wait);
  }

  fail(keys: string[], now: number): void {
    for (const key of keys) {
      const s = this.live(key, now);
      this.strikes.delete(key);
      this.strikes.set(key, { failures: (s?.failures ?? 0) + 1, last: now });
    }
    while (this.strikes.size > this.o.maxKeys) {
      const oldest = this.strikes.keys().next().value;
      if (oldest === undefined) break;
      this.strikes.delete(oldest);
    }
  }

  clear(key: string): void {
    this.strikes.delete(key);
  }

  get size(): number {
    return this.strikes.size;
  }

  private live(key: string, now: number): Strike | undefined {
    const s = this.strikes.get(key);
    if (s && now - s.last > this.o.forgetAfterMs) {
      this.strikes.delete(key);
      return undefined;
    }
    return s;
  }
}

// Can a domain receive mail? MX, else A/AAAA fallback (RFC 5321 §5.1), null MX (RFC 7505),
// NXDOMAIN; DNS failures are temporary, never a verdict. DomainChecker adds a bounded TTL cache
// and joins concurrent look-ups, for checking the domains of a whole member file.
import { dnsErrorKind, type MxRecord, type Resolver } from '../../lib/dns.ts';
import { systemClock, type Clock } from '../../lib/clock.ts';
import { REASONS } from './reasons.ts';

export type DomainKind = 'mx' | 'a-fallback' | 'null-mx' | 'nxdomain' | 'no-mail' | 'temp-error';

export interface DomainCheck {
  /** True when the domain is known to accept mail (mx or a-fallback). */
  ok: boolean;
  kind: DomainKind;
  /** English sentence for a domain that is not ok; null when ok. */
  reason: string | null;
  /** Mail exchangers by preference (mx only). */
  mx: string[];
}

/** Kinds that prove the domain cannot receive mail (temp-error proves nothing). */
export const UNDELIVERABLE: ReadonlySet<DomainKind> = new Set(['null-mx', 'nxdomain', 'no-mail']);

// ETIMEOUT, ESERVFAIL, ECONNREFUSED… are 'temporary': ask again later, conclude nothing.
type Outcome = 'found' | 'nodata' | 'nxdomain' | 'temporary';

async function attempt<T>(f: () => Promise<T[]>): Promise<{ outcome: Outcome; records: T[] }> {
  try {
    const records = await f();
    return { outcome: records.length > 0 ? 'found' : 'nodata', records };
  } catch (e) {
    return { outcome: dnsErrorKind(e), records: [] };
  }
}

const result = (kind: DomainKind, mx: string[] = []): DomainCheck => {
  const ok = kind === 'mx' || kind === 'a-fallback';
  const code = kind === 'null-mx' ? 'null_mx' : kind === 'no-mail' ? 'no_mail' : kind === 'temp-error' ? 'temp_error' : kind;
  return { ok, kind, reason: ok ? null : REASONS[code as 'nxdomain' | 'null_mx' | 'no_mail' | 'temp_error'], mx };
};

/** A null MX is "." (node:dns reports it as "") with preference 0 (RFC 7505 §3). */
const isNullMx = (r: MxRecord): boolean => r.exchange.replace(/\.$/, '') === '';

/** Checks one domain, given in ASCII (A-label) form, e.g. ParsedAddress.asciiDomain. */
export async function checkDomain(domain: string, resolver: Resolver): Promise<DomainCheck> {
  const name = domain.toLowerCase().replace(/\.$/, '');
  const mx = await attempt(() => resolver.resolveMx(name));
  if (mx.outcome === 'nxdomain') return result('nxdomain');
  if (mx.outcome === 'temporary') return result('temp-error');
  if (mx.outcome === 'found') {
    const hosts = mx.records.filter((r) => !isNullMx(r));
    // RFC 7505 §3: a null MX must be alone; if real MX records sit beside it, the domain is
    // misconfigured but does name mail servers, so we use them (as MTAs do).
    if (hosts.length === 0) return result('null-mx');
    hosts.sort((a, b) => a.priority - b.priority);
    return result('mx', hosts.map((r) => r.exchange.toLowerCase().replace(/\.$/, '')));
  }
  // No MX: RFC 5321 §5.1 treats the domain itself as the mail server if it has an address.
  const [a, aaaa] = await Promise.all([attempt(() => resolver.resolve4(name)), attempt(() => resolver.resolve6(name))]);
  if (a.outcome === 'found' || aaaa.outcome === 'found') return result('a-fallback');
  if (a.outcome === 'temporary' || aaaa.outcome === 'temporary') return result('temp-error');
  if (a.outcome === 'nxdomain' && aaaa.outcome === 'nxdomain') return result('nxdomain');
  return result('no-mail');
}

export interface DomainCheckerOptions {
  resolver: Resolver;
  /** How long a verdict is kept, ms (default 1 h); temp-error is kept only `tempTtlMs` (default 1 min). */
  ttlMs?: number;
  tempTtlMs?: number;
  /** Most domains kept (default 50,000); the least recently used go first. */
  maxEntries?: number;
  clock?: Clock;
}

/** checkDomain with a bounded LRU + TTL cache; concurrent calls for one domain share one look-up. */
export class DomainChecker {
  private readonly cache = new Map<string, { value: DomainCheck; expires: number }>();
  private readonly pending = new Map<string, Promise<DomainCheck>>();
  private readonly resolver: Resolver;
  private readonly ttlMs: number;
  private readonly tempTtlMs: number;
  private readonly maxEntries: number;
  private readonly clock: Clock;
  /** Look-ups that went to the resolver (for tests and figures). */
  lookups = 0;

  constructor(opts: DomainCheckerOptions) {
    this.resolver = opts.resolver;
    this.ttlMs = opts.ttlMs ?? 3_600_000;
    this.tempTtlMs = opts.tempTtlMs ?? 60_000;
    this.maxEntries = Math.max(1, opts.maxEntries ?? 50_000);
    this.clock = opts.clock ?? systemClock;
  }

  get size(): number {
    return this.cache.size;
  }

  check(domain: string): Promise<DomainCheck> {
    const key = domain.toLowerCase().replace(/\.$/, '');
    const hit = this.cache.get(key);
    if (hit && hit.expires > this.clock.now()) {
      // Re-insert so Map order stays least-recently-used first.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return Promise.resolve(hit.value);
    }
    if (hit) this.cache.delete(key);
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    this.lookups++;
    const p = checkDomain(key, this.resolver)
      .then((value) => {
        this.store(key, value);
        return value;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, p);
    return p;
  }

  private store(key: string, value: DomainCheck): void {
    const ttl = value.kind === 'temp-error' ? this.tempTtlMs : this.ttlMs;
    this.cache.set(key, { value, expires: this.clock.now() + ttl });
    while (this.cache.size > this.maxEntries) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
    }
  }
}

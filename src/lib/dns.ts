// The injected DNS resolver. Production wraps node:dns; tests and staging answer from a zone
// (StaticResolver), so no test ever asks the real DNS. Errors carry node's codes
// (ENOTFOUND = NXDOMAIN, ENODATA = no record of that type, ETIMEOUT/ESERVFAIL = try later).
import { promises as dns } from 'node:dns';
import { readFileSync } from 'node:fs';
import type { Clock } from './clock.ts';

export interface MxRecord {
  exchange: string;
  priority: number;
}

export interface Resolver {
  resolveMx(domain: string): Promise<MxRecord[]>;
  resolveTxt(domain: string): Promise<string[][]>;
  resolve4(domain: string): Promise<string[]>;
  resolve6(domain: string): Promise<string[]>;
}

export class DnsError extends Error {
  constructor(
    readonly code: 'ENOTFOUND' | 'ENODATA' | 'ETIMEOUT' | 'ESERVFAIL',
    readonly hostname: string,
  ) {
    super(`${code} ${hostname}`);
    this.name = 'DnsError';
  }
}

/** node:dns, optionally pointed at given servers. */
export function systemResolver(servers?: string[]): Resolver {
  const r = new dns.Resolver({ timeout: 5000, tries: 2 });
  if (servers && servers.length > 0) r.setServers(servers);
  return {
    resolveMx: (d) => r.resolveMx(d),
    resolveTxt: (d) => r.resolveTxt(d),
    resolve4: (d) => r.resolve4(d),
    resolve6: (d) => r.resolve6(d),
  };
}

/** Records per name, lower-case, without the trailing dot. */
export interface Zone {
  [name: string]: {
    MX?: MxRecord[];
    TXT?: string[][] | string[];
    A?: string[];
    AAAA?: string[];
  };
}

/** Answers from an in-memory zone: a name absent from the zone is NXDOMAIN, a missing type ENODATA. */
export class StaticResolver implements Resolver {
  constructor(private readonly zone: Zone) {}

  private lookup<K extends 'MX' | 'TXT' | 'A' | 'AAAA'>(name: string, type: K) {
    const key = name.toLowerCase().replace(/\.$/, '');
    const entry = this.zone[key];
    if (!entry) return Promise.reject(new DnsError('ENOTFOUND', name));
    const records = entry[type];
    if (!records) return Promise.reject(new DnsError('ENODATA', name));
    return Promise.resolve(records);
  }

  resolveMx(domain: string): Promise<MxRecord[]> {
    return this.lookup(domain, 'MX');
  }
  async resolveTxt(domain: string): Promise<string[][]> {
    const recs = await this.lookup(domain, 'TXT');
    return recs.map((r) => (Array.isArray(r) ? r : [r]));
  }
  resolve4(domain: string): Promise<string[]> {
    return this.lookup(domain, 'A');
  }
  resolve6(domain: string): Promise<string[]> {
    return this.lookup(domain, 'AAAA');
  }
}

/** Reads a JSON zone (the Zone shape above) for `dns.zone_file`; names are lower-cased, trailing dots dropped. */
export function loadZoneFile(path: string): Zone {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${path}: a DNS zone file must be a JSON object of names`);
  }
  const zone: Zone = {};
  for (const [name, records] of Object.entries(parsed as Zone)) zone[name.toLowerCase().replace(/\.$/, '')] = records;
  return zone;
}

/** The platform's resolver as configured: `[dns] zone_file` when set (staging, tests), else the servers, else the system's. */
export function platformResolver(o: { zoneFile?: string; servers?: string[] }): Resolver {
  return o.zoneFile ? new StaticResolver(loadZoneFile(o.zoneFile)) : systemResolver(o.servers);
}

/** How a resolver error should be read: the name does not exist, it has no record of that type, or ask again later. */
export function dnsErrorKind(e: unknown): 'nxdomain' | 'nodata' | 'temporary' {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'ENOTFOUND') return 'nxdomain';
  if (code === 'ENODATA') return 'nodata';
  return 'temporary';
}

export interface CacheOptions {
  ttlMs: number;
  maxEntries: number;
  clock: Clock;
}

type CacheEntry = { expires: number; value?: unknown; error?: unknown };

/**
 * Caches answers for a fixed TTL: node's resolver gives no record TTL, so the configured one is used.
 * NXDOMAIN and NODATA are cached too (negative caching, RFC 2308); timeouts and SERVFAIL are not,
 * so a passing outage is retried at once. Bounded: the oldest entry goes first.
 */
export class CachingResolver implements Resolver {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(
    private readonly inner: Resolver,
    private readonly options: CacheOptions,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  private async cached<T>(type: string, name: string, ask: () => Promise<T>): Promise<T> {
    const key = `${type} ${name.toLowerCase().replace(/\.$/, '')}`;
    const now = this.options.clock.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) {
      if ('error' in hit) throw hit.error;
      return hit.value as T;
    }
    if (hit) this.entries.delete(key);
    try {
      const value = await ask();
      this.store(key, { expires: now + this.options.ttlMs, value });
      return value;
    } catch (e) {
      if (dnsErrorKind(e) !== 'temporary') this.store(key, { expires: now + this.options.ttlMs, error: e });
      throw e;
    }
  }

  private store(key: string, entry: CacheEntry): void {
    if (this.options.maxEntries <= 0 || this.options.ttlMs <= 0) return;
    this.entries.delete(key);
    while (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    this.entries.set(key, entry);
  }

  resolveMx(domain: string): Promise<MxRecord[]> {
    return this.cached('MX', domain, () => this.inner.resolveMx(domain));
  }
  resolveTxt(domain: string): Promise<string[][]> {
    return this.cached('TXT', domain, () => this.inner.resolveTxt(domain));
  }
  resolve4(domain: string): Promise<string[]> {
    return this.cached('A', domain, () => this.inner.resolve4(domain));
  }
  resolve6(domain: string): Promise<string[]> {
    return this.cached('AAAA', domain, () => this.inner.resolve6(domain));
  }
}

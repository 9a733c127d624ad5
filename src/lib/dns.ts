// The injected DNS resolver. Production wraps node:dns; tests and staging answer from a zone
// (StaticResolver), so no test ever asks the real DNS. Errors carry node's codes
// (ENOTFOUND = NXDOMAIN, ENODATA = no record of that type, ETIMEOUT/ESERVFAIL = try later).
import { promises as dns } from 'node:dns';

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

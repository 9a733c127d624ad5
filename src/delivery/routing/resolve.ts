// Site resolution: recipient domain → the site to queue on (MX set rolled up by provider), the
// hosts to try, the shaping block that applies and the transport. DNS failures are values:
// NXDOMAIN and null MX are permanent (`fail hostunknown`), timeouts and SERVFAIL temporary.
import { domainToASCII } from 'node:url';
import { dnsErrorKind, type MxRecord, type Resolver } from '../../lib/dns.ts';
import { providerForHosts, type ShapingRules } from '../shaping/index.ts';
import { parseRoutes, type RouteTarget, type Routes } from './routes.ts';

export interface SiteHost {
  /** Host name (or IP literal) to connect to; also the TLS server name. */
  host: string;
  port: number;
  /** MX preference (RFC 5321 §5.1: lower first); 0 for routes and the A fallback. */
  priority: number;
}

export type SiteResolution =
  | {
      kind: 'ok';
      domain: string;
      /** Queue key: a provider name ("google"), "relay", "route:HOST:PORT", or the sorted MX host set. */
      site: string;
      hosts: SiteHost[];
      /** Name of the shaping block in force: a provider name, or "default". */
      shaping: string;
      transport: 'mx' | 'relay';
    }
  | { kind: 'fail'; reason: 'hostunknown'; detail: string }
  | { kind: 'tempfail'; detail: string };

export interface SiteResolverOptions {
  /** Injected DNS (wrap it in CachingResolver: answers are asked on every resolution). */
  resolver: Resolver;
  rules: ShapingRules;
  /** config.routes: domain, provider name or "*" → "host:port" | "relay". */
  routes?: Record<string, string>;
  /** The smarthost, required when a route says "relay". */
  relay?: { host: string; port: number };
  /** Port of MX hosts (25; tests and staging change it). */
  mxPort?: number;
}

export class SiteResolver {
  private readonly routes: Routes;
  private readonly mxPort: number;

  constructor(private readonly options: SiteResolverOptions) {
    this.routes = parseRoutes(options.routes ?? {});
    this.mxPort = options.mxPort ?? 25;
    const usesRelay = [...this.routes.values()].some((t) => t.kind === 'relay');
    if (usesRelay && !options.relay?.host) throw new Error('routes send mail to "relay" but relay.host is not set');
  }

  /**
   * Order, as Postfix's transport maps: an exact domain route (no DNS asked), then "*" = relay,
   * then the MX lookup names the site, whose provider's route or the "*" host:port route
   * replaces the hosts. Under a "*" host:port route, a domain DNS cannot resolve still goes to
   * that host (staging sends every address to one sink).
   */
  async resolveSite(rawDomain: string): Promise<SiteResolution> {
    const domain = normalizeDomain(rawDomain);
    if (!domain) return { kind: 'fail', reason: 'hostunknown', detail: `"${rawDomain}" is not a valid domain name` };
    const exact = this.routes.get(domain);
    if (exact) return this.routed(domain, exact, undefined);
    const star = this.routes.get('*');
    if (star?.kind === 'relay') return this.routed(domain, star, undefined);

    const found = await this.lookup(domain);
    if (found.kind !== 'ok') {
      if (star) return this.routed(domain, star, undefined);
      return found;
    }
    const providerRoute = found.shaping !== 'default' ? this.routes.get(found.shaping) : undefined;
    const route = providerRoute ?? star;
    return route ? this.routed(domain, route, found) : found;
  }

  private routed(domain: string, target: RouteTarget, viaMx: Extract<SiteResolution, { kind: 'ok' }> | undefined): SiteResolution {
    if (target.kind === 'relay') {
      const relay = this.options.relay!;
      return { kind: 'ok', domain, site: 'relay', hosts: [{ host: relay.host, port: relay.port, priority: 0 }], shaping: 'relay', transport: 'relay' };
    }
    const hosts = [{ host: target.host, port: target.port, priority: 0 }];
    if (viaMx) return { ...viaMx, hosts };
    const provider = providerForHosts(this.options.rules, [target.host]);
    return { kind: 'ok', domain, site: `route:${target.host}:${target.port}`, hosts, shaping: provider?.name ?? 'default', transport: 'mx' };
  }

  /** MX per RFC 5321 §5.1, with the implicit MX (A/AAAA) fallback and RFC 7505 null MX. */
  private async lookup(domain: string): Promise<SiteResolution> {
    let records: MxRecord[];
    try {
      records = await this.options.resolver.resolveMx(domain);
    } catch (e) {
      const kind = dnsErrorKind(e);
      if (kind === 'nxdomain') return { kind: 'fail', reason: 'hostunknown', detail: `${domain}: no such domain (NXDOMAIN)` };
      if (kind === 'temporary') return { kind: 'tempfail', detail: `${domain}: MX lookup failed (${errCode(e)})` };
      return this.implicitMx(domain);
    }
    const real = records.filter((r) => !isNullMx(r));
    if (real.length === 0) {
      return records.length > 0
        ? { kind: 'fail', reason: 'hostunknown', detail: `${domain}: null MX, the domain accepts no mail (RFC 7505)` }
        : this.implicitMx(domain);
    }
    const hosts = real
      .map((r) => ({ host: r.exchange.toLowerCase().replace(/\.$/, ''), port: this.mxPort, priority: r.priority }))
      .sort((a, b) => a.priority - b.priority || a.host.localeCompare(b.host));
    const provider = providerForHosts(
      this.options.rules,
      hosts.map((h) => h.host),
    );
    const site = provider?.name ?? [...new Set(hosts.map((h) => h.host))].sort().join(',');
    return { kind: 'ok', domain, site, hosts, shaping: provider?.name ?? 'default', transport: 'mx' };
  }

  /** RFC 5321 §5.1: no MX records → the domain itself is the host, if it has an address. */
  private async implicitMx(domain: string): Promise<SiteResolution> {
    const [v4, v6] = await Promise.allSettled([this.options.resolver.resolve4(domain), this.options.resolver.resolve6(domain)]);
    const has = (r: PromiseSettledResult<string[]>) => r.status === 'fulfilled' && r.value.length > 0;
    if (has(v4) || has(v6)) {
      return { kind: 'ok', domain, site: domain, hosts: [{ host: domain, port: this.mxPort, priority: 0 }], shaping: 'default', transport: 'mx' };
    }
    const temp = [v4, v6].find((r) => r.status === 'rejected' && dnsErrorKind(r.reason) === 'temporary');
    if (temp && temp.status === 'rejected') return { kind: 'tempfail', detail: `${domain}: address lookup failed (${errCode(temp.reason)})` };
    return { kind: 'fail', reason: 'hostunknown', detail: `${domain}: no MX and no address record` };
  }
}

function isNullMx(r: MxRecord): boolean {
  return r.exchange === '' || r.exchange === '.';
}

function errCode(e: unknown): string {
  return String((e as { code?: unknown } | null)?.code ?? (e as Error)?.message ?? e);
}

/** Lower-case A-label form (IDNA), no trailing dot; '' when not a usable domain. */
export function normalizeDomain(domain: string): string {
  const trimmed = domain.trim().replace(/\.$/, '');
  if (!trimmed || trimmed.startsWith('[')) return '';
  return domainToASCII(trimmed).toLowerCase();
}

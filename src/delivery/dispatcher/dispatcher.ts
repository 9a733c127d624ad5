// The object the scheduler calls: send one message to one recipient and get the outcome as a
// value. It resolves the site, queues per site, and leaves connections, rate, reuse and
// adaptive reactions to the site's pool. It holds nothing durable: a message it defers is the
// scheduler's to re-queue.
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Resolver } from '../../lib/dns.ts';
import { limitsFor, type ShapingRules } from '../shaping/index.ts';
import type { SiteResolution, SiteResolver } from '../routing/index.ts';
import type { SmtpTimeouts } from '../smtp/index.ts';
import { SitePool, type PoolContext } from './pool.ts';
import type { AttemptResult, SendRequest, SiteCounters, SiteStatus } from './types.ts';

export interface RelaySettings {
  security: 'starttls' | 'tls' | 'none';
  auth?: { user: string; pass: string };
  ca?: string | Buffer;
}

export interface DispatcherOptions {
  sites: SiteResolver;
  rules: ShapingRules;
  /** Resolves MX host names to addresses (the same cached resolver the SiteResolver uses). */
  dns: Resolver;
  clock: Clock;
  logger: Logger;
  ehloName: string;
  /** Defaults; a shaping block's *_timeout keys override them per site. */
  timeouts: SmtpTimeouts;
  /** Required when a route sends to "relay". */
  relay?: RelaySettings;
}

export interface DispatcherCounters {
  connectionsOpened: number;
  connectFailures: number;
  delivered: number;
  deferred: number;
  failed: number;
  sites: Record<string, SiteCounters>;
}

export class Dispatcher {
  private readonly pools = new Map<string, SitePool>();
  private closing = false;

  constructor(private readonly options: DispatcherOptions) {}

  /** Site resolution (cached DNS). The scheduler may call it to group deliveries by site and check siteStatus before claiming. */
  resolve(domain: string): Promise<SiteResolution> {
    return this.options.sites.resolveSite(domain);
  }

  /**
   * Sends one message. Never throws for protocol or network problems: every outcome is a value.
   * Resolves when the receiver answered the final "." (or the attempt ended otherwise); messages
   * for a busy site wait inside the dispatcher, so callers may start many sends at once.
   */
  async send(request: SendRequest): Promise<AttemptResult> {
    if (this.closing) return { outcome: 'deferred', code: null, enhanced: null, response: 'facteur is shutting down', reason: 'shutdown' };
    const resolution = request.site ?? (await this.resolve(domainOf(request.to)));
    if (resolution.kind === 'fail') return { outcome: 'failed', code: null, enhanced: null, response: resolution.detail, reason: resolution.reason };
    if (resolution.kind === 'tempfail') return { outcome: 'deferred', code: null, enhanced: null, response: resolution.detail, reason: 'networkerror' };
    const pool = this.pool(resolution);
    return pool.enqueue(request);
  }

  /**
   * Feeds an asynchronous sender-reputation report (bounce or complaint about *us*, not the
   * member) into the shaping of the recipient domain's site. Returns the site, or null when
   * nothing is being sent there (nothing to slow down).
   */
  async reportSenderProblem(domain: string, reason: string): Promise<string | null> {
    const resolution = await this.resolve(domain);
    if (resolution.kind !== 'ok') return null;
    const pool = this.pools.get(resolution.site);
    if (!pool) return null;
    pool.penalize(reason);
    return resolution.site;
  }

  /** State of a site, for the scheduler: do not claim deliveries for a site with suspendedUntil set, and keep `queued` small. */
  siteStatus(site: string): SiteStatus | undefined {
    return this.pools.get(site)?.status();
  }

  /** Every site the dispatcher has seen. */
  sites(): SiteStatus[] {
    return [...this.pools.values()].map((p) => p.status());
  }

  counters(): DispatcherCounters {
    const out: DispatcherCounters = { connectionsOpened: 0, connectFailures: 0, delivered: 0, deferred: 0, failed: 0, sites: {} };
    for (const [site, pool] of this.pools) {
      const c = pool.counters;
      out.sites[site] = structuredClone(c);
      out.connectionsOpened += c.connectionsOpened;
      out.connectFailures += c.connectFailures;
      out.delivered += c.delivered;
      out.deferred += c.deferred;
      out.failed += c.failed;
    }
    return out;
  }

  /** Stops taking messages, defers those not yet started (reason "shutdown"), finishes in-flight ones and QUITs. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.pools.values()].map((p) => p.close()));
  }

  private pool(resolution: Extract<SiteResolution, { kind: 'ok' }>): SitePool {
    let pool = this.pools.get(resolution.site);
    if (!pool) {
      pool = new SitePool(resolution.site, resolution.shaping, resolution.hosts, this.context(resolution));
      this.pools.set(resolution.site, pool);
    } else {
      // Domains of one provider have slightly different MX sets; any of them takes the site's mail.
      pool.hosts = resolution.hosts;
    }
    return pool;
  }

  private context(resolution: Extract<SiteResolution, { kind: 'ok' }>): PoolContext {
    const o = this.options;
    const limits = limitsFor(o.rules, resolution.shaping);
    const timeouts: SmtpTimeouts = {
      connectMs: limits.connectTimeoutMs ?? o.timeouts.connectMs,
      greetingMs: limits.greetingTimeoutMs ?? o.timeouts.greetingMs,
      commandMs: limits.commandTimeoutMs ?? o.timeouts.commandMs,
      dataMs: limits.dataTimeoutMs ?? o.timeouts.dataMs,
    };
    const relay = resolution.transport === 'relay' ? o.relay : undefined;
    if (resolution.transport === 'relay' && !relay) throw new Error('a route sends mail to "relay" but the dispatcher has no relay settings');
    const logger = o.logger.child({ site: resolution.site });
    return {
      rules: o.rules,
      clock: o.clock,
      logger,
      dns: o.dns,
      connectOptions: {
        ehloName: o.ehloName,
        timeouts,
        logger,
        security: relay ? relay.security : 'opportunistic',
        ...(relay?.auth ? { auth: relay.auth } : {}),
        ...(relay?.ca ? { ca: relay.ca } : {}),
      },
    };
  }
}

/** The domain of an address: what follows the last "@" (a quoted local part may contain "@"). */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}

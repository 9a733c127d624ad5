// One site's queue and connection pool: at most max_connections connections (fewer when
// throttled), each reused for up to max_messages_per_connection messages, messages released
// at max_message_rate, next MX host tried when one cannot be reached, adaptive rules applied to
// every reply. A suspended site defers what it holds at once and opens nothing.
import { isIP } from 'node:net';
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Resolver } from '../../lib/dns.ts';
import { SmtpConnection, type ConnectOptions, type SmtpResult } from '../smtp/index.ts';
import { limitsFor, matchAdaptive, SiteShaping, type ShapingRules } from '../shaping/index.ts';
import type { SiteHost } from '../routing/index.ts';
import type { AttemptResult, SendRequest, SiteCounters, SiteStatus } from './types.ts';

/** After every host of a site failed to connect, new messages are deferred at once for this long (Postfix's dead destination). */
export const DEAD_SITE_MS = 60_000;

export interface PoolContext {
  rules: ShapingRules;
  clock: Clock;
  logger: Logger;
  dns: Resolver;
  /** Connection settings for this site, except the host and address. */
  connectOptions: Omit<ConnectOptions, 'host' | 'address' | 'port'>;
}

interface Job {
  request: SendRequest;
  resolve: (r: AttemptResult) => void;
  retried: boolean;
}

interface Pooled {
  conn: SmtpConnection;
  host: string;
  idleTimer: NodeJS.Timeout | undefined;
}

export class SitePool {
  hosts: SiteHost[];
  readonly shaping: SiteShaping;
  readonly counters: SiteCounters = {
    connectionsOpened: 0,
    connectFailures: 0,
    maxConcurrent: 0,
    messagesPerConnection: [],
    pipelinedGroups: 0,
    delivered: 0,
    deferred: 0,
    failed: 0,
    adaptive: {},
  };
  private queue: Job[] = [];
  private idle: Pooled[] = [];
  private open = new Set<Pooled>();
  private opening = 0;
  private inFlight = new Set<Promise<void>>();
  private rateTimer: NodeJS.Timeout | undefined;
  private deadUntil = 0;
  private lastConnectFailure: SmtpResult | undefined;
  private closing = false;

  constructor(
    readonly site: string,
    readonly provider: string,
    hosts: SiteHost[],
    private readonly ctx: PoolContext,
  ) {
    this.hosts = hosts;
    this.shaping = new SiteShaping(limitsFor(ctx.rules, provider), ctx.clock);
  }

  enqueue(request: SendRequest): Promise<AttemptResult> {
    return new Promise((resolve) => {
      this.queue.push({ request, resolve, retried: false });
      this.pump();
    });
  }

  status(): SiteStatus {
    const s = this.shaping.status();
    return {
      site: this.site,
      ...s,
      queued: this.queue.length,
      inFlight: this.inFlight.size,
      connections: this.open.size + this.opening,
    };
  }

  /** Defers what is queued, lets in-flight messages finish, then QUITs every connection. */
  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.rateTimer);
    this.deferQueued({ reason: 'shutdown', response: 'facteur is shutting down' });
    while (this.inFlight.size > 0 || this.opening > 0) {
      await Promise.race([...this.inFlight, new Promise((r) => setTimeout(r, 20))]);
    }
    await Promise.all([...this.open].map((p) => this.retire(p)));
  }

  private pump(): void {
    const now = this.ctx.clock.now();
    const suspendedUntil = this.shaping.suspendedUntilMs();
    if (suspendedUntil !== null) {
      this.deferQueued({ reason: 'suspended', response: `site ${this.site} is suspended by an adaptive rule`, retryAt: suspendedUntil });
      for (const p of this.idle.splice(0)) void this.retire(p);
      return;
    }
    if (this.open.size === 0 && this.opening === 0 && this.deadUntil > now && this.lastConnectFailure) {
      this.deferQueued({ ...this.lastConnectFailure, retryAt: this.deadUntil });
      return;
    }
    while (this.queue.length > 0) {
      const pooled = this.takeIdle();
      if (pooled) {
        const wait = this.shaping.takeToken();
        if (wait > 0) {
          this.idle.push(pooled);
          this.armIdle(pooled);
          if (!this.rateTimer) {
            this.rateTimer = setTimeout(() => {
              this.rateTimer = undefined;
              this.pump();
            }, wait);
          }
          return;
        }
        this.run(pooled, this.queue.shift()!);
        continue;
      }
      const room = this.shaping.maxConnections() - this.open.size - this.opening;
      // Open only for messages no connection being opened will take, and not while a host is failing.
      if (room > 0 && this.opening < this.queue.length && this.deadUntil <= now) {
        this.opening++;
        void this.connect().then((p) => this.opened(p));
        continue;
      }
      return;
    }
  }

  private takeIdle(): Pooled | undefined {
    for (;;) {
      const p = this.idle.pop();
      if (!p) return undefined;
      clearTimeout(p.idleTimer);
      if (p.conn.usable) return p;
      void this.retire(p);
    }
  }

  private run(pooled: Pooled, job: Job): void {
    const done = (async () => {
      const before = pooled.conn.pipelinedGroups;
      const result = await pooled.conn.send({ from: job.request.from, to: job.request.to }, job.request.message);
      this.counters.pipelinedGroups += pooled.conn.pipelinedGroups - before;
      this.observe(result);
      // A reused connection the server had already dropped: the message never left, try a fresh one once.
      if (result.reason === 'networkerror' && result.stage === 'mail' && pooled.conn.messages > 1 && !job.retried) {
        job.retried = true;
        this.queue.unshift(job);
      } else this.finish(job, result, pooled.host);
      const limits = this.shaping.limits;
      if (
        !pooled.conn.usable ||
        pooled.conn.messages >= limits.maxMessagesPerConnection ||
        this.open.size > this.shaping.maxConnections() ||
        this.closing ||
        this.shaping.suspendedUntilMs() !== null
      ) {
        await this.retire(pooled);
      } else {
        this.idle.push(pooled);
        this.armIdle(pooled);
      }
    })();
    this.inFlight.add(done);
    void done.finally(() => {
      this.inFlight.delete(done);
      if (!this.closing) this.pump();
    });
  }

  private finish(job: Job, result: SmtpResult | Omit<AttemptResult, 'site'>, host?: string): void {
    this.counters[result.outcome]++;
    const out: AttemptResult = { ...result, site: this.site };
    if (host) out.host = host;
    job.resolve(out);
  }

  private deferQueued(fields: Partial<AttemptResult> & { response: string }): void {
    for (const job of this.queue.splice(0)) {
      this.finish(job, { outcome: 'deferred', code: null, enhanced: null, ...fields });
    }
  }

  private armIdle(p: Pooled): void {
    clearTimeout(p.idleTimer);
    p.idleTimer = setTimeout(() => {
      this.idle = this.idle.filter((x) => x !== p);
      void this.retire(p);
    }, this.shaping.limits.idleTimeoutMs);
    p.idleTimer.unref();
  }

  private async retire(p: Pooled): Promise<void> {
    clearTimeout(p.idleTimer);
    if (!this.open.delete(p)) return;
    this.counters.messagesPerConnection.push(p.conn.messages);
    await p.conn.quit();
  }

  /**
   * A receiver told us later (a DSN or feedback report) that it refused our mail for a sender
   * reason — reputation, blocklist, spam: slow the whole site down as an adaptive throttle would.
   */
  penalize(reason: string): void {
    this.shaping.apply([{ kind: 'throttle' }]);
    this.counters.adaptive[`report:${reason}`] = (this.counters.adaptive[`report:${reason}`] ?? 0) + 1;
    this.ctx.logger.warn({ site: this.site, reason, shaping: this.shaping.status() }, 'site throttled after a sender-reputation report');
  }

  /** Applies the first adaptive rule matching a reply to the whole site (rules/shaping.toml). */
  private observe(result: SmtpResult): void {
    if (result.code === null) return;
    const rule = matchAdaptive(this.ctx.rules, this.provider, { code: result.code, enhanced: result.enhanced, text: result.response });
    if (!rule) return;
    this.shaping.apply(rule.actions);
    this.counters.adaptive[rule.name] = (this.counters.adaptive[rule.name] ?? 0) + 1;
    this.ctx.logger.warn({ site: this.site, rule: rule.name, code: result.code, response: result.response, shaping: this.shaping.status() }, 'adaptive shaping rule applied');
  }

  /** Tries the hosts in MX order (equal preferences shuffled, RFC 5321 §5.1), each of their addresses. */
  private async connect(): Promise<Pooled | SmtpResult> {
    let failure: SmtpResult = { outcome: 'deferred', code: null, enhanced: null, response: `no host to try for ${this.site}`, stage: 'connect', reason: 'networkerror' };
    for (const host of orderHosts(this.hosts)) {
      const addresses = await this.addresses(host.host);
      if (addresses.length === 0) {
        failure = { ...failure, response: `${host.host}: no address` };
        continue;
      }
      for (const address of addresses) {
        const r = await SmtpConnection.open({ ...this.ctx.connectOptions, host: host.host, address, port: host.port });
        if (r.ok) return { conn: r.connection, host: host.host, idleTimer: undefined };
        this.counters.connectFailures++;
        failure = r;
        this.observe(r);
        this.ctx.logger.info({ site: this.site, host: host.host, address, stage: r.stage, response: r.response }, 'connection failed');
        // A refused password or missing TLS will be the same on every host; a suspension stops everything.
        if (r.reason === 'relayauth' || r.reason === 'tlsrequired' || this.shaping.suspendedUntilMs() !== null) return failure;
      }
    }
    return failure;
  }

  private async addresses(host: string): Promise<string[]> {
    if (isIP(host)) return [host];
    const [v4, v6] = await Promise.allSettled([this.ctx.dns.resolve4(host), this.ctx.dns.resolve6(host)]);
    return [...(v4.status === 'fulfilled' ? v4.value : []), ...(v6.status === 'fulfilled' ? v6.value : [])];
  }

  private opened(p: Pooled | SmtpResult): void {
    this.opening--;
    if ('conn' in p) {
      this.counters.connectionsOpened++;
      this.open.add(p);
      this.counters.maxConcurrent = Math.max(this.counters.maxConcurrent, this.open.size);
      p.conn.onClose(() => {
        this.idle = this.idle.filter((x) => x !== p);
        if (this.open.delete(p)) this.counters.messagesPerConnection.push(p.conn.messages);
        clearTimeout(p.idleTimer);
      });
      if (this.closing) void this.retire(p);
      else {
        this.idle.push(p);
        this.pump();
      }
      return;
    }
    this.lastConnectFailure = p;
    // Hold off new connections for a while: live ones keep working, and with none the site is dead.
    this.deadUntil = this.ctx.clock.now() + DEAD_SITE_MS;
    if (this.open.size === 0 && this.opening === 0) this.deferQueued({ ...p, retryAt: this.deadUntil });
    if (!this.closing) this.pump();
  }
}

function orderHosts(hosts: SiteHost[]): SiteHost[] {
  return hosts
    .map((h) => ({ h, r: Math.random() }))
    .sort((a, b) => a.h.priority - b.h.priority || a.r - b.r)
    .map((x) => x.h);
}

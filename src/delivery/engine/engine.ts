// The delivery engine: claims due deliveries fairly across tenants, composes and signs each
// message, hands it to the dispatcher (per-site pools and shaping), and records every outcome —
// batched, each guarded by this worker's lease. Several engines may share one PostgreSQL queue.
import { randomUUID } from 'node:crypto';
import type { Storage, ClaimedDelivery, OutcomeUpdate } from '../../storage/index.ts';
import { addressHash } from '../../storage/index.ts';
import type { Dispatcher, AttemptResult } from '../dispatcher/index.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Suppression, Tenant } from '../../core/model.ts';
import { verpAddress, unsubscribeToken, deliveryMessageId } from '../../core/tokens.ts';
import { parseContent, tenantSigning, type RetryPolicy } from '../queue/index.ts';
import type { RenderJob } from '../compose/index.ts';
import { Composer } from './composer.ts';
import { decide, type Failure } from './outcomes.ts';

export interface EngineOptions {
  storage: Storage;
  dispatcher: Dispatcher;
  clock: Clock;
  logger: Logger;
  /** Platform HMAC secret (VERP and unsubscribe tokens). */
  secret: string;
  /** Base URL of the public pages (one-click unsubscribe). */
  publicUrl: string;
  bounceDomain: string;
  retry: RetryPolicy;
  leaseMs: number;
  claimBatch: number;
  maxInFlight: number;
  composeWorkers: number;
  /** Suppression policy for permanent failures (inbound's applyDeliveryFailure). */
  onFailure?: (failures: Failure[]) => Promise<void>;
  /**
   * Warm-up and quotas: how many more deliveries the tenant may start now (Infinity: no limit).
   * Asked at most every ALLOWANCE_CACHE_MS per tenant and decremented locally as rows are claimed,
   * so the claim loop stays cheap; over-allowance mail simply stays queued.
   */
  allowance?: (tenantId: number, now: number) => Promise<number>;
  /** Called after each batch of outcomes is recorded (the reputation guard and canary watch them). */
  onOutcomes?: (updates: OutcomeUpdate[]) => Promise<void>;
  /** Called every REFRESH_MS while the engine runs (the guard's periodic evaluation). */
  onTick?: () => Promise<void>;
  workerId?: string;
}

export interface EngineStats {
  claimed: number;
  completed: number;
  byState: Record<string, number>;
}

const REFRESH_MS = 2000;
const ALLOWANCE_CACHE_MS = 5000;

export class DeliveryEngine {
  readonly workerId: string;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly inFlight = new Set<number>();
  private readonly batches = new Set<Promise<void>>();
  private pending: OutcomeUpdate[] = [];
  private pendingFailures: Failure[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private flushTimer: NodeJS.Timeout | undefined;
  private timers: NodeJS.Timeout[] = [];
  private readonly composer: Composer;
  private readonly tenants = new Map<number, { tenant: Tenant; at: number }>();
  private tenantsWithWork: number[] = [];
  private blocked = new Set<number>();
  private paused: number[] = [];
  private refreshedAt = 0;
  private rotation = 0;
  private readonly allowances = new Map<number, { left: number; at: number }>();
  readonly stats: EngineStats = { claimed: 0, completed: 0, byState: {} };

  constructor(private readonly o: EngineOptions) {
    this.workerId = o.workerId ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
    this.composer = new Composer(o.composeWorkers);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const lease = this.o.leaseMs;
    this.timers.push(setInterval(() => void this.safely('renew leases', () => this.o.storage.repos.queue.renewLeases(this.workerId, this.o.clock.now() + lease)), Math.max(250, lease / 3)));
    this.timers.push(setInterval(() => void this.safely('recover leases', () => this.recover()), Math.max(500, Math.min(5000, lease / 2))));
    this.timers.push(setInterval(() => void this.safely('finish campaigns', () => this.o.storage.repos.queue.finishCampaigns(this.o.clock.now())), REFRESH_MS));
    if (this.o.onTick) this.timers.push(setInterval(() => void this.safely('periodic hook', this.o.onTick!), REFRESH_MS));
    this.loop = this.run();
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** An asynchronous report says a receiver refused us (not the member): slow that site down. */
  reportSenderProblem(domain: string, reason: string): Promise<string | null> {
    return this.o.dispatcher.reportSenderProblem(domain, reason);
  }

  /** New work was queued: look now rather than at the next poll. */
  notify(): void {
    this.refreshedAt = 0;
    this.wake?.();
  }

  /** Stops claiming, lets in-flight messages finish, records their outcomes, gives back the rest. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake?.();
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.loop;
    await this.o.dispatcher.close();
    await Promise.allSettled([...this.batches]);
    await this.flush();
    if (this.inFlight.size > 0) await this.o.storage.repos.queue.release(this.workerId, [...this.inFlight], this.o.clock.now());
    this.inFlight.clear();
    await this.composer.close();
  }

  private async safely(what: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      this.o.logger.error({ err: e }, `delivery engine: ${what} failed`);
    }
  }

  private async recover(): Promise<void> {
    const n = await this.o.storage.repos.queue.recoverExpired(this.o.clock.now());
    if (n > 0) {
      this.o.logger.warn({ recovered: n }, 'deliveries whose worker stopped were put back in the queue');
      this.notify();
    }
  }

  private async run(): Promise<void> {
    await this.safely('recover leases', () => this.recover());
    while (this.running) {
      let claimed = 0;
      try {
        claimed = await this.claimRound();
      } catch (e) {
        this.o.logger.error({ err: e }, 'delivery engine: claim failed');
      }
      if (!this.running) break;
      if (claimed === 0 || this.inFlight.size >= this.o.maxInFlight) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, claimed === 0 ? 500 : 20);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }

  private async refresh(now: number): Promise<void> {
    if (now - this.refreshedAt < REFRESH_MS && this.tenantsWithWork.length > 0) return;
    const q = this.o.storage.repos.queue;
    const [tenants, blocked, paused] = await Promise.all([q.tenantsWithWork(), q.blockedTenants(), q.pausedCampaigns()]);
    this.blocked = new Set(blocked);
    this.tenantsWithWork = tenants.filter((t) => !this.blocked.has(t));
    this.paused = paused;
    this.refreshedAt = now;
  }

  /** One round over the tenants with work, each getting an equal share of the free capacity. */
  private async claimRound(): Promise<number> {
    const now = this.o.clock.now();
    await this.refresh(now);
    const tenants = this.tenantsWithWork;
    if (tenants.length === 0) return 0;
    const capacity = Math.min(this.o.claimBatch, this.o.maxInFlight - this.inFlight.size);
    if (capacity <= 0) return 0;
    const share = Math.max(1, Math.ceil(capacity / tenants.length));
    let total = 0;
    const start = this.rotation++ % tenants.length;
    for (let i = 0; i < tenants.length && total < capacity; i++) {
      const tenantId = tenants[(start + i) % tenants.length]!;
      let limit = Math.min(share, capacity - total);
      const allowed = this.o.allowance ? await this.allowed(tenantId, now) : undefined;
      if (allowed !== undefined) limit = Math.min(limit, allowed.left);
      if (limit <= 0) continue;
      const rows = await this.o.storage.repos.queue.claim(tenantId, limit, this.workerId, now + this.o.leaseMs, now, this.paused);
      if (allowed) allowed.left -= rows.length;
      if (rows.length === 0) continue;
      total += rows.length;
      this.stats.claimed += rows.length;
      for (const r of rows) this.inFlight.add(r.id);
      const batch = this.process(tenantId, rows).catch((e) => this.batchFailed(tenantId, rows, e));
      this.batches.add(batch);
      void batch.finally(() => this.batches.delete(batch));
    }
    if (total === 0) this.refreshedAt = 0;
    return total;
  }

  /** The tenant's cached allowance, asked again when older than ALLOWANCE_CACHE_MS (or on error: no limit for now). */
  private async allowed(tenantId: number, now: number): Promise<{ left: number; at: number }> {
    const hit = this.allowances.get(tenantId);
    if (hit && now - hit.at < ALLOWANCE_CACHE_MS && now >= hit.at) return hit;
    let left = Infinity;
    try {
      left = await this.o.allowance!(tenantId, now);
    } catch (e) {
      this.o.logger.error({ err: e, tenant: tenantId }, 'delivery engine: allowance hook failed');
    }
    const entry = { left, at: now };
    this.allowances.set(tenantId, entry);
    return entry;
  }

  /** A bug or broken infrastructure while preparing a batch: put back what has no outcome yet, retried in a minute. */
  private batchFailed(tenantId: number, rows: ClaimedDelivery[], e: unknown): void {
    this.o.logger.error({ err: e, tenant: tenantId }, 'delivery batch failed');
    const decided = new Set(this.pending.map((u) => u.id));
    const at = this.o.clock.now() + 60_000;
    for (const r of rows) {
      if (!this.inFlight.has(r.id) || decided.has(r.id)) continue;
      this.record({ id: r.id, tenantId, campaignId: r.campaignId, messageId: r.messageId, state: 'deferred', attempted: false, nextAttemptAt: at, reason: 'internal error', event: { type: 'deferred', data: { reason: 'internal error', detail: String((e as Error)?.message ?? e) } } });
    }
  }

  private async tenant(tenantId: number, now: number): Promise<Tenant | undefined> {
    const hit = this.tenants.get(tenantId);
    if (hit && now - hit.at < 30_000) return hit.tenant;
    const t = await this.o.storage.repos.tenants.get(tenantId);
    if (t) this.tenants.set(tenantId, { tenant: t, at: now });
    return t;
  }

  private async process(tenantId: number, rows: ClaimedDelivery[]): Promise<void> {
    const now = this.o.clock.now();
    const repos = this.o.storage.repos;
    const tenant = await this.tenant(tenantId, now);
    if (!tenant) return;

    // Suppressions are checked at send time: one added after enqueueing still applies.
    const hashes = rows.map((r) => addressHash(r.recipient));
    const suppressed = await repos.suppressions.activeAmong(tenantId, hashes);
    const exempt = await this.optInExempt(tenantId, rows, hashes, suppressed);
    const toSend: ClaimedDelivery[] = [];
    rows.forEach((r, i) => {
      const s = suppressed.get(hashes[i]!);
      if (!s || exempt.has(r.id)) return void toSend.push(r);
      this.record({
        id: r.id, tenantId, campaignId: r.campaignId, messageId: r.messageId, state: 'suppressed', attempted: false,
        reason: s.reason, event: { type: 'suppressed', data: { reason: s.reason, source: s.source, platform: s.tenantId === null } },
      });
    });

    const byMessage = new Map<number, ClaimedDelivery[]>();
    for (const r of toSend) {
      const list = byMessage.get(r.messageId);
      if (list) list.push(r);
      else byMessage.set(r.messageId, [r]);
    }
    const sends: Promise<void>[] = [];
    const messageIdDomain = (tenant.settings.sending_domain as string | undefined) ?? this.o.bounceDomain.replace(/^bounces\./, '');
    for (const [messageId, group] of byMessage) {
      const message = await repos.messages.get(tenantId, messageId);
      if (!message) {
        for (const r of group) this.record({ id: r.id, tenantId, campaignId: r.campaignId, messageId, state: 'cancelled', attempted: false, reason: 'message deleted', event: { type: 'cancelled', data: { reason: 'message deleted' } } });
        continue;
      }
      const content = parseContent(message.body);
      this.composer.prepare(messageId, content, tenantSigning(tenant));
      const listId = content.kind === 'template' ? (content.listId ?? 0) : 0;
      const jobs: RenderJob[] = group.map((r) => {
        const fields = { ...(r.contactFields ? (JSON.parse(r.contactFields) as Record<string, unknown>) : {}) };
        if (r.contactName && fields.name === undefined) fields.name = r.contactName;
        const token = unsubscribeToken(this.o.secret, { tenantId, contactId: r.contactId ?? 0, listId });
        return {
          to: { address: r.recipient, ...(r.contactName ? { name: r.contactName } : {}) },
          fields: fields as RenderJob['fields'],
          lang: fields.lang === 'en' ? 'en' : 'fr',
          unsubscribeUrl: `${this.o.publicUrl}/u/${token}`,
          unsubscribeMailto: `mailto:unsubscribe+${token}@${this.o.bounceDomain}`,
          // Signed, so a feedback loop that quotes only the Message-ID still finds its delivery.
          messageId: deliveryMessageId(this.o.secret, tenantId, r.id, messageIdDomain).slice(1, -1),
          date: now,
        };
      });
      const rendered = await this.composer.render(messageId, jobs, now);
      group.forEach((r, i) => {
        const mime = rendered[i];
        if (!(mime instanceof Buffer)) {
          const detail = (mime as Error | undefined)?.message ?? 'render failed';
          this.record({ id: r.id, tenantId, campaignId: r.campaignId, messageId, state: 'bounced', attempted: false, reason: 'contenterror', response: detail, event: { type: 'bounced', data: { reason: 'contenterror', detail } } });
          return;
        }
        sends.push(this.send(r, mime));
      });
    }
    await Promise.all(sends);
  }

  /**
   * The deliveries of a double opt-in confirmation (content `optIn`) whose only obstacle is the
   * tenant's own `unsubscribe` suppression: the member unsubscribed once and is asking to come
   * back. A bounce, complaint, manual or platform suppression still blocks. No query unless a row
   * is held by an `unsubscribe` suppression.
   */
  private async optInExempt(tenantId: number, rows: ClaimedDelivery[], hashes: string[], suppressed: Map<string, Suppression>): Promise<Set<number>> {
    const exempt = new Set<number>();
    const held = rows.filter((_r, i) => {
      const s = suppressed.get(hashes[i]!);
      return s !== undefined && s.tenantId !== null && s.source === 'unsubscribe';
    });
    if (held.length === 0) return exempt;
    const repos = this.o.storage.repos;
    const optIn = new Set<number>();
    for (const id of new Set(held.map((r) => r.messageId))) {
      const message = await repos.messages.get(tenantId, id);
      try {
        const content = message && parseContent(message.body);
        if (content && content.kind === 'template' && content.optIn === true) optIn.add(id);
      } catch {
        // An unreadable body fails later, where every message is parsed.
      }
    }
    const confirmations = held.filter((r) => optIn.has(r.messageId));
    if (confirmations.length === 0) return exempt;
    // activeAmong reports the tenant's own row when both exist: a platform row behind it still blocks.
    const platform = await repos.suppressions.platformAmong(confirmations.map((r) => addressHash(r.recipient)));
    for (const r of confirmations) if (!platform.has(addressHash(r.recipient))) exempt.add(r.id);
    return exempt;
  }

  private async send(d: ClaimedDelivery, message: Buffer): Promise<void> {
    let result: AttemptResult;
    try {
      result = await this.o.dispatcher.send({ deliveryId: String(d.id), from: verpAddress(this.o.secret, this.o.bounceDomain, d.tenantId, d.id), to: d.recipient, message });
    } catch (e) {
      result = { outcome: 'deferred', code: null, enhanced: null, response: String((e as Error).message), reason: 'networkerror' };
    }
    const decision = decide(d, result, this.o.retry, this.o.clock.now());
    this.record(decision.update);
    if (decision.failure) this.pendingFailures.push(decision.failure);
  }

  private record(u: OutcomeUpdate): void {
    this.pending.push(u);
    if (this.pending.length >= 500) void this.flush();
    else if (!this.flushTimer) this.flushTimer = setTimeout(() => void this.flush(), 50);
  }

  /** Writes buffered outcomes in one transaction; serialised so batches never interleave. */
  private flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const run = async () => {
      const updates = this.pending;
      const failures = this.pendingFailures;
      this.pending = [];
      this.pendingFailures = [];
      if (updates.length === 0) return;
      const now = this.o.clock.now();
      try {
        await this.o.storage.transaction((r) => r.queue.complete(this.workerId, updates, now));
      } catch (e) {
        // Leave the rows leased: recovery re-queues them, which can only cause a duplicate, never a loss.
        this.o.logger.error({ err: e, count: updates.length }, 'could not record delivery outcomes');
      }
      for (const u of updates) {
        this.inFlight.delete(u.id);
        this.stats.byState[u.state] = (this.stats.byState[u.state] ?? 0) + 1;
      }
      this.stats.completed += updates.length;
      if (failures.length > 0 && this.o.onFailure) await this.safely('suppression policy', () => this.o.onFailure!(failures));
      if (this.o.onOutcomes) await this.safely('outcome hook', () => this.o.onOutcomes!(updates));
      this.wake?.();
    };
    this.flushing = this.flushing.then(run, run);
    return this.flushing;
  }
}

// The reputation guard at run time: judges tenants' rolling bounce and complaint rates (warn,
// then pause the tenant), judges campaign canaries (release the held rest, or pause the
// campaign listing the offending addresses), and answers the engine's allowance question
// (warm-up and operator quotas). Driven by the engine: after each outcome flush (onOutcomes)
// and on its periodic tick. Tells admins and the operator through events (which webhooks
// carry) and the injected `notify`.
import type { Storage, OutcomeUpdate, Canary } from '../../storage/index.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Tenant } from '../../core/model.ts';
import { REASONS, isAddressLevelHard } from '../../core/bounces/index.ts';
import type { GuardSettings } from './settings.ts';
import { judge, type Verdict } from './reputation.ts';
import { judgeSlice, type CanaryVerdict } from './canary.ts';
import { DAY_MS, dayOf, dailyAllowance, cleanDay, expectedDrain, type WarmupState } from './warmup.ts';

/** Reasons that count as hard bounces in the rates: the address cannot receive mail. */
export const HARD_REASONS: readonly string[] = REASONS.filter((r) => isAddressLevelHard(r));

export type GuardNotice =
  | { kind: 'tenant.paused' | 'tenant.warned'; tenantId: number; slug: string; verdict: Verdict }
  | { kind: 'campaign.paused'; tenantId: number; campaignId: number; verdict: CanaryVerdict };

export interface GuardOptions {
  storage: Storage;
  clock: Clock;
  logger: Logger;
  settings: GuardSettings;
  /** Tells the operator (and the tenant's admins) — e-mail, chat; events are written regardless. */
  notify?: (notice: GuardNotice) => void | Promise<void>;
}

export interface TenantGuardStatus {
  tenantId: number;
  status: Tenant['status'];
  statusReason: string | null;
  verdict: Verdict;
  windowSince: number;
  warmup: { active: boolean; cleanDays: number; allowanceToday: number | null };
  quota: { hourly: number | null; daily: number | null };
  startedToday: number;
  /** What the engine may still start now (null: no limit). */
  leftNow: number | null;
  waiting: number;
  /** When the waiting mail should all have left, if every day is clean (null: no estimate). */
  expectedBy: number | null;
}

const WARN_REPEAT_MS = DAY_MS;
const TENANT_MIN_INTERVAL_MS = 5_000;

export class ReputationGuard {
  private dirtyTenants = new Set<number>();
  private dirtyCampaigns = new Set<number>();
  private running: Promise<void> | undefined;
  private again = false;
  private lastSweep = 0;
  private readonly judgedAt = new Map<number, number>();

  constructor(private readonly o: GuardOptions) {}

  private get repos() {
    return this.o.storage.repos;
  }

  /** The engine recorded outcomes: judge the tenants and canaries they concern, soon. */
  onOutcomes(updates: OutcomeUpdate[]): Promise<void> {
    for (const u of updates) {
      if (!u.attempted && u.state !== 'bounced') continue;
      this.dirtyTenants.add(u.tenantId);
      if (u.campaignId !== null) this.dirtyCampaigns.add(u.campaignId);
    }
    void this.kick(false);
    return Promise.resolve();
  }

  /** Periodic: every testing canary, and every recently active tenant each evaluateMs. */
  tick(): Promise<void> {
    return this.kick(true);
  }

  /** Runs one evaluation at a time; a request during a run triggers one more run after it. */
  private kick(full: boolean): Promise<void> {
    if (this.running) {
      this.again = true;
      if (full) this.lastSweep = 0;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.evaluate(full);
          full = false;
        } while (this.again);
      } catch (e) {
        this.o.logger.error({ err: e }, 'reputation guard: evaluation failed');
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Waits for any evaluation in progress (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async evaluate(full: boolean): Promise<void> {
    const now = this.o.clock.now();
    const campaigns = this.dirtyCampaigns;
    const tenants = this.dirtyTenants;
    this.dirtyCampaigns = new Set();
    this.dirtyTenants = new Set();
    await this.evaluateCanaries(now, full ? null : campaigns);
    const sweep = full && now - this.lastSweep >= this.o.settings.evaluateMs;
    if (sweep) {
      for (const t of await this.repos.guard.activeTenants(Math.max(0, (this.lastSweep || now - this.o.settings.windowMs) - 60_000))) tenants.add(t);
      this.lastSweep = now;
    }
    for (const t of tenants) {
      const last = this.judgedAt.get(t) ?? -Infinity;
      if (!sweep && now - last < TENANT_MIN_INTERVAL_MS) {
        this.dirtyTenants.add(t); // judged again at the next tick
        continue;
      }
      this.judgedAt.set(t, now);
      await this.evaluateTenant(t, now);
    }
  }

  // --- tenants -------------------------------------------------------------------------------

  /** Sends since the last resume only: an operator's resume starts a clean window. */
  private async windowSince(tenantId: number, now: number): Promise<number> {
    const resumed = await this.repos.guard.lastEventAt(tenantId, 'tenant.resumed');
    return Math.max(now - this.o.settings.windowMs, resumed ?? 0);
  }

  async verdict(tenantId: number, now = this.o.clock.now()): Promise<{ verdict: Verdict; since: number }> {
    const since = await this.windowSince(tenantId, now);
    const f = await this.repos.guard.figures(tenantId, HARD_REASONS, since);
    return { verdict: judge(f, this.o.settings), since };
  }

  /** Judges one tenant; pauses it (or warns, at most once a day) when a threshold is reached. */
  async evaluateTenant(tenantId: number, now = this.o.clock.now()): Promise<Verdict | undefined> {
    const tenant = await this.repos.tenants.get(tenantId);
    if (!tenant || tenant.status !== 'active') return undefined;
    const { verdict, since } = await this.verdict(tenantId, now);
    const figures = { sent: verdict.sent, hard_bounces: verdict.hardBounces, complaints: verdict.complaints, bounce_rate: verdict.bounceRate, complaint_rate: verdict.complaintRate, since, reasons: verdict.reasons };
    if (verdict.level === 'pause') {
      const reason = `paused by the reputation guard: ${verdict.reasons.join('; ')}`;
      await this.o.storage.transaction(async (r) => {
        await r.tenants.setStatus(tenantId, 'paused', reason);
        await r.events.append(tenantId, { type: 'tenant.paused', data: { by: 'guard', ...figures } });
      });
      this.o.logger.warn({ tenant: tenantId, slug: tenant.slug, ...figures }, 'tenant paused by the reputation guard: its mail waits until an operator resumes it');
      await this.tell({ kind: 'tenant.paused', tenantId, slug: tenant.slug, verdict });
    } else if (verdict.level === 'warn') {
      const last = await this.repos.guard.lastEventAt(tenantId, 'tenant.warned');
      if (last === null || now - last >= WARN_REPEAT_MS) {
        await this.repos.events.append(tenantId, { type: 'tenant.warned', data: figures });
        this.o.logger.warn({ tenant: tenantId, slug: tenant.slug, ...figures }, 'tenant near the reputation limits');
        await this.tell({ kind: 'tenant.warned', tenantId, slug: tenant.slug, verdict });
      }
    }
    return verdict;
  }

  private async tell(n: GuardNotice): Promise<void> {
    try {
      await this.o.notify?.(n);
    } catch (e) {
      this.o.logger.error({ err: e, notice: n.kind }, 'reputation guard: notification failed');
    }
  }

  // --- canaries ------------------------------------------------------------------------------

  /** Judges testing canaries (all, or those of the given campaigns) and follows up paused ones. */
  async evaluateCanaries(now = this.o.clock.now(), only: Set<number> | null = null): Promise<void> {
    const list = await this.repos.guard.canaries(only ? ['testing'] : ['testing', 'paused']);
    for (const c of list) {
      if (only && !only.has(c.campaignId)) continue;
      await this.evaluateCanary(c, now);
    }
  }

  private async evaluateCanary(c: Canary, now: number): Promise<void> {
    const campaign = await this.repos.campaigns.get(c.tenantId, c.campaignId);
    if (!campaign || campaign.status === 'cancelled' || campaign.status === 'sent') {
      await this.repos.guard.decideCanary(c.tenantId, c.campaignId, ['testing', 'paused'], 'closed', { ...c.details, closed: campaign?.status ?? 'deleted' }, now);
      return;
    }
    if (c.status === 'paused') {
      // Someone resumed the campaign (API, CLI): the rest goes out.
      if (campaign.status === 'sending') await this.release(c, 'released', { ...c.details, released_by: 'resume' }, now);
      return;
    }
    const v = judgeSlice(await this.repos.guard.sliceRows(c.tenantId, c.sliceIds), c.threshold);
    if (v.decision === 'wait') return;
    const figures = { slice: v.sliceSize, attempted: v.attempted, delivered: v.delivered, hard_bounces: v.hardBounces, bounce_rate: v.bounceRate, threshold: c.threshold, held: c.held };
    if (v.decision === 'pass') {
      await this.release(c, 'passed', figures, now);
      this.o.logger.info({ tenant: c.tenantId, campaign: c.campaignId, ...figures }, 'canary passed: the rest of the campaign goes out');
      return;
    }
    const paused = await this.o.storage.transaction(async (r) => {
      if (!(await r.guard.decideCanary(c.tenantId, c.campaignId, ['testing'], 'paused', { ...figures, reason: v.reason }, now))) return false;
      await r.campaigns.transition(c.tenantId, c.campaignId, ['sending'], 'paused');
      await r.events.append(c.tenantId, { type: 'campaign.paused', campaignId: c.campaignId, data: { by: 'canary', reason: v.reason, ...figures, addresses: v.offenders } });
      return true;
    });
    if (!paused) return;
    this.o.logger.warn({ tenant: c.tenantId, campaign: c.campaignId, reason: v.reason, ...figures }, 'canary failed: campaign paused before the rest went out');
    await this.tell({ kind: 'campaign.paused', tenantId: c.tenantId, campaignId: c.campaignId, verdict: v });
  }

  private async release(c: Canary, to: 'passed' | 'released', details: Record<string, unknown>, now: number): Promise<void> {
    await this.o.storage.transaction(async (r) => {
      if (!(await r.guard.decideCanary(c.tenantId, c.campaignId, [c.status], to, details, now))) return;
      const n = await r.guard.releaseHeld(c.tenantId, c.campaignId, now);
      if (to === 'passed') await r.events.append(c.tenantId, { type: 'campaign.canary_passed', campaignId: c.campaignId, data: { ...details, released: n } });
    });
  }

  // --- warm-up and quotas --------------------------------------------------------------------

  /** The tenant's warm-up state, with the days since the last look judged (clean or not). */
  async warmupState(tenantId: number, now: number): Promise<WarmupState | null> {
    const w = this.o.settings.warmup;
    if (!w.enabled) return null;
    const today = dayOf(now);
    let row = await this.repos.guard.warmup(tenantId);
    if (!row) {
      row = await this.repos.guard.startWarmup(tenantId, today - 1);
      // A tenant that already sent before warm-up existed (an upgrade) is not new: no warm-up.
      if (row.completedAt === null && (await this.repos.guard.startedSince(tenantId, 0, today * DAY_MS)) > 0) {
        await this.repos.guard.saveWarmup(tenantId, { day: row.day, cleanDays: row.cleanDays, completedAt: now });
        return { cleanDays: row.cleanDays, completed: true };
      }
    }
    if (row.completedAt !== null) return { cleanDays: row.cleanDays, completed: true };
    if (row.day >= today - 1) return { cleanDays: row.cleanDays, completed: false };
    const tenant = await this.repos.tenants.get(tenantId);
    let clean = row.cleanDays;
    // At most 30 days back: beyond that, a silent tenant's days were not sending days anyway.
    for (let d = Math.max(row.day + 1, today - 30); d < today; d++) {
      const f = await this.repos.guard.figures(tenantId, HARD_REASONS, d * DAY_MS, (d + 1) * DAY_MS);
      if (cleanDay(f, this.o.settings)) clean++;
    }
    const quota = tenant?.quotaDaily ?? null;
    const done = quota !== null && dailyAllowance({ cleanDays: clean, completed: false }, w, null) >= quota;
    await this.repos.guard.saveWarmup(tenantId, { day: today - 1, cleanDays: clean, completedAt: done ? now : null });
    return { cleanDays: clean, completed: done };
  }

  /**
   * How many more deliveries the tenant may start now: today's warm-up allowance (capped by the
   * daily quota) and the hourly quota, less what was started in the day / the last hour.
   * Infinity when nothing limits the tenant. The engine caches this for a few seconds.
   */
  async allowance(tenantId: number, now = this.o.clock.now()): Promise<number> {
    const tenant = await this.repos.tenants.get(tenantId);
    if (!tenant) return 0;
    const daily = dailyAllowance(await this.warmupState(tenantId, now), this.o.settings.warmup, tenant.quotaDaily);
    let left = Infinity;
    if (Number.isFinite(daily)) left = daily - (await this.repos.guard.startedSince(tenantId, dayOf(now) * DAY_MS));
    if (tenant.quotaHourly !== null) left = Math.min(left, tenant.quotaHourly - (await this.repos.guard.startedSince(tenantId, now - 3_600_000)));
    return Math.max(0, left);
  }

  /** Everything an operator or admin wants to know about a tenant's standing (CLI, API). */
  async status(tenantId: number, now = this.o.clock.now()): Promise<TenantGuardStatus | undefined> {
    const tenant = await this.repos.tenants.get(tenantId);
    if (!tenant) return undefined;
    const { verdict, since } = await this.verdict(tenantId, now);
    const state = await this.warmupState(tenantId, now);
    const daily = dailyAllowance(state, this.o.settings.warmup, tenant.quotaDaily);
    const startedToday = await this.repos.guard.startedSince(tenantId, dayOf(now) * DAY_MS);
    const left = await this.allowance(tenantId, now);
    const waiting = await this.repos.guard.waiting(tenantId);
    return {
      tenantId,
      status: tenant.status,
      statusReason: tenant.statusReason,
      verdict,
      windowSince: since,
      warmup: { active: state !== null && !state.completed, cleanDays: state?.cleanDays ?? 0, allowanceToday: Number.isFinite(daily) ? daily : null },
      quota: { hourly: tenant.quotaHourly, daily: tenant.quotaDaily },
      startedToday,
      leftNow: Number.isFinite(left) ? left : null,
      waiting,
      expectedBy: tenant.status !== 'active' ? null : expectedDrain(now, waiting, Number.isFinite(left) ? left : waiting, state, this.o.settings.warmup, tenant.quotaDaily),
    };
  }
}

// Composition root of the delivery engine for `serve` and `worker`: the dispatcher from the
// configuration, the engine from the runtime, and inbound's suppression policy as the engine's
// failure hook (delivery does not depend on inbound; the CLI wires them).
import type { Runtime } from './runtime.ts';
import { publicUrl } from '../config/index.ts';
import { createDispatcher } from '../delivery/dispatcher/index.ts';
import { DeliveryEngine, type Failure } from '../delivery/engine/index.ts';
import { applyDeliveryFailure } from '../inbound/effects.ts';
import { systemClock } from '../lib/clock.ts';
import { ReputationGuard, guardSettings } from '../delivery/guard/index.ts';
import { backgroundJobs, type BackgroundJobs } from './jobs.ts';

export function bounceDomain(rt: Runtime): string {
  return rt.config.delivery.bounce_domain || `bounces.${rt.config.platform.domain}`;
}

/** The engine plus the periodic jobs of the same process (scheduled campaigns, webhooks, retention). */
class EngineWithJobs extends DeliveryEngine {
  constructor(
    options: ConstructorParameters<typeof DeliveryEngine>[0],
    private readonly jobs: BackgroundJobs,
  ) {
    super(options);
  }
  override start(): void {
    super.start();
    this.jobs.start();
  }
  override async stop(): Promise<void> {
    await this.jobs.stop();
    await super.stop();
  }
}

export function createEngine(rt: Runtime, options: { port?: number } = {}): DeliveryEngine {
  const { config, storage, logger } = rt;
  const dispatcher = createDispatcher(config, { clock: systemClock, logger });
  const d = config.delivery;
  const onFailure = async (failures: Failure[]) => {
    for (const f of failures) {
      await storage.transaction((repos) =>
        applyDeliveryFailure(
          repos,
          { tenantId: f.tenantId, deliveryId: f.deliveryId, reason: f.reason, hard: f.hard, code: f.code, enhanced: f.enhanced, response: f.response, recipient: f.recipient, source: 'smtp', recordOutcome: false },
          { onSenderReputationProblem: (domain, reason) => logger.warn({ domain, reason, site: f.site }, 'a receiver refused our mail for a sender reason (not the member)') },
        ),
      );
    }
  };
  // The reputation guard judges tenants and canaries after each outcome flush and periodically,
  // and caps each tenant's claims by its warm-up allowance and quotas.
  const guard = new ReputationGuard({
    storage,
    clock: systemClock,
    logger: logger.child({ component: 'guard' }),
    settings: guardSettings(config.guard),
    notify: (n) => logger.warn({ notice: n.kind, tenant: n.tenantId, ...(n.kind === 'campaign.paused' ? { campaign: n.campaignId } : {}) }, 'reputation guard: operator attention needed'),
  });
  return new EngineWithJobs({
    storage,
    dispatcher,
    clock: systemClock,
    logger: logger.child({ component: 'engine' }),
    secret: rt.secret,
    publicUrl: publicUrl(config, options.port),
    bounceDomain: bounceDomain(rt),
    retry: { scheduleMinutes: d.retry_schedule_minutes, maxAgeMs: d.max_age_hours * 3600_000 },
    leaseMs: d.lease_seconds * 1000,
    claimBatch: d.claim_batch,
    maxInFlight: d.max_in_flight,
    composeWorkers: d.compose_workers,
    onFailure,
    allowance: (tenantId, now) => guard.allowance(tenantId, now),
    onOutcomes: (updates) => guard.onOutcomes(updates),
    onTick: () => guard.tick(),
  }, backgroundJobs(rt, systemClock));
}

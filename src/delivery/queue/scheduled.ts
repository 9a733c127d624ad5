// Starts scheduled campaigns whose time has come. Called every few seconds by the engine's
// process (serve, worker); safe on several nodes at once: enqueueCampaign moves the campaign
// from `scheduled` to `sending` in the transaction that queues it, so only one node wins.
import type { Storage } from '../../storage/index.ts';
import type { Logger } from '../../lib/logger.ts';
import { isFacteurError } from '../../core/errors.ts';
import { enqueueCampaign, type EnqueueOptions } from './enqueue.ts';

export interface ScheduledOptions {
  platformDomain: string;
  /** The reputation guard's canary settings (guardSettings(config.guard).canary). */
  canary?: EnqueueOptions['canary'];
  logger?: Logger;
}

/** Returns the ids of the campaigns it started. One that cannot start goes back to draft, with a `campaign.failed` event saying why. */
export async function startDueCampaigns(storage: Storage, now: number, opts: ScheduledOptions): Promise<number[]> {
  const started: number[] = [];
  for (const c of await storage.repos.campaigns.due(now)) {
    try {
      const r = await enqueueCampaign(storage, c.tenantId, c.id, { platformDomain: opts.platformDomain, ...(opts.canary ? { canary: opts.canary } : {}) });
      await storage.repos.events.append(c.tenantId, { type: 'campaign.started', campaignId: c.id, messageId: r.messageId, data: { deliveries: r.deliveries, scheduled: true } });
      started.push(c.id);
      opts.logger?.info({ tenant: c.tenantId, campaign: c.id, deliveries: r.deliveries }, 'scheduled campaign started');
    } catch (e) {
      // Another node started it first: nothing to do.
      if (isFacteurError(e) && e.code === 'ERR_CAMPAIGN_STATE') continue;
      if (!isFacteurError(e)) throw e;
      const moved = await storage.repos.campaigns.transition(c.tenantId, c.id, ['scheduled'], 'draft', { scheduledAt: null });
      if (moved) {
        await storage.repos.events.append(c.tenantId, { type: 'campaign.failed', campaignId: c.id, data: { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}), ...(e.details ?? {}) } });
      }
      opts.logger?.warn({ tenant: c.tenantId, campaign: c.id, code: e.code, err: e.message }, 'scheduled campaign could not start; it is a draft again');
    }
  }
  return started;
}

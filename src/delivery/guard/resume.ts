// Resuming a campaign the canary (or an admin) paused: back to `sending`, and the deliveries
// the canary held are released in the same transaction.
import type { Storage } from '../../storage/index.ts';
import { FacteurError } from '../../core/errors.ts';

export async function resumeCampaign(storage: Storage, tenantId: number, campaignId: number, by: string): Promise<{ released: number }> {
  return storage.transaction(async (r) => {
    const now = storage.clock.now();
    const campaign = await r.campaigns.get(tenantId, campaignId);
    if (!campaign) throw new FacteurError('ERR_CAMPAIGN_NOT_FOUND', `campaign ${campaignId} does not exist`, { hint: 'list campaigns to find its id' });
    if (!(await r.campaigns.transition(tenantId, campaignId, ['paused'], 'sending'))) {
      throw new FacteurError('ERR_CAMPAIGN_STATE', `campaign ${campaignId} is ${campaign.status}, not paused`, { hint: 'only a paused campaign can be resumed' });
    }
    const canary = await r.guard.canary(tenantId, campaignId);
    let released = 0;
    if (canary && (canary.status === 'paused' || canary.status === 'testing')) {
      await r.guard.decideCanary(tenantId, campaignId, [canary.status], 'released', { ...canary.details, released_by: by }, now);
      released = await r.guard.releaseHeld(tenantId, campaignId, now);
    }
    await r.events.append(tenantId, { type: 'campaign.resumed', campaignId, data: { by, released } });
    return { released };
  });
}

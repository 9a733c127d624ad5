// What happens to a campaign inside the transaction that enqueues it: deliveries to invalid or
// suppressed addresses are marked `suppressed` with their reason at once (so the hygiene report
// and the campaign's figures add up, and nothing is silently dropped), then, with a canary,
// every queued delivery outside the slice is held until the slice is judged.
import type { Repositories } from '../../storage/index.ts';
import type { SuppressedDelivery } from '../../storage/index.ts';
import { parseAddress } from '../../core/address/index.ts';
import { pickSlice, sliceSize } from './canary.ts';
import type { GuardSettings } from './settings.ts';

export interface Screened {
  invalid: number;
  suppressed: number;
}

export async function screenCampaign(repos: Repositories, tenantId: number, campaignId: number, now: number): Promise<Screened> {
  const out: Screened = { invalid: 0, suppressed: 0 };
  let after = 0;
  for (;;) {
    const page = await repos.hygiene.queuedPage(tenantId, campaignId, after, 1000);
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    const marks: SuppressedDelivery[] = [];
    const valid: typeof page = [];
    for (const d of page) {
      const p = parseAddress(d.recipient);
      if (p.valid) valid.push(d);
      else marks.push({ id: d.id, campaignId, messageId: d.messageId, reason: 'invalid_address', data: { reason: 'invalid_address', code: p.code, detail: p.reason, suggestion: p.suggestion } });
    }
    out.invalid += marks.length;
    const found = await repos.hygiene.suppressionsAmong(tenantId, valid.map((d) => d.recipient));
    for (const d of valid) {
      const s = found.get(d.recipient);
      if (!s) continue;
      out.suppressed++;
      marks.push({ id: d.id, campaignId, messageId: d.messageId, reason: s.reason, data: { reason: s.reason, source: s.source, platform: s.platform } });
    }
    if (marks.length > 0) await repos.hygiene.markSuppressed(tenantId, marks, now);
  }
  return out;
}

export interface CanaryStarted {
  slice: number;
  held: number;
}

/** Picks the slice among the campaign's queued deliveries and holds the rest; null when too small for a canary. */
export async function holdForCanary(repos: Repositories, tenantId: number, campaignId: number, c: GuardSettings['canary'], now: number): Promise<CanaryStarted | null> {
  const rows = await repos.guard.queuedOfCampaign(tenantId, campaignId);
  const size = sliceSize(rows.length, c);
  if (size === 0) return null;
  const ids = pickSlice(rows, size);
  const held = await repos.guard.startCanary(tenantId, campaignId, ids, c.bounceRate, now);
  return { slice: ids.length, held };
}

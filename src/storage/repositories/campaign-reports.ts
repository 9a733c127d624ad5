// What became of a campaign: delivery counts by state and by failure reason, complaints, and the
// addresses that bounced or complained (the list an association fixes in its member file).
import { sql } from 'kysely';
import type { Page } from '../../core/model.ts';
import { type RepoContext, decodeCursor, clampLimit, toPage } from './common.ts';

export interface CampaignCounts {
  byState: Record<string, number>;
  /** Failed deliveries (bounced, expired, suppressed) by reason. */
  byReason: { state: string; reason: string; count: number }[];
  complaints: number;
  unsubscribes: number;
}

export interface CampaignFailure {
  deliveryId: number;
  contactId: number | null;
  address: string;
  name: string | null;
  /** bounced | complained */
  kind: 'bounced' | 'complained';
  reason: string | null;
  code: number | null;
  response: string | null;
  at: number;
}

export class CampaignReportRepository {
  constructor(private readonly ctx: RepoContext) {}

  async counts(tenantId: number, campaignId: number): Promise<CampaignCounts> {
    const rows = await this.ctx.db
      .selectFrom('deliveries')
      .select(['state', 'reason', (eb) => eb.fn.countAll<number>().as('n')])
      .where('tenant_id', '=', tenantId)
      .where('campaign_id', '=', campaignId)
      .groupBy(['state', 'reason'])
      .execute();
    const byState: Record<string, number> = {};
    const byReason: CampaignCounts['byReason'] = [];
    for (const r of rows) {
      byState[r.state] = (byState[r.state] ?? 0) + Number(r.n);
      if (r.state === 'bounced' || r.state === 'expired' || r.state === 'suppressed') byReason.push({ state: r.state, reason: r.reason ?? 'unknown', count: Number(r.n) });
    }
    byReason.sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
    const ev = await this.ctx.db
      .selectFrom('events')
      .select(['type', (eb) => eb.fn.count<number>('delivery_id').distinct().as('n')])
      .where('tenant_id', '=', tenantId)
      .where('campaign_id', '=', campaignId)
      .where('type', 'in', ['complained', 'unsubscribed'])
      .groupBy('type')
      .execute();
    const of = (t: string) => Number(ev.find((e) => e.type === t)?.n ?? 0);
    return { byState, byReason, complaints: of('complained'), unsubscribes: of('unsubscribed') };
  }

  /** Deliveries of the campaign that bounced or drew a complaint, by delivery id, with the contact's name. */
  async failures(tenantId: number, campaignId: number, query: { cursor?: string | null; limit?: number } = {}): Promise<Page<CampaignFailure>> {
    const limit = clampLimit(query.limit, 10_000);
    const rows = await this.ctx.db
      .selectFrom('deliveries as d')
      .leftJoin('contacts as c', (j) => j.onRef('c.id', '=', 'd.contact_id').onRef('c.tenant_id', '=', 'd.tenant_id'))
      .select(['d.id', 'd.contact_id', 'd.recipient', 'c.address', 'c.name', 'd.state', 'd.reason', 'd.last_code', 'd.last_response', 'd.updated_at'])
      .select((eb) =>
        eb
          .selectFrom('events as e')
          .select((e2) => e2.fn.max('e.created_at').as('t'))
          .where('e.tenant_id', '=', tenantId)
          .whereRef('e.delivery_id', '=', 'd.id')
          .where('e.type', '=', 'complained')
          .as('complained_at'),
      )
      .where('d.tenant_id', '=', tenantId)
      .where('d.campaign_id', '=', campaignId)
      .where('d.id', '>', decodeCursor(query.cursor))
      .where((eb) =>
        eb.or([
          eb('d.state', '=', 'bounced'),
          eb.exists(
            eb
              .selectFrom('events as e')
              .select(sql`1`.as('one'))
              .where('e.tenant_id', '=', tenantId)
              .whereRef('e.delivery_id', '=', 'd.id')
              .where('e.type', '=', 'complained'),
          ),
        ]),
      )
      .orderBy('d.id')
      .limit(limit + 1)
      .execute();
    return toPage(rows, limit, (r) => {
      const complained = r.complained_at != null;
      return {
        deliveryId: r.id,
        contactId: r.contact_id,
        address: r.address ?? r.recipient,
        name: r.name ?? null,
        kind: complained ? 'complained' : 'bounced',
        reason: complained ? 'feedback' : r.reason,
        code: r.last_code,
        response: r.last_response,
        at: complained ? Number(r.complained_at) : r.updated_at,
      };
    });
  }
}

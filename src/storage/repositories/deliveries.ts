// Deliveries: one row per recipient of a message — the durable queue. Every tenant-facing read
// filters by tenantId; the queue operations (claim, complete, leases) live in queue.ts beside it.
import type { Selectable, Insertable } from 'kysely';
import type { DeliveriesTable } from '../tables.ts';
import type { Delivery, DeliveryState, Page } from '../../core/model.ts';
import { type RepoContext, decodeCursor, clampLimit, toPage } from './common.ts';

export function toDelivery(r: Selectable<DeliveriesTable>): Delivery {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    messageId: r.message_id,
    campaignId: r.campaign_id,
    contactId: r.contact_id,
    recipient: r.recipient,
    domain: r.domain,
    state: r.state as DeliveryState,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    leaseOwner: r.lease_owner,
    leaseExpiresAt: r.lease_expires_at,
    lastCode: r.last_code,
    lastEnhanced: r.last_enhanced,
    lastResponse: r.last_response,
    reason: r.reason,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface DeliveryInput {
  messageId: number;
  campaignId?: number | null;
  contactId?: number | null;
  recipient: string;
  /** Initial state: queued, or suppressed when the recipient is known-bad at acceptance. */
  state?: 'queued' | 'suppressed';
  reason?: string | null;
  nextAttemptAt?: number;
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

export class DeliveryRepository {
  constructor(private readonly ctx: RepoContext) {}

  /** Inserts deliveries and returns their ids, in input order. */
  async insertMany(tenantId: number, inputs: DeliveryInput[]): Promise<number[]> {
    const now = this.ctx.clock.now();
    const ids: number[] = [];
    for (let i = 0; i < inputs.length; i += 500) {
      const rows: Insertable<DeliveriesTable>[] = inputs.slice(i, i + 500).map((d) => ({
        tenant_id: tenantId,
        message_id: d.messageId,
        campaign_id: d.campaignId ?? null,
        contact_id: d.contactId ?? null,
        recipient: d.recipient,
        domain: domainOf(d.recipient),
        state: d.state ?? 'queued',
        reason: d.reason ?? null,
        attempts: 0,
        next_attempt_at: d.nextAttemptAt ?? now,
        created_at: now,
        updated_at: now,
      }));
      const out = await this.ctx.db.insertInto('deliveries').values(rows).returning('id').execute();
      ids.push(...out.map((r) => r.id));
    }
    return ids;
  }

  async get(tenantId: number, id: number): Promise<Delivery | undefined> {
    const row = await this.ctx.db.selectFrom('deliveries').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return row && toDelivery(row);
  }

  async list(tenantId: number, query: { cursor?: string | null; limit?: number; campaignId?: number; messageId?: number; state?: DeliveryState } = {}): Promise<Page<Delivery>> {
    const limit = clampLimit(query.limit);
    let q = this.ctx.db.selectFrom('deliveries').selectAll().where('tenant_id', '=', tenantId).where('id', '>', decodeCursor(query.cursor));
    if (query.campaignId !== undefined) q = q.where('campaign_id', '=', query.campaignId);
    if (query.messageId !== undefined) q = q.where('message_id', '=', query.messageId);
    if (query.state) q = q.where('state', '=', query.state);
    const rows = await q.orderBy('id').limit(limit + 1).execute();
    return toPage(rows, limit, toDelivery);
  }

  /** Counts per state (and per reason for the failed ones) for a campaign or the whole tenant. */
  async countByState(tenantId: number, campaignId?: number): Promise<Record<string, number>> {
    let q = this.ctx.db
      .selectFrom('deliveries')
      .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
      .where('tenant_id', '=', tenantId)
      .groupBy('state');
    if (campaignId !== undefined) q = q.where('campaign_id', '=', campaignId);
    const rows = await q.execute();
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  }
}

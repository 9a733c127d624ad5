// The pre-send hygiene queries: a campaign's audience page by page (the same selection as the
// queue's enqueueCampaign), soft-bounce scores and recent mailings among addresses, and the
// enqueue-time pass that marks invalid or suppressed deliveries as `suppressed` with a reason.
import { sql } from 'kysely';
import type { RepoContext } from './common.ts';
import { SuppressionRepository, addressHash } from './suppressions.ts';

export interface AudienceRow {
  contactId: number;
  address: string;
  confirmedAt: number | null;
}

export interface SuppressedDelivery {
  id: number;
  campaignId: number | null;
  messageId: number;
  reason: string;
  data: Record<string, unknown>;
}

export class HygieneRepository {
  constructor(private readonly ctx: RepoContext) {}

  /** Active contacts subscribed to any of the lists, after contact id `afterId`, by id. */
  async audiencePage(tenantId: number, listIds: number[], afterId: number, limit: number): Promise<AudienceRow[]> {
    if (listIds.length === 0) return [];
    const rows = await sql<{ id: number; address_normalized: string; confirmed_at: number | string | null }>`
      SELECT c.id, c.address_normalized, c.confirmed_at FROM contacts c
      WHERE c.tenant_id = ${tenantId} AND c.status = 'active' AND c.id > ${afterId}
        AND EXISTS (
          SELECT 1 FROM list_memberships m
          WHERE m.tenant_id = ${tenantId} AND m.contact_id = c.id AND m.status = 'subscribed'
            AND m.list_id IN (${sql.join(listIds)})
        )
      ORDER BY c.id LIMIT ${limit}`.execute(this.ctx.db);
    return rows.rows.map((r) => ({ contactId: Number(r.id), address: r.address_normalized, confirmedAt: r.confirmed_at === null ? null : Number(r.confirmed_at) }));
  }

  /** Subscribed contacts left out because of their status (unsubscribed, bounced, complained), by status. */
  async excludedByStatus(tenantId: number, listIds: number[]): Promise<Record<string, number>> {
    if (listIds.length === 0) return {};
    const rows = await sql<{ status: string; n: number | string }>`
      SELECT c.status, COUNT(*) AS n FROM contacts c
      WHERE c.tenant_id = ${tenantId} AND c.status <> 'active'
        AND EXISTS (
          SELECT 1 FROM list_memberships m
          WHERE m.tenant_id = ${tenantId} AND m.contact_id = c.id AND m.status = 'subscribed'
            AND m.list_id IN (${sql.join(listIds)})
        )
      GROUP BY c.status`.execute(this.ctx.db);
    return Object.fromEntries(rows.rows.map((r) => [r.status, Number(r.n)]));
  }

  /** Suppressions in force (tenant's own, else platform-wide) among addresses, keyed by address. */
  async suppressionsAmong(tenantId: number, addresses: string[]): Promise<Map<string, { platform: boolean; reason: string; source: string }>> {
    const byHash = new Map(addresses.map((a) => [addressHash(a), a]));
    const found = await new SuppressionRepository(this.ctx).activeAmong(tenantId, [...byHash.keys()]);
    const out = new Map<string, { platform: boolean; reason: string; source: string }>();
    for (const [hash, s] of found) {
      const a = byHash.get(hash);
      if (a !== undefined) out.set(a, { platform: s.tenantId === null, reason: s.reason, source: s.source });
    }
    return out;
  }

  /** Soft-bounce scores (not stale: last bounce at or after `since`) among addresses, keyed by address. */
  async softScoresAmong(tenantId: number, addresses: string[], since: number): Promise<Map<string, number>> {
    const byHash = new Map(addresses.map((a) => [addressHash(a), a]));
    const hashes = [...byHash.keys()];
    const out = new Map<string, number>();
    for (let i = 0; i < hashes.length; i += 500) {
      const chunk = hashes.slice(i, i + 500);
      if (chunk.length === 0) continue;
      const rows = await this.ctx.db
        .selectFrom('bounce_scores')
        .select(['address_hash', 'score'])
        .where('tenant_id', '=', tenantId)
        .where('address_hash', 'in', chunk)
        .where('last_bounce_at', '>=', since)
        .where('score', '>', 0)
        .execute();
      for (const r of rows) {
        const a = byHash.get(r.address_hash);
        if (a !== undefined) out.set(a, Number(r.score));
      }
    }
    return out;
  }

  /** Among `addresses`, those delivered a campaign of this tenant at or after `since`. */
  async recentlyMailed(tenantId: number, addresses: string[], since: number): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < addresses.length; i += 500) {
      const chunk = addresses.slice(i, i + 500);
      if (chunk.length === 0) continue;
      const rows = await this.ctx.db
        .selectFrom('deliveries')
        .select('recipient')
        .distinct()
        .where('tenant_id', '=', tenantId)
        .where('recipient', 'in', chunk)
        .where('campaign_id', 'is not', null)
        .where('state', '=', 'delivered')
        .where('updated_at', '>=', since)
        .execute();
      for (const r of rows) out.add(r.recipient);
    }
    return out;
  }

  /** Queued deliveries of a campaign after delivery id `afterId`, by id (the enqueue-time pass). */
  async queuedPage(tenantId: number, campaignId: number, afterId: number, limit: number): Promise<{ id: number; recipient: string; messageId: number }[]> {
    const rows = await this.ctx.db
      .selectFrom('deliveries')
      .select(['id', 'recipient', 'message_id'])
      .where('tenant_id', '=', tenantId)
      .where('campaign_id', '=', campaignId)
      .where('state', '=', 'queued')
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: Number(r.id), recipient: r.recipient, messageId: Number(r.message_id) }));
  }

  /** Marks queued deliveries `suppressed` with their reason and one `suppressed` event each. */
  async markSuppressed(tenantId: number, items: SuppressedDelivery[], now: number): Promise<number> {
    let n = 0;
    const events = [];
    for (const it of items) {
      const r = await this.ctx.db
        .updateTable('deliveries')
        .set({ state: 'suppressed', reason: it.reason, updated_at: now })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', it.id)
        .where('state', '=', 'queued')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) continue;
      n++;
      events.push({ tenant_id: tenantId, delivery_id: it.id, campaign_id: it.campaignId, message_id: it.messageId, type: 'suppressed', data: JSON.stringify(it.data), created_at: now });
    }
    for (let i = 0; i < events.length; i += 1000) await this.ctx.db.insertInto('events').values(events.slice(i, i + 1000)).execute();
    return n;
  }
}

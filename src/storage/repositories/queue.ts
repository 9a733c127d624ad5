// The delivery queue's SQL: enqueue a campaign in one INSERT … SELECT (streams inside the
// database, whatever the list size), claim due work per tenant under a lease, record outcomes,
// renew and recover leases. PostgreSQL claims with FOR UPDATE SKIP LOCKED so several workers
// share one queue; SQLite has one writer at a time, so the plain UPDATE … RETURNING is enough.
import { sql, type Selectable } from 'kysely';
import type { DeliveriesTable } from '../tables.ts';
import type { Delivery, DeliveryState, EventType } from '../../core/model.ts';
import { type RepoContext } from './common.ts';
import { toDelivery } from './deliveries.ts';

const WAITING = ['queued', 'deferred'] as const;

export interface ClaimedDelivery extends Delivery {
  /** The contact's name and fields at claim time (null for deliveries without a contact). */
  contactName: string | null;
  contactFields: string | null;
}

export interface OutcomeUpdate {
  id: number;
  tenantId: number;
  state: DeliveryState;
  /** Whether this was an SMTP attempt (counts in `attempts`) or a decision without one. */
  attempted: boolean;
  nextAttemptAt?: number;
  code?: number | null;
  enhanced?: string | null;
  response?: string | null;
  reason?: string | null;
  event: { type: EventType; data: Record<string, unknown> };
  campaignId: number | null;
  messageId: number;
}

export class QueueRepository {
  constructor(private readonly ctx: RepoContext) {}

  /**
   * One delivery per subscribed contact of the given lists (each contact once, whatever the
   * number of lists), plus one `accepted` event each. Contacts whose address bounced are
   * included so the campaign's figures show them as `suppressed` with the reason (the enqueue
   * screen marks them); unsubscribed ones are not members any more. Runs inside the database: constant
   * memory for any list size. Call inside a transaction.
   */
  async enqueueCampaign(tenantId: number, campaignId: number, messageId: number, listIds: number[], now: number): Promise<number> {
    if (listIds.length === 0) return 0;
    const domainExpr = this.ctx.dialect === 'postgres' ? sql`lower(split_part(c.address_normalized, '@', 2))` : sql`lower(substr(c.address_normalized, instr(c.address_normalized, '@') + 1))`;
    const result = await sql`
      INSERT INTO deliveries (tenant_id, message_id, campaign_id, contact_id, recipient, domain, state, attempts, next_attempt_at, created_at, updated_at)
      SELECT c.tenant_id, ${messageId}, ${campaignId}, c.id, c.address_normalized, ${domainExpr}, 'queued', 0, ${now}, ${now}, ${now}
      FROM contacts c
      WHERE c.tenant_id = ${tenantId}
        AND c.status IN ('active', 'bounced')
        AND EXISTS (
          SELECT 1 FROM list_memberships m
          WHERE m.tenant_id = ${tenantId} AND m.contact_id = c.id AND m.status = 'subscribed'
            AND m.list_id IN (${sql.join(listIds)})
        )
      ORDER BY c.id`.execute(this.ctx.db);
    const inserted = Number(result.numAffectedRows ?? 0);
    await sql`
      INSERT INTO events (tenant_id, delivery_id, campaign_id, message_id, type, data, created_at)
      SELECT tenant_id, id, campaign_id, message_id, 'accepted', '{}', ${now}
      FROM deliveries WHERE tenant_id = ${tenantId} AND campaign_id = ${campaignId} AND message_id = ${messageId}`.execute(this.ctx.db);
    return inserted;
  }

  /**
   * Tenants that have waiting deliveries (due or not), by a loose index scan over the partial
   * index deliveries_due: one index seek per tenant, not a scan of every waiting row.
   */
  async tenantsWithWork(): Promise<number[]> {
    const rows = await sql<{ t: number | null }>`
      WITH RECURSIVE w(t) AS (
        SELECT (SELECT MIN(tenant_id) FROM deliveries WHERE state IN ('queued', 'deferred'))
        UNION ALL
        SELECT (SELECT MIN(tenant_id) FROM deliveries WHERE state IN ('queued', 'deferred') AND tenant_id > w.t)
        FROM w WHERE w.t IS NOT NULL
      )
      SELECT t FROM w WHERE t IS NOT NULL`.execute(this.ctx.db);
    return rows.rows.map((r) => Number(r.t));
  }

  /** Earliest next attempt among a tenant's waiting deliveries (to sleep until then). */
  async nextDue(): Promise<number | null> {
    const r = await this.ctx.db
      .selectFrom('deliveries')
      .select((eb) => eb.fn.min('next_attempt_at').as('t'))
      .where('state', 'in', WAITING)
      .executeTakeFirst();
    return r?.t == null ? null : Number(r.t);
  }

  /**
   * Claims up to `limit` due deliveries of one tenant for `owner` until `leaseUntil`, oldest due
   * first, skipping the given (paused) campaigns. Returns them with their contact's fields.
   */
  async claim(tenantId: number, limit: number, owner: string, leaseUntil: number, now: number, excludeCampaigns: number[] = []): Promise<ClaimedDelivery[]> {
    let pick = this.ctx.db
      .selectFrom('deliveries')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('state', 'in', WAITING)
      .where('next_attempt_at', '<=', now)
      // A tenant paused or suspended since the engine last looked sends nothing more, even from
      // a worker whose list of blocked tenants is a moment old.
      .where((eb) => eb.exists(eb.selectFrom('tenants').select('tenants.id').where('tenants.id', '=', tenantId).where('tenants.status', '=', 'active')))
      .orderBy('next_attempt_at')
      .limit(limit);
    if (excludeCampaigns.length > 0) {
      pick = pick.where((eb) => eb.or([eb('campaign_id', 'is', null), eb('campaign_id', 'not in', excludeCampaigns)]));
    }
    if (this.ctx.dialect === 'postgres') pick = pick.forUpdate().skipLocked();
    const claimed = await this.ctx.db
      .updateTable('deliveries')
      .set({ state: 'sending', lease_owner: owner, lease_expires_at: leaseUntil, updated_at: now })
      .where('id', 'in', pick)
      .returningAll()
      .execute();
    if (claimed.length === 0) return [];
    const contactIds = [...new Set(claimed.map((d) => d.contact_id).filter((x): x is number => x !== null))];
    const contacts = new Map<number, { name: string | null; fields: string }>();
    for (let i = 0; i < contactIds.length; i += 500) {
      const rows = await this.ctx.db
        .selectFrom('contacts')
        .select(['id', 'name', 'fields'])
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', contactIds.slice(i, i + 500))
        .execute();
      for (const r of rows) contacts.set(r.id, { name: r.name, fields: r.fields });
    }
    return claimed
      .sort((a, b) => a.id - b.id)
      .map((r: Selectable<DeliveriesTable>) => {
        const c = r.contact_id === null ? undefined : contacts.get(r.contact_id);
        return { ...toDelivery(r), contactName: c?.name ?? null, contactFields: c?.fields ?? null };
      });
  }

  /**
   * Writes outcomes of claimed deliveries, each guarded by the lease owner so a worker whose
   * lease expired (and whose rows were re-claimed) cannot overwrite newer state. Call inside a
   * transaction; returns how many rows were still ours.
   */
  async complete(owner: string, updates: OutcomeUpdate[], now: number): Promise<number> {
    let applied = 0;
    const events: { tenant_id: number; delivery_id: number; campaign_id: number | null; message_id: number; type: string; data: string; created_at: number }[] = [];
    for (const u of updates) {
      const r = await this.ctx.db
        .updateTable('deliveries')
        .set((eb) => ({
          state: u.state,
          attempts: u.attempted ? eb('attempts', '+', 1) : eb.ref('attempts'),
          next_attempt_at: u.nextAttemptAt ?? now,
          last_code: u.code ?? null,
          last_enhanced: u.enhanced ?? null,
          last_response: u.response ?? null,
          reason: u.reason ?? null,
          lease_owner: null,
          lease_expires_at: null,
          updated_at: now,
        }))
        .where('id', '=', u.id)
        .where('tenant_id', '=', u.tenantId)
        .where('lease_owner', '=', owner)
        .where('state', '=', 'sending')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) continue;
      applied++;
      events.push({ tenant_id: u.tenantId, delivery_id: u.id, campaign_id: u.campaignId, message_id: u.messageId, type: u.event.type, data: JSON.stringify(u.event.data), created_at: now });
    }
    for (let i = 0; i < events.length; i += 1000) await this.ctx.db.insertInto('events').values(events.slice(i, i + 1000)).execute();
    return applied;
  }

  /** Extends this worker's leases on everything it still has in flight. */
  async renewLeases(owner: string, leaseUntil: number): Promise<void> {
    await this.ctx.db.updateTable('deliveries').set({ lease_expires_at: leaseUntil }).where('state', '=', 'sending').where('lease_owner', '=', owner).execute();
  }

  /** Gives back unsent claimed deliveries (graceful stop): no attempt counted. */
  async release(owner: string, ids: number[], now: number): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      await this.ctx.db
        .updateTable('deliveries')
        .set({ state: 'queued', lease_owner: null, lease_expires_at: null, updated_at: now })
        .where('lease_owner', '=', owner)
        .where('state', '=', 'sending')
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
    }
  }

  /**
   * Deliveries whose worker died (lease expired while `sending`) go back to the queue, due now,
   * with a `deferred` event: they may have reached the receiver before the crash, so they are
   * the only ones that can be sent twice.
   */
  async recoverExpired(now: number): Promise<number> {
    const expired = await this.ctx.db
      .selectFrom('deliveries')
      .select(['id', 'tenant_id', 'campaign_id', 'message_id', 'lease_owner'])
      .where('state', '=', 'sending')
      .where('lease_expires_at', '<', now)
      .limit(5000)
      .execute();
    if (expired.length === 0) return 0;
    let n = 0;
    for (const e of expired) {
      const r = await this.ctx.db
        .updateTable('deliveries')
        .set({ state: 'deferred', next_attempt_at: now, lease_owner: null, lease_expires_at: null, reason: 'lease expired (worker stopped)', updated_at: now })
        .where('id', '=', e.id)
        .where('state', '=', 'sending')
        .where('lease_expires_at', '<', now)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) continue;
      n++;
      await this.ctx.db
        .insertInto('events')
        .values({ tenant_id: e.tenant_id, delivery_id: e.id, campaign_id: e.campaign_id, message_id: e.message_id, type: 'deferred', data: JSON.stringify({ reason: 'lease expired', owner: e.lease_owner }), created_at: now })
        .execute();
    }
    return n;
  }

  /** Cancels the waiting deliveries of a campaign (one `cancelled` event each). */
  async cancelCampaign(tenantId: number, campaignId: number, now: number): Promise<number> {
    await sql`
      INSERT INTO events (tenant_id, delivery_id, campaign_id, message_id, type, data, created_at)
      SELECT tenant_id, id, campaign_id, message_id, 'cancelled', '{}', ${now}
      FROM deliveries WHERE tenant_id = ${tenantId} AND campaign_id = ${campaignId} AND state IN ('queued', 'deferred')`.execute(this.ctx.db);
    const r = await this.ctx.db
      .updateTable('deliveries')
      .set({ state: 'cancelled', updated_at: now })
      .where('tenant_id', '=', tenantId)
      .where('campaign_id', '=', campaignId)
      .where('state', 'in', WAITING)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Ids of paused campaigns (their deliveries are not claimed). */
  async pausedCampaigns(): Promise<number[]> {
    const rows = await this.ctx.db.selectFrom('campaigns').select('id').where('status', '=', 'paused').execute();
    return rows.map((r) => r.id);
  }

  /** Tenants whose mail must wait (suspended by an operator, paused by the reputation guard). */
  async blockedTenants(): Promise<number[]> {
    const rows = await this.ctx.db.selectFrom('tenants').select('id').where('status', '!=', 'active').execute();
    return rows.map((r) => r.id);
  }

  /** Campaigns in `sending` whose deliveries are all final: mark them sent. */
  async finishCampaigns(now: number): Promise<number[]> {
    const sending = await this.ctx.db.selectFrom('campaigns').select(['id', 'tenant_id']).where('status', '=', 'sending').execute();
    const done: number[] = [];
    for (const c of sending) {
      const open = await this.ctx.db
        .selectFrom('deliveries')
        .select('id')
        .where('tenant_id', '=', c.tenant_id)
        .where('campaign_id', '=', c.id)
        .where('state', 'in', ['queued', 'deferred', 'sending'])
        .limit(1)
        .executeTakeFirst();
      if (open) continue;
      await this.ctx.db.updateTable('campaigns').set({ status: 'sent', finished_at: now, updated_at: now }).where('id', '=', c.id).where('status', '=', 'sending').execute();
      done.push(c.id);
    }
    return done;
  }
}

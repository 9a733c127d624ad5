// The reputation guard's SQL: rolling-window figures per tenant (sends, hard bounces,
// complaints), what a tenant has started sending since a time (warm-up and quotas), warm-up
// state, and canary state — the slice, the hold on the rest of a campaign, the release.
// Every tenant-owned query filters on tenant_id.
import { sql } from 'kysely';
import { type RepoContext, parseJson } from './common.ts';

/**
 * next_attempt_at of the deliveries a canary holds back: far in the future, so the engine's
 * ordinary "due" scan never picks them (no engine change) until the canary releases them.
 */
export const CANARY_HOLD_AT = 9_000_000_000_000; // year 2255

export interface WindowFigures {
  /** Deliveries that reached a receiver (delivered, or bounced after an SMTP attempt). */
  sent: number;
  hardBounces: number;
  complaints: number;
}

export type CanaryStatus = 'testing' | 'passed' | 'paused' | 'released' | 'closed';
export interface Canary {
  campaignId: number;
  tenantId: number;
  status: CanaryStatus;
  sliceIds: number[];
  sliceSize: number;
  held: number;
  threshold: number;
  details: Record<string, unknown>;
  createdAt: number;
  decidedAt: number | null;
}

export interface SliceRow {
  id: number;
  recipient: string;
  state: string;
  attempts: number;
  reason: string | null;
  lastCode: number | null;
  lastResponse: string | null;
}

export interface WarmupRow {
  tenantId: number;
  day: number;
  cleanDays: number;
  completedAt: number | null;
  startedAt: number;
}

export class GuardRepository {
  constructor(private readonly ctx: RepoContext) {}

  /**
   * Sends, hard bounces (a bounced delivery whose reason is in `hardReasons`) and complaints of
   * one tenant in [since, until). A delivery counts at the time of its last change.
   */
  async figures(tenantId: number, hardReasons: readonly string[], since: number, until = Number.MAX_SAFE_INTEGER): Promise<WindowFigures> {
    const hard = hardReasons.length > 0 ? sql`state = 'bounced' AND reason IN (${sql.join([...hardReasons])})` : sql`1 = 0`;
    const r = await sql<{ sent: number | string | null; hard: number | string | null }>`
      SELECT COUNT(*) AS sent, SUM(CASE WHEN ${hard} THEN 1 ELSE 0 END) AS hard
      FROM deliveries
      WHERE tenant_id = ${tenantId} AND state IN ('delivered', 'bounced') AND attempts > 0
        AND updated_at >= ${since} AND updated_at < ${until}`.execute(this.ctx.db);
    const c = await this.ctx.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('type', '=', 'complained')
      .where('created_at', '>=', since)
      .where('created_at', '<', until)
      .executeTakeFirstOrThrow();
    const row = r.rows[0];
    return { sent: Number(row?.sent ?? 0), hardBounces: Number(row?.hard ?? 0), complaints: Number(c.n) };
  }

  /** Tenants with a send outcome or a complaint since `since` (the ones worth judging again). */
  async activeTenants(since: number): Promise<number[]> {
    const rows = await this.ctx.db
      .selectFrom('events')
      .select('tenant_id')
      .distinct()
      .where('created_at', '>=', since)
      .where('type', 'in', ['delivered', 'bounced', 'complained'])
      .execute();
    return rows.map((r) => Number(r.tenant_id));
  }

  /** Time of the tenant's latest event of this type, or null. */
  async lastEventAt(tenantId: number, type: string): Promise<number | null> {
    const r = await this.ctx.db
      .selectFrom('events')
      .select((eb) => eb.fn.max('created_at').as('t'))
      .where('tenant_id', '=', tenantId)
      .where('type', '=', type)
      .executeTakeFirst();
    return r?.t == null ? null : Number(r.t);
  }

  /**
   * Deliveries the tenant has started since `since`: attempted ones that changed since then,
   * plus those being sent right now (claimed by any worker). What warm-up and quotas count.
   * With `before`: only finished attempts in [since, before) (history, nothing in flight).
   */
  async startedSince(tenantId: number, since: number, before?: number): Promise<number> {
    const r = await sql<{ n: number | string }>`
      SELECT COUNT(*) AS n FROM deliveries
      WHERE tenant_id = ${tenantId}
        AND ((state IN ('delivered', 'bounced', 'deferred', 'expired') AND attempts > 0 AND updated_at >= ${since}${before === undefined ? sql`` : sql` AND updated_at < ${before}`})
          ${before === undefined ? sql`OR state = 'sending'` : sql``})`.execute(this.ctx.db);
    return Number(r.rows[0]?.n ?? 0);
  }

  /** Deliveries of the tenant waiting in the queue (held canary rows included). */
  async waiting(tenantId: number): Promise<number> {
    const r = await this.ctx.db
      .selectFrom('deliveries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('state', 'in', ['queued', 'deferred'])
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  // --- warm-up -------------------------------------------------------------------------------

  async warmup(tenantId: number): Promise<WarmupRow | undefined> {
    const r = await this.ctx.db.selectFrom('warmups').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
    return r && { tenantId: r.tenant_id, day: Number(r.day), cleanDays: Number(r.clean_days), completedAt: r.completed_at === null ? null : Number(r.completed_at), startedAt: Number(r.started_at) };
  }

  /** Creates the tenant's warm-up row if missing (concurrent callers: one wins, the others read it). */
  async startWarmup(tenantId: number, day: number): Promise<WarmupRow> {
    const now = this.ctx.clock.now();
    await this.ctx.db
      .insertInto('warmups')
      .values({ tenant_id: tenantId, day, clean_days: 0, completed_at: null, started_at: now, updated_at: now })
      .onConflict((oc) => oc.column('tenant_id').doNothing())
      .execute();
    return (await this.warmup(tenantId))!;
  }

  async saveWarmup(tenantId: number, patch: { day: number; cleanDays: number; completedAt: number | null }): Promise<void> {
    await this.ctx.db
      .updateTable('warmups')
      .set({ day: patch.day, clean_days: patch.cleanDays, completed_at: patch.completedAt, updated_at: this.ctx.clock.now() })
      .where('tenant_id', '=', tenantId)
      .execute();
  }

  // --- canary --------------------------------------------------------------------------------

  /** (id, domain) of a campaign's queued deliveries, by id: the population the slice is drawn from. */
  async queuedOfCampaign(tenantId: number, campaignId: number): Promise<{ id: number; domain: string }[]> {
    const rows = await this.ctx.db
      .selectFrom('deliveries')
      .select(['id', 'domain'])
      .where('tenant_id', '=', tenantId)
      .where('campaign_id', '=', campaignId)
      .where('state', '=', 'queued')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ id: Number(r.id), domain: r.domain }));
  }

  /**
   * Holds every queued delivery of the campaign except the slice, and records the canary.
   * Call inside the transaction that enqueued the campaign.
   */
  async startCanary(tenantId: number, campaignId: number, sliceIds: number[], threshold: number, now: number): Promise<number> {
    const held = await this.ctx.db
      .updateTable('deliveries')
      .set({ next_attempt_at: CANARY_HOLD_AT, updated_at: now })
      .where('tenant_id', '=', tenantId)
      .where('campaign_id', '=', campaignId)
      .where('state', '=', 'queued')
      .executeTakeFirst();
    let unheld = 0;
    for (let i = 0; i < sliceIds.length; i += 500) {
      const r = await this.ctx.db
        .updateTable('deliveries')
        .set({ next_attempt_at: now })
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', sliceIds.slice(i, i + 500))
        .executeTakeFirst();
      unheld += Number(r.numUpdatedRows);
    }
    const heldCount = Number(held.numUpdatedRows) - unheld;
    await this.ctx.db
      .insertInto('canaries')
      .values({ campaign_id: campaignId, tenant_id: tenantId, status: 'testing', slice_ids: JSON.stringify(sliceIds), slice_size: sliceIds.length, held: heldCount, threshold, details: '{}', created_at: now, decided_at: null })
      .execute();
    return heldCount;
  }

  async canary(tenantId: number, campaignId: number): Promise<Canary | undefined> {
    const r = await this.ctx.db.selectFrom('canaries').selectAll().where('tenant_id', '=', tenantId).where('campaign_id', '=', campaignId).executeTakeFirst();
    return r && toCanary(r);
  }

  /** Canaries in one of the given states, every tenant (the guard's periodic scan). */
  async canaries(statuses: CanaryStatus[]): Promise<Canary[]> {
    const rows = await this.ctx.db.selectFrom('canaries').selectAll().where('status', 'in', statuses).orderBy('campaign_id').execute();
    return rows.map(toCanary);
  }

  async sliceRows(tenantId: number, ids: number[]): Promise<SliceRow[]> {
    const out: SliceRow[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.ctx.db
        .selectFrom('deliveries')
        .select(['id', 'recipient', 'state', 'attempts', 'reason', 'last_code', 'last_response'])
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const r of rows) out.push({ id: Number(r.id), recipient: r.recipient, state: r.state, attempts: Number(r.attempts), reason: r.reason, lastCode: r.last_code, lastResponse: r.last_response });
    }
    return out;
  }

  /** Moves a canary from one of `from` to `to`; false when someone else decided first. */
  async decideCanary(tenantId: number, campaignId: number, from: CanaryStatus[], to: CanaryStatus, details: Record<string, unknown>, now: number): Promise<boolean> {
    const r = await this.ctx.db
      .updateTable('canaries')
      .set({ status: to, details: JSON.stringify(details), decided_at: now })
      .where('tenant_id', '=', tenantId)
      .where('campaign_id', '=', campaignId)
      .where('status', 'in', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Makes the held deliveries of a campaign due now; returns how many. */
  async releaseHeld(tenantId: number, campaignId: number, now: number): Promise<number> {
    const r = await this.ctx.db
      .updateTable('deliveries')
      .set({ next_attempt_at: now, updated_at: now })
      .where('tenant_id', '=', tenantId)
      .where('campaign_id', '=', campaignId)
      .where('state', 'in', ['queued', 'deferred'])
      .where('next_attempt_at', '=', CANARY_HOLD_AT)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}

function toCanary(r: { campaign_id: number; tenant_id: number; status: string; slice_ids: string; slice_size: number; held: number; threshold: number; details: string; created_at: number; decided_at: number | null }): Canary {
  return {
    campaignId: Number(r.campaign_id),
    tenantId: Number(r.tenant_id),
    status: r.status as CanaryStatus,
    sliceIds: parseJson<number[]>(r.slice_ids, []),
    sliceSize: Number(r.slice_size),
    held: Number(r.held),
    threshold: Number(r.threshold),
    details: parseJson(r.details, {}),
    createdAt: Number(r.created_at),
    decidedAt: r.decided_at === null ? null : Number(r.decided_at),
  };
}

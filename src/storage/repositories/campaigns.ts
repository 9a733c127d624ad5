// Campaigns (one mailing to lists) of a tenant.
import type { Selectable } from 'kysely';
import type { CampaignsTable } from '../tables.ts';
import type { Campaign, CampaignStatus, Page } from '../../core/model.ts';
import { type RepoContext, parseJson, listByTenant, clampLimit, decodeCursor, toPage } from './common.ts';

function toCampaign(r: Selectable<CampaignsTable>): Campaign {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    name: r.name,
    subject: r.subject,
    bodyMarkdown: r.body_markdown,
    fromName: r.from_name,
    fromAddress: r.from_address,
    replyTo: r.reply_to,
    listIds: parseJson(r.list_ids, []),
    status: r.status as CampaignStatus,
    scheduledAt: r.scheduled_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface CampaignInput {
  name: string;
  subject: string;
  bodyMarkdown: string;
  fromName?: string | null;
  fromAddress?: string | null;
  replyTo?: string | null;
  listIds?: number[];
}

export class CampaignRepository {
  constructor(private readonly ctx: RepoContext) {}

  async create(tenantId: number, input: CampaignInput): Promise<Campaign> {
    const now = this.ctx.clock.now();
    const row = await this.ctx.db
      .insertInto('campaigns')
      .values({
        tenant_id: tenantId,
        name: input.name,
        subject: input.subject,
        body_markdown: input.bodyMarkdown,
        from_name: input.fromName ?? null,
        from_address: input.fromAddress ?? null,
        reply_to: input.replyTo ?? null,
        list_ids: JSON.stringify(input.listIds ?? []),
        status: 'draft',
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toCampaign(row);
  }

  async get(tenantId: number, id: number): Promise<Campaign | undefined> {
    const row = await this.ctx.db.selectFrom('campaigns').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return row && toCampaign(row);
  }

  async list(tenantId: number, query: { cursor?: string | null; limit?: number } = {}): Promise<Page<Campaign>> {
    return listByTenant(this.ctx, 'campaigns', tenantId, query, toCampaign);
  }

  /** A page of the tenant's campaigns, newest first (the cursor is the last id of the previous page). */
  async listNewest(tenantId: number, query: { cursor?: string | null; limit?: number } = {}): Promise<Page<Campaign>> {
    const limit = clampLimit(query.limit);
    const before = decodeCursor(query.cursor);
    let q = this.ctx.db.selectFrom('campaigns').selectAll().where('tenant_id', '=', tenantId);
    if (before > 0) q = q.where('id', '<', before);
    return toPage(await q.orderBy('id', 'desc').limit(limit + 1).execute(), limit, toCampaign);
  }

  /** Moves a campaign to `to` only from one of `from`; false when it was in another state (someone else moved it). */
  async transition(tenantId: number, id: number, from: CampaignStatus[], to: CampaignStatus, extra: { startedAt?: number; finishedAt?: number; scheduledAt?: number | null } = {}): Promise<boolean> {
    const r = await this.ctx.db
      .updateTable('campaigns')
      .set({
        status: to,
        updated_at: this.ctx.clock.now(),
        ...(extra.startedAt !== undefined ? { started_at: extra.startedAt } : {}),
        ...(extra.finishedAt !== undefined ? { finished_at: extra.finishedAt } : {}),
        ...(extra.scheduledAt !== undefined ? { scheduled_at: extra.scheduledAt } : {}),
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('status', 'in', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Changes a campaign's content, only while it is in one of `from` (a draft); false otherwise. */
  async update(tenantId: number, id: number, patch: Partial<CampaignInput>, from: CampaignStatus[] = ['draft']): Promise<boolean> {
    const r = await this.ctx.db
      .updateTable('campaigns')
      .set({
        updated_at: this.ctx.clock.now(),
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.subject !== undefined ? { subject: patch.subject } : {}),
        ...(patch.bodyMarkdown !== undefined ? { body_markdown: patch.bodyMarkdown } : {}),
        ...(patch.fromName !== undefined ? { from_name: patch.fromName } : {}),
        ...(patch.fromAddress !== undefined ? { from_address: patch.fromAddress } : {}),
        ...(patch.replyTo !== undefined ? { reply_to: patch.replyTo } : {}),
        ...(patch.listIds !== undefined ? { list_ids: JSON.stringify(patch.listIds) } : {}),
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('status', 'in', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Scheduled campaigns whose time has come, every tenant, oldest first. */
  async due(now: number, limit = 50): Promise<{ id: number; tenantId: number }[]> {
    const rows = await this.ctx.db
      .selectFrom('campaigns')
      .select(['id', 'tenant_id'])
      .where('status', '=', 'scheduled')
      .where('scheduled_at', '<=', now)
      .orderBy('scheduled_at')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, tenantId: r.tenant_id }));
  }
}

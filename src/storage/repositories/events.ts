// The append-only event log: what happened to deliveries, contacts and tenants. Never updated.
import type { Selectable, Insertable } from 'kysely';
import type { EventsTable } from '../tables.ts';
import type { EventType, FacteurEvent, Page } from '../../core/model.ts';
import { type RepoContext, parseJson, decodeCursor, clampLimit, toPage } from './common.ts';

export function toEvent(r: Selectable<EventsTable>): FacteurEvent {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    deliveryId: r.delivery_id,
    campaignId: r.campaign_id,
    messageId: r.message_id,
    type: r.type as EventType,
    data: parseJson(r.data, {}),
    createdAt: r.created_at,
  };
}

export interface EventInput {
  type: EventType;
  deliveryId?: number | null;
  campaignId?: number | null;
  messageId?: number | null;
  data?: Record<string, unknown>;
}

export class EventRepository {
  constructor(private readonly ctx: RepoContext) {}

  async append(tenantId: number, events: EventInput | EventInput[]): Promise<void> {
    const list = Array.isArray(events) ? events : [events];
    if (list.length === 0) return;
    const now = this.ctx.clock.now();
    const rows: Insertable<EventsTable>[] = list.map((e) => ({
      tenant_id: tenantId,
      type: e.type,
      delivery_id: e.deliveryId ?? null,
      campaign_id: e.campaignId ?? null,
      message_id: e.messageId ?? null,
      data: JSON.stringify(e.data ?? {}),
      created_at: now,
    }));
    // Chunked: SQLite allows at most 32766 bound parameters per statement.
    for (let i = 0; i < rows.length; i += 1000) await this.ctx.db.insertInto('events').values(rows.slice(i, i + 1000)).execute();
  }

  async list(tenantId: number, query: { cursor?: string | null; limit?: number; type?: EventType; deliveryId?: number; campaignId?: number } = {}): Promise<Page<FacteurEvent>> {
    const limit = clampLimit(query.limit);
    let q = this.ctx.db.selectFrom('events').selectAll().where('tenant_id', '=', tenantId).where('id', '>', decodeCursor(query.cursor));
    if (query.type) q = q.where('type', '=', query.type);
    if (query.deliveryId !== undefined) q = q.where('delivery_id', '=', query.deliveryId);
    if (query.campaignId !== undefined) q = q.where('campaign_id', '=', query.campaignId);
    const rows = await q.orderBy('id').limit(limit + 1).execute();
    return toPage(rows, limit, toEvent);
  }
}

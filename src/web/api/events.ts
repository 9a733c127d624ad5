// /api/v1/events: the tenant's event log (append-only), oldest first by cursor, filtered by type,
// campaign or delivery. The same events reach webhook endpoints as they happen.
import { Type, type Static } from '@sinclair/typebox';
import { route } from './route.ts';
import { Id, Page, PageQuery, iso } from './schemas.ts';
import type { EventType, FacteurEvent } from '../../core/model.ts';

const EVENT_TYPES: EventType[] = [
  'accepted', 'attempt', 'delivered', 'deferred', 'bounced', 'suppressed', 'expired', 'cancelled', 'complained', 'unsubscribed',
  'tenant.paused', 'tenant.resumed', 'campaign.paused', 'campaign.resumed', 'campaign.cancelled', 'campaign.scheduled', 'campaign.started', 'campaign.failed',
  'webhook.disabled', 'contact.erased',
];

export const EventSchema = Type.Object({
  id: Id,
  type: Type.String({ description: EVENT_TYPES.join(', ') }),
  delivery_id: Type.Union([Id, Type.Null()]),
  campaign_id: Type.Union([Id, Type.Null()]),
  message_id: Type.Union([Id, Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
  created_at: Type.String({ format: 'date-time' }),
});

export function eventWire(e: FacteurEvent): Static<typeof EventSchema> {
  return { id: e.id, type: e.type, delivery_id: e.deliveryId, campaign_id: e.campaignId, message_id: e.messageId, data: e.data, created_at: iso(e.createdAt)! };
}

export const eventRoutes = [
  route({
    method: 'GET', url: '/events', operationId: 'listEvents', summary: 'Page through the event log, oldest first', tags: ['events'], scope: 'read',
    schema: {
      querystring: Type.Object(
        { ...PageQuery, type: Type.Optional(Type.Union(EVENT_TYPES.map((t) => Type.Literal(t)))), campaign_id: Type.Optional(Id), delivery_id: Type.Optional(Id) },
        { additionalProperties: false },
      ),
      response: { 200: Page(EventSchema) },
    },
    handler: async (req, _reply, ctx) => {
      const q = req.query;
      const page = await ctx.storage.repos.events.list(ctx.tenantId, {
        cursor: q.cursor, limit: q.limit, ...(q.type ? { type: q.type as EventType } : {}), ...(q.campaign_id !== undefined ? { campaignId: q.campaign_id } : {}), ...(q.delivery_id !== undefined ? { deliveryId: q.delivery_id } : {}),
      });
      return { items: page.items.map(eventWire), next_cursor: page.nextCursor };
    },
  }),
];

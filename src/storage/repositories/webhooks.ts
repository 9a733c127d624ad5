// Webhook endpoints of a tenant and their delivery progress: each endpoint walks the tenant's
// event log by id (cursor_event_id), one event at a time, under a lease so that several facteur
// nodes never post the same event to the same endpoint concurrently.
import type { Selectable, Updateable } from 'kysely';
import type { WebhookEndpointsTable } from '../tables.ts';
import type { FacteurEvent, Page, WebhookEndpoint, WebhookEventType } from '../../core/model.ts';
import { type RepoContext, parseJson, listByTenant } from './common.ts';
import { toEvent } from './events.ts';

function toEndpoint(r: Selectable<WebhookEndpointsTable>): WebhookEndpoint {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    url: r.url,
    description: r.description,
    secret: r.secret,
    eventTypes: parseJson<WebhookEventType[]>(r.event_types, []),
    enabled: Number(r.enabled) === 1,
    forwardRawBounces: Number(r.forward_raw_bounces) === 1,
    cursorEventId: Number(r.cursor_event_id),
    attempts: r.attempts,
    nextAttemptAt: Number(r.next_attempt_at),
    failingSince: r.failing_since,
    lastStatus: r.last_status,
    lastError: r.last_error,
    lastSuccessAt: r.last_success_at,
    disabledAt: r.disabled_at,
    disabledReason: r.disabled_reason,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface WebhookInput {
  url: string;
  description?: string | null;
  secret: string;
  eventTypes?: WebhookEventType[];
  forwardRawBounces?: boolean;
}

export interface WebhookPatch {
  url?: string;
  description?: string | null;
  eventTypes?: WebhookEventType[];
  forwardRawBounces?: boolean;
  /** true re-enables (clears the failure record); false disables by hand. */
  enabled?: boolean;
}

export interface WebhookFailure {
  attempts: number;
  nextAttemptAt: number;
  failingSince: number;
  status: number | null;
  error: string;
}

export class WebhookRepository {
  constructor(private readonly ctx: RepoContext) {}

  /** A new endpoint starts after the tenant's latest event: it receives what happens from now on. */
  async create(tenantId: number, input: WebhookInput): Promise<WebhookEndpoint> {
    const now = this.ctx.clock.now();
    const row = await this.ctx.db
      .insertInto('webhook_endpoints')
      .values({
        tenant_id: tenantId,
        url: input.url,
        description: input.description ?? null,
        secret: input.secret,
        event_types: JSON.stringify(input.eventTypes ?? []),
        enabled: 1,
        forward_raw_bounces: input.forwardRawBounces ? 1 : 0,
        cursor_event_id: await this.latestEventId(tenantId),
        next_attempt_at: now,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toEndpoint(row);
  }

  async get(tenantId: number, id: number): Promise<WebhookEndpoint | undefined> {
    const row = await this.ctx.db.selectFrom('webhook_endpoints').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return row && toEndpoint(row);
  }

  async list(tenantId: number, query: { cursor?: string | null; limit?: number } = {}): Promise<Page<WebhookEndpoint>> {
    return listByTenant(this.ctx, 'webhook_endpoints', tenantId, query, toEndpoint);
  }

  async update(tenantId: number, id: number, patch: WebhookPatch): Promise<WebhookEndpoint | undefined> {
    const now = this.ctx.clock.now();
    const set: Updateable<WebhookEndpointsTable> = { updated_at: now };
    if (patch.url !== undefined) set.url = patch.url;
    if (patch.description !== undefined) set.description = patch.description;
    if (patch.eventTypes !== undefined) set.event_types = JSON.stringify(patch.eventTypes);
    if (patch.forwardRawBounces !== undefined) set.forward_raw_bounces = patch.forwardRawBounces ? 1 : 0;
    if (patch.enabled === true) Object.assign(set, { enabled: 1, attempts: 0, failing_since: null, disabled_at: null, disabled_reason: null, next_attempt_at: now });
    if (patch.enabled === false) Object.assign(set, { enabled: 0, disabled_at: now, disabled_reason: 'disabled through the API' });
    const r = await this.ctx.db.updateTable('webhook_endpoints').set(set).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return undefined;
    return this.get(tenantId, id);
  }

  async delete(tenantId: number, id: number): Promise<boolean> {
    const r = await this.ctx.db.deleteFrom('webhook_endpoints').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async latestEventId(tenantId: number): Promise<number> {
    const r = await this.ctx.db.selectFrom('events').select((eb) => eb.fn.max('id').as('m')).where('tenant_id', '=', tenantId).executeTakeFirst();
    return r?.m == null ? 0 : Number(r.m);
  }

  /**
   * Leases up to `limit` enabled endpoints that are due, across tenants. A row is taken only if its
   * lease is free or expired, by a conditional UPDATE, so two nodes never hold the same endpoint.
   */
  async claimDue(owner: string, now: number, leaseUntil: number, limit = 20): Promise<WebhookEndpoint[]> {
    const candidates = await this.ctx.db
      .selectFrom('webhook_endpoints')
      .select('id')
      .where('enabled', '=', 1)
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .orderBy('next_attempt_at')
      .limit(limit)
      .execute();
    const out: WebhookEndpoint[] = [];
    for (const c of candidates) {
      const row = await this.ctx.db
        .updateTable('webhook_endpoints')
        .set({ lease_owner: owner, lease_until: leaseUntil })
        .where('id', '=', c.id)
        .where('enabled', '=', 1)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
        .returningAll()
        .executeTakeFirst();
      if (row) out.push(toEndpoint(row));
    }
    return out;
  }

  /** The tenant's events after `afterId`, oldest first, created before `settledBefore`. */
  async eventsAfter(tenantId: number, afterId: number, limit: number, settledBefore: number): Promise<FacteurEvent[]> {
    const rows = await this.ctx.db
      .selectFrom('events')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '>', afterId)
      .where('created_at', '<=', settledBefore)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toEvent);
  }

  /** The latest raw inbound message (DSN, ARF) logged for a delivery, if still kept. */
  async rawInbound(tenantId: number, deliveryId: number): Promise<{ raw: string; kind: string; receivedAt: number } | undefined> {
    const r = await this.ctx.db
      .selectFrom('inbound_messages')
      .select(['raw', 'kind', 'received_at'])
      .where('tenant_id', '=', tenantId)
      .where('delivery_id', '=', deliveryId)
      .where('raw', 'is not', null)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r && r.raw !== null ? { raw: r.raw, kind: r.kind, receivedAt: Number(r.received_at) } : undefined;
  }

  /** Moves past `eventId` (delivered, or not subscribed): the failure record is cleared. */
  async advance(id: number, owner: string, eventId: number, now: number, status: number | null, delivered: boolean): Promise<boolean> {
    const r = await this.ctx.db
      .updateTable('webhook_endpoints')
      .set({
        cursor_event_id: eventId,
        attempts: 0,
        failing_since: null,
        next_attempt_at: now,
        ...(delivered ? { last_status: status, last_error: null, last_success_at: now } : {}),
      })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async recordFailure(id: number, owner: string, f: WebhookFailure): Promise<void> {
    await this.ctx.db
      .updateTable('webhook_endpoints')
      .set({ attempts: f.attempts, next_attempt_at: f.nextAttemptAt, failing_since: f.failingSince, last_status: f.status, last_error: f.error.slice(0, 500) })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute();
  }

  async disable(id: number, reason: string, now: number): Promise<void> {
    await this.ctx.db
      .updateTable('webhook_endpoints')
      .set({ enabled: 0, disabled_at: now, disabled_reason: reason, updated_at: now, lease_owner: null, lease_until: null })
      .where('id', '=', id)
      .execute();
  }

  async release(id: number, owner: string): Promise<void> {
    await this.ctx.db.updateTable('webhook_endpoints').set({ lease_owner: null, lease_until: null }).where('id', '=', id).where('lease_owner', '=', owner).execute();
  }

  /** The earliest time any enabled endpoint is due (to sleep until then). */
  async nextDue(): Promise<number | null> {
    const r = await this.ctx.db.selectFrom('webhook_endpoints').select((eb) => eb.fn.min('next_attempt_at').as('t')).where('enabled', '=', 1).executeTakeFirst();
    return r?.t == null ? null : Number(r.t);
  }
}

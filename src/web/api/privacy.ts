// GDPR for one contact: export everything facteur holds about it (fields, consent, memberships,
// deliveries, events, suppressions) and erase it. Erasure keeps only the address hash, in the
// tenant's suppression list (source "erasure"), so re-importing the member file cannot mail the
// person again unless they opt in again; events and deliveries stay, without personal data, so
// the statistics still add up.
import { Type } from '@sinclair/typebox';
import { route } from './route.ts';
import { IdParams, contactWire, iso } from './schemas.ts';
import { eventWire } from './events.ts';
import { FacteurError } from '../../core/errors.ts';
import { eraseContact } from '../../core/audience.ts';
import type { Contact, Tenant } from '../../core/model.ts';
import type { Storage } from '../../storage/index.ts';

const Export = Type.Object({}, { additionalProperties: true, description: 'contact, memberships, deliveries, events, suppressions, bounce_score' });

/**
 * Everything facteur holds about one contact, as the JSON document the API and the admin
 * interface both hand out (GDPR art. 15 and 20).
 */
export async function contactExport(storage: Storage, tenant: Pick<Tenant, 'id' | 'slug' | 'name'>, c: Contact): Promise<Record<string, unknown>> {
  const x = await storage.repos.privacy.exportContact(tenant.id, c);
  const suppression = x.suppressions.find((s) => s.tenantId !== null) ?? x.suppressions[0];
  return {
    exported_at: iso(storage.clock.now()),
    tenant: { slug: tenant.slug, name: tenant.name },
    contact: contactWire(c, suppression, x.memberships.map((m) => ({ listId: m.listId, status: m.status as 'subscribed' }))),
    memberships: x.memberships.map((m) => ({ list_id: m.listId, list_slug: m.slug, list_name: m.name, status: m.status, since: iso(m.since), updated_at: iso(m.updatedAt) })),
    deliveries: x.deliveries.map((d) => ({
      id: d.id, message_id: d.messageId, campaign_id: d.campaignId, recipient: d.recipient, state: d.state, attempts: d.attempts, reason: d.reason,
      last_code: d.lastCode, last_response: d.lastResponse, created_at: iso(d.createdAt), updated_at: iso(d.updatedAt),
    })),
    events: x.events.map(eventWire),
    suppressions: x.suppressions.map((s) => ({ scope: s.tenantId === null ? 'platform' : 'tenant', reason: s.reason, source: s.source, since: iso(s.createdAt), expires_at: iso(s.expiresAt) })),
    bounce_score: x.bounceScore && { score: x.bounceScore.score, first_bounce_at: iso(x.bounceScore.firstBounceAt), last_bounce_at: iso(x.bounceScore.lastBounceAt), last_reason: x.bounceScore.lastReason },
  };
}

function notFound(id: number): FacteurError {
  return new FacteurError('ERR_CONTACT_NOT_FOUND', `no contact ${id}`, { hint: 'contact ids come from GET /api/v1/contacts; an erased contact is gone' });
}

export const privacyRoutes = [
  route({
    method: 'GET', url: '/contacts/:id/export', operationId: 'exportContact', summary: 'Everything about one contact, as JSON (GDPR art. 15 and 20)', tags: ['contacts'], scope: 'read',
    schema: { params: IdParams, response: { 200: Export } },
    handler: async (req, reply, ctx) => {
      const c = await ctx.storage.repos.contacts.get(ctx.tenantId, req.params.id);
      if (!c) throw notFound(req.params.id);
      reply.header('content-disposition', `attachment; filename="contact-${c.id}.json"`);
      return contactExport(ctx.storage, ctx.caller.tenant, c);
    },
  }),
  route({
    method: 'POST', url: '/contacts/:id/erase', operationId: 'eraseContact', summary: 'Erase a contact (GDPR art. 17); its address hash stays suppressed',
    description: 'Deletes the contact, its fields and memberships; cancels what was waiting to be sent; strips the address from deliveries, events and the inbound log. Cannot be undone.',
    tags: ['contacts'], scope: 'write',
    schema: {
      params: IdParams,
      response: { 200: Type.Object({ erased: Type.Boolean(), address_hash: Type.String({ description: 'SHA-256 of the normalised address, kept in the suppression list' }), deliveries: Type.Integer(), events: Type.Integer() }) },
    },
    handler: async (req, _reply, ctx) => {
      const out = await eraseContact(ctx.storage, ctx.tenantId, req.params.id, { by: 'api', key: ctx.caller.key.id });
      if (!out) throw notFound(req.params.id);
      return { erased: true, address_hash: out.addressHash, deliveries: out.deliveries, events: out.events };
    },
  }),
];

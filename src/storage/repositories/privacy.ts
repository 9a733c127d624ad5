// GDPR for one contact (everything facteur holds about it, and its erasure) and the retention
// of events and message bodies. Erasure keeps only the SHA-256 of the address, in the tenant's
// suppression list with source `erasure`, so a later re-import is still not mailed.
import { sql } from 'kysely';
import type { Contact, Delivery, FacteurEvent, Suppression } from '../../core/model.ts';
import type { RepoContext } from './common.ts';
import { addressHash } from './suppressions.ts';
import { toDelivery } from './deliveries.ts';
import { toEvent } from './events.ts';

export interface ContactExport {
  memberships: { listId: number; slug: string; name: string; status: string; since: number; updatedAt: number }[];
  deliveries: Delivery[];
  events: FacteurEvent[];
  suppressions: Suppression[];
  bounceScore: { score: number; firstBounceAt: number; lastBounceAt: number; lastReason: string | null } | null;
}

/** What stands in for an erased address in rows kept for the statistics. */
export const ERASED_RECIPIENT = 'erased@erased.invalid';

export class PrivacyRepository {
  constructor(private readonly ctx: RepoContext) {}

  private async deliveryIds(tenantId: number, c: Contact): Promise<number[]> {
    const rows = await this.ctx.db
      .selectFrom('deliveries')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where((eb) => eb.or([eb('contact_id', '=', c.id), eb('recipient', '=', c.addressNormalized)]))
      .orderBy('id')
      .execute();
    return rows.map((r) => r.id);
  }

  async exportContact(tenantId: number, c: Contact): Promise<ContactExport> {
    const db = this.ctx.db;
    const memberships = await db
      .selectFrom('list_memberships as m')
      .innerJoin('lists as l', 'l.id', 'm.list_id')
      .select(['m.list_id', 'l.slug', 'l.name', 'm.status', 'm.created_at', 'm.updated_at'])
      .where('m.tenant_id', '=', tenantId)
      .where('m.contact_id', '=', c.id)
      .orderBy('m.list_id')
      .execute();
    const ids = await this.deliveryIds(tenantId, c);
    const deliveries: Delivery[] = [];
    const events: FacteurEvent[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      deliveries.push(...(await db.selectFrom('deliveries').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', chunk).orderBy('id').execute()).map(toDelivery));
      events.push(...(await db.selectFrom('events').selectAll().where('tenant_id', '=', tenantId).where('delivery_id', 'in', chunk).orderBy('id').execute()).map(toEvent));
    }
    const hash = addressHash(c.addressNormalized);
    const sup = await db
      .selectFrom('suppressions')
      .selectAll()
      .where('address_hash', '=', hash)
      .where((eb) => eb.or([eb('tenant_id', '=', tenantId), eb('tenant_id', 'is', null)]))
      .execute();
    const score = await db.selectFrom('bounce_scores').selectAll().where('tenant_id', '=', tenantId).where('address_hash', '=', hash).executeTakeFirst();
    return {
      memberships: memberships.map((m) => ({ listId: m.list_id, slug: m.slug, name: m.name, status: m.status, since: m.created_at, updatedAt: m.updated_at })),
      deliveries,
      events: events.sort((a, b) => a.id - b.id),
      suppressions: sup.map((r) => ({
        id: r.id, tenantId: r.tenant_id, addressHash: r.address_hash, address: r.address, reason: r.reason,
        source: r.source as Suppression['source'], details: r.details, createdAt: r.created_at, expiresAt: r.expires_at,
      })),
      bounceScore: score ? { score: score.score, firstBounceAt: score.first_bounce_at, lastBounceAt: score.last_bounce_at, lastReason: score.last_reason } : null,
    };
  }

  /**
   * Erases a contact (call inside a transaction): waiting deliveries are cancelled; deliveries,
   * their events and inbound messages keep their state and type for the statistics but lose the
   * address and any text that could hold it; memberships, bounce score and the contact go; the
   * tenant's suppression list keeps the address hash only, source `erasure`.
   */
  async eraseContact(tenantId: number, c: Contact): Promise<{ deliveries: number; events: number }> {
    const db = this.ctx.db;
    const now = this.ctx.clock.now();
    const hash = addressHash(c.addressNormalized);
    const ids = await this.deliveryIds(tenantId, c);
    let events = 0;
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await db
        .updateTable('deliveries')
        .set({ state: 'cancelled', reason: 'erased', updated_at: now })
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', chunk)
        .where('state', 'in', ['queued', 'deferred'])
        .execute();
      await db
        .updateTable('deliveries')
        .set({ recipient: ERASED_RECIPIENT, domain: 'erased.invalid', contact_id: null, last_response: null, updated_at: now })
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', chunk)
        .execute();
      const r = await db.updateTable('events').set({ data: JSON.stringify({ erased: true }) }).where('tenant_id', '=', tenantId).where('delivery_id', 'in', chunk).executeTakeFirst();
      events += Number(r.numUpdatedRows);
      await db
        .updateTable('inbound_messages')
        .set({ raw: null, envelope_from: null, envelope_to: null, details: '{}' })
        .where('tenant_id', '=', tenantId)
        .where('delivery_id', 'in', chunk)
        .execute();
    }
    const existing = await db.selectFrom('suppressions').select('id').where('tenant_id', '=', tenantId).where('address_hash', '=', hash).executeTakeFirst();
    const values = { address: null, reason: 'erased', source: 'erasure', details: null, expires_at: null, created_at: now };
    if (existing) await db.updateTable('suppressions').set(values).where('id', '=', existing.id).execute();
    else await db.insertInto('suppressions').values({ tenant_id: tenantId, address_hash: hash, ...values }).execute();
    await db.deleteFrom('bounce_scores').where('tenant_id', '=', tenantId).where('address_hash', '=', hash).execute();
    await db.deleteFrom('list_memberships').where('tenant_id', '=', tenantId).where('contact_id', '=', c.id).execute();
    await db.deleteFrom('contacts').where('tenant_id', '=', tenantId).where('id', '=', c.id).execute();
    return { deliveries: ids.length, events };
  }

  /** Retention: events created before `eventsBefore` are deleted. */
  async pruneEvents(eventsBefore: number): Promise<number> {
    const r = await this.ctx.db.deleteFrom('events').where('created_at', '<', eventsBefore).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /**
   * Retention: bodies of messages created before `before` are emptied once none of their
   * deliveries can still be sent (the engine would need the body). The row stays for statistics.
   */
  async pruneMessageBodies(before: number): Promise<number> {
    const r = await this.ctx.db
      .updateTable('messages')
      .set({ body: JSON.stringify({ kind: 'pruned' }), headers: '{}' })
      .where('created_at', '<', before)
      .where('body', '!=', JSON.stringify({ kind: 'pruned' }))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('deliveries as d')
              .select(sql`1`.as('one'))
              .whereRef('d.message_id', '=', 'messages.id')
              .where('d.state', 'in', ['queued', 'deferred', 'sending']),
          ),
        ),
      )
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}

// Contacts of a tenant and their list memberships. Every method takes tenantId and filters on it.
import type { Selectable } from 'kysely';
import type { ContactsTable } from '../tables.ts';
import type { Contact, ContactStatus, MembershipStatus, Page } from '../../core/model.ts';
import { type RepoContext, parseJson, decodeCursor, clampLimit, toPage } from './common.ts';

export function toContact(r: Selectable<ContactsTable>): Contact {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    address: r.address,
    addressNormalized: r.address_normalized,
    name: r.name,
    fields: parseJson(r.fields, {}),
    status: r.status as ContactStatus,
    consentSource: r.consent_source,
    consentAt: r.consent_at,
    confirmedAt: r.confirmed_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface ContactInput {
  address: string;
  addressNormalized: string;
  name?: string | null;
  fields?: Record<string, unknown>;
  consentSource?: string | null;
  consentAt?: number | null;
  confirmedAt?: number | null;
}

export interface ContactQuery {
  cursor?: string | null;
  limit?: number;
  status?: ContactStatus;
  listId?: number;
  /** Substring of the normalised address. */
  address?: string;
}

export class ContactRepository {
  constructor(private readonly ctx: RepoContext) {}

  /** Insert or update by normalised address; returns the row and whether it was created. */
  async upsert(tenantId: number, input: ContactInput): Promise<{ contact: Contact; created: boolean }> {
    const now = this.ctx.clock.now();
    const existing = await this.getByAddress(tenantId, input.addressNormalized);
    if (existing) {
      const row = await this.ctx.db
        .updateTable('contacts')
        .set({
          address: input.address,
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.fields !== undefined ? { fields: JSON.stringify({ ...existing.fields, ...input.fields }) } : {}),
          ...(input.consentSource !== undefined ? { consent_source: input.consentSource } : {}),
          ...(input.consentAt !== undefined ? { consent_at: input.consentAt } : {}),
          ...(input.confirmedAt !== undefined ? { confirmed_at: input.confirmedAt } : {}),
          updated_at: now,
        })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', existing.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return { contact: toContact(row), created: false };
    }
    const row = await this.ctx.db
      .insertInto('contacts')
      .values({
        tenant_id: tenantId,
        address: input.address,
        address_normalized: input.addressNormalized,
        name: input.name ?? null,
        fields: JSON.stringify(input.fields ?? {}),
        status: 'active',
        consent_source: input.consentSource ?? null,
        consent_at: input.consentAt ?? null,
        confirmed_at: input.confirmedAt ?? null,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { contact: toContact(row), created: true };
  }

  async get(tenantId: number, id: number): Promise<Contact | undefined> {
    const row = await this.ctx.db.selectFrom('contacts').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return row && toContact(row);
  }

  async getByAddress(tenantId: number, addressNormalized: string): Promise<Contact | undefined> {
    const row = await this.ctx.db
      .selectFrom('contacts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('address_normalized', '=', addressNormalized)
      .executeTakeFirst();
    return row && toContact(row);
  }

  async list(tenantId: number, query: ContactQuery = {}): Promise<Page<Contact>> {
    const limit = clampLimit(query.limit);
    let q = this.ctx.db.selectFrom('contacts').selectAll('contacts').where('contacts.tenant_id', '=', tenantId).where('contacts.id', '>', decodeCursor(query.cursor));
    if (query.status) q = q.where('contacts.status', '=', query.status);
    if (query.address) q = q.where('contacts.address_normalized', 'like', `%${query.address.toLowerCase().replace(/[%_\\]/g, '')}%`);
    if (query.listId !== undefined) {
      q = q
        .innerJoin('list_memberships as m', (j) => j.onRef('m.contact_id', '=', 'contacts.id'))
        .where('m.tenant_id', '=', tenantId)
        .where('m.list_id', '=', query.listId);
    }
    const rows = await q.orderBy('contacts.id').limit(limit + 1).execute();
    return toPage(rows, limit, toContact);
  }

  async setStatus(tenantId: number, id: number, status: ContactStatus): Promise<boolean> {
    const r = await this.ctx.db
      .updateTable('contacts')
      .set({ status, updated_at: this.ctx.clock.now() })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async delete(tenantId: number, id: number): Promise<boolean> {
    const r = await this.ctx.db.deleteFrom('contacts').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Field names used by the tenant's contacts (from the most recent `sample` rows), for merge-tag checks. */
  async fieldNames(tenantId: number, sample = 5000): Promise<string[]> {
    const rows = await this.ctx.db.selectFrom('contacts').select('fields').where('tenant_id', '=', tenantId).orderBy('id', 'desc').limit(sample).execute();
    const names = new Set<string>();
    for (const r of rows) for (const k of Object.keys(parseJson<Record<string, unknown>>(r.fields, {}))) names.add(k);
    return [...names].sort();
  }

  async count(tenantId: number): Promise<number> {
    const r = await this.ctx.db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Adds (or re-subscribes) a contact to a list; the list must belong to the same tenant (checked by caller via ListRepository.get). */
  async subscribe(tenantId: number, listId: number, contactId: number, status: MembershipStatus = 'subscribed'): Promise<void> {
    const now = this.ctx.clock.now();
    await this.ctx.db
      .insertInto('list_memberships')
      .values({ tenant_id: tenantId, list_id: listId, contact_id: contactId, status, created_at: now, updated_at: now })
      .onConflict((oc) => oc.columns(['list_id', 'contact_id']).doUpdateSet({ status, updated_at: now }).where('list_memberships.tenant_id', '=', tenantId))
      .execute();
  }

  async setMembership(tenantId: number, listId: number, contactId: number, status: MembershipStatus): Promise<boolean> {
    const r = await this.ctx.db
      .updateTable('list_memberships')
      .set({ status, updated_at: this.ctx.clock.now() })
      .where('tenant_id', '=', tenantId)
      .where('list_id', '=', listId)
      .where('contact_id', '=', contactId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async memberships(tenantId: number, contactId: number): Promise<{ listId: number; status: MembershipStatus }[]> {
    const rows = await this.ctx.db
      .selectFrom('list_memberships')
      .select(['list_id', 'status'])
      .where('tenant_id', '=', tenantId)
      .where('contact_id', '=', contactId)
      .orderBy('list_id')
      .execute();
    return rows.map((r) => ({ listId: r.list_id, status: r.status as MembershipStatus }));
  }
}

// Contacts and lists as the tenant API and the importer see them: filtered search (status, list,
// address, JSON fields — the one place with dialect-specific JSON SQL), batched upserts, list
// pages with member counts and membership changes. Every method takes tenantId and filters on it.
import { sql, type Insertable, type SelectQueryBuilder } from 'kysely';
import type { ContactsTable, Database } from '../tables.ts';
import type { Contact, ContactFilter, MailingList, MembershipStatus, Page } from '../../core/model.ts';
import { toContact, type ContactInput } from './contacts.ts';
import { type RepoContext, clampLimit, decodeCursor, toPage } from './common.ts';

/** Field names a filter may use: letters, digits, `_` and `-` (they become a JSON path). */
export const FIELD_NAME = /^[\p{L}\p{N}_-]{1,64}$/u;

export interface ContactPatch {
  name?: string | null;
  /** Merged into the stored fields; a null value removes that field. */
  fields?: Record<string, unknown>;
  consentSource?: string | null;
  consentAt?: number | null;
  confirmedAt?: number | null;
}

export interface UpsertResult {
  created: number;
  /** Contacts that existed (merged into), unchanged ones included. */
  updated: number;
  /** Of the `updated`, those the input left exactly as they were (no write). */
  unchanged: number;
  /** Contact ids in input order. */
  ids: number[];
}

export interface ListWithCount extends MailingList {
  memberCount: number;
}

type ContactSelect = SelectQueryBuilder<Database, 'contacts', object>;

export class AudienceRepository {
  constructor(private readonly ctx: RepoContext) {}

  private filtered(tenantId: number, filter: ContactFilter): ContactSelect {
    let q = this.ctx.db.selectFrom('contacts').where('contacts.tenant_id', '=', tenantId) as ContactSelect;
    if (filter.status && filter.status.length > 0) q = q.where('contacts.status', 'in', filter.status);
    if (filter.address) q = q.where('contacts.address_normalized', 'like', `%${filter.address.toLowerCase().replace(/[%_\\]/g, '')}%`);
    if (filter.text) {
      // Address or name; lower() folds ASCII on SQLite, so the text as typed is tried on the name too.
      const raw = filter.text.replace(/[%_\\]/g, '');
      const lower = `%${raw.toLowerCase()}%`;
      q = q.where((eb) =>
        eb.or([eb('contacts.address_normalized', 'like', lower), eb(eb.fn('lower', ['contacts.name']), 'like', lower), eb('contacts.name', 'like', `%${raw}%`)]),
      );
    }
    if (filter.listId !== undefined) {
      const listId = filter.listId;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('list_memberships as m')
            .select('m.contact_id')
            .whereRef('m.contact_id', '=', 'contacts.id')
            .where('m.tenant_id', '=', tenantId)
            .where('m.list_id', '=', listId)
            .where('m.status', '=', 'subscribed'),
        ),
      );
    }
    for (const [name, values] of Object.entries(filter.fields ?? {})) {
      if (!FIELD_NAME.test(name) || values.length === 0) continue;
      // Parameterised JSON path on both databases; values compared as text.
      const expr =
        this.ctx.dialect === 'sqlite'
          ? sql<string>`CAST(json_extract(contacts.fields, ${`$."${name}"`}) AS TEXT)`
          : sql<string>`(contacts.fields::jsonb ->> ${name})`;
      q = q.where(expr, 'in', values);
    }
    return q;
  }

  async search(tenantId: number, filter: ContactFilter, page: { cursor?: string | null; limit?: number } = {}): Promise<Page<Contact>> {
    const limit = clampLimit(page.limit);
    const rows = await this.filtered(tenantId, filter)
      .selectAll('contacts')
      .where('contacts.id', '>', decodeCursor(page.cursor))
      .orderBy('contacts.id')
      .limit(limit + 1)
      .execute();
    return toPage(rows, limit, toContact);
  }

  async count(tenantId: number, filter: ContactFilter): Promise<number> {
    const r = await this.filtered(tenantId, filter)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async update(tenantId: number, id: number, patch: ContactPatch): Promise<Contact | undefined> {
    const row = await this.ctx.db.selectFrom('contacts').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const current = toContact(row);
    let fields = current.fields;
    if (patch.fields) {
      fields = { ...fields };
      for (const [k, v] of Object.entries(patch.fields)) {
        if (v === null) delete fields[k];
        else fields[k] = v;
      }
    }
    const updated = await this.ctx.db
      .updateTable('contacts')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.fields ? { fields: JSON.stringify(fields) } : {}),
        ...(patch.consentSource !== undefined ? { consent_source: patch.consentSource } : {}),
        ...(patch.consentAt !== undefined ? { consent_at: patch.consentAt } : {}),
        ...(patch.confirmedAt !== undefined ? { confirmed_at: patch.confirmedAt } : {}),
        updated_at: this.ctx.clock.now(),
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toContact(updated);
  }

  /** Normalised addresses among `addresses` that already have a contact, with their ids. */
  async existing(tenantId: number, addresses: string[]): Promise<Map<string, { id: number; name: string | null; fields: string }>> {
    const out = new Map<string, { id: number; name: string | null; fields: string }>();
    for (let i = 0; i < addresses.length; i += 500) {
      const chunk = addresses.slice(i, i + 500);
      if (chunk.length === 0) continue;
      const rows = await this.ctx.db
        .selectFrom('contacts')
        .select(['id', 'address_normalized', 'name', 'fields'])
        .where('tenant_id', '=', tenantId)
        .where('address_normalized', 'in', chunk)
        .execute();
      for (const r of rows) out.set(r.address_normalized, { id: r.id, name: r.name, fields: r.fields });
    }
    return out;
  }

  /**
   * Inserts new contacts and merges into existing ones (name and consent replaced when given,
   * fields merged), by normalised address. Inputs must not repeat an address. Run it inside a
   * transaction for atomic batches; chunks of 500 keep under SQLite's bound-parameter limit.
   * keepConsent: existing contacts keep their consent record (an import must not rewrite it).
   */
  async upsertMany(tenantId: number, inputs: ContactInput[], options: { keepConsent?: boolean } = {}): Promise<UpsertResult> {
    const now = this.ctx.clock.now();
    const found = await this.existing(
      tenantId,
      inputs.map((c) => c.addressNormalized),
    );
    const ids = new Map<string, number>();
    let updated = 0;
    let unchanged = 0;
    const fresh: Insertable<ContactsTable>[] = [];
    for (const c of inputs) {
      const old = found.get(c.addressNormalized);
      if (!old) {
        fresh.push({
          tenant_id: tenantId,
          address: c.address,
          address_normalized: c.addressNormalized,
          name: c.name ?? null,
          fields: JSON.stringify(c.fields ?? {}),
          status: 'active',
          consent_source: c.consentSource ?? null,
          consent_at: c.consentAt ?? null,
          confirmed_at: c.confirmedAt ?? null,
          created_at: now,
          updated_at: now,
        });
        continue;
      }
      ids.set(c.addressNormalized, old.id);
      updated++;
      let fields: Record<string, unknown> = {};
      try {
        fields = JSON.parse(old.fields) as Record<string, unknown>;
      } catch {
        // a broken JSON column is replaced by the new fields
      }
      const merged = c.fields !== undefined ? { ...fields, ...c.fields } : fields;
      const consentGiven = !options.keepConsent && (c.consentSource !== undefined || c.consentAt !== undefined || c.confirmedAt !== undefined);
      if ((c.name === undefined || c.name === null || c.name === old.name) && JSON.stringify(merged) === JSON.stringify(fields) && !consentGiven) {
        // Nothing would change (a re-import of the same file): no write, updated_at kept.
        unchanged++;
        continue;
      }
      await this.ctx.db
        .updateTable('contacts')
        .set({
          ...(c.name !== undefined && c.name !== null ? { name: c.name } : {}),
          ...(c.fields !== undefined ? { fields: JSON.stringify(merged) } : {}),
          ...(c.consentSource !== undefined && !options.keepConsent ? { consent_source: c.consentSource } : {}),
          ...(c.consentAt !== undefined && !options.keepConsent ? { consent_at: c.consentAt } : {}),
          ...(c.confirmedAt !== undefined && !options.keepConsent ? { confirmed_at: c.confirmedAt } : {}),
          updated_at: now,
        })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', old.id)
        .execute();
    }
    for (let i = 0; i < fresh.length; i += 500) {
      const rows = await this.ctx.db
        .insertInto('contacts')
        .values(fresh.slice(i, i + 500))
        .returning(['id', 'address_normalized'])
        .execute();
      for (const r of rows) ids.set(r.address_normalized, r.id);
    }
    return { created: fresh.length, updated, unchanged, ids: inputs.map((c) => ids.get(c.addressNormalized)!) };
  }

  /** Ids among `ids` that are this tenant's contacts. */
  async contactIdsOf(tenantId: number, ids: number[]): Promise<Set<number>> {
    const out = new Set<number>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      if (chunk.length === 0) continue;
      const rows = await this.ctx.db.selectFrom('contacts').select('id').where('tenant_id', '=', tenantId).where('id', 'in', chunk).execute();
      for (const r of rows) out.add(r.id);
    }
    return out;
  }

  /**
   * Adds contacts to a list. An existing membership is left as it is — in particular a member who
   * unsubscribed stays unsubscribed: re-importing a file must never undo an unsubscribe.
   * Returns how many memberships were created.
   */
  async addMembers(tenantId: number, listId: number, contactIds: number[], status: MembershipStatus = 'subscribed'): Promise<number> {
    const now = this.ctx.clock.now();
    let added = 0;
    for (let i = 0; i < contactIds.length; i += 500) {
      const chunk = contactIds.slice(i, i + 500);
      if (chunk.length === 0) continue;
      const r = await this.ctx.db
        .insertInto('list_memberships')
        .values(chunk.map((contactId) => ({ tenant_id: tenantId, list_id: listId, contact_id: contactId, status, created_at: now, updated_at: now })))
        .onConflict((oc) => oc.columns(['list_id', 'contact_id']).doNothing())
        .executeTakeFirst();
      added += Number(r.numInsertedOrUpdatedRows ?? 0n);
    }
    return added;
  }

  async removeMember(tenantId: number, listId: number, contactId: number): Promise<boolean> {
    const r = await this.ctx.db
      .deleteFrom('list_memberships')
      .where('tenant_id', '=', tenantId)
      .where('list_id', '=', listId)
      .where('contact_id', '=', contactId)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** A page of a list's members (any membership status), with that status. */
  async members(tenantId: number, listId: number, page: { cursor?: string | null; limit?: number; status?: MembershipStatus } = {}): Promise<Page<{ contact: Contact; membership: MembershipStatus }>> {
    const limit = clampLimit(page.limit);
    let q = this.ctx.db
      .selectFrom('contacts')
      .innerJoin('list_memberships as m', (j) => j.onRef('m.contact_id', '=', 'contacts.id'))
      .selectAll('contacts')
      .select('m.status as membership')
      .where('contacts.tenant_id', '=', tenantId)
      .where('m.tenant_id', '=', tenantId)
      .where('m.list_id', '=', listId)
      .where('contacts.id', '>', decodeCursor(page.cursor));
    if (page.status) q = q.where('m.status', '=', page.status);
    const rows = await q.orderBy('contacts.id').limit(limit + 1).execute();
    return toPage(rows, limit, (r) => ({ contact: toContact(r), membership: r.membership as MembershipStatus }));
  }

  /** Subscribed-member counts of the given lists (0 for a list without members). */
  async memberCounts(tenantId: number, listIds: number[]): Promise<Map<number, number>> {
    const out = new Map<number, number>(listIds.map((id) => [id, 0]));
    if (listIds.length === 0) return out;
    const rows = await this.ctx.db
      .selectFrom('list_memberships')
      .select(['list_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('tenant_id', '=', tenantId)
      .where('list_id', 'in', listIds)
      .where('status', '=', 'subscribed')
      .groupBy('list_id')
      .execute();
    for (const r of rows) out.set(r.list_id, Number(r.n));
    return out;
  }

  async listPage(tenantId: number, page: { cursor?: string | null; limit?: number } = {}): Promise<Page<ListWithCount>> {
    const limit = clampLimit(page.limit);
    const rows = await this.ctx.db
      .selectFrom('lists')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '>', decodeCursor(page.cursor))
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    const counts = await this.memberCounts(
      tenantId,
      rows.map((r) => r.id),
    );
    return toPage(rows, limit, (r) => ({
      id: r.id,
      tenantId: r.tenant_id,
      slug: r.slug,
      name: r.name,
      description: r.description,
      createdAt: r.created_at,
      memberCount: counts.get(r.id) ?? 0,
    }));
  }

  async updateList(tenantId: number, id: number, patch: { name?: string; description?: string | null }): Promise<boolean> {
    if (patch.name === undefined && patch.description === undefined) {
      const r = await this.ctx.db.selectFrom('lists').select('id').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      return r !== undefined;
    }
    const r = await this.ctx.db
      .updateTable('lists')
      .set({ ...(patch.name !== undefined ? { name: patch.name } : {}), ...(patch.description !== undefined ? { description: patch.description } : {}) })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}

// Suppressions: addresses not to be mailed, per tenant and platform-wide (tenantId null).
// Keyed by the SHA-256 of the normalised address so a row survives erasure of the contact.
import { sql, type Selectable } from 'kysely';
import type { SuppressionsTable } from '../tables.ts';
import type { Page, Suppression, SuppressionSource } from '../../core/model.ts';
import { sha256Hex } from '../../lib/ids.ts';
import { type RepoContext, listByTenant, clampLimit, decodeCursor, toPage } from './common.ts';

function toSuppression(r: Selectable<SuppressionsTable>): Suppression {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    addressHash: r.address_hash,
    address: r.address,
    reason: r.reason,
    source: r.source as SuppressionSource,
    details: r.details,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
  };
}

export function addressHash(addressNormalized: string): string {
  return sha256Hex(addressNormalized.toLowerCase());
}

export interface SuppressionInput {
  address: string | null;
  addressHash?: string;
  reason: string;
  source: SuppressionSource;
  details?: string | null;
  expiresAt?: number | null;
}

export class SuppressionRepository {
  constructor(private readonly ctx: RepoContext) {}

  /** Adds or refreshes a suppression. tenantId null writes the platform list. */
  async add(tenantId: number | null, input: SuppressionInput): Promise<void> {
    const hash = input.addressHash ?? addressHash(input.address ?? '');
    const now = this.ctx.clock.now();
    let existing = this.ctx.db.selectFrom('suppressions').select('id').where('address_hash', '=', hash);
    existing = tenantId === null ? existing.where('tenant_id', 'is', null) : existing.where('tenant_id', '=', tenantId);
    const row = await existing.executeTakeFirst();
    const values = {
      reason: input.reason,
      source: input.source,
      details: input.details ?? null,
      expires_at: input.expiresAt ?? null,
    };
    if (row) {
      await this.ctx.db.updateTable('suppressions').set({ ...values, created_at: now }).where('id', '=', row.id).execute();
    } else {
      await this.ctx.db
        .insertInto('suppressions')
        .values({ tenant_id: tenantId, address_hash: hash, address: input.address, created_at: now, ...values })
        .execute();
    }
  }

  /** The suppressions (tenant's own and platform-wide) in force among the given hashes. */
  async activeAmong(tenantId: number, hashes: string[]): Promise<Map<string, Suppression>> {
    const found = new Map<string, Suppression>();
    const now = this.ctx.clock.now();
    for (let i = 0; i < hashes.length; i += 500) {
      const chunk = hashes.slice(i, i + 500);
      if (chunk.length === 0) continue;
      const rows = await this.ctx.db
        .selectFrom('suppressions')
        .selectAll()
        .where('address_hash', 'in', chunk)
        .where((eb) => eb.or([eb('tenant_id', '=', tenantId), eb('tenant_id', 'is', null)]))
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .execute();
      for (const r of rows) if (!found.has(r.address_hash) || r.tenant_id !== null) found.set(r.address_hash, toSuppression(r));
    }
    return found;
  }

  /** The hashes among these that the platform list holds (activeAmong reports a tenant's own row first). */
  async platformAmong(hashes: string[]): Promise<Set<string>> {
    const now = this.ctx.clock.now();
    const found = new Set<string>();
    for (let i = 0; i < hashes.length; i += 500) {
      const chunk = hashes.slice(i, i + 500);
      if (chunk.length === 0) continue;
      const rows = await this.ctx.db
        .selectFrom('suppressions')
        .select('address_hash')
        .where('address_hash', 'in', chunk)
        .where('tenant_id', 'is', null)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .execute();
      for (const r of rows) found.add(r.address_hash);
    }
    return found;
  }

  async find(tenantId: number, addressNormalized: string): Promise<Suppression | undefined> {
    return (await this.activeAmong(tenantId, [addressHash(addressNormalized)])).values().next().value;
  }

  async list(tenantId: number, query: { cursor?: string | null; limit?: number } = {}): Promise<Page<Suppression>> {
    return listByTenant(this.ctx, 'suppressions', tenantId, query, toSuppression);
  }

  /**
   * The tenant's own suppressions in force, newest first (for the admin list): all of them, or
   * those whose address contains `contains` (case-insensitive; erased rows have no address).
   */
  async search(tenantId: number, query: { contains?: string; cursor?: string | null; limit?: number } = {}): Promise<Page<Suppression>> {
    const limit = clampLimit(query.limit);
    const now = this.ctx.clock.now();
    let q = this.ctx.db
      .selectFrom('suppressions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]));
    if (query.cursor) q = q.where('id', '<', decodeCursor(query.cursor));
    if (query.contains) {
      const pattern = `%${query.contains.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
      q = q.where(sql<boolean>`lower(address) like ${pattern} escape '!'`);
    }
    return toPage(await q.orderBy('id', 'desc').limit(limit + 1).execute(), limit, toSuppression);
  }

  /** One of the tenant's own suppressions, by id (platform rows are not the tenant's). */
  async getOwn(tenantId: number, id: number): Promise<Suppression | undefined> {
    const row = await this.ctx.db.selectFrom('suppressions').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return row && toSuppression(row);
  }

  /** Removes one of the tenant's own suppressions by id (erased rows have only a hash). */
  async removeOwn(tenantId: number, id: number): Promise<boolean> {
    const r = await this.ctx.db.deleteFrom('suppressions').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Removes the tenant's own suppression of an address (the platform list is the operator's). */
  async remove(tenantId: number, addressNormalized: string): Promise<boolean> {
    const r = await this.ctx.db
      .deleteFrom('suppressions')
      .where('tenant_id', '=', tenantId)
      .where('address_hash', '=', addressHash(addressNormalized))
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}

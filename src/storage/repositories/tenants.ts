// Tenants (associations): the only aggregate not scoped by tenant, managed by operators.
import type { Selectable } from 'kysely';
import type { TenantsTable } from '../tables.ts';
import type { Tenant, TenantStatus } from '../../core/model.ts';
import { FacteurError } from '../../core/errors.ts';
import { type RepoContext, parseJson, isUniqueViolation } from './common.ts';

export function toTenant(r: Selectable<TenantsTable>): Tenant {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    status: r.status as TenantStatus,
    statusReason: r.status_reason,
    quotaHourly: r.quota_hourly,
    quotaDaily: r.quota_daily,
    settings: parseJson(r.settings, {}),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export class TenantRepository {
  constructor(private readonly ctx: RepoContext) {}

  async create(input: { slug: string; name: string; quotaHourly?: number | null; quotaDaily?: number | null }): Promise<Tenant> {
    const now = this.ctx.clock.now();
    try {
      const row = await this.ctx.db
        .insertInto('tenants')
        .values({
          slug: input.slug,
          name: input.name,
          status: 'active',
          quota_hourly: input.quotaHourly ?? null,
          quota_daily: input.quotaDaily ?? null,
          settings: '{}',
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toTenant(row);
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw new FacteurError('ERR_TENANT_EXISTS', `a tenant with slug "${input.slug}" already exists`, {
          hint: 'choose another slug, or use `facteur tenant list` to find the existing one',
        });
      }
      throw e;
    }
  }

  async get(id: number): Promise<Tenant | undefined> {
    const row = await this.ctx.db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toTenant(row);
  }

  async getBySlug(slug: string): Promise<Tenant | undefined> {
    const row = await this.ctx.db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst();
    return row && toTenant(row);
  }

  /** By slug or numeric id, as typed on a command line. */
  async find(ref: string): Promise<Tenant | undefined> {
    return /^\d+$/.test(ref) ? ((await this.get(Number(ref))) ?? this.getBySlug(ref)) : this.getBySlug(ref);
  }

  async list(): Promise<Tenant[]> {
    const rows = await this.ctx.db.selectFrom('tenants').selectAll().orderBy('id').execute();
    return rows.map(toTenant);
  }

  async setStatus(id: number, status: TenantStatus, reason: string | null): Promise<Tenant> {
    const row = await this.ctx.db
      .updateTable('tenants')
      .set({ status, status_reason: reason, updated_at: this.ctx.clock.now() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new FacteurError('ERR_TENANT_NOT_FOUND', `tenant ${id} does not exist`, { hint: 'see `facteur tenant list`' });
    return toTenant(row);
  }

  async updateSettings(id: number, patch: Record<string, unknown>): Promise<Tenant> {
    const current = await this.get(id);
    if (!current) throw new FacteurError('ERR_TENANT_NOT_FOUND', `tenant ${id} does not exist`, { hint: 'see `facteur tenant list`' });
    const row = await this.ctx.db
      .updateTable('tenants')
      .set({ settings: JSON.stringify({ ...current.settings, ...patch }), updated_at: this.ctx.clock.now() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toTenant(row);
  }
}

// Mailing lists of a tenant.
import type { Selectable } from 'kysely';
import type { ListsTable } from '../tables.ts';
import type { MailingList } from '../../core/model.ts';
import { FacteurError } from '../../core/errors.ts';
import { type RepoContext, isUniqueViolation } from './common.ts';

function toList(r: Selectable<ListsTable>): MailingList {
  return { id: r.id, tenantId: r.tenant_id, slug: r.slug, name: r.name, description: r.description, createdAt: r.created_at };
}

export class ListRepository {
  constructor(private readonly ctx: RepoContext) {}

  async create(tenantId: number, input: { slug: string; name: string; description?: string | null }): Promise<MailingList> {
    try {
      const row = await this.ctx.db
        .insertInto('lists')
        .values({ tenant_id: tenantId, slug: input.slug, name: input.name, description: input.description ?? null, created_at: this.ctx.clock.now() })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toList(row);
    } catch (e) {
      if (isUniqueViolation(e)) throw new FacteurError('ERR_CONFLICT', `a list "${input.slug}" already exists`, { hint: 'choose another slug or use the existing list' });
      throw e;
    }
  }

  async get(tenantId: number, id: number): Promise<MailingList | undefined> {
    const row = await this.ctx.db.selectFrom('lists').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return row && toList(row);
  }

  async getBySlug(tenantId: number, slug: string): Promise<MailingList | undefined> {
    const row = await this.ctx.db.selectFrom('lists').selectAll().where('tenant_id', '=', tenantId).where('slug', '=', slug).executeTakeFirst();
    return row && toList(row);
  }

  async list(tenantId: number): Promise<MailingList[]> {
    const rows = await this.ctx.db.selectFrom('lists').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
    return rows.map(toList);
  }

  async delete(tenantId: number, id: number): Promise<boolean> {
    const r = await this.ctx.db.deleteFrom('lists').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async countMembers(tenantId: number, listId: number, status = 'subscribed'): Promise<number> {
    const r = await this.ctx.db
      .selectFrom('list_memberships')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('list_id', '=', listId)
      .where('status', '=', status)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}

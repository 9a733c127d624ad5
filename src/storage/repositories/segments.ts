// Segments of a tenant: saved contact filters. Members are computed from the filter on read
// (AudienceRepository.search/count), never stored.
import type { Selectable } from 'kysely';
import type { SegmentsTable } from '../tables.ts';
import type { ContactFilter, Page, Segment } from '../../core/model.ts';
import { type RepoContext, parseJson, decodeCursor, clampLimit, toPage } from './common.ts';

function toSegment(r: Selectable<SegmentsTable>): Segment {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    name: r.name,
    description: r.description,
    filter: parseJson<ContactFilter>(r.filter, {}),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export class SegmentRepository {
  constructor(private readonly ctx: RepoContext) {}

  async create(tenantId: number, input: { name: string; description?: string | null; filter: ContactFilter }): Promise<Segment> {
    const now = this.ctx.clock.now();
    const row = await this.ctx.db
      .insertInto('segments')
      .values({ tenant_id: tenantId, name: input.name, description: input.description ?? null, filter: JSON.stringify(input.filter), created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSegment(row);
  }

  async get(tenantId: number, id: number): Promise<Segment | undefined> {
    const row = await this.ctx.db.selectFrom('segments').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return row && toSegment(row);
  }

  async list(tenantId: number, page: { cursor?: string | null; limit?: number } = {}): Promise<Page<Segment>> {
    const limit = clampLimit(page.limit);
    const rows = await this.ctx.db
      .selectFrom('segments')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '>', decodeCursor(page.cursor))
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    return toPage(rows, limit, toSegment);
  }

  async update(tenantId: number, id: number, patch: { name?: string; description?: string | null; filter?: ContactFilter }): Promise<Segment | undefined> {
    const row = await this.ctx.db
      .updateTable('segments')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.filter !== undefined ? { filter: JSON.stringify(patch.filter) } : {}),
        updated_at: this.ctx.clock.now(),
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toSegment(row);
  }

  async delete(tenantId: number, id: number): Promise<boolean> {
    const r = await this.ctx.db.deleteFrom('segments').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}

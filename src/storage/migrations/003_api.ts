// 003: what the tenant API needs beyond the core schema — saved segments (filters over contacts)
// and an index for per-list member counts. Forward-only.
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

type Any = Kysely<unknown>;

export function migration003(dialect: Dialect) {
  const ref = dialect === 'sqlite' ? 'integer' : 'bigint';
  const ms = 'bigint';
  return {
    async up(db: Any): Promise<void> {
      let t = db.schema.createTable('segments');
      t = dialect === 'sqlite' ? t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()) : t.addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity());
      await t
        .addColumn('tenant_id', ref, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('filter', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('segments_tenant').on('segments').columns(['tenant_id', 'id']).execute();
      // Member counts and member pages per list: the primary key starts with list_id but counts filter on status too.
      await db.schema.createIndex('list_memberships_list_status').on('list_memberships').columns(['tenant_id', 'list_id', 'status']).execute();
    },
  };
}

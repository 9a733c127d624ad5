// 006: what the reputation guard needs — canary state per campaign (the slice, the decision),
// warm-up state per tenant, and indexes for the rolling-window counts (deliveries by state and
// time, events by type and time, per tenant). Forward-only.
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

type Any = Kysely<unknown>;

export function migration006(dialect: Dialect) {
  const ref = dialect === 'sqlite' ? 'integer' : 'bigint';
  const ms = 'bigint';
  const real = dialect === 'sqlite' ? 'real' : 'double precision';
  return {
    async up(db: Any): Promise<void> {
      // One row per campaign sent with a canary. The slice's delivery ids are kept (at most
      // canary_max, 500 by default) so the slice can be judged whatever happens to the rest.
      await db.schema
        .createTable('canaries')
        .addColumn('campaign_id', ref, (c) => c.primaryKey().references('campaigns.id').onDelete('cascade'))
        .addColumn('tenant_id', ref, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('status', 'text', (c) => c.notNull()) // testing | passed | paused | released | closed
        .addColumn('slice_ids', 'text', (c) => c.notNull())
        .addColumn('slice_size', 'integer', (c) => c.notNull())
        .addColumn('held', 'integer', (c) => c.notNull())
        .addColumn('threshold', real, (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('decided_at', ms)
        .execute();
      await db.schema.createIndex('canaries_status').on('canaries').columns(['status']).execute();

      // Warm-up: the daily allowance doubles with each clean sending day until it reaches the
      // tenant's quota. `day` is the last UTC day (days since the epoch) already judged.
      await db.schema
        .createTable('warmups')
        .addColumn('tenant_id', ref, (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
        .addColumn('day', 'integer', (c) => c.notNull())
        .addColumn('clean_days', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('completed_at', ms)
        .addColumn('started_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();

      // Rolling windows: sends and hard bounces per tenant since a time; complaints likewise.
      await db.schema.createIndex('deliveries_tenant_state_updated').on('deliveries').columns(['tenant_id', 'state', 'updated_at']).execute();
      await db.schema.createIndex('events_tenant_type_created').on('events').columns(['tenant_id', 'type', 'created_at']).execute();
    },
  };
}

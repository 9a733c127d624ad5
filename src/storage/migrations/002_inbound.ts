// 002: what inbound mail needs — soft-bounce scores per tenant and address, and a short-lived
// log of every inbound message (bounce, complaint, unsubscribe, SES notification) for diagnosis.
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

type Any = Kysely<unknown>;

export function migration002(dialect: Dialect) {
  const ref = dialect === 'sqlite' ? 'integer' : 'bigint';
  const ms = 'bigint';
  const real = dialect === 'sqlite' ? 'real' : 'double precision';

  return {
    async up(db: Any): Promise<void> {
      // Soft bounces add to a score that is forgotten when stale (Mailman's bounce_info model);
      // crossing the threshold suppresses the address for that tenant. Keyed by address hash,
      // like suppressions, so erasing a contact leaves nothing readable here.
      await db.schema
        .createTable('bounce_scores')
        .addColumn('tenant_id', ref, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('address_hash', 'text', (c) => c.notNull())
        .addColumn('score', real, (c) => c.notNull())
        .addColumn('first_bounce_at', ms, (c) => c.notNull())
        .addColumn('last_bounce_at', ms, (c) => c.notNull())
        .addColumn('last_reason', 'text')
        .addPrimaryKeyConstraint('bounce_scores_pk', ['tenant_id', 'address_hash'])
        .execute();

      // inbound_messages: one row per message or notification received, kept log_keep_days.
      // tenant_id is null when the message matched no delivery (forged, unparseable, stray).
      const withId = dialect === 'sqlite'
        ? db.schema.createTable('inbound_messages').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        : db.schema.createTable('inbound_messages').addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity());
      await withId
        .addColumn('received_at', ms, (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('envelope_from', 'text')
        .addColumn('envelope_to', 'text')
        .addColumn('tenant_id', ref)
        .addColumn('delivery_id', ref)
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('raw', 'text')
        .execute();
      await db.schema.createIndex('inbound_messages_received').on('inbound_messages').columns(['received_at']).execute();
      await db.schema.createIndex('inbound_messages_tenant').on('inbound_messages').columns(['tenant_id', 'id']).execute();
    },
  };
}

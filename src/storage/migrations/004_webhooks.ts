// 004: webhook endpoints per tenant (secret, event types, progress through the event log as a
// cursor, failure tracking and automatic disabling), and a request hash on messages so a reused
// Idempotency-Key with a different body can be refused. Forward-only, additive.
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

type Any = Kysely<unknown>;

export function migration004(dialect: Dialect) {
  const ref = dialect === 'sqlite' ? 'integer' : 'bigint';
  const ms = 'bigint';
  return {
    async up(db: Any): Promise<void> {
      let t = db.schema.createTable('webhook_endpoints');
      t = dialect === 'sqlite' ? t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()) : t.addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity());
      await t
        .addColumn('tenant_id', ref, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        // Needed in clear to sign (HMAC); shown to the tenant once, never returned by the API again.
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('event_types', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('forward_raw_bounces', 'integer', (c) => c.notNull().defaultTo(0))
        // Progress: the last event id handled (sent, or skipped as not subscribed).
        .addColumn('cursor_event_id', ref, (c) => c.notNull().defaultTo(0))
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', ms, (c) => c.notNull().defaultTo(0))
        .addColumn('failing_since', ms)
        .addColumn('last_status', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('last_success_at', ms)
        .addColumn('disabled_at', ms)
        .addColumn('disabled_reason', 'text')
        .addColumn('lease_owner', 'text')
        .addColumn('lease_until', ms)
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('webhook_endpoints_tenant').on('webhook_endpoints').columns(['tenant_id', 'id']).execute();
      await db.schema.createIndex('webhook_endpoints_due').on('webhook_endpoints').columns(['enabled', 'next_attempt_at']).execute();
      await db.schema.alterTable('messages').addColumn('request_hash', 'text').execute();
      await db.schema.createIndex('inbound_messages_delivery').on('inbound_messages').columns(['delivery_id']).execute();
    },
  };
}

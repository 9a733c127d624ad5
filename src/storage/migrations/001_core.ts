// 001: the core schema. Forward-only; never edit a migration that has shipped, add the next one.
import { sql, type Kysely, type CreateTableBuilder } from 'kysely';
import type { Dialect } from '../dialect.ts';

type Any = Kysely<unknown>;

export function migration001(dialect: Dialect) {
  /** Auto-increment primary key: INTEGER PRIMARY KEY on SQLite (the rowid), identity on PostgreSQL. */
  const withId = <T extends string>(t: CreateTableBuilder<T, never>) =>
    dialect === 'sqlite'
      ? t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      : t.addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity());
  /** Foreign keys to an id column have the id's type: bigint on PostgreSQL. */
  const ref = dialect === 'sqlite' ? 'integer' : 'bigint';
  const ms = 'bigint';

  return {
    async up(db: Any): Promise<void> {
      await db.schema
        .createTable('platform_settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();

      await withId(db.schema.createTable('tenants'))
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
        .addColumn('status_reason', 'text')
        .addColumn('quota_hourly', 'integer')
        .addColumn('quota_daily', 'integer')
        .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();

      await withId(db.schema.createTable('users'))
        .addColumn('tenant_id', ref, (c) => c.references('tenants.id').onDelete('cascade'))
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('last_login_at', ms)
        .execute();
      // One account per e-mail per tenant; operators (tenant_id NULL) share the 0 slot.
      await sql`CREATE UNIQUE INDEX users_tenant_email ON users (COALESCE(tenant_id, 0), email)`.execute(db);

      await withId(db.schema.createTable('api_keys'))
        .addColumn('tenant_id', ref, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('prefix', 'text', (c) => c.notNull().unique())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('last_used_at', ms)
        .addColumn('revoked_at', ms)
        .execute();
      await db.schema.createIndex('api_keys_tenant').on('api_keys').columns(['tenant_id']).execute();

      await withId(db.schema.createTable('contacts'))
        .addColumn('tenant_id', ref, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('address_normalized', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('fields', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
        .addColumn('consent_source', 'text')
        .addColumn('consent_at', ms)
        .addColumn('confirmed_at', ms)
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .addUniqueConstraint('contacts_tenant_address', ['tenant_id', 'address_normalized'])
        .execute();
      await db.schema.createIndex('contacts_tenant_id').on('contacts').columns(['tenant_id', 'id']).execute();

      await withId(db.schema.createTable('lists'))
        .addColumn('tenant_id', ref, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('slug', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('created_at', ms, (c) => c.notNull())
        .addUniqueConstraint('lists_tenant_slug', ['tenant_id', 'slug'])
        .execute();

      await db.schema
        .createTable('list_memberships')
        .addColumn('tenant_id', ref, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('list_id', ref, (c) => c.notNull().references('lists.id').onDelete('cascade'))
        .addColumn('contact_id', ref, (c) => c.notNull().references('contacts.id').onDelete('cascade'))
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('subscribed'))
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .addPrimaryKeyConstraint('list_memberships_pk', ['list_id', 'contact_id'])
        .execute();
      await db.schema.createIndex('list_memberships_contact').on('list_memberships').columns(['tenant_id', 'contact_id']).execute();

      await withId(db.schema.createTable('suppressions'))
        .addColumn('tenant_id', ref, (c) => c.references('tenants.id').onDelete('cascade'))
        .addColumn('address_hash', 'text', (c) => c.notNull())
        .addColumn('address', 'text')
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('details', 'text')
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('expires_at', ms)
        .execute();
      // One row per address per scope; the platform list is tenant_id NULL (slot 0).
      await sql`CREATE UNIQUE INDEX suppressions_scope_hash ON suppressions (COALESCE(tenant_id, 0), address_hash)`.execute(db);
      await db.schema.createIndex('suppressions_hash').on('suppressions').columns(['address_hash']).execute();

      await withId(db.schema.createTable('campaigns'))
        .addColumn('tenant_id', ref, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('body_markdown', 'text', (c) => c.notNull())
        .addColumn('from_name', 'text')
        .addColumn('from_address', 'text')
        .addColumn('reply_to', 'text')
        .addColumn('list_ids', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
        .addColumn('scheduled_at', ms)
        .addColumn('started_at', ms)
        .addColumn('finished_at', ms)
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('campaigns_tenant').on('campaigns').columns(['tenant_id', 'id']).execute();
      await db.schema.createIndex('campaigns_due').on('campaigns').columns(['status', 'scheduled_at']).execute();

      await withId(db.schema.createTable('messages'))
        .addColumn('tenant_id', ref, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('campaign_id', ref, (c) => c.references('campaigns.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('from_address', 'text', (c) => c.notNull())
        .addColumn('headers', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text')
        .addColumn('created_at', ms, (c) => c.notNull())
        .execute();
      await sql`CREATE UNIQUE INDEX messages_idempotency ON messages (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL`.execute(db);
      await db.schema.createIndex('messages_campaign').on('messages').columns(['campaign_id']).execute();

      // deliveries: the queue. No foreign keys here on purpose: at millions of rows per day the
      // checks cost more than they protect, and rows are only written by the queue code.
      await withId(db.schema.createTable('deliveries'))
        .addColumn('tenant_id', ref, (c) => c.notNull())
        .addColumn('message_id', ref, (c) => c.notNull())
        .addColumn('campaign_id', ref)
        .addColumn('contact_id', ref)
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('domain', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', ms, (c) => c.notNull())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', ms)
        .addColumn('last_code', 'integer')
        .addColumn('last_enhanced', 'text')
        .addColumn('last_response', 'text')
        .addColumn('reason', 'text')
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
      // The scheduler's scan: due work per tenant, only over rows still waiting (partial index,
      // so finished rows — the vast majority — cost nothing here).
      await sql`CREATE INDEX deliveries_due ON deliveries (tenant_id, next_attempt_at) WHERE state IN ('queued', 'deferred')`.execute(db);
      // Crash recovery: leases that expired while `sending`.
      await sql`CREATE INDEX deliveries_leased ON deliveries (lease_expires_at) WHERE state = 'sending'`.execute(db);
      await db.schema.createIndex('deliveries_campaign_state').on('deliveries').columns(['tenant_id', 'campaign_id', 'state']).execute();
      await db.schema.createIndex('deliveries_message').on('deliveries').columns(['message_id']).execute();
      await db.schema.createIndex('deliveries_recipient').on('deliveries').columns(['tenant_id', 'recipient']).execute();

      // events: append-only log of what happened to deliveries and contacts.
      await withId(db.schema.createTable('events'))
        .addColumn('tenant_id', ref, (c) => c.notNull())
        .addColumn('delivery_id', ref)
        .addColumn('campaign_id', ref)
        .addColumn('message_id', ref)
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('created_at', ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('events_tenant').on('events').columns(['tenant_id', 'id']).execute();
      await db.schema.createIndex('events_delivery').on('events').columns(['delivery_id']).execute();
      await db.schema.createIndex('events_created').on('events').columns(['created_at']).execute();
    },
  };
}

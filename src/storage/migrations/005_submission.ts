// 005: SMTP submission credentials — one row per application allowed to send through facteur's
// submission server (port 587/465), scoped to a tenant. Only the hash of the password is stored.
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

type Any = Kysely<unknown>;

export function migration005(dialect: Dialect) {
  const ref = dialect === 'sqlite' ? 'integer' : 'bigint';
  const ms = 'bigint';
  return {
    async up(db: Any): Promise<void> {
      let t = db.schema.createTable('smtp_credentials');
      t = dialect === 'sqlite' ? t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()) : t.addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity());
      await t
        .addColumn('tenant_id', ref, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        // Globally unique: AUTH presents only the user name, which must find exactly one tenant.
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('allowed_senders', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('max_message_bytes', 'bigint')
        .addColumn('rate_per_minute', 'integer')
        .addColumn('list_id', ref, (c) => c.references('lists.id').onDelete('set null'))
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('last_used_at', ms)
        .addColumn('revoked_at', ms)
        .execute();
      await db.schema.createIndex('smtp_credentials_tenant').on('smtp_credentials').columns(['tenant_id', 'id']).execute();
    },
  };
}

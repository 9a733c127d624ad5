// 007: server-side sessions of the admin interface. The cookie carries a random token; only its
// SHA-256 is stored, so a leaked database does not hand out live sessions. Forward-only.
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

type Any = Kysely<unknown>;

export function migration007(dialect: Dialect) {
  const ref = dialect === 'sqlite' ? 'integer' : 'bigint';
  const ms = 'bigint';
  return {
    async up(db: Any): Promise<void> {
      const table = db.schema.createTable('admin_sessions');
      await (dialect === 'sqlite' ? table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()) : table.addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity()))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
        // Copied from the user at sign-in; null for an operator.
        .addColumn('tenant_id', ref, (c) => c.references('tenants.id').onDelete('cascade'))
        // Synchroniser token every form of the session carries (not a secret on its own).
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('lang', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('last_seen_at', ms, (c) => c.notNull())
        .addColumn('expires_at', ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('admin_sessions_user').on('admin_sessions').columns(['user_id']).execute();
      await db.schema.createIndex('admin_sessions_expires').on('admin_sessions').columns(['expires_at']).execute();
    },
  };
}

// Sessions of the admin interface (table admin_sessions, migration 007), and the one read the
// dashboard needs that the campaign repository does not offer (latest campaigns first).
// Tokens never reach this file: callers pass the SHA-256 of the cookie value.
import type { Kysely } from 'kysely';
import type { Database } from '../tables.ts';
import type { RepoContext } from './common.ts';

interface AdminSessionsTable {
  id: number;
  token_hash: string;
  user_id: number;
  tenant_id: number | null;
  csrf_token: string;
  lang: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

/** The tables this file reads, typed here until admin_sessions joins tables.ts. */
type SessionDb = Database & { admin_sessions: AdminSessionsTable };

export interface AdminSession {
  id: number;
  userId: number;
  tenantId: number | null;
  csrfToken: string;
  lang: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

export class AdminSessionRepository {
  private readonly db: Kysely<SessionDb>;

  constructor(private readonly ctx: RepoContext) {
    this.db = ctx.db as unknown as Kysely<SessionDb>;
  }

  async create(input: { tokenHash: string; userId: number; tenantId: number | null; csrfToken: string; lang: string; expiresAt: number }): Promise<void> {
    const now = this.ctx.clock.now();
    await this.db
      .insertInto('admin_sessions')
      .values({
        token_hash: input.tokenHash,
        user_id: input.userId,
        tenant_id: input.tenantId,
        csrf_token: input.csrfToken,
        lang: input.lang,
        created_at: now,
        last_seen_at: now,
        expires_at: input.expiresAt,
      } as never)
      .execute();
  }

  /** The session with this token hash, whether expired or not (the caller judges). */
  async find(tokenHash: string): Promise<AdminSession | undefined> {
    const r = await this.db.selectFrom('admin_sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    if (!r) return undefined;
    return {
      id: Number(r.id),
      userId: Number(r.user_id),
      tenantId: r.tenant_id === null ? null : Number(r.tenant_id),
      csrfToken: r.csrf_token,
      lang: r.lang,
      createdAt: Number(r.created_at),
      lastSeenAt: Number(r.last_seen_at),
      expiresAt: Number(r.expires_at),
    };
  }

  async touch(id: number, at: number): Promise<void> {
    await this.db.updateTable('admin_sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
  }

  async setLang(id: number, lang: string): Promise<void> {
    await this.db.updateTable('admin_sessions').set({ lang }).where('id', '=', id).execute();
  }

  async delete(id: number): Promise<void> {
    await this.db.deleteFrom('admin_sessions').where('id', '=', id).execute();
  }

  /** Ends every session of a user (password changed, removed from the team); returns how many. */
  async deleteForUser(userId: number): Promise<number> {
    const r = await this.db.deleteFrom('admin_sessions').where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Removes sessions past their absolute expiry; returns how many. */
  async purgeExpired(now: number): Promise<number> {
    const r = await this.db.deleteFrom('admin_sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Who a session belongs to (users has no lookup by id yet). */
  async user(userId: number): Promise<{ id: number; tenantId: number | null; email: string; role: string } | undefined> {
    const r = await this.db.selectFrom('users').select(['id', 'tenant_id', 'email', 'role']).where('id', '=', userId).executeTakeFirst();
    return r && { id: Number(r.id), tenantId: r.tenant_id === null ? null : Number(r.tenant_id), email: r.email, role: r.role };
  }

  /** Records a successful sign-in on the user (users.last_login_at). */
  async markSignIn(userId: number, at: number): Promise<void> {
    await this.db.updateTable('users').set({ last_login_at: at }).where('id', '=', userId).execute();
  }

  /** Ids of the tenant's latest campaigns, newest first. */
  async latestCampaignIds(tenantId: number, limit: number): Promise<number[]> {
    const rows = await this.db.selectFrom('campaigns').select('id').where('tenant_id', '=', tenantId).orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => Number(r.id));
  }
}

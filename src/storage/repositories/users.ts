// Users: platform operators (tenantId null) and people who sign in to one tenant.
import type { Selectable } from 'kysely';
import type { UsersTable } from '../tables.ts';
import type { User, UserRole } from '../../core/model.ts';
import { FacteurError } from '../../core/errors.ts';
import { type RepoContext, isUniqueViolation } from './common.ts';

function toUser(r: Selectable<UsersTable>): User {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    email: r.email,
    name: r.name,
    role: r.role as UserRole,
    passwordHash: r.password_hash,
    createdAt: r.created_at,
    lastLoginAt: r.last_login_at,
  };
}

export class UserRepository {
  constructor(private readonly ctx: RepoContext) {}

  async create(input: { tenantId: number | null; email: string; name?: string; role: UserRole; passwordHash: string }): Promise<User> {
    try {
      const row = await this.ctx.db
        .insertInto('users')
        .values({
          tenant_id: input.tenantId,
          email: input.email.toLowerCase(),
          name: input.name ?? '',
          role: input.role,
          password_hash: input.passwordHash,
          created_at: this.ctx.clock.now(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toUser(row);
    } catch (e) {
      if (isUniqueViolation(e)) throw new FacteurError('ERR_USER_EXISTS', `a user ${input.email} already exists here`, { hint: 'sign in with that account or choose another e-mail' });
      throw e;
    }
  }

  async countOperators(): Promise<number> {
    const r = await this.ctx.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', 'is', null).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Operators when tenantId is null, else that tenant's users only. */
  async findByEmail(tenantId: number | null, email: string): Promise<User | undefined> {
    let q = this.ctx.db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase());
    q = tenantId === null ? q.where('tenant_id', 'is', null) : q.where('tenant_id', '=', tenantId);
    const row = await q.executeTakeFirst();
    return row && toUser(row);
  }

  async get(id: number): Promise<User | undefined> {
    const row = await this.ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toUser(row);
  }

  /**
   * Replaces the password hash (password reset, invitation accepted, CLI reset). With `ifCurrent`,
   * only while the hash is still that one (a one-time link used twice at once sets it once).
   */
  async setPassword(id: number, passwordHash: string, ifCurrent?: string): Promise<boolean> {
    let q = this.ctx.db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id);
    if (ifCurrent !== undefined) q = q.where('password_hash', '=', ifCurrent);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /**
   * Changes a tenant user's role, in one statement that keeps at least one admin: an admin is
   * demoted only while another admin remains. False when nothing changed (no such user here, or
   * the last admin).
   */
  async setRole(tenantId: number, id: number, role: UserRole): Promise<boolean> {
    let q = this.ctx.db.updateTable('users').set({ role }).where('id', '=', id).where('tenant_id', '=', tenantId);
    if (role !== 'admin') q = q.where((eb) => eb.or([eb('role', '<>', 'admin'), eb(this.adminCount(tenantId), '>', 1)]));
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Removes a tenant user, never the last admin (same rule as setRole). False when nothing was removed. */
  async remove(tenantId: number, id: number): Promise<boolean> {
    const r = await this.ctx.db
      .deleteFrom('users')
      .where('id', '=', id)
      .where('tenant_id', '=', tenantId)
      .where((eb) => eb.or([eb('role', '<>', 'admin'), eb(this.adminCount(tenantId), '>', 1)]))
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  private adminCount(tenantId: number) {
    return this.ctx.db
      .selectFrom('users as a')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('a.tenant_id', '=', tenantId)
      .where('a.role', '=', 'admin');
  }

  async listForTenant(tenantId: number): Promise<User[]> {
    const rows = await this.ctx.db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
    return rows.map(toUser);
  }
}

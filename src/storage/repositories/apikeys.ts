// API keys of a tenant. Only the hash of the secret is stored.
import type { Selectable } from 'kysely';
import type { ApiKeysTable } from '../tables.ts';
import type { ApiKey, ApiScope } from '../../core/model.ts';
import type { RepoContext } from './common.ts';

function toApiKey(r: Selectable<ApiKeysTable>): ApiKey {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    name: r.name,
    prefix: r.prefix,
    secretHash: r.secret_hash,
    scopes: r.scopes.split(' ').filter(Boolean) as ApiScope[],
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}

export class ApiKeyRepository {
  constructor(private readonly ctx: RepoContext) {}

  async create(tenantId: number, input: { name: string; prefix: string; secretHash: string; scopes: ApiScope[] }): Promise<ApiKey> {
    const row = await this.ctx.db
      .insertInto('api_keys')
      .values({
        tenant_id: tenantId,
        name: input.name,
        prefix: input.prefix,
        secret_hash: input.secretHash,
        scopes: input.scopes.join(' '),
        created_at: this.ctx.clock.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toApiKey(row);
  }

  /** Authentication lookup: the prefix is globally unique and tells which tenant the key is for. */
  async findActiveByPrefix(prefix: string): Promise<ApiKey | undefined> {
    const row = await this.ctx.db.selectFrom('api_keys').selectAll().where('prefix', '=', prefix).where('revoked_at', 'is', null).executeTakeFirst();
    return row && toApiKey(row);
  }

  async list(tenantId: number): Promise<ApiKey[]> {
    const rows = await this.ctx.db.selectFrom('api_keys').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
    return rows.map(toApiKey);
  }

  async revoke(tenantId: number, id: number): Promise<boolean> {
    const r = await this.ctx.db
      .updateTable('api_keys')
      .set({ revoked_at: this.ctx.clock.now() })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async touch(tenantId: number, id: number): Promise<void> {
    await this.ctx.db.updateTable('api_keys').set({ last_used_at: this.ctx.clock.now() }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
  }
}

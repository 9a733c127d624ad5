// SMTP submission credentials of a tenant. Only the hash of the password is stored; the user name
// is unique across tenants so that AUTH finds the one credential (and tenant) it names.
import type { Selectable } from 'kysely';
import type { SmtpCredentialsTable } from '../tables.ts';
import type { SmtpCredential } from '../../core/auth/smtp-credential.ts';
import { parseJson, type RepoContext } from './common.ts';

function toCredential(r: Selectable<SmtpCredentialsTable>): SmtpCredential {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    name: r.name,
    username: r.username,
    secretHash: r.secret_hash,
    allowedSenders: parseJson<string[]>(r.allowed_senders, []),
    maxMessageBytes: r.max_message_bytes === null ? null : Number(r.max_message_bytes),
    ratePerMinute: r.rate_per_minute,
    listId: r.list_id,
    createdAt: Number(r.created_at),
    lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  };
}

export interface SmtpCredentialInput {
  name: string;
  username: string;
  secretHash: string;
  allowedSenders: string[];
  maxMessageBytes?: number | null;
  ratePerMinute?: number | null;
  listId?: number | null;
}

export type SmtpCredentialPatch = Partial<Pick<SmtpCredentialInput, 'name' | 'allowedSenders' | 'maxMessageBytes' | 'ratePerMinute' | 'listId'>>;

export class SmtpCredentialRepository {
  constructor(private readonly ctx: RepoContext) {}

  async create(tenantId: number, input: SmtpCredentialInput): Promise<SmtpCredential> {
    const row = await this.ctx.db
      .insertInto('smtp_credentials')
      .values({
        tenant_id: tenantId,
        name: input.name,
        username: input.username,
        secret_hash: input.secretHash,
        allowed_senders: JSON.stringify(input.allowedSenders),
        max_message_bytes: input.maxMessageBytes ?? null,
        rate_per_minute: input.ratePerMinute ?? null,
        list_id: input.listId ?? null,
        created_at: this.ctx.clock.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toCredential(row);
  }

  /** AUTH lookup (not tenant-scoped: the user name is what tells the tenant). Revoked ones are not found. */
  async findActiveByUsername(username: string): Promise<SmtpCredential | undefined> {
    const row = await this.ctx.db
      .selectFrom('smtp_credentials')
      .selectAll()
      .where('username', '=', username.toLowerCase())
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row && toCredential(row);
  }

  async get(tenantId: number, id: number): Promise<SmtpCredential | undefined> {
    const row = await this.ctx.db.selectFrom('smtp_credentials').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return row && toCredential(row);
  }

  async list(tenantId: number): Promise<SmtpCredential[]> {
    const rows = await this.ctx.db.selectFrom('smtp_credentials').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
    return rows.map(toCredential);
  }

  async update(tenantId: number, id: number, patch: SmtpCredentialPatch): Promise<boolean> {
    const set: Partial<Record<keyof SmtpCredentialsTable, unknown>> = {};
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.allowedSenders !== undefined) set.allowed_senders = JSON.stringify(patch.allowedSenders);
    if (patch.maxMessageBytes !== undefined) set.max_message_bytes = patch.maxMessageBytes;
    if (patch.ratePerMinute !== undefined) set.rate_per_minute = patch.ratePerMinute;
    if (patch.listId !== undefined) set.list_id = patch.listId;
    if (Object.keys(set).length === 0) return (await this.get(tenantId, id)) !== undefined;
    const r = await this.ctx.db
      .updateTable('smtp_credentials')
      .set(set as never)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async revoke(tenantId: number, id: number): Promise<boolean> {
    const r = await this.ctx.db
      .updateTable('smtp_credentials')
      .set({ revoked_at: this.ctx.clock.now() })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async touch(tenantId: number, id: number): Promise<void> {
    await this.ctx.db.updateTable('smtp_credentials').set({ last_used_at: this.ctx.clock.now() }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
  }
}

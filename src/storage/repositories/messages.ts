// Messages: a campaign's template stored once, or one transactional/submitted mail.
import type { Selectable } from 'kysely';
import type { MessagesTable } from '../tables.ts';
import type { Message, MessageKind } from '../../core/model.ts';
import { type RepoContext, parseJson } from './common.ts';

function toMessage(r: Selectable<MessagesTable>): Message {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    campaignId: r.campaign_id,
    kind: r.kind as MessageKind,
    subject: r.subject,
    fromAddress: r.from_address,
    headers: parseJson(r.headers, {}),
    body: r.body,
    idempotencyKey: r.idempotency_key,
    requestHash: r.request_hash,
    createdAt: r.created_at,
  };
}

export interface MessageInput {
  campaignId?: number | null;
  kind: MessageKind;
  subject: string;
  fromAddress: string;
  headers?: Record<string, string>;
  body: string;
  idempotencyKey?: string | null;
  requestHash?: string | null;
}

export class MessageRepository {
  constructor(private readonly ctx: RepoContext) {}

  async create(tenantId: number, input: MessageInput): Promise<Message> {
    const row = await this.ctx.db
      .insertInto('messages')
      .values({
        tenant_id: tenantId,
        campaign_id: input.campaignId ?? null,
        kind: input.kind,
        subject: input.subject,
        from_address: input.fromAddress,
        headers: JSON.stringify(input.headers ?? {}),
        body: input.body,
        idempotency_key: input.idempotencyKey ?? null,
        request_hash: input.requestHash ?? null,
        created_at: this.ctx.clock.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toMessage(row);
  }

  async get(tenantId: number, id: number): Promise<Message | undefined> {
    const row = await this.ctx.db.selectFrom('messages').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return row && toMessage(row);
  }

  async getByIdempotencyKey(tenantId: number, key: string): Promise<Message | undefined> {
    const row = await this.ctx.db.selectFrom('messages').selectAll().where('tenant_id', '=', tenantId).where('idempotency_key', '=', key).executeTakeFirst();
    return row && toMessage(row);
  }
}

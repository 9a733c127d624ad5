// The inbound message log: one row per message or provider notification received, whatever
// became of it (applied, unmatched, unparsed…), kept a few days for diagnosis then purged.
import type { Selectable } from 'kysely';
import type { InboundMessagesTable } from '../tables.ts';
import type { Page } from '../../core/model.ts';
import { type RepoContext, parseJson, decodeCursor, clampLimit, toPage, listByTenant } from './common.ts';

export type InboundSource = 'smtp' | 'ses' | 'http';
export type InboundOutcome = 'applied' | 'duplicate' | 'unmatched' | 'ignored' | 'unparsed' | 'rejected';

export interface InboundLogEntry {
  id: number;
  receivedAt: number;
  source: InboundSource;
  envelopeFrom: string | null;
  envelopeTo: string | null;
  tenantId: number | null;
  deliveryId: number | null;
  kind: string;
  outcome: InboundOutcome;
  details: Record<string, unknown>;
  size: number;
  raw: string | null;
}

export interface InboundLogInput {
  source: InboundSource;
  envelopeFrom?: string | null;
  envelopeTo?: string | null;
  tenantId?: number | null;
  deliveryId?: number | null;
  kind: string;
  outcome: InboundOutcome;
  details?: Record<string, unknown>;
  size: number;
  raw?: string | null;
}

function toEntry(r: Selectable<InboundMessagesTable>): InboundLogEntry {
  return {
    id: r.id,
    receivedAt: Number(r.received_at),
    source: r.source as InboundSource,
    envelopeFrom: r.envelope_from,
    envelopeTo: r.envelope_to,
    tenantId: r.tenant_id,
    deliveryId: r.delivery_id,
    kind: r.kind,
    outcome: r.outcome as InboundOutcome,
    details: parseJson(r.details, {}),
    size: r.size,
    raw: r.raw,
  };
}

/** PostgreSQL text cannot hold NUL; neither needs to keep it. */
function storable(s: string | null | undefined): string | null {
  return s == null ? null : s.replace(/\0/g, '\uFFFD');
}

export class InboundLogRepository {
  constructor(private readonly ctx: RepoContext) {}

  async record(input: InboundLogInput): Promise<number> {
    const row = await this.ctx.db
      .insertInto('inbound_messages')
      .values({
        received_at: this.ctx.clock.now(),
        source: input.source,
        envelope_from: storable(input.envelopeFrom),
        envelope_to: storable(input.envelopeTo),
        tenant_id: input.tenantId ?? null,
        delivery_id: input.deliveryId ?? null,
        kind: input.kind,
        outcome: input.outcome,
        details: storable(JSON.stringify(input.details ?? {}))!,
        size: input.size,
        raw: storable(input.raw),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** A tenant's inbound messages, oldest first. */
  async list(tenantId: number, query: { cursor?: string | null; limit?: number } = {}): Promise<Page<InboundLogEntry>> {
    return listByTenant(this.ctx, 'inbound_messages', tenantId, query, toEntry);
  }

  /** The operator's view: every message, optionally only one outcome (e.g. unmatched). */
  async listAll(query: { cursor?: string | null; limit?: number; outcome?: InboundOutcome } = {}): Promise<Page<InboundLogEntry>> {
    const limit = clampLimit(query.limit);
    let q = this.ctx.db.selectFrom('inbound_messages').selectAll().where('id', '>', decodeCursor(query.cursor));
    if (query.outcome) q = q.where('outcome', '=', query.outcome);
    const rows = await q.orderBy('id').limit(limit + 1).execute();
    return toPage(rows, limit, toEntry);
  }

  /** Retention: deletes what was received before `before`; returns how many rows went. */
  async purge(before: number): Promise<number> {
    const r = await this.ctx.db.deleteFrom('inbound_messages').where('received_at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}

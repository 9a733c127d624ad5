// Soft-bounce scores per (tenant, address hash): Mailman's bounce_info model. A bounce adds its
// weight; bounces closer together than `intervalMs` count once (one bad day is one strike); a
// score whose last counted bounce is older than `staleMs` starts again from zero.
import { sql } from 'kysely';
import type { RepoContext } from './common.ts';

export interface BounceScore {
  tenantId: number;
  addressHash: string;
  score: number;
  firstBounceAt: number;
  lastBounceAt: number;
  lastReason: string | null;
}

export interface ScoreRule {
  weight: number;
  staleMs: number;
  intervalMs: number;
}

export class BounceScoreRepository {
  constructor(private readonly ctx: RepoContext) {}

  async get(tenantId: number, addressHash: string): Promise<BounceScore | undefined> {
    const r = await this.ctx.db
      .selectFrom('bounce_scores')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('address_hash', '=', addressHash)
      .executeTakeFirst();
    return r && { tenantId: r.tenant_id, addressHash: r.address_hash, score: Number(r.score), firstBounceAt: Number(r.first_bounce_at), lastBounceAt: Number(r.last_bounce_at), lastReason: r.last_reason };
  }

  /**
   * Counts one soft bounce and returns the new score and whether this bounce counted. One
   * statement (INSERT … ON CONFLICT DO UPDATE), so concurrent bounces for one address cannot
   * lose an increment on either database.
   */
  async record(tenantId: number, addressHash: string, reason: string, rule: ScoreRule): Promise<{ score: number; counted: boolean }> {
    const now = this.ctx.clock.now();
    const age = sql`${now} - bounce_scores.last_bounce_at`;
    const stale = sql`${age} > ${rule.staleMs}`;
    const tooSoon = sql`${age} < ${rule.intervalMs}`;
    const row = await this.ctx.db
      .insertInto('bounce_scores')
      .values({ tenant_id: tenantId, address_hash: addressHash, score: rule.weight, first_bounce_at: now, last_bounce_at: now, last_reason: reason })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'address_hash']).doUpdateSet({
          score: sql<number>`CASE WHEN ${stale} THEN ${rule.weight} WHEN ${tooSoon} THEN bounce_scores.score ELSE bounce_scores.score + ${rule.weight} END`,
          first_bounce_at: sql<number>`CASE WHEN ${stale} THEN ${now} ELSE bounce_scores.first_bounce_at END`,
          last_bounce_at: sql<number>`CASE WHEN ${stale} THEN ${now} WHEN ${tooSoon} THEN bounce_scores.last_bounce_at ELSE ${now} END`,
          last_reason: reason,
        }),
      )
      .returning(['score', 'last_bounce_at'])
      .executeTakeFirstOrThrow();
    return { score: Number(row.score), counted: Number(row.last_bounce_at) === now };
  }

  /** Forgets an address's score (after it was suppressed, or when the member confirms it). */
  async reset(tenantId: number, addressHash: string): Promise<void> {
    await this.ctx.db.deleteFrom('bounce_scores').where('tenant_id', '=', tenantId).where('address_hash', '=', addressHash).execute();
  }

  /** Housekeeping: drops scores whose last bounce is older than `before` (they are stale anyway). */
  async purgeStale(before: number): Promise<number> {
    const r = await this.ctx.db.deleteFrom('bounce_scores').where('last_bounce_at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}

// Reports about a delivery that arrive after the SMTP transaction (DSN, feedback loop, SES
// notification): guarded state changes that never move a delivery out of a final state, except
// delivered → bounced (a server may accept a message and bounce it later: RFC 3464 §1).
import type { DeliveryState } from '../../core/model.ts';
import type { RepoContext } from './common.ts';

/** States a later bounce may overwrite. */
const BOUNCEABLE: readonly DeliveryState[] = ['queued', 'sending', 'deferred', 'delivered'];
/** States a later delivery confirmation may overwrite. */
const CONFIRMABLE: readonly DeliveryState[] = ['queued', 'sending', 'deferred'];

export interface ReportedOutcome {
  reason: string | null;
  code: number | null;
  enhanced: string | null;
  response: string | null;
}

export class DeliveryReportRepository {
  constructor(private readonly ctx: RepoContext) {}

  /** Sets the delivery bounced unless it is already in another final state; true when it changed. */
  async markBounced(tenantId: number, deliveryId: number, outcome: ReportedOutcome): Promise<boolean> {
    return this.move(tenantId, deliveryId, 'bounced', BOUNCEABLE, outcome);
  }

  /** Sets a still-pending delivery delivered (e.g. an SES Delivery notification); true when it changed. */
  async markDelivered(tenantId: number, deliveryId: number, outcome: ReportedOutcome): Promise<boolean> {
    return this.move(tenantId, deliveryId, 'delivered', CONFIRMABLE, outcome);
  }

  private async move(tenantId: number, deliveryId: number, state: DeliveryState, from: readonly DeliveryState[], o: ReportedOutcome): Promise<boolean> {
    const r = await this.ctx.db
      .updateTable('deliveries')
      .set({
        state,
        reason: o.reason,
        last_code: o.code,
        last_enhanced: o.enhanced,
        last_response: o.response === null ? null : o.response.slice(0, 2000),
        updated_at: this.ctx.clock.now(),
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', deliveryId)
      .where('state', 'in', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}

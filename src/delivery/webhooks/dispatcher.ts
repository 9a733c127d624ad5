// Posts a tenant's events to its webhook endpoints, in event order per endpoint, one at a time:
// an endpoint that fails holds its own queue (retried with exponential backoff) and never delays
// another. After `disableAfterMs` (24 h) of continuous failure the endpoint is disabled, with a
// `webhook.disabled` event and the reason on the endpoint. Endpoints are leased, so several nodes
// can run this loop over one database. fetch and clock are injected for tests.
import { randomUUID } from 'node:crypto';
import type { Storage } from '../../storage/index.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import { WEBHOOK_EVENT_TYPES, type FacteurEvent, type WebhookEndpoint, type WebhookEventType } from '../../core/model.ts';
import { webhookHeaders } from './signature.ts';

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal; redirect: 'manual' }) => Promise<{ status: number; text(): Promise<string> }>;

export interface WebhookDispatcherOptions {
  storage: Storage;
  clock: Clock;
  logger: Logger;
  fetch?: FetchLike;
  workerId?: string;
  /** How often due endpoints are looked for (default 1 s). */
  pollMs?: number;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** First retry delay, doubled at each failure up to maxBackoffMs (defaults 5 s and 1 h). */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Continuous failure after which an endpoint is disabled (default 24 h). */
  disableAfterMs?: number;
  /**
   * Events younger than this are not sent yet: a transaction that took an id earlier may still
   * be committing, and sending past it would skip it for good (default 2 s).
   */
  settleMs?: number;
  /** Events per endpoint per turn (default 100). */
  batch?: number;
}

const SENT: ReadonlySet<string> = new Set(WEBHOOK_EVENT_TYPES);

export class WebhookDispatcher {
  readonly workerId: string;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly fetch: FetchLike;

  constructor(private readonly o: WebhookDispatcherOptions) {
    this.workerId = o.workerId ?? `webhooks-${randomUUID().slice(0, 8)}`;
    this.fetch = o.fetch ?? ((url, init) => fetch(url, init));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        try {
          await this.runOnce();
        } catch (e) {
          this.o.logger.error({ err: e }, 'webhook dispatcher turn failed');
        }
        if (!this.running) break;
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, this.o.pollMs ?? 1000);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    })();
  }

  /** Looks for due endpoints now instead of at the next poll. */
  notify(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** One turn over every due endpoint; returns how many events were posted successfully. */
  async runOnce(): Promise<number> {
    const now = this.o.clock.now();
    const leaseMs = (this.o.timeoutMs ?? 10_000) * ((this.o.batch ?? 100) + 1);
    const endpoints = await this.o.storage.repos.webhooks.claimDue(this.workerId, now, now + leaseMs);
    const counts = await Promise.all(endpoints.map((ep) => this.endpoint(ep).finally(() => this.o.storage.repos.webhooks.release(ep.id, this.workerId))));
    return counts.reduce((a, b) => a + b, 0);
  }

  private async endpoint(ep: WebhookEndpoint): Promise<number> {
    const repos = this.o.storage.repos;
    const now = this.o.clock.now();
    const events = await repos.webhooks.eventsAfter(ep.tenantId, ep.cursorEventId, this.o.batch ?? 100, now - (this.o.settleMs ?? 2000));
    const wanted = (t: string) => SENT.has(t) && (ep.eventTypes.length === 0 || ep.eventTypes.includes(t as WebhookEventType));
    let sent = 0;
    let skippedTo: number | undefined;
    for (const ev of events) {
      if (!wanted(ev.type)) {
        skippedTo = ev.id;
        continue;
      }
      if (skippedTo !== undefined) await repos.webhooks.advance(ep.id, this.workerId, skippedTo, now, null, false);
      skippedTo = undefined;
      const outcome = await this.post(ep, ev);
      const at = this.o.clock.now();
      if (outcome.ok) {
        await repos.webhooks.advance(ep.id, this.workerId, ev.id, at, outcome.status, true);
        ep = { ...ep, failingSince: null, attempts: 0 };
        sent++;
        continue;
      }
      await this.failed(ep, ev, outcome, at);
      return sent;
    }
    if (skippedTo !== undefined) await repos.webhooks.advance(ep.id, this.workerId, skippedTo, now, null, false);
    return sent;
  }

  private async failed(ep: WebhookEndpoint, ev: FacteurEvent, outcome: { status: number | null; error: string }, now: number): Promise<void> {
    const repos = this.o.storage.repos;
    const failingSince = ep.failingSince ?? now;
    const attempts = ep.attempts + 1;
    const log = this.o.logger.child({ tenant: ep.tenantId, webhook: ep.id, event: ev.id });
    if (now - failingSince >= (this.o.disableAfterMs ?? 24 * 3600_000)) {
      const hours = Math.round((now - failingSince) / 3600_000);
      const reason = `failing for ${hours} h since ${new Date(failingSince).toISOString()} (${attempts} attempts); last error: ${outcome.error}`;
      await repos.webhooks.recordFailure(ep.id, this.workerId, { attempts, nextAttemptAt: now, failingSince, status: outcome.status, error: outcome.error });
      await repos.webhooks.disable(ep.id, reason, now);
      await repos.events.append(ep.tenantId, { type: 'webhook.disabled', data: { webhook_id: ep.id, url: ep.url, failing_since: new Date(failingSince).toISOString(), attempts, last_error: outcome.error, pending_event_id: ev.id } });
      log.warn({ reason }, 'webhook endpoint disabled after continuous failures');
      return;
    }
    const delay = Math.min(this.o.maxBackoffMs ?? 3600_000, (this.o.baseBackoffMs ?? 5000) * 2 ** Math.min(attempts - 1, 30));
    await repos.webhooks.recordFailure(ep.id, this.workerId, { attempts, nextAttemptAt: now + delay, failingSince, status: outcome.status, error: outcome.error });
    log.info({ status: outcome.status, error: outcome.error, retryInMs: delay }, 'webhook delivery failed; will retry');
  }

  private async post(ep: WebhookEndpoint, ev: FacteurEvent): Promise<{ ok: true; status: number } | { ok: false; status: number | null; error: string }> {
    const body = JSON.stringify(await this.payload(ep, ev));
    const id = `evt_${ev.id}`;
    const headers = { ...webhookHeaders(ep.secret, id, Math.floor(this.o.clock.now() / 1000), body), 'user-agent': 'facteur-webhooks/1' };
    try {
      const res = await this.fetch(ep.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000), redirect: 'manual' });
      if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
      const text = (await res.text().catch(() => '')).slice(0, 200);
      return { ok: false, status: res.status, error: `HTTP ${res.status}${text ? `: ${text}` : ''}` };
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      return { ok: false, status: null, error: err.name === 'TimeoutError' ? 'timed out' : `${err.cause?.code ?? err.name}: ${err.message}` };
    }
  }

  /** The Standard Webhooks envelope: { type, timestamp, data }. */
  async payload(ep: WebhookEndpoint, ev: FacteurEvent): Promise<Record<string, unknown>> {
    const repos = this.o.storage.repos;
    const data: Record<string, unknown> = { event_id: ev.id, delivery_id: ev.deliveryId, message_id: ev.messageId, campaign_id: ev.campaignId, ...ev.data };
    if (ev.deliveryId !== null) {
      const d = await repos.deliveries.get(ep.tenantId, ev.deliveryId);
      if (d) Object.assign(data, { recipient: d.recipient, contact_id: d.contactId, state: d.state });
    }
    const contactId = typeof ev.data.contactId === 'number' ? ev.data.contactId : undefined;
    if (contactId !== undefined && data.recipient === undefined) {
      const c = await repos.contacts.get(ep.tenantId, contactId);
      if (c) Object.assign(data, { recipient: c.addressNormalized, contact_id: c.id });
    }
    if (ep.forwardRawBounces && ev.deliveryId !== null && (ev.type === 'bounced' || ev.type === 'complained')) {
      const raw = await repos.webhooks.rawInbound(ep.tenantId, ev.deliveryId);
      // The inbound log keeps the first [inbound] log_raw_bytes of the message, as text. null: the
      // bounce came as a synchronous SMTP reply (no message), or the log was purged.
      data.raw_message = raw ? { kind: raw.kind, received_at: new Date(raw.receivedAt).toISOString(), content: raw.raw } : null;
    }
    return { type: ev.type, timestamp: new Date(ev.createdAt).toISOString(), data };
  }
}

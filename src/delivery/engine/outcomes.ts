// From an attempt's result to the delivery's next state: delivered, deferred on the retry
// schedule, expired past max age, or bounced with a reason from the classifier.
import type { AttemptResult } from '../dispatcher/index.ts';
import type { OutcomeUpdate } from '../../storage/index.ts';
import type { ClaimedDelivery } from '../../storage/index.ts';
import { classifyReply, isAddressLevelHard } from '../../core/bounces/index.ts';
import { nextAttemptAt, type RetryPolicy } from '../queue/index.ts';

export interface Failure {
  tenantId: number;
  deliveryId: number;
  contactId: number | null;
  recipient: string;
  reason: string;
  hard: boolean;
  code: number | null;
  enhanced: string | null;
  response: string;
  site: string | undefined;
}

export interface Decision {
  update: OutcomeUpdate;
  /** Set for permanent failures: what the suppression policy needs. */
  failure?: Failure;
}

function base(d: ClaimedDelivery) {
  return { id: d.id, tenantId: d.tenantId, campaignId: d.campaignId, messageId: d.messageId };
}

/** The SMTP command a reply answered, as the classifier names it ("message" is the reply after the final dot). */
const COMMAND: Record<string, string> = { greeting: 'CONN', ehlo: 'EHLO', starttls: 'STARTTLS', auth: 'AUTH', mail: 'MAIL', rcpt: 'RCPT', data: 'DATA', message: 'DATA' };

function classify(r: AttemptResult, recipient: string) {
  // origin: the host that answered, so provider phrasings in rules/bounces.toml ([[providers]]) apply to live replies too.
  return classifyReply({ code: r.code, enhanced: r.enhanced, text: r.response, command: r.stage ? COMMAND[r.stage] : undefined, recipient, origin: r.host });
}

export function decide(d: ClaimedDelivery, r: AttemptResult, policy: RetryPolicy, now: number): Decision {
  const reply = { code: r.code, enhanced: r.enhanced, response: r.response };
  const where = { ...(r.site ? { site: r.site } : {}), ...(r.host ? { host: r.host } : {}) };
  if (r.outcome === 'delivered') {
    return { update: { ...base(d), state: 'delivered', attempted: true, ...reply, reason: null, event: { type: 'delivered', data: { code: r.code, response: r.response, ...where } } } };
  }
  if (r.outcome === 'failed' || r.reason === 'hostunknown') {
    const c = r.reason === 'hostunknown' && r.code === null ? { reason: 'hostunknown', hard: true } : classify(r, d.recipient);
    const hard = c.hard || isAddressLevelHard(c.reason);
    return {
      update: { ...base(d), state: 'bounced', attempted: r.reason !== 'hostunknown' || r.code !== null, ...reply, reason: c.reason, event: { type: 'bounced', data: { reason: c.reason, hard, code: r.code, enhanced: r.enhanced, response: r.response, ...where } } },
      failure: { tenantId: d.tenantId, deliveryId: d.id, contactId: d.contactId, recipient: d.recipient, reason: c.reason, hard, code: r.code, enhanced: r.enhanced, response: r.response, site: r.site },
    };
  }
  // Temporary: suspended sites and shutdowns were not attempts; everything else was.
  const attempted = r.reason !== 'suspended' && r.reason !== 'shutdown';
  const attempts = d.attempts + (attempted ? 1 : 0);
  if (!attempted) {
    const at = Math.max(now, r.retryAt ?? now);
    return { update: { ...base(d), state: r.reason === 'shutdown' ? 'queued' : 'deferred', attempted: false, nextAttemptAt: at, reason: r.reason ?? null, event: { type: 'deferred', data: { reason: r.reason, retry_at: at, ...where } } } };
  }
  const next = nextAttemptAt(policy, attempts, d.createdAt, now);
  const reason = r.reason ?? (r.code !== null ? classify(r, d.recipient).reason : 'networkerror');
  if (next === null) {
    return { update: { ...base(d), state: 'expired', attempted: true, ...reply, reason, event: { type: 'expired', data: { reason, attempts, code: r.code, response: r.response, ...where } } } };
  }
  const at = Math.max(next, r.retryAt ?? 0);
  return { update: { ...base(d), state: 'deferred', attempted: true, nextAttemptAt: at, ...reply, reason, event: { type: 'deferred', data: { reason, retry_at: at, code: r.code, response: r.response, ...where } } } };
}

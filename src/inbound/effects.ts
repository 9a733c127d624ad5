// What a bounce, complaint or unsubscribe does to facteur's state: the delivery's state and
// event, the contact's status and memberships, the tenant's and the platform's suppression
// lists, the soft-bounce score. Each function takes the repositories of one open transaction,
// so everything for one report commits together; none of them sends anything or throws on
// content — only on broken infrastructure.
import type { Repositories } from '../storage/index.ts';
import { addressHash } from '../storage/index.ts';
import type { Contact, ContactStatus, Delivery, EventType } from '../core/model.ts';
import type { UnsubscribeScope } from '../core/tokens.ts';
import { classifyFailure, provenDead, DEFAULT_POLICY, type FailureClass, type InboundPolicy } from './policy.ts';

export interface SenderProblem {
  tenantId: number;
  deliveryId: number;
  /** Recipient domain; the delivery engine maps it to its site (MX group) for shaping. */
  domain: string;
  reason: string;
  code: number | null;
  enhanced: string | null;
  response: string;
}

/** Called when a receiver refused *us* (IP, domain, authentication, content), not the member. */
export type SenderProblemHook = (domain: string, reason: string, problem: SenderProblem) => void;

export interface EffectOptions {
  policy?: InboundPolicy;
  /**
   * Called once the effects are written. Inside applyDeliveryFailure it runs before the caller's
   * transaction commits; InboundProcessor calls it after commit instead.
   */
  onSenderReputationProblem?: SenderProblemHook;
}

export interface EffectOutcome {
  tenantId: number;
  deliveryId: number | null;
  /** False when the delivery (or contact) does not exist for this tenant. */
  found: boolean;
  /** The same report was already applied (a duplicate DSN or feedback report). */
  duplicate: boolean;
  /** What the failure was taken as ('none' for complaints, unsubscribes, confirmations). */
  failure: FailureClass;
  deliveryChanged: boolean;
  events: EventType[];
  suppressed: Array<'tenant' | 'platform'>;
  softScore: number | null;
  contactStatus: ContactStatus | null;
  unsubscribedLists: number[];
  senderProblem: SenderProblem | null;
}

function outcome(tenantId: number, deliveryId: number | null, found: boolean): EffectOutcome {
  return {
    tenantId, deliveryId, found, duplicate: false, failure: 'none', deliveryChanged: false, events: [], suppressed: [],
    softScore: null, contactStatus: null, unsubscribedLists: [], senderProblem: null,
  };
}

const clip = (s: string, n = 1000) => (s.length > n ? s.slice(0, n) + '…' : s);

async function contactOf(repos: Repositories, d: Delivery): Promise<Contact | undefined> {
  if (d.contactId !== null) {
    const c = await repos.contacts.get(d.tenantId, d.contactId);
    if (c) return c;
  }
  return (await repos.contacts.getByAddress(d.tenantId, d.recipient)) ?? (await repos.contacts.getByAddress(d.tenantId, d.recipient.toLowerCase()));
}

/** Moves an active contact to `status`; a contact already unsubscribed or complained keeps it. */
async function demote(repos: Repositories, c: Contact | undefined, status: ContactStatus): Promise<ContactStatus | null> {
  if (!c) return null;
  if (c.status !== 'active' && !(status === 'complained' && c.status !== 'complained')) return c.status;
  await repos.contacts.setStatus(c.tenantId, c.id, status);
  return status;
}

async function unsubscribeAll(repos: Repositories, tenantId: number, contactId: number): Promise<number[]> {
  const changed: number[] = [];
  for (const m of await repos.contacts.memberships(tenantId, contactId)) {
    if (m.status === 'unsubscribed') continue;
    await repos.contacts.setMembership(tenantId, m.listId, contactId, 'unsubscribed');
    changed.push(m.listId);
  }
  return changed;
}

export interface FailureInput {
  tenantId: number;
  deliveryId: number;
  /** Reason from the shared vocabulary (classifyReply / parseBounce). */
  reason: string;
  hard: boolean;
  code: number | null;
  enhanced: string | null;
  /** The reply or diagnostic text, as received. */
  response: string;
  /** The recipient the report names (informative: the delivery's own recipient is what is suppressed). */
  recipient?: string | null;
  /** Where the failure came from: the engine's own SMTP transaction, a DSN, an SES notification. */
  source?: 'smtp' | 'dsn' | 'ses';
  /**
   * Write the delivery's state and its `bounced` event (default true). The delivery engine,
   * which records its own outcome through queue.complete, passes false to get the policy alone.
   */
  recordOutcome?: boolean;
}

/**
 * A delivery failed permanently: apply the suppression policy and, unless told otherwise,
 * mark the delivery bounced (also after `delivered`: an accepted message may bounce later) and
 * append a `bounced` event. Reputation blocks never touch the member; they are returned (and
 * passed to the hook) for the shaping to slow down.
 */
export async function applyDeliveryFailure(repos: Repositories, input: FailureInput, options: EffectOptions = {}): Promise<EffectOutcome> {
  const policy = options.policy ?? DEFAULT_POLICY;
  const record = input.recordOutcome ?? true;
  const d = await repos.deliveries.get(input.tenantId, input.deliveryId);
  const out = outcome(input.tenantId, input.deliveryId, d !== undefined);
  if (!d) return out;
  out.failure = classifyFailure(input.reason);
  if (out.failure === 'none') return out;
  if (record && d.state === 'bounced') {
    // Receivers and relays repeat DSNs; one bounce counts once.
    out.duplicate = true;
    return out;
  }

  const hash = addressHash(d.recipient);
  const details = clip([input.enhanced, input.response].filter(Boolean).join(' '), 500);
  if (out.failure === 'sender') {
    out.senderProblem = {
      tenantId: d.tenantId, deliveryId: d.id, domain: d.domain, reason: input.reason,
      code: input.code, enhanced: input.enhanced, response: clip(input.response, 500),
    };
  } else if (out.failure === 'hard') {
    await repos.suppressions.add(d.tenantId, { address: d.recipient, reason: input.reason, source: 'bounce', details });
    out.suppressed.push('tenant');
    if (provenDead(input.reason, input.enhanced, input.code)) {
      const expiresAt = policy.platformSuppressionMs === null ? null : repos.clock.now() + policy.platformSuppressionMs;
      await repos.suppressions.add(null, { address: d.recipient, reason: input.reason, source: 'bounce', details, expiresAt });
      out.suppressed.push('platform');
    }
    await repos.bounceScores.reset(d.tenantId, hash);
    out.contactStatus = await demote(repos, await contactOf(repos, d), 'bounced');
  } else {
    const { score } = await repos.bounceScores.record(d.tenantId, hash, input.reason, { weight: 1, staleMs: policy.softStaleMs, intervalMs: policy.softIntervalMs });
    out.softScore = score;
    if (score >= policy.softThreshold) {
      await repos.suppressions.add(d.tenantId, {
        address: d.recipient, reason: input.reason, source: 'bounce',
        details: clip(`soft-bounce score ${score} reached ${policy.softThreshold}; last: ${details}`, 500),
      });
      out.suppressed.push('tenant');
      await repos.bounceScores.reset(d.tenantId, hash);
      out.contactStatus = await demote(repos, await contactOf(repos, d), 'bounced');
    }
  }

  if (record) {
    out.deliveryChanged = await repos.deliveryReports.markBounced(d.tenantId, d.id, {
      reason: input.reason, code: input.code, enhanced: input.enhanced, response: input.response,
    });
    await repos.events.append(d.tenantId, {
      type: 'bounced',
      deliveryId: d.id,
      campaignId: d.campaignId,
      messageId: d.messageId,
      data: {
        reason: input.reason, hard: input.hard, class: out.failure, code: input.code, enhanced: input.enhanced,
        response: clip(input.response, 500), source: input.source ?? 'dsn', previousState: d.state,
        suppressed: out.suppressed, ...(out.softScore !== null ? { softScore: out.softScore } : {}),
      },
    });
    out.events.push('bounced');
  }
  if (out.senderProblem) options.onSenderReputationProblem?.(out.senderProblem.domain, out.senderProblem.reason, out.senderProblem);
  return out;
}

export interface ComplaintInput {
  tenantId: number;
  deliveryId: number;
  /** ARF Feedback-Type (RFC 5965 §7.3): abuse, fraud, opt-out, not-spam, virus, other, auth-failure… */
  feedbackType: string | null;
  source?: 'arf' | 'ses';
}

/**
 * A member reported the message (feedback loop). abuse/fraud/other and unknown types: the
 * contact is marked complained, unsubscribed from every list and suppressed for the tenant
 * (source complaint). opt-out: unsubscribed from every list, not suppressed. not-spam and
 * auth-failure/virus reports concern the message, not the member's wish: recorded only.
 */
export async function applyComplaint(repos: Repositories, input: ComplaintInput): Promise<EffectOutcome> {
  const d = await repos.deliveries.get(input.tenantId, input.deliveryId);
  const out = outcome(input.tenantId, input.deliveryId, d !== undefined);
  if (!d) return out;
  const type = (input.feedbackType ?? 'abuse').toLowerCase();
  const eventType: EventType = type === 'opt-out' ? 'unsubscribed' : 'complained';
  const seen = await repos.events.list(d.tenantId, { deliveryId: d.id, type: eventType, limit: 1 });
  if (seen.items.length > 0) {
    out.duplicate = true;
    return out;
  }
  const contact = await contactOf(repos, d);
  const informational = type === 'not-spam' || type === 'auth-failure' || type === 'virus' || type === 'dmarc';
  if (!informational && contact) {
    out.unsubscribedLists = await unsubscribeAll(repos, d.tenantId, contact.id);
    out.contactStatus = await demote(repos, contact, type === 'opt-out' ? 'unsubscribed' : 'complained');
  }
  if (!informational && type !== 'opt-out') {
    await repos.suppressions.add(d.tenantId, { address: d.recipient, reason: `complaint:${type}`, source: 'complaint', details: null });
    out.suppressed.push('tenant');
  }
  await repos.events.append(d.tenantId, {
    type: eventType,
    deliveryId: d.id,
    campaignId: d.campaignId,
    messageId: d.messageId,
    data: { feedbackType: type, source: input.source ?? 'arf', recorded: informational, suppressed: out.suppressed, lists: out.unsubscribedLists },
  });
  out.events.push(eventType);
  return out;
}

/**
 * A member unsubscribed by mail (List-Unsubscribe mailto:, RFC 2369 §3.2): from the token's list
 * at once, or from every list (and the contact set unsubscribed) when the token's list is 0.
 */
export async function applyUnsubscribe(repos: Repositories, scope: UnsubscribeScope, via: 'mailto' | 'web' = 'mailto'): Promise<EffectOutcome> {
  const out = outcome(scope.tenantId, null, false);
  const contact = await repos.contacts.get(scope.tenantId, scope.contactId);
  if (!contact) return out;
  out.found = true;
  if (scope.listId === 0) {
    out.unsubscribedLists = await unsubscribeAll(repos, scope.tenantId, contact.id);
    out.contactStatus = await demote(repos, contact, 'unsubscribed');
  } else {
    const current = (await repos.contacts.memberships(scope.tenantId, contact.id)).find((m) => m.listId === scope.listId);
    if (current && current.status !== 'unsubscribed') {
      await repos.contacts.setMembership(scope.tenantId, scope.listId, contact.id, 'unsubscribed');
      out.unsubscribedLists = [scope.listId];
    }
    out.contactStatus = contact.status;
  }
  if (out.unsubscribedLists.length === 0 && out.contactStatus === contact.status) {
    out.duplicate = true;
    return out;
  }
  await repos.events.append(scope.tenantId, { type: 'unsubscribed', data: { contactId: contact.id, listId: scope.listId, lists: out.unsubscribedLists, via } });
  out.events.push('unsubscribed');
  return out;
}

/** A relay confirmed delivery later (SES Delivery, success DSN): pending → delivered. */
export async function applyDelivered(repos: Repositories, input: { tenantId: number; deliveryId: number; code: number | null; enhanced: string | null; response: string; source: 'dsn' | 'ses' }): Promise<EffectOutcome> {
  const d = await repos.deliveries.get(input.tenantId, input.deliveryId);
  const out = outcome(input.tenantId, input.deliveryId, d !== undefined);
  if (!d) return out;
  out.deliveryChanged = await repos.deliveryReports.markDelivered(d.tenantId, d.id, { reason: null, code: input.code, enhanced: input.enhanced, response: input.response });
  if (!out.deliveryChanged) {
    out.duplicate = true;
    return out;
  }
  await repos.events.append(d.tenantId, {
    type: 'delivered', deliveryId: d.id, campaignId: d.campaignId, messageId: d.messageId,
    data: { code: input.code, enhanced: input.enhanced, response: clip(input.response, 500), source: input.source },
  });
  out.events.push('delivered');
  return out;
}

/** A "delayed" DSN (RFC 3464 §2.3.3): the remote MTA is still trying. Recorded, nothing changes. */
export async function applyDelayed(repos: Repositories, input: { tenantId: number; deliveryId: number; reason: string; enhanced: string | null; response: string }): Promise<EffectOutcome> {
  const d = await repos.deliveries.get(input.tenantId, input.deliveryId);
  const out = outcome(input.tenantId, input.deliveryId, d !== undefined);
  if (!d) return out;
  await repos.events.append(d.tenantId, {
    type: 'deferred', deliveryId: d.id, campaignId: d.campaignId, messageId: d.messageId,
    data: { reason: input.reason, enhanced: input.enhanced, response: clip(input.response, 500), source: 'dsn', remote: true },
  });
  out.events.push('deferred');
  return out;
}

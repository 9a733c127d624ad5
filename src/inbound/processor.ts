// InboundProcessor: one inbound message (or provider notification) → its effects. Decides what
// an envelope recipient is (VERP, complaint address, mailto: unsubscribe, postmaster), parses,
// matches the delivery, applies the effects and logs the message, all in one transaction per
// report; calls the sender-reputation hook after commit. Unreadable content is logged and
// dropped; only infrastructure failures (database down) throw, so SMTP can answer 451.
import type { Storage, Repositories, InboundLogInput, InboundOutcome, InboundSource } from '../storage/index.ts';
import { verifyUnsubscribeToken, type UnsubscribeScope } from '../core/tokens.ts';
import type { Logger } from '../lib/logger.ts';
import { silentLogger } from '../lib/logger.ts';
import { parseBounce, type BounceReport, type BounceRecipient } from './parse/index.ts';
import { DeliveryMatcher, type DeliveryRef, type MatchEvidence } from './match.ts';
import { DEFAULT_POLICY, type InboundPolicy } from './policy.ts';
import {
  applyComplaint, applyDelayed, applyDelivered, applyDeliveryFailure, applyUnsubscribe,
  type EffectOutcome, type SenderProblemHook,
} from './effects.ts';

export interface InboundDeps {
  storage: Storage;
  /** The platform HMAC secret (VERP and unsubscribe tokens). */
  secret: string | Buffer;
  bounceDomain: string;
  verpPrefix?: string;
  /** Feedback-loop address; default fbl@bounceDomain. */
  complaintAddress?: string;
  policy?: InboundPolicy;
  logger?: Logger;
  onSenderReputationProblem?: SenderProblemHook;
  /** Bytes of each message kept in the inbound log (0: none). Default 64 KiB. */
  logRawBytes?: number;
}

/** What an envelope recipient on the bounce domain is. */
export type RecipientKind =
  | { kind: 'verp'; tenantId: number; deliveryId: number }
  | { kind: 'unsubscribe'; scope: UnsubscribeScope }
  | { kind: 'complaint' }
  | { kind: 'postmaster' };

export interface Envelope {
  from: string | null;
  to: string[];
  remote?: string;
}

export interface ProcessResult {
  recipient: string;
  outcome: InboundOutcome;
  kind: string;
  ref: DeliveryRef | null;
  effects: EffectOutcome | null;
}

/** One recipient-level report, already reduced to what the effects need (from a DSN, ARF or SES). */
export interface ReportItem {
  type: 'failure' | 'delayed' | 'delivered' | 'complaint';
  reason: string;
  hard: boolean;
  code: number | null;
  enhanced: string | null;
  response: string;
  recipient: string;
  feedbackType: string | null;
}

export function itemFromRecipient(r: BounceRecipient): ReportItem {
  const action = (r.action ?? '').toLowerCase();
  const type: ReportItem['type'] =
    r.reason === 'feedback' ? 'complaint'
    : action === 'delayed' ? 'delayed'
    : action === 'delivered' || action === 'relayed' || action === 'expanded' || r.reason === 'delivered' ? 'delivered'
    : 'failure';
  return {
    type, reason: r.reason, hard: r.hardbounce, code: r.replycode, enhanced: r.status,
    response: r.diagnostic, recipient: r.recipient, feedbackType: r.feedbacktype,
  };
}

const POSTMASTER = new Set(['postmaster', 'abuse']);

export class InboundProcessor {
  readonly matcher: DeliveryMatcher;
  readonly bounceDomain: string;
  readonly complaintAddress: string;
  private readonly policy: InboundPolicy;
  private readonly logger: Logger;
  private readonly rawBytes: number;

  constructor(private readonly deps: InboundDeps) {
    this.bounceDomain = deps.bounceDomain.toLowerCase();
    this.matcher = new DeliveryMatcher(deps.secret, this.bounceDomain, deps.verpPrefix);
    this.complaintAddress = (deps.complaintAddress || `fbl@${this.bounceDomain}`).toLowerCase();
    this.policy = deps.policy ?? DEFAULT_POLICY;
    this.logger = deps.logger ?? silentLogger();
    this.rawBytes = deps.logRawBytes ?? 64 * 1024;
  }

  /** What a RCPT TO address is to us, or null: not ours (the receiver answers 550). */
  recipientKind(address: string): RecipientKind | null {
    const a = address.trim().replace(/^<|>$/g, '').toLowerCase();
    const at = a.lastIndexOf('@');
    if (at < 1) return null;
    const local = a.slice(0, at);
    const domain = a.slice(at + 1);
    if (a === this.complaintAddress) return { kind: 'complaint' };
    if (domain !== this.bounceDomain) return null;
    if (POSTMASTER.has(local)) return { kind: 'postmaster' };
    if (local.startsWith('unsubscribe+')) {
      const scope = verifyUnsubscribeToken(this.deps.secret, local.slice('unsubscribe+'.length));
      return scope ? { kind: 'unsubscribe', scope } : null;
    }
    const verp = this.matcher.verp(a);
    return verp ? { kind: 'verp', ...verp } : null;
  }

  /** Handles one message received by SMTP for the given (already accepted) recipients. */
  async processMessage(raw: Buffer, envelope: Envelope, source: InboundSource = 'smtp'): Promise<ProcessResult[]> {
    const results: ProcessResult[] = [];
    let report: BounceReport | null | undefined;
    const parsed = (): BounceReport | null => {
      if (report !== undefined) return report;
      try {
        report = parseBounce(raw);
      } catch (e) {
        // parseBounce promises not to throw on content; if it does, the message is still dropped cleanly.
        this.logger.warn({ err: (e as Error).message, size: raw.length }, 'inbound: bounce parser failed');
        report = null;
      }
      return report;
    };
    const log = { source, envelopeFrom: envelope.from, size: raw.length, raw: this.excerpt(raw) };

    for (const to of envelope.to) {
      const what = this.recipientKind(to);
      if (!what) {
        await this.deps.storage.repos.inboundLog.record({ ...log, envelopeTo: to, kind: 'none', outcome: 'rejected' });
        results.push({ recipient: to, outcome: 'rejected', kind: 'none', ref: null, effects: null });
        continue;
      }
      if (what.kind === 'unsubscribe') {
        const { effects, outcome } = await this.deps.storage.transaction(async (repos) => {
          const e = await applyUnsubscribe(repos, what.scope, 'mailto');
          const o: InboundOutcome = !e.found ? 'unmatched' : e.duplicate ? 'duplicate' : 'applied';
          await repos.inboundLog.record({
            ...log, envelopeTo: to, tenantId: e.found ? what.scope.tenantId : null, kind: 'unsubscribe', outcome: o,
            details: { contactId: what.scope.contactId, listId: what.scope.listId, lists: e.unsubscribedLists },
          });
          return { effects: e, outcome: o };
        });
        this.logger.info({ tenant: what.scope.tenantId, contact: what.scope.contactId, list: what.scope.listId, outcome }, 'inbound: mailto unsubscribe');
        results.push({ recipient: to, outcome, kind: 'unsubscribe', ref: null, effects });
        continue;
      }

      const rep = parsed();
      const kind = rep?.kind ?? 'none';
      const ref: DeliveryRef | null =
        what.kind === 'verp' ? { tenantId: what.tenantId, deliveryId: what.deliveryId, via: 'verp' } : rep ? this.matcher.match(this.evidence(rep, raw)) : null;
      const recipients = rep?.recipients ?? [];
      if (!rep || kind === 'none' || kind === 'autoreply' || recipients.length === 0) {
        const outcome: InboundOutcome = kind === 'autoreply' ? 'ignored' : 'unparsed';
        await this.deps.storage.repos.inboundLog.record({ ...log, envelopeTo: to, tenantId: ref?.tenantId ?? null, deliveryId: ref?.deliveryId ?? null, kind, outcome });
        if (outcome === 'unparsed') this.logger.warn({ to, size: raw.length, tenant: ref?.tenantId, delivery: ref?.deliveryId }, 'inbound: message not understood as a bounce or complaint');
        results.push({ recipient: to, outcome, kind, ref, effects: null });
        continue;
      }
      if (!ref) {
        await this.deps.storage.repos.inboundLog.record({ ...log, envelopeTo: to, kind, outcome: 'unmatched', details: { recipients: recipients.map((r) => r.recipient).slice(0, 20) } });
        this.logger.info({ to, kind }, 'inbound: report matches no delivery');
        results.push({ recipient: to, outcome: 'unmatched', kind, ref: null, effects: null });
        continue;
      }
      const res = await this.applyItems(ref, recipients.map(itemFromRecipient), { ...log, envelopeTo: to, kind });
      results.push({ recipient: to, ...res, kind, ref });
    }
    return results;
  }

  /**
   * Applies the items of one report to the delivery `ref` names, in one transaction with its
   * log row. The item about the delivery's own recipient wins; otherwise the first one.
   */
  async applyItems(
    ref: DeliveryRef,
    items: ReportItem[],
    log: { source: InboundSource; envelopeFrom?: string | null; envelopeTo?: string | null; kind: string; size: number; raw?: string | null },
  ): Promise<{ outcome: InboundOutcome; effects: EffectOutcome | null }> {
    const result = await this.deps.storage.transaction(async (repos) => {
      const d = await repos.deliveries.get(ref.tenantId, ref.deliveryId);
      if (!d) {
        await repos.inboundLog.record({ ...log, kind: log.kind, outcome: 'unmatched', details: { via: ref.via, reason: 'no such delivery for this tenant' } });
        return { outcome: 'unmatched' as const, effects: null };
      }
      const mine = items.find((i) => i.recipient.toLowerCase() === d.recipient.toLowerCase()) ?? items[0]!;
      const effects = await this.applyItem(repos, ref, mine);
      const outcome: InboundOutcome = effects.failure === 'none' && mine.type === 'failure' ? 'ignored' : effects.duplicate ? 'duplicate' : 'applied';
      await repos.inboundLog.record({
        ...log, tenantId: d.tenantId, deliveryId: d.id, outcome,
        details: {
          via: ref.via, type: mine.type, reason: mine.reason, enhanced: mine.enhanced, code: mine.code,
          class: effects.failure, suppressed: effects.suppressed, softScore: effects.softScore,
        },
      });
      return { outcome, effects };
    });
    const problem = result.effects?.senderProblem;
    if (problem) {
      this.logger.warn({ tenant: problem.tenantId, delivery: problem.deliveryId, domain: problem.domain, reason: problem.reason }, 'inbound: receiver refused the sender (reputation), recipient kept');
      try {
        this.deps.onSenderReputationProblem?.(problem.domain, problem.reason, problem);
      } catch (e) {
        this.logger.error({ err: (e as Error).message }, 'inbound: onSenderReputationProblem hook failed');
      }
    }
    if (result.effects) this.logger.info({ tenant: ref.tenantId, delivery: ref.deliveryId, outcome: result.outcome, suppressed: result.effects.suppressed }, 'inbound: report applied');
    return result;
  }

  private applyItem(repos: Repositories, ref: DeliveryRef, item: ReportItem): Promise<EffectOutcome> {
    const ids = { tenantId: ref.tenantId, deliveryId: ref.deliveryId };
    switch (item.type) {
      case 'complaint':
        return applyComplaint(repos, { ...ids, feedbackType: item.feedbackType, source: 'arf' });
      case 'delayed':
        return applyDelayed(repos, { ...ids, reason: item.reason, enhanced: item.enhanced, response: item.response });
      case 'delivered':
        return applyDelivered(repos, { ...ids, code: item.code, enhanced: item.enhanced, response: item.response, source: 'dsn' });
      case 'failure':
        return applyDeliveryFailure(repos, { ...ids, ...item, source: 'dsn' }, { policy: this.policy });
    }
  }

  /** Everything in a report that may name the delivery: returned headers, the report's own envelope, the raw text. */
  private evidence(rep: BounceReport, raw: Buffer): MatchEvidence {
    const headers = rep.original?.headers ?? [];
    return {
      envelope: [rep.envelopeTo],
      headerValues: [
        ...headers.filter((h) => h.name === 'return-path').map((h) => h.value),
        ...headers.map((h) => h.value),
        // ARF's Original-Mail-From (RFC 5965 §3.2) and prose NDRs quote the return path in the body.
        raw.subarray(0, 1024 * 1024).toString('latin1'),
      ],
      messageIds: [rep.original?.messageId, ...headers.filter((h) => h.name === 'references' || h.name === 'in-reply-to').map((h) => h.value)],
    };
  }

  /** Records a message that reached no delivery (provider notifications the matcher could not place). */
  async logOnly(entry: InboundLogInput): Promise<void> {
    await this.deps.storage.repos.inboundLog.record(entry);
  }

  excerpt(raw: Buffer): string | null {
    if (this.rawBytes <= 0 || raw.length === 0) return null;
    return raw.subarray(0, this.rawBytes).toString('utf8');
  }

  /** Retention: drops inbound log rows older than keepDays and stale soft-bounce scores. */
  async purge(keepDays: number): Promise<{ log: number; scores: number }> {
    const now = this.deps.storage.clock.now();
    const log = await this.deps.storage.repos.inboundLog.purge(now - keepDays * 24 * 3600 * 1000);
    const scores = await this.deps.storage.repos.bounceScores.purgeStale(now - this.policy.softStaleMs);
    return { log, scores };
  }
}

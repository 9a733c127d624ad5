// The suppression policy's numbers and the decisions that depend only on a reason and status:
// which failures suppress at once, which feed the soft-bounce score, which are the sender's
// problem (never the member's), and which prove an address dead for every tenant.
import { isAddressLevelHard, isSenderReputationProblem } from '../core/bounces/index.ts';

export interface InboundPolicy {
  /** Soft-bounce score at which the address is suppressed for its tenant (Mailman: 5). */
  softThreshold: number;
  /** A score whose last counted bounce is older than this starts from zero (Mailman: 7 days). */
  softStaleMs: number;
  /** Soft bounces closer together than this count once (Mailman: one per day). */
  softIntervalMs: number;
  /** Lifetime of a platform-wide suppression; null: forever. */
  platformSuppressionMs: number | null;
}

const DAY = 24 * 3600 * 1000;

export const DEFAULT_POLICY: InboundPolicy = {
  softThreshold: 5,
  softStaleMs: 7 * DAY,
  softIntervalMs: DAY,
  platformSuppressionMs: 365 * DAY,
};

export function policyFromConfig(inbound: {
  soft_bounce_threshold: number;
  soft_bounce_stale_days: number;
  soft_bounce_interval_hours: number;
  platform_suppression_days: number;
}): InboundPolicy {
  return {
    softThreshold: inbound.soft_bounce_threshold,
    softStaleMs: inbound.soft_bounce_stale_days * DAY,
    softIntervalMs: inbound.soft_bounce_interval_hours * 3600 * 1000,
    platformSuppressionMs: inbound.platform_suppression_days > 0 ? inbound.platform_suppression_days * DAY : null,
  };
}

/** What a failure does to the recipient, before any state is read. */
export type FailureClass =
  /** Our IP, domain or content was refused: the member is not at fault. */
  | 'sender'
  /** The address cannot receive mail: suppressed for the tenant at once. */
  | 'hard'
  /** Anything else that failed: counts toward the soft-bounce score. */
  | 'soft'
  /** Not a failure of the address at all (auto-reply, delivered, complaint). */
  | 'none';

const NOT_FAILURES = new Set(['delivered', 'vacation', 'feedback']);

export function classifyFailure(reason: string): FailureClass {
  if (NOT_FAILURES.has(reason)) return 'none';
  // Sender-side first: a reputation block worded like "user unknown" must never suppress.
  if (isSenderReputationProblem(reason)) return 'sender';
  if (isAddressLevelHard(reason)) return 'hard';
  return 'soft';
}

/**
 * Proven dead for every tenant: the receiving system itself says the mailbox or the domain does
 * not exist, with a permanent 5.1.x status — 5.1.1 bad destination mailbox, 5.1.2 bad
 * destination system, 5.1.10 null MX (RFC 3463 §3.2, RFC 7505 §4.2). A hard reason without
 * such a status (e.g. inferred from prose, or a 5.0.0) only suppresses for the tenant.
 */
export function provenDead(reason: string, enhanced: string | null, code: number | null): boolean {
  if (reason !== 'userunknown' && reason !== 'hostunknown') return false;
  if (!enhanced || !/^5\.1\.(?:1|2|10)$/.test(enhanced)) return false;
  return code === null || (code >= 500 && code < 600);
}

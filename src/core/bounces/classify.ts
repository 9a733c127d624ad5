// classifyReply: one SMTP reply or DSN diagnostic → { reason, hard }. Used both for synchronous
// replies during delivery and for parsed bounces; all knowledge comes from rules/bounces.toml.
import { defaultRules, type BounceRules } from './rules.ts';
import type { Reason } from './reasons.ts';

export interface ReplyInput {
  /** SMTP reply code (RFC 5321 §4.2), e.g. 550. */
  code?: number | null | undefined;
  /** Enhanced status code (RFC 3463), e.g. "5.1.1". */
  enhanced?: string | null | undefined;
  /** The reply text or diagnostic prose. */
  text: string;
  /** DSN Action (RFC 3464 §2.3.3): "failed", "delayed", … */
  action?: string | null | undefined;
  /** The SMTP command the reply answered, when known (MAIL, RCPT, DATA, EHLO…). */
  command?: string | null | undefined;
  /** The failed recipient, for the per-domain fallback of rules/bounces.toml. */
  recipient?: string | null | undefined;
}

export interface Classification {
  reason: Reason;
  hard: boolean;
}

/** Collapse white space so patterns need not care about line folding. */
export function normaliseText(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Commands sent before any recipient is named (RFC 5321 §3.3): a reply to them is not about the address. */
const BEFORE_RCPT = new Set(['CONNECT', 'HELO', 'EHLO', 'STARTTLS', 'AUTH', 'MAIL']);

/**
 * The first reason whose text pattern matches, in the rules' order, subject to the guards;
 * null when none. Without `context` the guards are not applied (plain text question).
 */
export function reasonFromText(text: string, rules: BounceRules = defaultRules(), context?: { enhanced?: string | null; command?: string | null }): Reason | null {
  const t = normaliseText(text);
  if (!t) return null;
  for (const [reason, patterns] of rules.patternsFirst) if (patterns.some((re) => re.test(t))) return reason;
  for (const reason of rules.order) {
    if (!(rules.patterns.get(reason) ?? []).some((re) => re.test(t))) continue;
    const guard = context ? rules.guards.get(reason) : undefined;
    if (!guard || !context) return reason;
    const command = (context.command ?? '').toUpperCase();
    const status = context.enhanced ?? '';
    const statusSays = guard.status.some((re) => re.test(status));
    if (guard.commands.includes(command) || (status && statusSays)) return reason;
    if (BEFORE_RCPT.has(command)) continue;
    if (command) return guard.otherwise ?? reason;
    // Command unknown: an empty status may be allowed by the guard ('^$').
    return statusSays ? reason : guard.otherwise ?? reason;
  }
  return null;
}

function reasonOnly(input: ReplyInput, rules: BounceRules): Reason {
  const enhanced = input.enhanced ?? '';
  const code = input.code ?? 0;
  if (enhanced.startsWith('2.') || (!enhanced && code >= 200 && code < 300)) return 'delivered';
  const command = (input.command ?? '').toUpperCase();
  const first = rules.statusFirst.get(enhanced);
  if (first) return first;
  const byText = reasonFromText(input.text, rules, { enhanced, command: input.command });
  if (byText) return byText;
  const byStatus = rules.status.get(enhanced);
  if (byStatus) return byStatus;
  // The reply to MAIL FROM concerns the sender (RFC 5321 §3.3); to HELO/EHLO, the client host.
  if (command === 'MAIL') return 'rejected';
  if (command === 'EHLO' || command === 'HELO' || command === 'CONNECT') return 'blocked';
  if (/^[45]\.6\./.test(enhanced)) return 'contenterror';
  if (/^[45]\.7\./.test(enhanced)) return 'securityerror';
  const domain = (input.recipient ?? '').split('@')[1]?.toLowerCase() ?? '';
  for (let d = domain; d; d = d.includes('.') ? d.slice(d.indexOf('.') + 1) : '') {
    const fallback = rules.domainFallback.get(d);
    if (fallback) return fallback;
  }
  const action = (input.action ?? '').toLowerCase();
  if (action === 'delayed' || action === 'expired') return 'expired';
  return normaliseText(input.text) ? 'onhold' : 'undefined';
}

/** Permanent per RFC 3463 §3.1 (class 5) or RFC 5321 §4.2.1 (5yz). */
export function isPermanent(input: Pick<ReplyInput, 'code' | 'enhanced'>): boolean {
  if (input.enhanced) return input.enhanced.startsWith('5.');
  return (input.code ?? 0) >= 500;
}

export function isHard(reason: Reason, input: Pick<ReplyInput, 'code' | 'enhanced'>, rules: BounceRules = defaultRules()): boolean {
  if (rules.hardAlways.has(reason)) return true;
  return rules.hardWhenPermanent.has(reason) && isPermanent(input);
}

export function classifyReply(input: ReplyInput, rules: BounceRules = defaultRules()): Classification {
  const reason = reasonOnly(input, rules);
  return { reason, hard: isHard(reason, input, rules) };
}

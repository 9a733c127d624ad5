// classifyReply: one SMTP reply or DSN diagnostic → { reason, hard }. Used both for synchronous
// replies during delivery and for parsed bounces; all knowledge comes from rules/bounces.toml.
//
// Two passes, as deliverability tools in the sisimai tradition decide:
//   1. probes (passes.probe): each reason holds when the enhanced status names it or when its
//      wording matches, subject to the command the reply answered ([probe.*]): "user unknown"
//      after DATA is the receiver's filter, not a dead address;
//   2. when the status named nothing firm, wording only (passes.text), then what the status
//      class, the reply code, the DSN Action and the command still say.
import { defaultRules, type BounceRules, type Probe } from './rules.ts';
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
  /** Diagnostic-Code type (RFC 3464 §2.3.6): "SMTP", "X-UNIX", … */
  diagnosticType?: string | null | undefined;
  /**
   * Who refused or reported: host names and addresses (Remote-MTA, Reporting-MTA, the report's
   * From:), matched against the `origin` of [[providers]] in rules/bounces.toml.
   */
  origin?: string | null | undefined;
}

export interface Classification {
  reason: Reason;
  hard: boolean;
}

/** Collapse white space so patterns need not care about line folding. */
export function normaliseText(text: string): string {
  return text
    // Continuation lines of a multiline reply (RFC 5321 §4.2.1: "550-5.2.1 …") split sentences.
    .replace(/(^|\s)[2-5]\d\d-(?:[2-5]\.\d{1,3}\.\d{1,3}(?=\s))?/g, '$1')
    .replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The reason a provider's own phrasing gives, when the origin names that provider. */
export function reasonFromProvider(origin: string, text: string, rules: BounceRules = defaultRules()): Reason | null {
  if (!origin) return null;
  const t = normaliseText(text);
  if (!t) return null;
  for (const p of rules.providers) {
    if (!p.origin.test(origin)) continue;
    for (const [reason, patterns] of p.patterns) if (patterns.some((re) => re.test(t))) return reason;
  }
  return null;
}

const NO_PROBE: Probe = {
  statusUnless: [], statusNeedsText: false, textCommands: [], textWhenStatus: [], textNotAfter: [], alsoText: [], replyCodes: [], notWhenStatus: [],
};

function matches(rules: BounceRules, reason: Reason, t: string): boolean {
  return t !== '' && (rules.patterns.get(reason) ?? []).some((re) => re.test(t));
}

/** The first reason whose wording matches, in the rules' order (no status or command logic). */
export function reasonFromText(text: string, rules: BounceRules = defaultRules()): Reason | null {
  const t = normaliseText(text);
  if (!t) return null;
  for (const [reason, patterns] of rules.patternsFirst) if (patterns.some((re) => re.test(t))) return reason;
  for (const reason of [...rules.probeOrder, ...rules.textOrder]) if (matches(rules, reason, t)) return reason;
  return null;
}

interface Facts { t: string; statusName: string; command: string; code: number }

function probe(rules: BounceRules, reason: Reason, f: Facts): boolean {
  const p = rules.probes.get(reason) ?? NO_PROBE;
  const textSays = () => matches(rules, reason, f.t) || p.alsoText.some((r) => matches(rules, r, f.t));
  if (p.replyCodes.includes(f.code)) return true;
  if (f.statusName === reason) {
    if (p.statusUnless.some((r) => matches(rules, r, f.t))) return false;
    return p.statusNeedsText ? textSays() : true;
  }
  if (p.notWhenStatus.includes(f.statusName)) return false;
  if (f.command && p.textNotAfter.includes(f.command)) return false;
  if (p.textCommands.length > 0 && !p.textCommands.includes(f.command) && !p.textWhenStatus.includes(f.statusName)) return false;
  return textSays();
}

function reasonOnly(input: ReplyInput, rules: BounceRules): Reason {
  const enhanced = input.enhanced ?? '';
  const code = input.code ?? 0;
  if (enhanced.startsWith('2.') || (!enhanced && code >= 200 && code < 300)) return 'delivered';
  const provider = reasonFromProvider(input.origin ?? '', input.text, rules);
  if (provider) return provider;
  const first = rules.statusFirst.get(enhanced);
  if (first) return first;
  const t = normaliseText(input.text);
  for (const [reason, patterns] of rules.patternsFirst) if (t && patterns.some((re) => re.test(t))) return reason;

  const command = (input.command ?? '').toUpperCase();
  const statusName = rules.status.get(enhanced) ?? '';
  // Only a mailer's own diagnostic (X-Unix, X-Postfix: a local program's exit) is not an SMTP reply.
  const type = (input.diagnosticType ?? '').toUpperCase();
  const smtpLike = !/^X-(?:UNIX|POSTFIX)/.test(type);
  const facts: Facts = { t, statusName, command, code };
  const action = (input.action ?? '').toLowerCase();

  if (smtpLike) {
    for (const reason of rules.probeOrder) if (probe(rules, reason, facts)) return reason;
  }
  if (statusName && !rules.retry.has(statusName as Reason) && smtpLike) return statusName as Reason;
  for (const reason of rules.textOrder) if (matches(rules, reason, t)) return reason;
  if (statusName) return statusName as Reason;
  if (/^[45]\.6\./.test(enhanced)) return 'contenterror';
  if (/^[45]\.7\./.test(enhanced)) return 'securityerror';
  if (type.startsWith('X-UNIX')) return 'mailererror';
  if ((code > 400 && code < 408) || (code > 500 && code < 508)) return 'syntaxerror';
  if (action === 'delayed' || action === 'expired') return 'expired';
  // The reply to HELO/EHLO or the greeting concerns the client host; to MAIL FROM, the sender.
  if (command === 'EHLO' || command === 'HELO' || command === 'CONNECT') return 'blocked';
  if (command === 'MAIL') return 'rejected';
  const domain = (input.recipient ?? '').split('@')[1]?.toLowerCase() ?? '';
  for (let d = domain; d; d = d.includes('.') ? d.slice(d.indexOf('.') + 1) : '') {
    const fallback = rules.domainFallback.get(d);
    if (fallback) return fallback;
  }
  if (matches(rules, 'vacation', t)) return 'vacation';
  return t ? 'onhold' : 'undefined';
}

/** Permanent per RFC 3463 §3.1 (class 5) or RFC 5321 §4.2.1 (5yz). */
export function isPermanent(input: Pick<ReplyInput, 'code' | 'enhanced'>): boolean {
  if (input.enhanced) return input.enhanced.startsWith('5.');
  return (input.code ?? 0) >= 500;
}

export function isHard(reason: Reason, input: Pick<ReplyInput, 'code' | 'enhanced'>, rules: BounceRules = defaultRules()): boolean {
  if (rules.hardAlways.has(reason)) return true;
  return rules.hardWhenPermanent.has(reason) && (isPermanent(input) || (!input.enhanced && !input.code));
}

export function classifyReply(input: ReplyInput, rules: BounceRules = defaultRules()): Classification {
  const reason = reasonOnly(input, rules);
  return { reason, hard: isHard(reason, input, rules) };
}

// parseBounce: raw message → BounceReport. Tries, in order, the structured forms (ARF, SES
// JSON, RFC 3464 DSN), then prose NDRs, then complaints by mailto: and RFC 3834 auto-replies.
// Never throws on content: anything unreadable is simply "not a bounce".
import { classifyReply, reasonFromText, isHard, defaultRules, type BounceRules } from '../../core/bounces/index.ts';
import { header, parseHeaderBlock, parseMime, textOf, walk, walkOuter, type MimePart } from './mime.ts';
import { readArf, readMailtoUnsubscribe } from './arf.ts';
import { readSes } from './ses.ts';
import { dsnRecipients, looksLikeDsn, preferStatus, readDsnFields } from './dsn.ts';
import { humanText, looksLikeBounce, ndrRecipients } from './ndr.ts';
import { isAutoReply } from './autoreply.ts';
import { firstAddress, findCommand, findEnhanced, findReplyCode } from './fields.ts';
import type { BounceKind, BounceRecipient, BounceReport, OriginalMessage, RawRecipient } from './types.ts';

export interface ParseOptions {
  rules?: BounceRules;
  /** Bytes read from the message; the rest (the returned original's body) is ignored. */
  maxBytes?: number;
  /** Nesting level when reading a report wrapped in another (internal). */
  depth?: number;
}

/** 8 MB holds any report and the headers of the original; the tail is never needed. */
export const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;

function findOriginal(root: MimePart): MimePart | null {
  for (const p of walk(root)) {
    if (p === root) continue;
    if ((p.type === 'message/rfc822' || p.type === 'text/rfc822-headers' || p.type === 'message/rfc822-headers' || p.type === 'message/global') && p.parts[0]) {
      return p.parts[0];
    }
  }
  return null;
}

function describeOriginal(part: MimePart | null, tail: string): OriginalMessage | null {
  let headers = part?.headers ?? [];
  if (headers.length === 0 && tail) {
    // Prose NDRs quote the original's headers inline after a marker line.
    const start = tail.search(/^[A-Za-z][A-Za-z0-9-]*:\s/m);
    if (start >= 0) headers = parseHeaderBlock(tail.slice(start).split(/\r?\n\s*\r?\n/)[0] ?? '');
  }
  if (headers.length === 0) return null;
  const get = (n: string) => headers.find((h) => h.name === n)?.value ?? null;
  const mid = get('message-id');
  return {
    messageId: mid ? (/<[^>]+>/.exec(mid)?.[0] ?? mid.trim()) : null,
    from: firstAddress(get('from')),
    to: firstAddress(get('to')),
    subject: get('subject'),
    headers: headers.map((h) => ({ name: h.name, value: h.value })),
  };
}

function envelopeOf(root: MimePart): string | null {
  for (const n of ['x-original-to', 'delivered-to', 'envelope-to', 'x-envelope-to', 'to']) {
    const a = firstAddress(header(root, n));
    if (a) return a;
  }
  return null;
}

/** Text about `address` in the human notice, to complete an empty or vague Diagnostic-Code. */
function noticeAbout(text: string, address: string): string {
  const i = text.toLowerCase().indexOf(address);
  if (i < 0) return '';
  let after = text.slice(i + address.length, i + address.length + 600).split(/\n\s*\n\s*\n/)[0] ?? '';
  // The delivery-status fields (RFC 3464 §2.3) already were read, and may be another recipient's.
  const fields = /\n\s*(?:original-recipient|final-recipient|action|status|remote-mta|diagnostic-code|last-attempt-date)\s*:/i.exec(after);
  if (fields) after = after.slice(0, fields.index);
  // Stop at the next line that names another recipient: its text is not about this one.
  for (const m of after.matchAll(/\n\s*[<["(]?([^\s@<>[\]"()]+@[^\s@<>[\]"():]+)[>\]")]?\s*:/g)) {
    if (m[1]!.toLowerCase() !== address) return after.slice(0, m.index);
  }
  return after;
}

function readDsn(root: MimePart, notice: string): RawRecipient[] {
  const out: RawRecipient[] = [];
  for (const p of walkOuter(root)) {
    const typed = p.type === 'message/delivery-status' || p.type === 'message/global-delivery-status' || p.type === 'text/delivery-status';
    if (p.parts.length > 0) continue;
    // A multipart whose boundary never shows is kept as one text body (see parseMime).
    const text = typed || p.type === 'text/plain' || p.type.startsWith('multipart/') ? textOf(p) : '';
    if (!text || (!typed && !looksLikeDsn(text))) continue;
    out.push(...dsnRecipients(readDsnFields(text)));
  }
  for (const r of out) {
    r.command ??= findCommand(noticeAbout(notice, r.recipient));
    if (!r.diagnostic || !reasonFromText(r.diagnostic)) {
      const extra = noticeAbout(notice, r.recipient);
      if (extra) {
        r.diagnostic = (r.diagnostic + ' ' + extra).trim();
        r.replycode ??= findReplyCode(extra);
        r.status = preferStatus(r.status, findEnhanced(extra), r.replycode);
      }
    }
  }
  return out;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Sendmail-style replies name the address they answer: "550 <a@b>... User unknown" is RCPT's. */
function commandOf(raw: RawRecipient): string | null {
  if (raw.command) return raw.command;
  if (raw.status) return null;
  if (new RegExp(`<?${escapeRe(raw.recipient)}>?\\.\\.\\.\\s`, 'i').test(raw.diagnostic)) return 'RCPT';
  return null;
}

function finish(raw: RawRecipient, rules: BounceRules, reporter: string): BounceRecipient {
  const input = {
    code: raw.replycode, enhanced: raw.status, text: raw.diagnostic, action: raw.action, command: commandOf(raw), recipient: raw.recipient, diagnosticType: raw.diagnosticType ?? null,
    origin: [raw.origin, reporter].filter(Boolean).join(' '),
  };
  const reason = raw.reason ?? classifyReply(input, rules).reason;
  let status = raw.status;
  const detail = rules.pseudoStatus.get(reason);
  if (!status && detail) {
    const transient = (raw.replycode !== null && raw.replycode < 500) || raw.action === 'delayed'
      || (raw.replycode === null && /\btemporary (?:failure|error)\b|warning message only/i.test(raw.diagnostic));
    status = `${transient ? 4 : 5}.0.${detail}`;
  }
  return {
    recipient: raw.recipient,
    reason,
    status,
    replycode: raw.replycode,
    hardbounce: isHard(reason, input, rules),
    feedbacktype: raw.feedbacktype ?? null,
    diagnostic: raw.diagnostic,
    action: raw.action,
  };
}

/** The raw text of an attached message that is itself a delivery report, if any. */
function wrappedReport(root: MimePart): string | null {
  for (const p of walk(root)) {
    const inner = p.type === 'message/rfc822' ? p.parts[0] : undefined;
    if (!inner) continue;
    const from = header(inner, 'from') ?? '';
    if (inner.type === 'multipart/report' || /mailer-daemon|postmaster/i.test(from)) return p.raw;
  }
  return null;
}

export function parseBounce(data: Buffer | string, options: ParseOptions = {}): BounceReport {
  const rules = options.rules ?? defaultRules();
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const root = parseMime(buf.subarray(0, max).toString('latin1'));
  const original = findOriginal(root);
  const { text, tail } = humanText(root);
  // Who sent the report: the reporting service, for the provider reply tables.
  const reporter = (header(root, 'from') ?? '').toLowerCase();
  const report = (kind: BounceKind, list: RawRecipient[]): BounceReport => {
    const seen = new Set<string>();
    const unique = list.filter((r) => !seen.has(r.recipient) && seen.add(r.recipient));
    return { kind, recipients: unique.map((r) => finish(r, rules, reporter)), original: describeOriginal(original, tail), envelopeTo: envelopeOf(root) };
  };

  const arf = readArf(root);
  if (arf?.length) return report('arf', arf);
  const ses = readSes(text);
  if (ses?.length) return report('ses', ses);
  const dsn = readDsn(root, text);
  if (dsn.length) return report('dsn', dsn);
  if (looksLikeBounce(root, text)) {
    const quotedTo = describeOriginal(original, tail)?.to ?? null;
    const ndr = ndrRecipients(root, original, quotedTo);
    // A notice that names nobody but wraps another report (a bounce forwarded or re-bounced):
    // the wrapped report says who failed.
    const vague = ndr.every((r) => r.recipient === quotedTo || (original !== null && r.recipient === firstAddress(header(original, 'to'))));
    const nested = vague && (options.depth ?? 0) < 2 ? wrappedReport(root) : null;
    if (nested) {
      const inner = parseBounce(nested, { ...options, rules, depth: (options.depth ?? 0) + 1 });
      if (inner.recipients.length && inner.kind !== 'autoreply') return inner;
    }
    if (ndr.length) return report('ndr', ndr);
  }
  const unsubscribe = readMailtoUnsubscribe(root);
  if (unsubscribe) return report('arf', unsubscribe);
  if (isAutoReply(root)) {
    const from = firstAddress(header(root, 'reply-to')) ?? firstAddress(header(root, 'from'));
    if (from) {
      return report('autoreply', [{ recipient: from, status: null, replycode: null, diagnostic: header(root, 'subject') ?? '', action: null, command: null, reason: 'vacation' }]);
    }
  }
  return { kind: 'none', recipients: [], original: describeOriginal(original, tail), envelopeTo: envelopeOf(root) };
}

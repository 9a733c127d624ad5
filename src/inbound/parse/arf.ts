// Complaint reports: ARF (RFC 5965) feedback loops, and one-click mailto: unsubscribes sent
// by mail clients (RFC 2369 List-Unsubscribe), which count as the "opt-out" feedback type.
import { header, parseHeaderBlock, walk, type MimePart } from './mime.ts';
import { firstAddress } from './fields.ts';
import type { RawRecipient } from './types.ts';

/** Placeholder when a report names no recipient (sisimai's convention, kept for comparability). */
export const UNDISCLOSED = 'undisclosed-recipient-in-headers@libsisimai.org.invalid';

function embeddedHeaders(root: MimePart): MimePart | null {
  for (const p of walk(root)) {
    if ((p.type === 'message/rfc822' || p.type === 'text/rfc822-headers' || p.type === 'message/rfc822-headers') && p.parts[0]) return p.parts[0];
  }
  return null;
}

/** Per RFC 5965 §3: the message/feedback-report part, then the reported message. */
export function readArf(root: MimePart): RawRecipient[] | null {
  let report: MimePart | undefined;
  for (const p of walk(root)) if (p.type === 'message/feedback-report') { report = p; break; }
  if (!report) {
    // Some reporters send the report as text/plain under report-type=feedback-report.
    const rt = (root.params['report-type'] ?? '').toLowerCase();
    if (rt !== 'feedback-report') return readBareComplaint(root);
    report = [...walk(root)].find((p) => /^feedback-type\s*:/im.test(p.raw));
    if (!report) return null;
  }
  const fields = parseHeaderBlock(report.raw, false);
  const get = (n: string) => fields.find((f) => f.name === n)?.value;
  const feedbacktype = (get('feedback-type') ?? 'other').trim().toLowerCase();
  const original = embeddedHeaders(root);
  const rcpts = fields.filter((f) => f.name === 'original-rcpt-to' || f.name === 'removal-recipient').map((f) => firstAddress(f.value)).filter((a): a is string => !!a);
  if (rcpts.length === 0) {
    const to = original ? firstAddress(header(original, 'to')) : null;
    rcpts.push(to ?? UNDISCLOSED);
  }
  return [...new Set(rcpts)].map((recipient) => ({
    recipient, status: null, replycode: null, diagnostic: '', action: null, command: null, feedbacktype, reason: 'feedback',
  }));
}

/**
 * A complaint forwarded without a feedback-report part: Microsoft's JMRP (Hotmail, Outlook.com)
 * sends "complaint about message from <ip>" with the complained-of message attached, its
 * original recipient in X-HmXmrOriginalRecipient. Counted as an "abuse" report.
 */
function readBareComplaint(root: MimePart): RawRecipient[] | null {
  const original = embeddedHeaders(root);
  if (!original) return null;
  const hm = firstAddress(header(original, 'x-hmxmroriginalrecipient'));
  const subjectSays = /^\s*complaint about message from\b/i.test(header(root, 'subject') ?? '');
  if (!hm && !subjectSays) return null;
  const recipient = hm ?? firstAddress(header(original, 'to')) ?? UNDISCLOSED;
  return [{ recipient, status: null, replycode: null, diagnostic: '', action: null, command: null, feedbacktype: 'abuse', reason: 'feedback' }];
}

/** A mail client's automatic "unsubscribe" message to a List-Unsubscribe mailto: address. */
export function readMailtoUnsubscribe(root: MimePart): RawRecipient[] | null {
  const subject = (header(root, 'subject') ?? '').trim();
  const automatic = /true|yes/i.test(header(root, 'x-apple-unsubscribe') ?? '') || /^auto-/i.test(header(root, 'auto-submitted') ?? '');
  if (!automatic || !/^unsubscribe\b/i.test(subject)) return null;
  const from = firstAddress(header(root, 'from'));
  if (!from) return null;
  return [{ recipient: from, status: null, replycode: null, diagnostic: subject, action: null, command: null, feedbacktype: 'opt-out', reason: 'feedback' }];
}

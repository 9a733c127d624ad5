// Amazon SES notifications (Bounce, Complaint, Delivery) delivered as JSON in a mail body,
// directly or wrapped in an SNS envelope whose "Message" holds the JSON as a string.
import type { RawRecipient } from './types.ts';
import { cleanAddress, findReplyCode, findEnhanced } from './fields.ts';
import { splitDiagnostic } from './dsn.ts';

type Json = Record<string, unknown>;

function extractJson(text: string): Json | null {
  const start = text.indexOf('{');
  if (start < 0 || !/"(?:notificationType|eventType|Type)"\s*:/.test(text)) return null;
  const end = text.lastIndexOf('}');
  const candidate = text.slice(start, end + 1);
  for (const attempt of [candidate, candidate.replace(/\r?\n/g, '')]) {
    try {
      return JSON.parse(attempt) as Json;
    } catch {
      // SNS mails wrap lines or append a footer; try the next form
    }
  }
  return null;
}

export function readSes(text: string): RawRecipient[] | null {
  let doc = extractJson(text);
  if (!doc) return null;
  if (typeof doc.Message === 'string') {
    try { doc = JSON.parse(doc.Message) as Json; } catch { return null; }
  }
  const type = String(doc.notificationType ?? doc.eventType ?? '');
  const out: RawRecipient[] = [];
  if (type === 'Bounce') {
    const b = (doc.bounce ?? {}) as Json;
    for (const r of (b.bouncedRecipients ?? []) as Json[]) {
      const diag = splitDiagnostic(String(r.diagnosticCode ?? ''));
      const status = typeof r.status === 'string' ? r.status : findEnhanced(diag.text);
      out.push({
        recipient: cleanAddress(String(r.emailAddress ?? '')), status, replycode: findReplyCode(diag.text),
        diagnostic: diag.text || String(b.bounceSubType ?? ''), action: typeof r.action === 'string' ? r.action : 'failed', command: null,
      });
    }
  } else if (type === 'Complaint') {
    const c = (doc.complaint ?? {}) as Json;
    const feedbacktype = typeof c.complaintFeedbackType === 'string' ? c.complaintFeedbackType : 'abuse';
    for (const r of (c.complainedRecipients ?? []) as Json[]) {
      out.push({ recipient: cleanAddress(String(r.emailAddress ?? '')), status: null, replycode: null, diagnostic: '', action: null, command: null, feedbacktype, reason: 'feedback' });
    }
  } else if (type === 'Delivery') {
    const d = (doc.delivery ?? {}) as Json;
    const response = String(d.smtpResponse ?? '');
    for (const r of (d.recipients ?? []) as unknown[]) {
      out.push({ recipient: cleanAddress(String(r)), status: findEnhanced(response), replycode: findReplyCode(response), diagnostic: response, action: 'delivered', command: null });
    }
  } else {
    return null;
  }
  return out.filter((r) => r.recipient.includes('@'));
}
